"""Projected training load: session-RPE loads through the Banister fitness-fatigue model."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.planning.load import projected_training_load
from runlean.planning.plan import make_plan

START = dt.date(2025, 3, 3)


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    person = Person(sex="male", age_years=35, height_cm=178, weight_kg=86)
    prefs = Preferences(running_days_per_week=4, longest_session_min=60,
                        experience="intermediate", weekly_running_min=120)
    return make_plan(person, Habits(pal=1.5), Goal(kind="fat_loss_kg", target=3), prefs, START)


def test_daily_load_and_fitness_fatigue_recomputed_independently(plan) -> None:  # type: ignore[no-untyped-def]
    tl = plan.training_load
    days = (plan.goal_date - plan.start_date).days
    assert len(tl["load"]) == days
    load = [0.0] * days
    for s in plan.sessions:
        load[(s.date - START).days] += (s.intensity.rpe_low + s.intensity.rpe_high) / 2 \
            * s.duration_min
    assert tl["load"] == pytest.approx(load)
    # Start in the steady state of 120 min/week at RPE 3.5, then the daily recursion.
    base = 3.5 * 120 / 7
    fit, fat = base / (1 - math.exp(-1 / 42)), base / (1 - math.exp(-1 / 7))
    for d in range(days):
        fit = fit * math.exp(-1 / 42) + load[d]
        fat = fat * math.exp(-1 / 7) + load[d]
        assert tl["fitness"][d] == pytest.approx(fit)
        assert tl["fatigue"][d] == pytest.approx(fat)
        assert tl["form"][d] == pytest.approx(fit - fat)


def test_no_training_keeps_the_habitual_steady_state_decaying() -> None:
    tl = projected_training_load([], START, 14, 0.0)
    assert tl["fitness"] == [0.0] * 14 and tl["form"] == [0.0] * 14
    tl = projected_training_load([], START, 3, 140.0)
    f0 = 3.5 * 20 / (1 - math.exp(-1 / 42))
    assert tl["fitness"][2] == pytest.approx(f0 * math.exp(-3 / 42))
