"""Weekly check-in: volume advice needs enough activity history (or follows the plan)."""

from __future__ import annotations

import pytest

from runlean.tracking.checkin import (
    DELOAD_FRACTION,
    MIN_HISTORY_DAYS,
    PROGRESS_FRACTION,
    CheckInInputs,
    planned_volume_change,
    weekly_checkin,
)


def _inputs(**kw: object) -> CheckInInputs:
    base: dict[str, object] = {
        "trend_weight_kg": None, "weight_rate_kg_per_week": None,
        "expenditure_kcal_per_day": None, "expenditure_from_data": False, "fat_mass_kg": None,
        "current_intake_target": None, "intake_for_goal_date": None, "intake_floor": None,
        "ctl": 20.0, "tsb": -2.0, "acwr": 1.0}
    base.update(kw)
    return CheckInInputs(**base)  # type: ignore[arg-type]


def test_enough_history_progresses_by_ten_percent() -> None:
    ci = weekly_checkin(_inputs(activity_history_days=MIN_HISTORY_DAYS + 30))
    assert ci.running_volume == "progress"
    assert ci.volume_change_fraction == pytest.approx(PROGRESS_FRACTION)
    assert any("8 weeks of activities" in r and "10 %" in r for r in ci.reasons)


@pytest.mark.parametrize("days", [0, 6, MIN_HISTORY_DAYS - 1])
def test_short_history_without_plan_holds_and_says_why(days: int) -> None:
    ci = weekly_checkin(_inputs(activity_history_days=days))
    assert ci.running_volume == "hold"
    assert ci.volume_change_fraction == 0.0
    assert not any("add up to" in r for r in ci.reasons)
    assert any("4 weeks are needed" in r and "no plan" in r for r in ci.reasons)
    if days:
        assert any(f"only {days} days" in r for r in ci.reasons)


def test_short_history_follows_plan_schedule_capped_at_ten_percent() -> None:
    ci = weekly_checkin(_inputs(activity_history_days=10, planned_volume_change_fraction=0.05))
    assert (ci.running_volume, ci.volume_change_fraction) == ("progress", pytest.approx(0.05))
    assert any("plan's schedule, +5 %" in r for r in ci.reasons)
    ci = weekly_checkin(_inputs(activity_history_days=10, planned_volume_change_fraction=0.30))
    assert ci.volume_change_fraction == pytest.approx(PROGRESS_FRACTION)
    ci = weekly_checkin(_inputs(activity_history_days=10, planned_volume_change_fraction=-0.25))
    assert (ci.running_volume, ci.volume_change_fraction) == ("deload", pytest.approx(-0.25))


def test_short_history_ignores_tsb_but_not_hold_rules() -> None:
    # a CTL built from two weeks makes any TSB "very negative": no deload from it
    ci = weekly_checkin(_inputs(activity_history_days=12, ctl=5.0, tsb=-10.0,
                                planned_volume_change_fraction=0.1))
    assert ci.running_volume == "progress"
    ci = weekly_checkin(_inputs(activity_history_days=60, ctl=5.0, tsb=-10.0))
    assert (ci.running_volume, ci.volume_change_fraction) == ("deload",
                                                              pytest.approx(-DELOAD_FRACTION))
    ci = weekly_checkin(_inputs(activity_history_days=12, single_run_exceeded=True,
                                planned_volume_change_fraction=0.1))
    assert (ci.running_volume, ci.volume_change_fraction) == ("hold", 0.0)


def test_planned_volume_change_from_sessions() -> None:
    sessions = [
        {"week": 1, "sport": "running", "running_min": 20.0},
        {"week": 1, "sport": "strength", "running_min": 0.0, "duration_min": 45.0},
        {"week": 1, "sport": "running", "duration_min": 30.0},  # no running_min: duration
        {"week": 2, "sport": "running", "running_min": 55.0},
    ]
    assert planned_volume_change(sessions, 1) == pytest.approx(55.0 / 50.0 - 1.0)
    assert planned_volume_change(sessions, 2) is None  # nothing planned in week 3


# --- the check-in's rules at their thresholds (literal values from the sources) ------------

ENOUGH = MIN_HISTORY_DAYS + 30


@pytest.mark.parametrize(("acwr", "deload"), [(1.5, False), (1.51, True)])
def test_acwr_above_1_5_deloads(acwr: float, deload: bool) -> None:
    # Gabbett 2016: the "danger zone" starts above 1.5 (information, not a validated limit).
    ci = weekly_checkin(_inputs(activity_history_days=ENOUGH, acwr=acwr))
    assert (ci.running_volume == "deload") is deload
    if deload:
        assert ci.volume_change_fraction == pytest.approx(-0.40)  # 60 % of the volume kept


@pytest.mark.parametrize(("tsb", "deload"), [(-30.0, False), (-30.1, True)])
def test_form_below_minus_30_percent_of_fitness_deloads(tsb: float, deload: bool) -> None:
    ci = weekly_checkin(_inputs(activity_history_days=ENOUGH, ctl=100.0, tsb=tsb))
    assert (ci.running_volume == "deload") is deload


@pytest.mark.parametrize(("done", "hold"), [(0.75, False), (0.74, True)])
def test_fewer_than_three_quarters_of_sessions_done_holds(done: float, hold: bool) -> None:
    ci = weekly_checkin(_inputs(activity_history_days=ENOUGH, adherence_fraction=done))
    assert (ci.running_volume == "hold") is hold


def test_every_fourth_week_is_a_deload() -> None:
    for week, deload in ((3, False), (4, True), (5, False), (8, True)):
        ci = weekly_checkin(_inputs(activity_history_days=ENOUGH, week_of_plan=week))
        assert (ci.running_volume == "deload") is deload


def test_losing_too_fast_aims_at_0_75_percent_a_week() -> None:
    # 80 kg losing 1.2 kg a week (1.5 %) against a 1 % limit: intake for 0.75 %/week.
    ci = weekly_checkin(_inputs(trend_weight_kg=80.0, weight_rate_kg_per_week=-1.2,
                                expenditure_kcal_per_day=2500.0, expenditure_from_data=True,
                                fat_mass_kg=None, current_intake_target=1800.0,
                                max_loss_pct_per_week=1.0))
    assert ci.intake_target_kcal_per_day == pytest.approx(2500.0 - 7700.0 * 0.0075 * 80 / 7)
    assert any("1.0 %/week limit" in r and "0.75 %/week" in r for r in ci.reasons)
