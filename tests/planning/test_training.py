"""Property tests: every calendar respects the progression, HIIT and availability rules."""

from __future__ import annotations

import datetime as dt
import itertools
import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from runlean.domain import Preferences
from runlean.planning.training import (
    CONTINUOUS_MIN_FOR_HIIT,
    MIN_STRENGTH_MIN,
    NOVICE_RUN_MIN_PER_SESSION,
    build_calendar,
    seed_volume,
)

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


@settings(max_examples=120, deadline=None)
@given(prefs=prefs_st, start=st.dates(dt.date(2024, 1, 1), dt.date(2030, 1, 1)),
       days=st.integers(7, 250))
# Found by hypothesis: 6 x 15-min run days left no room for a 10-min run beside the long
# run, week 2 had no runs and weekly_running_min() had one entry for a 2-week plan.
@example(prefs=Preferences(running_days_per_week=6, longest_session_min=15.0,
                           free_weekdays=(0, 1, 2, 3, 4, 5), experience="beginner",
                           strength_sessions_per_week=0, cross_training=()),
         start=dt.date(2024, 1, 1), days=14)
def test_calendar_rules(prefs: Preferences, start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days - 1)
    cal = build_calendar(prefs, start, end)
    seed_weekly, seed_longest = seed_volume(prefs)
    runs = [s for s in cal.sessions if s.sport == "running"]
    for s in cal.sessions:
        assert start <= s.date <= end
        assert s.date.weekday() in prefs.free_weekdays
        assert s.duration_min <= prefs.longest_session_min + 1e-9
        assert s.running_min <= s.duration_min + 1e-9
    # Single run ≤ 110 % of the longest in the previous 30 days (seed on the day before).
    history = [(start - dt.timedelta(days=1), max(seed_longest, NOVICE_RUN_MIN_PER_SESSION))]
    for s in sorted(runs, key=lambda s: s.date):
        prior = [m for d, m in history if s.date - dt.timedelta(days=30) <= d < s.date]
        assert s.running_min <= 1.10 * max(prior, default=0.0) + 1e-6
        history.append((s.date, s.running_min))
    # Weekly volume: ≤ +10 % over the last build week; deload weeks ≤ 60 % of the week before.
    weekly = cal.weekly_running_min()
    n_full = days // 7
    assert len(weekly) == -(-days // 7)
    assert math.isclose(sum(weekly), sum(s.running_min for s in runs))
    assert weekly[0] <= max(seed_weekly, NOVICE_RUN_MIN_PER_SESSION * len(cal.run_weekdays)) + 1e-6
    last_build = weekly[0]
    for w in range(2, n_full + 1):
        v = weekly[w - 1]
        if w % 4 == 0:
            assert v <= 0.60 * weekly[w - 2] + 1e-6
        else:
            assert v <= 1.10 * last_build + 1e-6
            # No collapse: a build week keeps most of the last build week's volume (minutes
            # are lost only to whole-minute rounding and the 40-min cap of HIIT sessions).
            assert v >= 0.75 * last_build - 1e-6
            last_build = v
    # HIIT: ≤ 2 a week, never on consecutive days, none before a 20-min continuous run.
    hiit = sorted(s.date for s in cal.sessions if s.kind == "hiit")
    for a, b in itertools.pairwise(hiit):
        assert (b - a).days > 1
    for w in range(1, len(weekly) + 1):
        assert sum(1 for s in cal.sessions if s.kind == "hiit" and s.week == w) <= 2
    if hiit:
        first = hiit[0]
        able = seed_longest >= CONTINUOUS_MIN_FOR_HIIT or any(
            s.kind in ("easy", "long") and s.running_min >= 20 and s.date < first for s in runs)
        assert able
    # At most one session per slot per day.
    keys = [(s.date, s.slot) for s in cal.sessions]
    assert len(keys) == len(set(keys))
    # Time per day: all of a day's sessions together fit the longest session.
    per_day: dict[dt.date, float] = {}
    for s in cal.sessions:
        per_day[s.date] = per_day.get(s.date, 0.0) + s.duration_min
    assert max(per_day.values(), default=0.0) <= prefs.longest_session_min + 1e-9
    # A strength session is left out of a full week only when no free day of that week had
    # MIN_STRENGTH_MIN minutes left (the planner then warns).
    for w in range(1, n_full + 1):
        week = [s for s in cal.sessions if s.week == w]
        n_strength = sum(1 for s in week if s.kind == "strength")
        assert n_strength <= prefs.strength_sessions_per_week
        if n_strength < min(prefs.strength_sessions_per_week, len(cal.strength_weekdays)):
            week_start = start + dt.timedelta(days=7 * (w - 1))
            for i in range(7):
                d = week_start + dt.timedelta(days=i)
                if d.weekday() in prefs.free_weekdays and not any(
                        s.date == d and s.kind == "strength" for s in week):
                    left = prefs.longest_session_min - per_day.get(d, 0.0)
                    assert left < min(MIN_STRENGTH_MIN, prefs.longest_session_min)
    # A "long" run is longer than every other run of its week.
    for s in runs:
        if s.kind == "long":
            assert all(o.duration_min < s.duration_min for o in runs
                       if o.week == s.week and o is not s)


def test_beginner_capped_by_the_110_rule_has_no_long_run_of_equal_length() -> None:
    """A beginner whose runs are all capped at the same length gets easy runs, not a 'long' one."""
    prefs = Preferences(running_days_per_week=3, longest_session_min=60,
                        free_weekdays=(0, 2, 5), experience="beginner",
                        longest_recent_run_min=20, weekly_running_min=60,
                        strength_sessions_per_week=0, cross_training=())
    cal = build_calendar(prefs, dt.date(2025, 3, 3), dt.date(2025, 3, 9))
    week1 = [s for s in cal.sessions if s.sport == "running"]
    assert len(week1) == 3
    assert len({s.duration_min for s in week1}) == 1  # all capped at 110 % of 20 min
    assert all(s.kind == "easy" for s in week1)


def test_strength_beside_a_run_fits_the_longest_session() -> None:
    """Strength doubled up with a run day: the two fit the longest session together."""
    prefs = Preferences(running_days_per_week=3, longest_session_min=60,
                        free_weekdays=(0, 2, 5), experience="intermediate",
                        longest_recent_run_min=60, weekly_running_min=150,
                        strength_sessions_per_week=2, cross_training=())
    cal = build_calendar(prefs, dt.date(2025, 3, 3), dt.date(2025, 3, 30))
    strength = [s for s in cal.sessions if s.kind == "strength"]
    assert strength, "a strength session fits beside the shorter runs"
    for st_ in strength:
        same_day = sum(s.duration_min for s in cal.sessions if s.date == st_.date)
        assert same_day <= 60
        assert st_.duration_min >= MIN_STRENGTH_MIN
