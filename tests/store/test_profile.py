"""Profile and plan round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from runlean.domain import Habits, Person, RegionalFat
from runlean.errors import StoreError
from runlean.store.db import open_store
from runlean.store.models import ProfileRow
from runlean.store.profile import load_active_plan, load_profile, save_plan, save_profile


def test_profile_round_trip_and_replace(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert load_profile(store) is None
        person = Person(sex="female", age_years=35, height_cm=165, weight_kg=80,
                        body_fat_pct=38, resting_hr_bpm=60, max_hr_bpm=182,
                        regional_fat=RegionalFat(legs_kg=12, arms_kg=3, trunk_kg=14),
                        timezone="Europe/Paris")
        habits = Habits(pal=1.5, sleep_hours=6.5, strength_sessions_per_week=2,
                        protein_g_per_kg=1.6)
        save_profile(store, person, habits)
        assert load_profile(store) == (person, habits)
        lighter = person.model_copy(update={"weight_kg": 78.5})
        save_profile(store, lighter, habits)
    with open_store(tmp_path) as store:
        loaded = load_profile(store)
        assert loaded is not None
        assert loaded[0].weight_kg == 78.5
        assert loaded[0].regional_fat == person.regional_fat


def test_only_the_last_plan_is_active(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert load_active_plan(store) is None
        first = {"sessions": [{"uid": "a", "date": "2026-01-05", "type": "easy",
                               "sport": "run", "duration_min": 30}]}
        second = {"sessions": []}
        id1 = save_plan(store, first, goal="lose 4 kg")
        assert load_active_plan(store) == first
        id2 = save_plan(store, second)
        assert id2 != id1
        assert load_active_plan(store) == second


def test_a_stored_profile_that_no_longer_validates_is_a_store_error(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        save_profile(store, Person(sex="male", age_years=40, height_cm=180, weight_kg=90),
                     Habits())
        with store.transaction() as session:  # e.g. written by an older, laxer version
            row = session.query(ProfileRow).one()
            row.person_json = {**row.person_json, "age_years": 7}
        with pytest.raises(StoreError, match=r"age_years.*runlean profile set"):
            load_profile(store)
