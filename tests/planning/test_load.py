"""Projected training load: planned sessions on the status scale (TRIMP), then CTL/ATL/TSB."""

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


def _trimp(minutes: float, hr: float, rest: float, hrmax: float) -> float:
    """Banister TRIMP (male weighting), written out independently of the science module."""
    x = (hr - rest) / (hrmax - rest)
    return minutes * x * 0.64 * math.exp(1.92 * x)


def _expected_load(s, rest: float, hrmax: float) -> float:  # type: ignore[no-untyped-def]
    """Planned session load on the status scale, recomputed from the plan's own figures."""
    i = s.intensity
    if s.kind == "rest" or s.duration_min <= 0:
        return 0.0
    if i.hr_low_bpm and i.hr_high_bpm:
        hr = (i.hr_low_bpm + i.hr_high_bpm) / 2
        if s.kind == "hiit":
            hard = s.hard_min
            easy_hr = rest + 0.65 * (hrmax - rest)
            return _trimp(hard, hr, rest, hrmax) + _trimp(s.duration_min - hard, easy_hr, rest,
                                                            hrmax)
        return _trimp(s.duration_min, hr, rest, hrmax)
    # Strength: MET from gross/net energy, then MET-minutes on the TRIMP scale, where a
    # minute at the running MET 8.0 equals a minute at 60 % HRR.
    met = s.gross_kcal / (s.gross_kcal - s.net_kcal)
    per_met_min = 0.6 * 0.64 * math.exp(1.92 * 0.6) / (8.0 - 1.0)
    return (met - 1) * s.duration_min * per_met_min


def test_daily_load_and_pmc_recomputed_independently(plan) -> None:  # type: ignore[no-untyped-def]
    tl = plan.training_load
    days = (plan.goal_date - plan.start_date).days
    assert len(tl["load"]) == days
    rest, hrmax = 60.0, 208 - 0.7 * 35  # profile without HR values: defaults, Tanaka HRmax
    load = [0.0] * days
    for s in plan.sessions:
        load[(s.date - START).days] += _expected_load(s, rest, hrmax)
    assert tl["load"] == pytest.approx(load, rel=1e-6)
    # Start in the steady state of 120 min/week of easy running, then the EWMA recursion.
    base = _trimp(120 / 7, rest + 0.65 * (hrmax - rest), rest, hrmax)
    ctl = atl = base
    for d in range(days):
        tsb = ctl - atl
        ctl += (load[d] - ctl) * (1 - math.exp(-1 / 42))
        atl += (load[d] - atl) * (1 - math.exp(-1 / 7))
        assert tl["ctl"][d] == pytest.approx(ctl)
        assert tl["atl"][d] == pytest.approx(atl)
        assert tl["tsb"][d] == pytest.approx(tsb, abs=1e-9)


def test_plan_load_is_on_the_status_scale(plan) -> None:  # type: ignore[no-untyped-def]
    """The same sessions give the same daily load in the plan and in `runlean status`."""
    from runlean.io.plan_files import plan_to_json
    from runlean.tracking.load import daily_load_series

    sessions = plan_to_json(plan)["sessions"]
    series = daily_load_series([], sessions, START, horizon_days=27, person=plan.person)
    assert series.start == START
    n = min(len(series.planned), (plan.goal_date - plan.start_date).days)
    assert n > 50
    assert series.planned[:n] == pytest.approx(plan.training_load["load"][:n], rel=1e-3)


def test_no_training_keeps_the_habitual_steady_state() -> None:
    tl = projected_training_load([], START, 14, 0.0)
    assert tl["ctl"] == [0.0] * 14 and tl["tsb"] == [0.0] * 14
    tl = projected_training_load([], START, 3, 140.0)
    rest, hrmax = 60.0, 208 - 0.7 * 40  # the import's default profile: 40 years
    c0 = _trimp(20, rest + 0.65 * (hrmax - rest), rest, hrmax)
    assert tl["ctl"][2] == pytest.approx(c0 * math.exp(-3 / 42))
    assert tl["atl"][2] == pytest.approx(c0 * math.exp(-3 / 7))
