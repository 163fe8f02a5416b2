"""The training calendar: which session on which day, and how volume progresses.

Pure policy, no energy or physiology numbers: :mod:`runlean.planning.sessions` turns each
:class:`SessionSpec` into a :class:`~runlean.domain.Session` with intensity and energy. The
rules and their sources are in :mod:`runlean.planning.policy`; in short:

* **A coach's week.** At least one full rest day; runs spread over the free days; the long
  run at the weekend when possible; interval and strength days placed so that there are never
  more than two hard days (intervals, long run, leg strength) in a row; requested run days
  that cannot be fitted, and more than 4 run days for a beginner, give a warning.
* **Phases.** People with a BMI of 35 or more who cannot yet run 10 minutes walk first (brisk
  walks and low-impact cross-training). Anyone who cannot yet run 20 minutes continuously
  follows a graded run-walk programme to 30 minutes of continuous running in 10 weeks (13
  with a BMI of 35 or more or from age 60); its run:walk ratio never goes backwards (a deload
  week keeps the ratio and shortens the session). Runners with a base (20 minutes or more)
  start from their current volume and add at most 10 % a week, with no single run longer than
  110 % of the longest of the previous 30 days; every run week past the run-walk phase has a
  long run.
* **Deloads.** Every 4th week keeps 60 % of the week before (more when needed so that no
  4-week cycle averages less running than the person did before the plan); the next week
  resumes at the volume before the deload.
* **Intervals** for runners with a base (at most 2 a week, 1 with fewer than 5 run days or
  less experience, never on consecutive days, and none when the health screening advises
  medical clearance first).
* **Strength** progresses from learning the movements (2 × 12-15 light) to 3 × 10-12 and then
  3 × 6-10 heavier; sessions are whole minutes (multiples of 5) of 20-45 minutes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field

from runlean.domain import Preferences, SessionKind
from runlean.errors import UnsafeGoalError
from runlean.planning import policy

#: Strength session length [min], in a deload week, and the shortest worth scheduling: one set
#: of 8-10 whole-body exercises, the ACSM minimum for novices (Ratamess et al. 2009, ACSM
#: position stand, Med Sci Sports Exerc 41:687).
STRENGTH_MIN = 45.0
STRENGTH_DELOAD_MIN = 30.0
MIN_STRENGTH_MIN = 20.0
#: Cross-training session length [min].
CROSS_MIN = 45.0
#: Interval sessions: shortest [min] and most repeats; 10 min warm-up and at least 5 min
#: cool-down around repeats of 1 min hard and 2 min recovery (a longer session adds easy
#: running to the cool-down).
HIIT_MIN_MIN = 25.0
HIIT_MAX_REPS = 8
HIIT_WARMUP_MIN = 10.0
HIIT_COOLDOWN_MIN = 5.0
HIIT_BOUT_MIN = 1.0
HIIT_RECOVERY_MIN = 2.0
#: Shortest easy run worth scheduling [min].
MIN_RUN_MIN = 10.0
#: Run-walk and walk sessions last this long [min] (shorter when the longest session is).
RUN_WALK_SESSION_MIN = 30.0
#: Brisk-walk sessions of the walking-first weeks [min].
WALK_SESSION_MIN = (30.0, 35.0, 40.0)
#: The rest day taken when every weekday is free (Friday, before a weekend long run).
DEFAULT_REST_WEEKDAY = 4
#: Share of the week's running in the long run.
LONG_RUN_SHARE = 0.30
#: The long run is at least this much longer than the week's other runs [min].
LONG_RUN_MARGIN_MIN = 2.0

#: Current weekly running minutes assumed from experience when not given.
EXPERIENCE_WEEKLY_MIN = {"none": 0.0, "beginner": 60.0, "intermediate": 150.0,
                         "advanced": 240.0}
#: Longest recent continuous run assumed from experience when not given [min].
EXPERIENCE_LONGEST_MIN = {"none": 0.0, "beginner": 20.0, "intermediate": 50.0,
                          "advanced": 80.0}
#: Weekly running time the plan builds towards, at most [min] (a fat-loss plan, not a
#: marathon build); never below what the person already runs.
EXPERIENCE_CEILING_MIN = {"none": 150.0, "beginner": 200.0, "intermediate": 300.0,
                          "advanced": 420.0}
#: Easy speed assumed to turn weekly km into minutes when only km are known [m/s].
EXPERIENCE_EASY_SPEED = {"none": 2.0, "beginner": 2.2, "intermediate": 2.7, "advanced": 3.1}
BEGINNER_EXPERIENCE = ("none", "beginner")


@dataclass(frozen=True)
class SessionSpec:
    """A scheduled session before energy and intensity are attached.

    Interval sessions carry their structure: ``hiit_reps`` bouts of ``work_min`` hard, each
    followed by ``recovery_min`` of recovery (``recovery`` is ``"jog"`` or ``"walk"``), between
    ``warmup_min`` and ``cooldown_min`` easy. Run-walk sessions carry ``run_interval_min`` and
    ``walk_interval_min``. Strength sessions carry their progression ``strength_level``
    (1 learn, 2 build, 3 strength).
    """

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
    warmup_min: float = 0.0
    cooldown_min: float = 0.0
    work_min: float = 0.0
    recovery_min: float = 0.0
    recovery: str = "jog"
    strength_level: int = 0


@dataclass(frozen=True)
class TrainingInputs:
    """What the calendar needs to know besides the preferences."""

    prefs: Preferences
    #: Current running [min/week] and longest recent continuous run [min].
    weekly_running_min: float
    longest_run_min: float
    #: Walk first (BMI ≥ 35 and not yet running 30 min continuously).
    walk_first: bool = False
    #: The slower run-walk programme (BMI ≥ 35 or age ≥ 60).
    slow_progression: bool = False
    #: Intervals allowed by the health screening.
    intervals_allowed: bool = True
    #: Recoveries of interval sessions walked rather than jogged.
    walk_recoveries: bool = False


@dataclass(frozen=True)
class WeekPattern:
    """Weekdays of each kind of session (Monday = 0)."""

    runs: tuple[int, ...]
    long_day: int | None
    hiit: tuple[int, ...]
    strength: tuple[int, ...]
    cross: tuple[int, ...]
    rest: tuple[int, ...]


@dataclass
class Calendar:
    """The whole calendar, the pattern and figures it was built from, and its warnings."""

    sessions: list[SessionSpec]
    seed_weekly_running_min: float
    seed_longest_run_min: float
    pattern: WeekPattern
    start: dt.date
    end: dt.date
    #: Week in which the first continuous run of 30 min or more is scheduled (None: none).
    first_continuous_30_week: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def n_weeks(self) -> int:
        """Calendar weeks of the plan, the last one possibly partial."""
        return math.ceil(((self.end - self.start).days + 1) / 7)

    @property
    def run_weekdays(self) -> tuple[int, ...]:
        return self.pattern.runs

    def weekly_running_min(self) -> list[float]:
        """Scheduled running minutes per plan week (week 1 first; 0 for a week without runs)."""
        out = [0.0] * self.n_weeks
        for s in self.sessions:
            out[s.week - 1] += s.running_min
        return out


def seed_volume(prefs: Preferences) -> tuple[float, float]:
    """Current weekly running minutes and longest recent continuous run [min].

    Given, or assumed from experience. When the longest run is not given, it is at least the
    weekly volume spread over the requested run days (someone running 98 minutes a week on 3
    days has run 33 minutes at least once).
    """
    if prefs.weekly_running_min is not None:
        weekly = prefs.weekly_running_min
    elif prefs.weekly_running_km is not None:
        weekly = prefs.weekly_running_km * 1000.0 / EXPERIENCE_EASY_SPEED[prefs.experience] / 60.0
    else:
        weekly = EXPERIENCE_WEEKLY_MIN[prefs.experience]
    if prefs.longest_recent_run_min is not None:
        longest = prefs.longest_recent_run_min
    else:
        longest = max(min(EXPERIENCE_LONGEST_MIN[prefs.experience], weekly),
                      weekly / max(prefs.running_days_per_week, 1))
    return weekly, longest


def _circular_runs(days: set[int]) -> int:
    """Longest run of consecutive weekdays in ``days`` (the week wraps around)."""
    if len(days) == 7:
        return 7
    best = 0
    for d in days:
        if (d - 1) % 7 in days:
            continue
        n = 1
        while (d + n) % 7 in days:
            n += 1
        best = max(best, n)
    return best


def _gaps(days: tuple[int, ...]) -> int:
    """Smallest circular gap between the weekdays ``days`` (7 for fewer than 2)."""
    if len(days) < 2:
        return 7
    s = sorted(days)
    return min((s[(i + 1) % len(s)] - s[i]) % 7 or 7 for i in range(len(s)))


def _spread(days: list[int], n: int) -> list[int]:
    """Pick ``n`` of the sorted weekdays ``days``, as evenly spaced as possible."""
    if n <= 0:
        return []
    if n >= len(days):
        return list(days)
    best = max(itertools.combinations(days, n), key=lambda c: (_gaps(c), -c[0]))
    return list(best)


def available_days(prefs: Preferences) -> list[int]:
    """Free weekdays less a rest day when every weekday is free.

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
    if len(free) >= 7 - policy.MIN_REST_DAYS_PER_WEEK + 1:
        free.remove(DEFAULT_REST_WEEKDAY)
    return free


