"""The training calendar: a coach's week, the graded run-walk programme, progression rules.

Property tests over random preferences check the rules on every calendar; example tests
check the programme lengths of the sources (Buist 2008: 9-13 weeks to 30 min of running).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runlean.domain import Preferences
from runlean.planning.training import (
    Calendar,
    SessionSpec,
    TrainingInputs,
    build_calendar,
    run_walk_minutes,
    run_walk_stages,
    seed_volume,
)

START = dt.date(2025, 3, 3)  # a Monday
HARD = ("long", "hiit", "strength")

prefs_st = st.builds(
    Preferences,
    running_days_per_week=st.integers(1, 7),
    longest_session_min=st.floats(15, 180),
    free_weekdays=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
    experience=st.sampled_from(["none", "beginner", "intermediate", "advanced"]),
    longest_recent_run_min=st.one_of(st.none(), st.floats(0, 120)),
    weekly_running_min=st.one_of(st.none(), st.floats(0, 400)),
    strength_sessions_per_week=st.integers(0, 3),
    cross_training=st.sampled_from([(), ("cycling",), ("swimming", "rowing")]),
)


def _calendar(prefs: Preferences, weeks: int, **kw: bool) -> Calendar:
    weekly, longest = seed_volume(prefs)
    return build_calendar(TrainingInputs(prefs, weekly, longest, **kw), START,
                          START + dt.timedelta(days=7 * weeks - 1))


def _max_consecutive(days: set[dt.date]) -> int:
    best = run = 0
    prev: dt.date | None = None
    for d in sorted(days):
        run = run + 1 if prev is not None and (d - prev).days == 1 else 1
        best = max(best, run)
        prev = d
    return best


@settings(max_examples=80, deadline=None)
@given(prefs=prefs_st, weeks=st.integers(1, 30), walk_first=st.booleans(),
       slow=st.booleans(), intervals=st.booleans())
def test_calendar_rules(prefs: Preferences, weeks: int, walk_first: bool, slow: bool,
                        intervals: bool) -> None:
    cal = _calendar(prefs, weeks, walk_first=walk_first, slow_progression=slow,
                    intervals_allowed=intervals)
    _seed_weekly, seed_longest = seed_volume(prefs)
    by_week: dict[int, list[SessionSpec]] = {}
    for s in cal.sessions:
        by_week.setdefault(s.week, []).append(s)
        assert s.date.weekday() in prefs.free_weekdays
        assert s.duration_min <= prefs.longest_session_min + 1e-9
        assert s.duration_min == math.floor(s.duration_min)  # whole minutes
        assert s.running_min <= s.duration_min + 1e-9
        if s.kind == "strength":
            assert s.duration_min % 5 == 0 and 20 <= s.duration_min <= 45
    for w, week in by_week.items():
        days = {s.date for s in week}
        full = w <= weeks
        # At least one full rest day a week.
        if full:
            assert len(days) <= 6
        # Never more than two hard days in a row.
        hard = {s.date for s in cal.sessions if s.kind in HARD}
        assert _max_consecutive(hard) <= 2
        # Time per day fits the longest session.
        for d in days:
            assert sum(s.duration_min for s in week if s.date == d) \
                <= prefs.longest_session_min + 1e-9
        # At most 2 interval sessions a week, never on consecutive days.
        hiit = sorted(s.date for s in week if s.kind == "hiit")
        assert len(hiit) <= 2
        assert all((b - a).days > 1 for a, b in itertools.pairwise(hiit))
        if hiit:
            assert intervals
        n_run = sum(1 for s in week if s.sport in ("running", "walking"))
        if prefs.experience in ("none", "beginner"):
            assert n_run <= 4
    # No intervals before the person can run 20 minutes continuously.
    hiit_all = sorted(s.date for s in cal.sessions if s.kind == "hiit")
    if hiit_all:
        able = seed_longest >= 20 or any(
            s.kind in ("easy", "long") and s.running_min >= 20 and s.date < hiit_all[0]
            for s in cal.sessions)
        assert able
    # The run-walk ratio never goes backwards.
    ratios = [s.run_interval_min / (s.run_interval_min + s.walk_interval_min)
              for s in cal.sessions if s.kind == "run_walk"
              and s.run_interval_min and s.walk_interval_min]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(ratios))


@settings(max_examples=60, deadline=None)
@given(prefs=prefs_st.filter(lambda p: p.experience in ("intermediate", "advanced")),
       weeks=st.integers(2, 30))
def test_runners_with_a_base_progress_by_10_percent_and_110_percent(
        prefs: Preferences, weeks: int) -> None:
    cal = _calendar(prefs, weeks)
    seed_weekly, seed_longest = seed_volume(prefs)
    if seed_longest < 20:
        return  # the graded programme applies instead
    runs = sorted((s for s in cal.sessions if s.sport == "running"), key=lambda s: s.date)
    history = [(START - dt.timedelta(days=1), seed_longest)]
    for s in runs:
        prior = [m for d, m in history if s.date - dt.timedelta(days=30) <= d < s.date]
        assert s.running_min <= 1.10 * max(prior) + 1e-6  # Frandsen 2025
        history.append((s.date, s.running_min))
    weekly = cal.weekly_running_min()
    last_build = weekly[0]
    for w in range(2, weeks + 1):
        v = weekly[w - 1]
        if w % 4 == 0:  # deload: 60 % of the week before, unless the cycle would average
            cycle = sum(weekly[w - 4:w])  # below the pre-plan volume
            assert v <= 0.60 * weekly[w - 2] + 1e-6 or cycle <= 4 * seed_weekly + 1e-6
        else:
            assert v <= 1.10 * last_build + 1e-6
            last_build = v
    # Every run week has a long run, longer than its other runs.
    for w in range(1, weeks + 1):
        week = [s for s in runs if s.week == w]
        if week:
            longs = [s for s in week if s.kind == "long"]
            assert len(longs) == 1
            assert all(o.running_min < longs[0].running_min for o in week if o is not longs[0])


def test_graded_programme_reaches_30_min_continuous_in_10_weeks() -> None:
    prefs = Preferences(experience="none", running_days_per_week=3, longest_session_min=60,
                        strength_sessions_per_week=0)
    cal = _calendar(prefs, 16)
    assert cal.first_continuous_30_week == 10
    first = [s for s in cal.sessions if s.week == 1]
    assert all(s.kind == "run_walk" and s.run_interval_min == 1.0 for s in first)


def test_slower_programme_for_bmi_35_or_age_60_takes_13_weeks() -> None:
    prefs = Preferences(experience="none", strength_sessions_per_week=0)
    assert _calendar(prefs, 16, slow_progression=True).first_continuous_30_week == 13
    walk = _calendar(prefs, 16, slow_progression=True, walk_first=True)
    assert walk.first_continuous_30_week == 13
    assert {s.kind for s in walk.sessions if s.week <= 3} == {"walk"}


def test_deload_keeps_the_run_walk_ratio_and_shortens_sessions() -> None:
    prefs = Preferences(experience="none", strength_sessions_per_week=0)
    cal = _calendar(prefs, 5)
    w3 = next(s for s in cal.sessions if s.week == 3)
    w4 = next(s for s in cal.sessions if s.week == 4)
    assert w4.deload and (w4.run_interval_min, w4.walk_interval_min) == (
        w3.run_interval_min, w3.walk_interval_min)
    assert w4.duration_min == math.floor(0.6 * w3.duration_min)


def test_run_walk_stages_never_go_backwards_and_end_continuous() -> None:
    for n in range(2, 14):
        stages = run_walk_stages(n)
        assert stages[-1] == (30.0, 0.0)
        ratios = [r / (r + w) for r, w in stages]
        assert all(b > a for a, b in itertools.pairwise(ratios))
    assert run_walk_minutes(30.0, 1.0, 2.0) == 10.0
    assert run_walk_minutes(30.0, 15.0, 1.0) == 29.0


def test_current_volume_is_where_week_one_starts() -> None:
    # A beginner running 98 min a week is not cut back (the old plan gave 66).
    prefs = Preferences(experience="beginner", weekly_running_min=98, running_days_per_week=3,
                        strength_sessions_per_week=0)
    cal = _calendar(prefs, 4)
    assert cal.weekly_running_min()[0] >= 98 - 1


def test_intervals_allowed_with_two_run_days_once_running_20_minutes() -> None:
    prefs = Preferences(experience="intermediate", running_days_per_week=2,
                        weekly_running_min=80, longest_recent_run_min=40,
                        strength_sessions_per_week=0)
    cal = _calendar(prefs, 3)
    assert any(s.kind == "hiit" for s in cal.sessions)
    assert not any(s.kind == "hiit" for s in _calendar(prefs, 3, intervals_allowed=False)
                   .sessions)


def test_seven_run_days_for_a_beginner_warn_and_are_capped() -> None:
    prefs = Preferences(experience="beginner", running_days_per_week=7)
    cal = _calendar(prefs, 2)
    assert any("7 run days a week is a lot" in w for w in cal.warnings)
    assert len({s.date for s in cal.sessions if s.week == 1 and s.sport == "running"}) == 4


def test_run_days_that_do_not_fit_are_a_warning() -> None:
    prefs = Preferences(experience="intermediate", running_days_per_week=5,
                        free_weekdays=(1, 3, 5))
    cal = _calendar(prefs, 2)
    assert any("2 of the 5 requested run days could not be scheduled" in w
               for w in cal.warnings)


def test_every_day_free_still_leaves_a_rest_day() -> None:
    prefs = Preferences(experience="advanced", running_days_per_week=7,
                        weekly_running_min=300, longest_recent_run_min=70)
    cal = _calendar(prefs, 1)
    assert len({s.date for s in cal.sessions}) == 6
    assert any("one day a week is kept free" in w for w in cal.warnings)


def test_strength_progresses_from_learning_to_heavier_sets() -> None:
    prefs = Preferences(experience="intermediate", strength_sessions_per_week=2,
                        weekly_running_min=150, longest_recent_run_min=50)
    cal = _calendar(prefs, 8)
    levels = {s.week: s.strength_level for s in cal.sessions if s.kind == "strength"}
    assert levels[1] == 1 and levels[3] == 2 and levels[7] == 3


def _base_runner(**kw: object) -> Calendar:
    prefs = Preferences(**{"experience": "advanced", "running_days_per_week": 6,
                           "weekly_running_min": 300.0, "longest_recent_run_min": 60.0,
                           "longest_session_min": 120.0, "strength_sessions_per_week": 0,
                           **kw})
    return _calendar(prefs, 8)


def test_weekly_volume_grows_by_exactly_ten_percent_then_deloads_to_sixty() -> None:
    weekly = _base_runner().weekly_running_min()
    assert weekly[0] == pytest.approx(300, abs=2)            # the current volume
    assert weekly[1] == pytest.approx(1.10 * weekly[0], abs=3)   # +10 % (Buist 2008)
    assert weekly[2] == pytest.approx(1.10 * weekly[1], abs=3)
    assert weekly[3] == pytest.approx(0.60 * weekly[2], abs=3)   # deload week 4 (Bosquet)
    assert weekly[4] == pytest.approx(weekly[2], abs=3)           # resume before the deload
    assert weekly[7] < 0.7 * weekly[6]                        # week 8 is the next deload


def test_the_long_run_is_capped_at_110_percent_of_the_longest_recent_run() -> None:
    cal = _base_runner(longest_recent_run_min=50.0)
    long1 = next(s for s in cal.sessions if s.kind == "long" and s.week == 1)
    assert long1.running_min == 55.0  # 110 % of 50 min (Frandsen 2025)


def test_two_interval_sessions_a_week_at_most() -> None:
    cal = _base_runner(running_days_per_week=6)
    per_week = [sum(1 for s in cal.sessions if s.kind == "hiit" and s.week == w)
                for w in (1, 2, 3)]
    assert per_week == [2, 2, 2]


def test_twenty_minutes_continuous_makes_a_runner_with_a_base() -> None:
    """From 20 min of continuous running: continuous runs (and intervals once runs reach the
    25-min interval session); below it: the run-walk programme."""
    for longest, base in ((20.0, True), (19.0, False)):
        prefs = Preferences(experience="beginner", running_days_per_week=2,
                            weekly_running_min=50.0, longest_recent_run_min=longest,
                            strength_sessions_per_week=0)
        cal = _calendar(prefs, 12)
        week1 = {s.kind for s in cal.sessions if s.week == 1}
        assert ("run_walk" not in week1) is base
        if base:
            assert any(s.kind == "hiit" for s in cal.sessions)


def test_six_free_days_are_all_usable() -> None:
    prefs = Preferences(experience="advanced", running_days_per_week=6,
                        free_weekdays=(0, 1, 2, 3, 5, 6), weekly_running_min=300,
                        longest_recent_run_min=60, strength_sessions_per_week=0)
    cal = _calendar(prefs, 1)
    assert len({s.date for s in cal.sessions}) == 6  # Thursday is the rest day already


def test_walking_weeks_are_three() -> None:
    prefs = Preferences(experience="none", strength_sessions_per_week=0)
    cal = _calendar(prefs, 5, walk_first=True, slow_progression=True)
    kinds = {w: {s.kind for s in cal.sessions if s.week == w} for w in (3, 4)}
    assert kinds[3] == {"walk"} and "walk" not in kinds[4]
