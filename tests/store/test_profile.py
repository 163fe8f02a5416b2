"""Profile and plan round trips."""

from __future__ import annotations

from pathlib import Path

from runlean.domain import Habits, Person, RegionalFat
from runlean.store.db import open_store
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
