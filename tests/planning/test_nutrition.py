"""Protein policy: the per-kg band applies to a reference weight capped at BMI 25."""

from __future__ import annotations

import datetime as dt

import pytest

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.planning.nutrition import protein_g_per_day, protein_reference_weight_kg
from runlean.planning.plan import make_plan


def test_reference_weight_is_actual_weight_up_to_bmi_25() -> None:
    assert protein_reference_weight_kg(70.0, 180.0) == 70.0
    assert protein_reference_weight_kg(200.0, 180.0) == pytest.approx(25 * 1.8 ** 2)


def test_protein_in_obesity_is_dosed_on_reference_weight() -> None:
    # 200 kg, 180 cm: the middle of 1.8-2.2 g/kg on 81 kg is 162 g, not 400 g.
    assert protein_g_per_day(200.0, 100.0, False, 2, 180.0) == pytest.approx(2.0 * 81.0)
    # Normal weight: unchanged.
    assert protein_g_per_day(70.0, 56.0, False, 2, 180.0) == pytest.approx(140.0)


def test_protein_energy_share_stays_reasonable_for_a_heavy_beginner() -> None:
    person = Person(sex="female", age_years=45, height_cm=165, weight_kg=95)
    plan = make_plan(person, Habits(pal=1.4), Goal(kind="fat_loss_kg", target=10),
                     Preferences(experience="none"), dt.date(2025, 3, 3))
    t = plan.targets
    share = 4.0 * t["protein_g_per_day"] / t["intake_kcal_per_day"]
    assert t["protein_g_per_day"] == pytest.approx(2.0 * 25 * 1.65 ** 2)
    assert 0.2 < share < 0.35


def test_unscheduled_cross_training_is_said_not_silently_dropped() -> None:
    prefs = Preferences(running_days_per_week=3, free_weekdays=(0, 2, 4, 5, 6),
                        strength_sessions_per_week=2, cross_training=("cycling",))
    plan = make_plan(Person(sex="female", age_years=40, height_cm=166, weight_kg=78), Habits(),
                     Goal(kind="fat_loss_kg", target=4), prefs, dt.date(2025, 3, 3))
    assert not any(s.kind == "cross" for s in plan.sessions)
    assert any("Cross-training (cycling) is not scheduled" in w for w in plan.warnings)