def max_hiit_per_week(prefs: Preferences, n_run: int) -> int:
    """Interval sessions a week: 2 with 5+ run days and experience, 1 with 2+ run days."""
    if n_run < 2:
        return 0
    if n_run >= 5 and prefs.experience in ("intermediate", "advanced"):
        return policy.MAX_HIIT_PER_WEEK
    return 1


def week_pattern(inputs: TrainingInputs, warnings: list[str]) -> WeekPattern:
    """Weekdays for runs, the long run, intervals, strength and cross-training."""
    prefs = inputs.prefs
    avail = available_days(prefs)
    want = prefs.running_days_per_week
    if prefs.experience in BEGINNER_EXPERIENCE and want > policy.MAX_BEGINNER_RUN_DAYS:
        warnings.append(
            f"{want} run days a week is a lot for a new runner: this plan uses "
            f"{policy.MAX_BEGINNER_RUN_DAYS}, with rest days between runs for your legs to "
            "adapt; add days once you run 30 minutes comfortably.")
        want = policy.MAX_BEGINNER_RUN_DAYS
    n_run = min(want, len(avail))
    if n_run < want:
        why = (f"only {len(prefs.free_weekdays)} free day(s)" if len(avail) == len(
            prefs.free_weekdays) else "one day a week is kept free of training for rest")
        warnings.append(
            f"{want - n_run} of the {want} requested run days could not be scheduled: "
            f"{why}; the plan runs on {n_run} day(s) a week.")
    runs = _spread(avail, n_run)
    weekend = [d for d in runs if d >= 5]
    long_day = weekend[-1] if weekend else runs[-1]
    # Intervals: non-long run days, never adjacent to each other, furthest from the long run.
    n_hiit = max_hiit_per_week(prefs, n_run) if inputs.intervals_allowed else 0
    others = sorted((d for d in runs if d != long_day),
                    key=lambda d: (-min((d - long_day) % 7, (long_day - d) % 7), d))
    hiit: list[int] = []
    for d in others:
        if len(hiit) >= n_hiit:
            break
        if all((d - h) % 7 not in (1, 6) for h in hiit):
            hiit.append(d)
    hard_runs = {long_day, *hiit}
    strength = _strength_days(avail, runs, hard_runs, prefs.strength_sessions_per_week)
    left = [d for d in avail if d not in runs and d not in strength]
    cross: list[int] = []
    if prefs.cross_training and left:
        cross = _spread(left, min(len(left), 2))
    busy = set(runs) | set(strength) | set(cross)
    rest = tuple(d for d in range(7) if d not in busy)
    return WeekPattern(tuple(runs), long_day, tuple(sorted(hiit)), tuple(sorted(strength)),
                       tuple(cross), rest)


