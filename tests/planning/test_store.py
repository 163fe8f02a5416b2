"""save_active_plan: the plan becomes the active plan; an existing profile is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.io.plan_files import plan_to_json
from runlean.planning.plan import make_plan
from runlean.planning.store import save_active_plan
from runlean.store.db import open_store
from runlean.store.profile import load_active_plan, load_profile, save_profile


def test_saved_plan_is_active_and_profile_kept(tmp_path: Path) -> None:
    person = Person(sex="female", age_years=41, height_cm=168, weight_kg=74)
    plan = make_plan(person, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=3),
                     Preferences(), dt.date(2025, 3, 3))
    other = Person(sex="female", age_years=41, height_cm=168, weight_kg=80)
    with open_store(tmp_path) as store:
        save_profile(store, other, Habits(pal=1.6))
    assert save_active_plan(plan, tmp_path) == tmp_path
    assert save_active_plan(plan, tmp_path) == tmp_path  # a second save replaces it
    with open_store(tmp_path) as store:
        assert load_active_plan(store) == plan_to_json(plan)
        kept = load_profile(store)
    assert kept is not None and kept[0].weight_kg == 80
