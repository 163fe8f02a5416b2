"""The training calendar: which session on which day, and how volume progresses.

Pure policy, no energy or physiology numbers: :mod:`runlean.planning.sessions` turns each
:class:`SessionSpec` into a :class:`~runlean.domain.Session` with intensity and energy.

Rules (physiology.md §9):

* weekly running time rises by at most :data:`MAX_WEEKLY_INCREASE` (10 %) over the previous
  build week (Buist 2008; Nielsen 2014);
* no single run longer than :data:`MAX_SINGLE_RUN_RATIO` (110 %) of the longest run of the
  previous 30 days, seeded with the person's longest recent run (Frandsen 2025);
* every 4th week is a deload week at 60 % of the previous week's volume, and the next week
  resumes at the pre-deload volume (Bosquet 2007 taper data; §9.5);
* at most 2 HIIT sessions a week, never on consecutive days, and none until the person can
  run 20 minutes continuously;
* people who cannot yet run 20 minutes continuously run-walk, progressing to continuous
  running;
* strength sessions on free days, cross-training as low-impact extra volume, never a session
  on an unavailable day, never a session longer than the longest session the person can do,
  and a strength session beside a run only when both fit that time together.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from runlean.domain import Preferences, SessionKind
from runlean.errors import UnsafeGoalError

MAX_WEEKLY_INCREASE = 0.10
MAX_SINGLE_RUN_RATIO = 1.10
DELOAD_EVERY_WEEKS = 4
DELOAD_FRACTION = 0.60
MAX_HIIT_PER_WEEK = 2
CONTINUOUS_MIN_FOR_HIIT = 20.0
#: A first run-walk session: 30 min of 1 min running / 2 min walking = 10 min of running.
NOVICE_RUN_MIN_PER_SESSION = 10.0
RUN_WALK_SESSION_MIN = 30.0
MIN_RUN_MIN = 10.0
STRENGTH_MIN = 45.0
#: Shortest strength session worth scheduling [min]: one set of 8–10 whole-body exercises,
#: the ACSM minimum for novices (ACSM Position Stand, Med Sci Sports Exerc 2009;41:687).
MIN_STRENGTH_MIN = 20.0
CROSS_MIN = 45.0
HIIT_MIN_MIN = 25.0
HIIT_MAX_MIN = 40.0
SEED_LOOKBACK_DAYS = 30

#: Current weekly running minutes assumed from experience when not given.
EXPERIENCE_WEEKLY_MIN = {"none": 0.0, "beginner": 60.0, "intermediate": 150.0,
                         "advanced": 240.0}
#: Longest recent run assumed from experience when not given [min].
EXPERIENCE_LONGEST_MIN = {"none": 0.0, "beginner": 20.0, "intermediate": 50.0,
                          "advanced": 80.0}
#: Weekly running time the plan builds towards, at most [min] (a fat-loss plan, not a
#: marathon build); never below what the person already runs.
EXPERIENCE_CEILING_MIN = {"none": 150.0, "beginner": 200.0, "intermediate": 300.0,
                          "advanced": 420.0}
#: Easy speed assumed to turn weekly km into minutes when only km are known [m/s].
EXPERIENCE_EASY_SPEED = {"none": 2.0, "beginner": 2.2, "intermediate": 2.7, "advanced": 3.1}


@dataclass(frozen=True)
class SessionSpec:
    """A scheduled session before energy and intensity are attached."""

    date: dt.date
    slot: int
    kind: SessionKind
    sport: str
    duration_min: float
    running_min: float
    week: int
    deload: bool
    run_interval_min: float | None = None
    walk_interval_min: float | None = None
    hiit_reps: int | None = None


@dataclass(frozen=True)
class Calendar:
    """The whole calendar and the figures it was built from."""

    sessions: list[SessionSpec]
    seed_weekly_running_min: float
    seed_longest_run_min: float
    run_weekdays: tuple[int, ...]
    strength_weekdays: tuple[int, ...]
    cross_weekdays: tuple[int, ...]
    hiit_weekdays: tuple[int, ...]
    long_weekday: int | None
    start: dt.date
    end: dt.date

    @property
    def n_weeks(self) -> int:
        """Calendar weeks of the plan, the last one possibly partial."""
        return math.ceil(((self.end - self.start).days + 1) / 7)

    def weekly_running_min(self) -> list[float]:
        """Scheduled running minutes per plan week (week 1 first).

        One entry for every calendar week from ``start`` to ``end``; a week without runs
        counts as 0.
        """
        out = [0.0] * self.n_weeks
        for s in self.sessions:
            out[s.week - 1] += s.running_min
        return out


def seed_volume(prefs: Preferences) -> tuple[float, float]:
    """Current weekly running minutes and longest recent run [min] (given or assumed)."""
    if prefs.weekly_running_min is not None:
        weekly = prefs.weekly_running_min
    elif prefs.weekly_running_km is not None:
        weekly = prefs.weekly_running_km * 1000.0 / EXPERIENCE_EASY_SPEED[prefs.experience] / 60.0
    else:
        weekly = EXPERIENCE_WEEKLY_MIN[prefs.experience]
    longest = (prefs.longest_recent_run_min if prefs.longest_recent_run_min is not None
               else min(EXPERIENCE_LONGEST_MIN[prefs.experience], weekly))
    return weekly, longest


#: Experience levels whose usual running is taken to be part of the stated PAL.
HABITUAL_RUNNER_EXPERIENCE = ("intermediate", "advanced")


def habitual_running_min(prefs: Preferences) -> float:
    """Weekly running the person already does and their PAL already includes [min/week].

    A person who gives their current weekly minutes or km, or whose experience is
    intermediate or advanced, already runs regularly, so the PAL they describe already
    contains that running: only the plan's training over it is new expenditure. Beginners
    and non-runners without a stated volume are taken to run too little or too irregularly
    for it to be in their PAL (0).
    """
    given = prefs.weekly_running_min is not None or prefs.weekly_running_km is not None
    if given or prefs.experience in HABITUAL_RUNNER_EXPERIENCE:
        return seed_volume(prefs)[0]
    return 0.0


def _spread(days: list[int], n: int) -> list[int]:
    """Pick ``n`` of the sorted weekdays ``days``, as evenly spaced as possible."""
    if n <= 0:
        return []
    if n >= len(days):
        return list(days)
    best: list[int] = []
    best_gap = -1
    for offset in range(len(days)):
        picked = sorted({days[(offset + round(i * len(days) / n)) % len(days)]
                         for i in range(n)})
        if len(picked) < n:
            continue
        gaps = [(picked[(i + 1) % n] - picked[i]) % 7 or 7 for i in range(n)]
        if min(gaps) > best_gap:
            best, best_gap = picked, min(gaps)
    return best


def _adjacent(a: int, b: int) -> bool:
    return (a - b) % 7 in (1, 6)


def weekly_pattern(prefs: Preferences) -> tuple[list[int], int | None, list[int], list[int],
                                                 list[int]]:
    """Weekdays for runs, the long run, HIIT candidates, strength and cross-training.

    Raises
    ------
    UnsafeGoalError
        When no weekday is available.
    """
    free = list(prefs.free_weekdays)
    if not free:
        raise UnsafeGoalError(
            "No plan: 0 days a week are available for training (free_weekdays is empty); "
            "give at least 1 free weekday.")
    n_run = min(prefs.running_days_per_week, len(free))
    runs = _spread(free, n_run)
    weekend = [d for d in runs if d >= 5]
    long_day = weekend[-1] if weekend else runs[-1]
    # HIIT candidates: non-long run days, never adjacent to each other or the long run.
    hiit: list[int] = []
    for d in sorted((d for d in runs if d != long_day),
                    key=lambda d: -min((d - long_day) % 7, (long_day - d) % 7)):
        if _adjacent(d, long_day) and len(runs) > 3:
            continue
        if all(not _adjacent(d, h) for h in hiit):
            hiit.append(d)
    rest = [d for d in free if d not in runs]
    strength = _spread(rest, prefs.strength_sessions_per_week) if rest else []
    if len(strength) < prefs.strength_sessions_per_week:
        # Not enough free non-run days: double up with easy run days (second slot).
        easy_days = [d for d in runs if d != long_day and d not in hiit] or \
            [d for d in runs if d != long_day] or runs
        need = prefs.strength_sessions_per_week - len(strength)
        strength = sorted(strength + _spread(easy_days, need)[:need])
    left = [d for d in rest if d not in strength]
    cross: list[int] = []
    if prefs.cross_training and left:
        cross = _spread(left, min(len(left), 2 if len(left) >= 3 else 1))
    return runs, long_day, hiit, strength, cross


def _max_hiit(prefs: Preferences, n_run: int) -> int:
    if n_run < 3:
        return 0
    if n_run >= 5 and prefs.experience in ("intermediate", "advanced"):
        return MAX_HIIT_PER_WEEK
    return 1


def build_calendar(prefs: Preferences, start: dt.date, end: dt.date) -> Calendar:
    """Build the training calendar from ``start`` to ``end`` inclusive.

    Parameters
    ----------
    prefs
        Days, minutes, experience and volume of the person.
    start, end
        First and last day of the plan.
    """
    runs, long_day, hiit_days, strength_days, cross_days = weekly_pattern(prefs)
    seed_weekly, seed_longest = seed_volume(prefs)
    cap_session = prefs.longest_session_min
    n_run = len(runs)
    ceiling = min(n_run * cap_session,
                  max(seed_weekly, EXPERIENCE_CEILING_MIN[prefs.experience]))
    novice_start = min(n_run * NOVICE_RUN_MIN_PER_SESSION, n_run * cap_session)
    # History of run lengths (running minutes) for the 30-day single-run rule.
    history: list[tuple[dt.date, float]] = [
        (start - dt.timedelta(days=1), max(seed_longest, NOVICE_RUN_MIN_PER_SESSION))]
    continuous_ok = seed_longest >= CONTINUOUS_MIN_FOR_HIIT
    sessions: list[SessionSpec] = []
    n_days = (end - start).days + 1
    n_weeks = math.ceil(n_days / 7)
    last_build = 0.0
    prev_actual = 0.0
    cross_i = 0
    for w in range(1, n_weeks + 1):
        week_start = start + dt.timedelta(days=7 * (w - 1))
        week_end = min(week_start + dt.timedelta(days=6), end)
        deload = w % DELOAD_EVERY_WEEKS == 0
        if w == 1:
            target = max(seed_weekly, novice_start)
        elif deload:
            target = DELOAD_FRACTION * prev_actual
        elif (w - 1) % DELOAD_EVERY_WEEKS == 0:
            target = last_build  # resume at the pre-deload volume
        else:
            target = (1.0 + MAX_WEEKLY_INCREASE) * prev_actual
        target = min(target, ceiling)
        window_start = week_end - dt.timedelta(days=SEED_LOOKBACK_DAYS)
        recent = [m for d, m in history if window_start <= d < week_start]
        run_cap = min(cap_session, MAX_SINGLE_RUN_RATIO * max(recent, default=0.0))
        dates = {(week_start + dt.timedelta(days=i)).weekday():
                 week_start + dt.timedelta(days=i)
                 for i in range((week_end - week_start).days + 1)}
        week_runs = [d for d in runs if d in dates]
        # Scale the target to the days of a partial final week.
        if week_runs and len(week_runs) < n_run:
            target *= len(week_runs) / n_run
        specs = _week_runs(week_runs, long_day, hiit_days, target, run_cap, cap_session,
                           continuous_ok, _max_hiit(prefs, n_run) if not deload else
                           min(1, _max_hiit(prefs, n_run)))
        week_sessions: list[SessionSpec] = []
        for day, (kind, dur, run_min, ri, wi, reps) in specs.items():
            week_sessions.append(SessionSpec(
                dates[day], 0, kind, "running", dur, run_min, w, deload, ri, wi, reps))
            history.append((dates[day], run_min))
            if kind in ("easy", "long") and run_min >= CONTINUOUS_MIN_FOR_HIIT:
                continuous_ok = True
        for day in cross_days:
            if day in dates:
                mode = prefs.cross_training[cross_i % len(prefs.cross_training)]
                cross_i += 1
                week_sessions.append(SessionSpec(
                    dates[day], 0, "cross", mode,
                    min(CROSS_MIN * (0.6 if deload else 1.0), cap_session), 0.0, w, deload))
        week_sessions.extend(_place_strength(
            week_sessions, strength_days, dates, prefs.free_weekdays, cap_session, w, deload))
        sessions.extend(sorted(week_sessions, key=lambda s: (s.date, s.slot)))
        actual = sum(s.running_min for s in week_sessions)
        full_week = (week_end - week_start).days == 6
        if full_week:
            if not deload:
                last_build = actual
            prev_actual = actual
    return Calendar(sessions, seed_weekly, seed_longest, tuple(runs), tuple(strength_days),
                    tuple(cross_days), tuple(hiit_days), long_day, start, end)


def _place_strength(week_sessions: list[SessionSpec], strength_days: list[int],
                    dates: dict[int, dt.date], free_weekdays: tuple[int, ...],
                    cap_session: float, week: int, deload: bool) -> list[SessionSpec]:
    """The week's strength sessions, each on a day whose total time fits ``cap_session``.

    A strength session goes on its planned weekday when it fits there; else on the free
    weekday of the week with the most time left, shortened to that time (never below
    :data:`MIN_STRENGTH_MIN`); if no day has that much left it is not scheduled (the planner
    warns).
    """
    busy: dict[int, float] = {}
    for s in week_sessions:
        wd = s.date.weekday()
        busy[wd] = busy.get(wd, 0.0) + s.duration_min
    want = min(STRENGTH_MIN * (0.75 if deload else 1.0), cap_session)
    need = min(MIN_STRENGTH_MIN, want)
    out: list[SessionSpec] = []
    taken: set[int] = set()
    for day in strength_days:
        if day not in dates:
            continue
        room = {d: cap_session - busy.get(d, 0.0) for d in dates
                if d in free_weekdays and d not in taken}
        if room.get(day, 0.0) + 1e-9 < want and room:
            # Too little time beside that day's session: the day with the most time left.
            best = max(room, key=lambda d: (room[d], -abs(d - day)))
            if room[best] > room.get(day, 0.0):
                day = best
        if room.get(day, 0.0) + 1e-9 < need:
            continue
        dur = float(min(want, math.floor(room[day])))
        slot = sum(1 for s in week_sessions if s.date == dates[day])
        out.append(SessionSpec(dates[day], slot, "strength", "strength", dur, 0.0, week, deload))
        busy[day] = busy.get(day, 0.0) + dur
        taken.add(day)
    return out


_RunSpec = tuple[SessionKind, float, float, float | None, float | None, int | None]


#: Run-walk stages (run minutes, walk minutes), from 1:2 to nearly continuous running.
RUN_WALK_STAGES: tuple[tuple[float, float], ...] = (
    (1.0, 2.0), (1.5, 2.0), (2.0, 2.0), (3.0, 2.0), (4.0, 2.0), (5.0, 2.0), (6.0, 1.5),
    (8.0, 1.5), (10.0, 1.0))
#: Longest run-walk session [min]; a larger running target moves to the next stage.
RUN_WALK_MAX_MIN = 35.0


def _run_walk(run_target: float, cap_session: float) -> _RunSpec:
    """A run-walk session with at most ``run_target`` minutes of running.

    The gentlest stage whose session fits in :data:`RUN_WALK_MAX_MIN` (and the longest
    session) is used; past the last stage the session is a continuous run.
    """
    t_max = min(cap_session, RUN_WALK_MAX_MIN)
    for run_int, walk in RUN_WALK_STAGES:
        frac = run_int / (run_int + walk)
        if run_target / frac <= t_max:
            total = math.floor(2.0 * run_target / frac) / 2.0
            return ("run_walk", total, total * frac, run_int, walk, None)
    run = float(math.floor(min(run_target, cap_session)))
    return ("easy", run, run, None, None, None)


def _week_runs(days: list[int], long_day: int | None, hiit_days: list[int], target: float,
               run_cap: float, cap_session: float, continuous_ok: bool,
               max_hiit: int) -> dict[int, _RunSpec]:
    """Distribute ``target`` running minutes over the week's run days."""
    out: dict[int, _RunSpec] = {}
    if not days or target <= 0:
        return out
    per = target / len(days)
    if not continuous_ok:
        for d in days:
            spec = _run_walk(min(per, run_cap), cap_session)
            if spec[2] >= 1.0:
                out[d] = spec
        return out
    long_d = long_day if long_day in days else days[-1]
    n = len(days)
    long_min = math.floor(min(run_cap, max(per, 0.3 * target if n > 1 else target,
                                           min(MIN_RUN_MIN, target))))
    if long_min < MIN_RUN_MIN:
        return out
    others = [d for d in days if d != long_d]
    # Too little time left for a run of MIN_RUN_MIN on every other day: run on fewer days
    # rather than dropping the minutes (else the weekly volume would decay to nothing).
    rest = target - long_min
    n_others = min(len(others), math.floor(rest / MIN_RUN_MIN))
    others = _spread(others, n_others)
    out[long_d] = ("easy", float(long_min), float(long_min), None, None, None)
    if others:
        share = math.floor(min(rest / len(others), long_min, run_cap))
        n_hiit = 0
        for d in others:
            if share < MIN_RUN_MIN:
                continue
            if d in hiit_days and n_hiit < max_hiit and share >= HIIT_MIN_MIN:
                dur = float(min(share, HIIT_MAX_MIN))
                reps = int((dur - 15.0) // 3.0)
                out[d] = ("hiit", dur, dur, None, None, reps)
                n_hiit += 1
            else:
                out[d] = ("easy", float(share), float(share), None, None, None)
    # "Long" only when it is longer than every other run of the week (a beginner whose 110 %
    # cap binds runs the same length every day: those are all easy runs).
    if any(spec[1] >= long_min for d, spec in out.items() if d != long_d):
        return out
    if len(out) > 1:
        out[long_d] = ("long", float(long_min), float(long_min), None, None, None)
    return out