def _strength_days(avail: list[int], runs: list[int], hard_runs: set[int],
                   n: int) -> list[int]:
    """Strength weekdays: never more than 2 hard days in a row, spread, off run days if can.

    When ``n`` sessions cannot keep the hard-day rule, fewer are scheduled (the planner warns).
    """
    for k in range(min(n, len(avail)), 0, -1):
        best: tuple[tuple[int, ...], tuple[int, int]] | None = None
        for combo in itertools.combinations(avail, k):
            if _circular_runs(hard_runs | set(combo)) > policy.MAX_CONSECUTIVE_HARD_DAYS:
                continue
            key = (-sum(1 for d in combo if d in runs), _gaps(combo))
            if best is None or key > best[1]:
                best = (combo, key)
        if best is not None:
            return sorted(best[0])
    return []


def run_walk_stages(n_build_weeks: int) -> list[tuple[float, float]]:
    """(run, walk) minutes of each build week of the graded programme, ending continuous.

    The run interval grows geometrically from 1 minute to 30 minutes (continuous) over
    ``n_build_weeks`` weeks, rounded to half minutes below 3 minutes, whole minutes below 10
    and 5 minutes above; walk breaks are 2 minutes while runs are under 5 minutes, then 1.5,
    then 1. The ratio run/(run + walk) never decreases.
    """
    n = max(n_build_weeks, 2)
    goal = policy.RUN_WALK_GOAL_CONTINUOUS_MIN
    out: list[tuple[float, float]] = []
    for k in range(n):
        r = goal ** (k / (n - 1))
        if k == n - 1:
            out.append((goal, 0.0))
            break
        r = round(2 * r) / 2 if r < 3 else round(r) if r < 10 else 5 * round(r / 5)
        walk = 2.0 if r < 5 else 1.5 if r < 10 else 1.0
        if out and r / (r + walk) <= out[-1][0] / (out[-1][0] + out[-1][1]):
            r = out[-1][0] + (0.5 if out[-1][0] < 3 else 1.0)
            walk = min(walk, out[-1][1])
        out.append((float(r), float(walk)))
    return out


