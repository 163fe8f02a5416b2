"""Macros by population and by day: protein bands, carbohydrate moved to hard days, floors."""

from __future__ import annotations

import datetime as dt

import pytest

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.planning import policy
from runlean.planning.nutrition import (
    WeekDays,
    macro_targets,
    protein_g_per_day,
    protein_reference_weight_kg,
)
from runlean.planning.plan import make_plan

OVERWEIGHT_F = policy.rules_for("overweight", "female", 40.0)
ATHLETE_M = policy.rules_for("athlete", "male", 12.0)


def test_reference_weight_is_actual_weight_up_to_bmi_25() -> None:
    assert protein_reference_weight_kg(70.0, 180.0) == 70.0
    assert protein_reference_weight_kg(200.0, 180.0) == pytest.approx(25 * 1.8 ** 2)


def test_protein_for_people_with_obesity_is_1_4_g_per_kg_of_reference_weight() -> None:
    # 200 kg, 180 cm: the middle of 1.2-1.6 g/kg on 81 kg (BMI 25) is 113.4 g, not 280-400 g.
    assert protein_g_per_day(OVERWEIGHT_F, 200.0, 180.0, 100.0, 2) == pytest.approx(1.4 * 81.0)


def test_protein_for_athletes() -> None:
    # 1.8-2.2 g/kg → 2.0 g/kg; lean and resistance-trained: 2.3-3.1 g/kg lean mass → 2.7.
    heavy = policy.rules_for("athlete", "male", 20.0)
    assert protein_g_per_day(heavy, 75.0, 180.0, 60.0, 0) == pytest.approx(150.0)
    assert protein_g_per_day(ATHLETE_M, 75.0, 180.0, 66.0, 2) == pytest.approx(2.7 * 66.0)
    assert protein_g_per_day(ATHLETE_M, 75.0, 180.0, 66.0, 1) == pytest.approx(2.0 * 75.0)


def _days(rest: float = 3.0, train: float = 2.0, hard: float = 2.0) -> WeekDays:
    return WeekDays(rest=rest, training=train, hard=hard, training_hours=0.8, hard_hours=1.0)


def test_weekly_average_is_the_intake_and_no_day_is_below_the_floor() -> None:
    t = macro_targets(1700.0, 90.0, 165.0, 95.0, _days(), OVERWEIGHT_F)
    avg = (3 * t["intake_kcal_rest_day"] + 2 * t["intake_kcal_easy_day"]
           + 2 * t["intake_kcal_hard_day"]) / 7
    assert avg == pytest.approx(1700.0)
    assert t["intake_kcal_rest_day"] >= 1200.0
    assert t["intake_kcal_hard_day"] > t["intake_kcal_easy_day"] > t["intake_kcal_rest_day"]
    # At the floor there is nothing to move: every day is at the floor.
    at_floor = macro_targets(1200.0, 90.0, 165.0, 95.0, _days(), OVERWEIGHT_F)
    assert at_floor["intake_kcal_rest_day"] == pytest.approx(1200.0)
    assert at_floor["intake_kcal_hard_day"] == pytest.approx(1200.0)


def test_carbohydrate_never_below_130_g() -> None:
    t = macro_targets(1300.0, 60.0, 165.0, 120.0, _days(), OVERWEIGHT_F)
    for key in ("carbohydrate_g_rest_day", "carbohydrate_g_easy_day",
                "carbohydrate_g_hard_day"):
        assert t[key] >= 130.0 - 1e-9
    assert t["fat_energy_pct"] >= 20.0 - 1e-9


def test_athlete_carbohydrate_band_flag() -> None:
    assert macro_targets(2800.0, 75.0, 180.0, 150.0, _days(),
                         ATHLETE_M)["athlete_carbohydrate_band_applies"] == 1.0
    assert macro_targets(1700.0, 90.0, 165.0, 95.0, _days(),
                         OVERWEIGHT_F)["athlete_carbohydrate_band_applies"] == 0.0


def test_heavy_beginner_protein_share_is_reasonable() -> None:
    person = Person(sex="female", age_years=45, height_cm=165, weight_kg=95)
    plan = make_plan(person, Habits(pal=1.4), Goal(kind="fat_loss_kg", target=10),
                     Preferences(experience="none"), dt.date(2025, 3, 3))
    t = plan.targets
    assert t["protein_g_per_day"] == pytest.approx(1.4 * 25 * 1.65 ** 2)
    assert 0.15 < 4.0 * t["protein_g_per_day"] / t["intake_kcal_per_day"] < 0.35


def test_unscheduled_cross_training_is_said_not_silently_dropped() -> None:
    prefs = Preferences(running_days_per_week=3, free_weekdays=(0, 2, 4),
                        strength_sessions_per_week=2, cross_training=("cycling",))
    plan = make_plan(Person(sex="female", age_years=40, height_cm=166, weight_kg=78), Habits(),
                     Goal(kind="fat_loss_kg", target=4), prefs, dt.date(2025, 3, 3))
    assert not any(s.kind == "cross" for s in plan.sessions)
    assert any("Cross-training (cycling) is not scheduled" in w for w in plan.warnings)


def test_fat_is_a_quarter_of_energy_and_never_below_a_fifth() -> None:
    # ACSM/AND/DC 2016: fat 20-35 % of energy; runlean's default 25 %.
    t = macro_targets(2000.0, 70.0, 170.0, 100.0, _days(), OVERWEIGHT_F)
    assert t["fat_energy_pct"] == pytest.approx(25.0)
    # 150 g of protein in 1300 kcal leaves too little carbohydrate: fat drops to 20 %, no less.
    low = macro_targets(1300.0, 60.0, 165.0, 150.0, _days(), OVERWEIGHT_F)
    assert low["fat_energy_pct"] == pytest.approx(20.0)