def _programme_stages(inputs: TrainingInputs) -> int:
    """Stages of the run-walk programme: its first week plus one per later build week.

    The programme starts after the walking weeks (if any) and ends with continuous running in
    week 10 (13 on the slower programme); deload weeks repeat the stage before them.
    """
    total = policy.RUN_WALK_WEEKS_SLOW if inputs.slow_progression else policy.RUN_WALK_WEEKS
    first = 1 + (policy.WALK_FIRST_WEEKS if inputs.walk_first else 0)
    return 1 + sum(1 for w in range(first + 1, total + 1)
                   if w % policy.DELOAD_EVERY_WEEKS != 0)


def _round5(minutes: float) -> float:
    return float(5 * math.floor(minutes / 5 + 1e-9))


def build_calendar(inputs: TrainingInputs, start: dt.date, end: dt.date) -> Calendar:
    """Build the training calendar from ``start`` to ``end`` inclusive (module docstring)."""
    prefs = inputs.prefs
    warnings: list[str] = []
    pattern = week_pattern(inputs, warnings)
    seed_weekly, seed_longest = inputs.weekly_running_min, inputs.longest_run_min
    cap_session = float(math.floor(prefs.longest_session_min))
    n_run = len(pattern.runs)
    goal_run = policy.RUN_WALK_GOAL_CONTINUOUS_MIN
    stages = run_walk_stages(_programme_stages(inputs))
    stage = next((i for i, (r, w) in enumerate(stages) if w == 0.0 or r >= seed_longest),
                 len(stages) - 1)
    phase = "continuous" if seed_longest >= policy.CONTINUOUS_MIN_FOR_HIIT else \
        ("walk" if inputs.walk_first else "run_walk")
    walk_week = 0
    ceiling = min(n_run * cap_session,
                  max(seed_weekly, EXPERIENCE_CEILING_MIN[prefs.experience]))
    history: list[tuple[dt.date, float]] = [(start - dt.timedelta(days=1), seed_longest)]
    sessions: list[SessionSpec] = []
    n_weeks = math.ceil(((end - start).days + 1) / 7)
    last_build = prev = 0.0
    first_30: int | None = None
    cross_i = 0
    for w in range(1, n_weeks + 1):
        week_start = start + dt.timedelta(days=7 * (w - 1))
        week_end = min(week_start + dt.timedelta(days=6), end)
        dates = {(week_start + dt.timedelta(days=i)).weekday(): week_start + dt.timedelta(days=i)
                 for i in range((week_end - week_start).days + 1)}
        deload = w % policy.DELOAD_EVERY_WEEKS == 0
        run_days = [d for d in pattern.runs if d in dates]
        specs: dict[int, SessionSpec] = {}
        if phase == "walk":
            walk_week += 1
            base = WALK_SESSION_MIN[min(walk_week, len(WALK_SESSION_MIN)) - 1]
            dur = min(cap_session, _round5(base * (policy.DELOAD_VOLUME_FRACTION
                                                   if deload else 1.0)))
            for d in run_days:
                specs[d] = SessionSpec(dates[d], 0, "walk", "walking", dur, 0.0, w, deload)
            if walk_week >= policy.WALK_FIRST_WEEKS:
                phase = "run_walk"
        elif phase == "run_walk":
            if not deload and w > 1 and sessions and any(
                    s.kind == "run_walk" for s in sessions if s.week == w - 1):
                stage = min(stage + 1, len(stages) - 1)
            run_int, walk_int = stages[stage]
            for d in run_days:
                specs[d] = _run_walk_session(dates[d], w, deload, run_int, walk_int,
                                             min(cap_session, RUN_WALK_SESSION_MIN))
            if walk_int == 0.0 and not deload:
                phase = "continuous"
                last_build = prev = sum(s.running_min for s in specs.values())
                seed_longest = max(seed_longest, goal_run)
                history.append((week_start, goal_run))
        else:
            if w == 1 or last_build == 0.0:
                target = seed_weekly if seed_weekly > 0 else n_run * min(goal_run, cap_session)
            elif deload:
                # 60 % of the week before, but a 4-week cycle never averages less running
                # than the person did before the plan (start from the current volume).
                cycle = sum(s.running_min for s in sessions
                            if w - policy.DELOAD_EVERY_WEEKS < s.week < w)
                target = max(policy.DELOAD_VOLUME_FRACTION * prev,
                             policy.DELOAD_EVERY_WEEKS * seed_weekly - cycle)
            elif (w - 1) % policy.DELOAD_EVERY_WEEKS == 0:
                target = last_build
            else:
                target = (1.0 + policy.MAX_WEEKLY_INCREASE) * prev
            target = min(target, ceiling)
            if run_days and len(run_days) < n_run:
                target *= len(run_days) / n_run
            window = week_end - dt.timedelta(days=policy.SINGLE_RUN_LOOKBACK_DAYS)
            recent = [m for d, m in history if window <= d < week_start]
            run_cap = min(cap_session, policy.MAX_SINGLE_RUN_RATIO * max(recent, default=0.0))
            n_hiit = min(1, len(pattern.hiit)) if deload else len(pattern.hiit)
            specs = _continuous_week(run_days, dates, w, deload, target, run_cap,
                                     pattern, n_hiit, inputs.walk_recoveries, cap_session)
        week_sessions = list(specs.values())
        for s in week_sessions:
            if s.running_min > 0:
                history.append((s.date, s.running_min if s.kind != "run_walk"
                                else s.run_interval_min or 0.0))
            if first_30 is None and s.kind in ("easy", "long") and s.running_min >= goal_run:
                first_30 = w
        for d in pattern.cross:
            if d in dates:
                mode = prefs.cross_training[cross_i % len(prefs.cross_training)]
                cross_i += 1
                dur = min(cap_session, _round5(CROSS_MIN * (policy.DELOAD_VOLUME_FRACTION
                                                            if deload else 1.0)))
                week_sessions.append(SessionSpec(dates[d], 0, "cross", mode, dur, 0.0, w,
                                                 deload))
        week_sessions.extend(_place_strength(week_sessions, pattern, dates, prefs, w, deload))
        sessions.extend(sorted(week_sessions, key=lambda s: (s.date, s.slot)))
        if phase == "continuous" and (week_end - week_start).days == 6:
            actual = sum(s.running_min for s in week_sessions)
            if actual > 0:
                if not deload:
                    last_build = actual
                prev = actual
    return Calendar(sessions, inputs.weekly_running_min, inputs.longest_run_min, pattern,
                    start, end, first_30, warnings)


def run_walk_minutes(length_min: float, run_int: float, walk_int: float) -> float:
    """Running minutes of a session of ``length_min`` alternating ``run_int`` running and
    ``walk_int`` walking, starting with a run (the last block may be cut short)."""
    running = 0.0
    t = 0.0
    while t < length_min - 1e-9:
        block = min(run_int, length_min - t)
        running += block
        t += block + walk_int
    return running


def _run_walk_session(date: dt.date, week: int, deload: bool, run_int: float,
                      walk_int: float, length: float) -> SessionSpec:
    """One session of the graded programme: run/walk repeats, or a continuous run.

    A deload week keeps the ratio and shortens the session to 60 %.
    """
    if deload:
        length = float(math.floor(length * policy.DELOAD_VOLUME_FRACTION))
    if walk_int == 0.0:
        run = float(math.floor(min(run_int, length)))
        return SessionSpec(date, 0, "easy", "running", run, run, week, deload)
    return SessionSpec(date, 0, "run_walk", "running", length,
                       run_walk_minutes(length, run_int, walk_int), week, deload,
                       run_interval_min=run_int, walk_interval_min=walk_int)


def _interval_session(date: dt.date, week: int, deload: bool, minutes: float, run_cap: float,
                      cap_session: float, walk_recoveries: bool) -> SessionSpec | None:
    """An interval session of ``minutes`` (at least 25), or None when none fits.

    Recoveries are jogged unless walking is asked for or needed to keep the session's running
    within the single-run cap; the session must fit the longest session.
    """
    dur = minutes
    if dur < HIIT_MIN_MIN or dur > cap_session:
        return None
    reps = min(HIIT_MAX_REPS, int((dur - HIIT_WARMUP_MIN - HIIT_COOLDOWN_MIN)
                                  // (HIIT_BOUT_MIN + HIIT_RECOVERY_MIN)))
    recovery = "walk" if walk_recoveries or dur > run_cap else "jog"
    running = dur if recovery == "jog" else dur - reps * HIIT_RECOVERY_MIN
    if running > run_cap:
        return None
    return SessionSpec(date, 0, "hiit", "running", dur, running, week, deload, hiit_reps=reps,
                       warmup_min=HIIT_WARMUP_MIN,
                       cooldown_min=dur - HIIT_WARMUP_MIN
                       - reps * (HIIT_BOUT_MIN + HIIT_RECOVERY_MIN),
                       work_min=HIIT_BOUT_MIN, recovery_min=HIIT_RECOVERY_MIN,
                       recovery=recovery)


def _continuous_week(run_days: list[int], dates: dict[int, dt.date], week: int, deload: bool,
                     target: float, run_cap: float, pattern: WeekPattern, n_hiit: int,
                     walk_recoveries: bool, cap_session: float) -> dict[int, SessionSpec]:
    """Distribute ``target`` minutes of continuous running: a long run, intervals, easy runs."""
    out: dict[int, SessionSpec] = {}
    if not run_days or target < MIN_RUN_MIN:
        return out
    long_d = pattern.long_day if pattern.long_day in run_days else run_days[-1]
    # As many runs as the minutes allow (each at least MIN_RUN_MIN, the long run longer).
    k = max(1, min(len(run_days), math.floor(target / MIN_RUN_MIN)))
    while True:
        long_min = float(math.floor(min(run_cap, target if k == 1 else max(
            LONG_RUN_SHARE * target, target / k + LONG_RUN_MARGIN_MIN))))
        top = min(long_min - LONG_RUN_MARGIN_MIN, run_cap)
        if k == 1 or (min((target - long_min) / (k - 1), top) >= MIN_RUN_MIN):
            break
        k -= 1
    if long_min < MIN_RUN_MIN:
        return out
    others = [d for d in run_days if d != long_d]
    others = _spread(others, k - 1) if k - 1 < len(others) else others
    out[long_d] = SessionSpec(dates[long_d], 0, "long", "running", long_min, long_min, week,
                              deload)
    if not others:
        return out
    rest = target - long_min
    minutes = [math.floor(min(rest / len(others), top))] * len(others)
    for i in range(len(others)):  # whole minutes lost to rounding go to the first runs
        if sum(minutes) + 1 <= rest and minutes[i] + 1 <= top:
            minutes[i] += 1
    done_hiit = 0
    for d, each in zip(others, map(float, minutes), strict=True):
        if each < MIN_RUN_MIN:
            continue
        hiit = _interval_session(dates[d], week, deload, each, run_cap, cap_session,
                                 walk_recoveries) if (d in pattern.hiit
                                                      and done_hiit < n_hiit) else None
        if hiit is not None:
            out[d] = hiit
            done_hiit += 1
        else:
            out[d] = SessionSpec(dates[d], 0, "easy", "running", each, each, week, deload)
    return out


def strength_level(week: int) -> int:
    """Strength progression stage of a plan week: 1 learn (weeks 1-2), 2 build (3-6), 3."""
    return 1 if week <= 2 else 2 if week <= 6 else 3


def _place_strength(week_sessions: list[SessionSpec], pattern: WeekPattern,
                    dates: dict[int, dt.date], prefs: Preferences, week: int,
                    deload: bool) -> list[SessionSpec]:
    """The week's strength sessions, each on a day whose total time fits the longest session.

    A strength session goes on its planned weekday at 45 minutes (30 in a deload week), or
    shorter in whole 5 minutes when less time is left beside that day's run, never below 20
    minutes; else on the free day with the most time left; else it is not scheduled (the
    planner warns).
    """
    cap = float(math.floor(prefs.longest_session_min))
    busy: dict[int, float] = {}
    for s in week_sessions:
        busy[s.date.weekday()] = busy.get(s.date.weekday(), 0.0) + s.duration_min
    want = min(STRENGTH_DELOAD_MIN if deload else STRENGTH_MIN, _round5(cap))
    hard = {d for d in (pattern.long_day, *pattern.hiit) if d is not None} | set(pattern.strength)
    out: list[SessionSpec] = []
    taken: set[int] = set()
    for day in pattern.strength:
        if day not in dates:
            continue
        room = {d: cap - busy.get(d, 0.0) for d in dates
                if d in prefs.free_weekdays and d not in taken and d not in pattern.rest
                and _circular_runs(hard | {d}) <= policy.MAX_CONSECUTIVE_HARD_DAYS}
        if room.get(day, 0.0) < want and room:
            best = max(room, key=lambda d: (room[d], -abs(d - day)))
            if room[best] > room.get(day, 0.0):
                day = best
        dur = min(want, _round5(room.get(day, 0.0)))
        if dur < MIN_STRENGTH_MIN:
            continue
        slot = sum(1 for s in week_sessions if s.date == dates[day])
        out.append(SessionSpec(dates[day], slot, "strength", "strength", dur, 0.0, week,
                               deload, strength_level=strength_level(week)))
        busy[day] = busy.get(day, 0.0) + dur
        taken.add(day)
        hard.add(day)
    return out
