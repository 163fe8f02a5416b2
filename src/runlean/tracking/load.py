"""Training load over time: daily load, CTL/ATL/TSB, ACWR, the 110 % rule and plan adherence.

One load scale for everything: Banister TRIMP units (Morton, Fitz-Clarke & Banister
1990, J Appl Physiol 69:1171).

* An imported activity counts with its stored ``load``
  (:func:`runlean.tracking.energy.estimate_energy_and_load`): Banister TRIMP from its heart-rate
  samples, or, without HR, ``met_minutes`` scaled so that a minute at the running Compendium
  MET (8.0) equals a minute at 60 % HRR (:data:`runlean.tracking.energy.MET_MINUTES_TO_TRIMP`).
* A planned session not yet done (today or later) is converted to the same scale, projecting
  the load forward like TrainingPeaks' future PMC (:func:`planned_load`; the plan's
  projected load, :mod:`runlean.planning.load`, uses the same function):

  1. with a heart-rate target: Banister TRIMP at the HR-reserve fraction of the target
     zone's midpoint over the planned minutes, with the same resting and maximal HR and the
     same sex weighting as the import (:func:`runlean.tracking.energy.physiology`: profile
     values, else resting HR 60 bpm and Tanaka HRmax), so a session done as planned scores
     what was planned. Interval sessions follow their prescribed structure
     (:data:`HIIT_EASY_MIN` easy warm-up and cool-down, then 1 min hard / 2 min easy): hard
     minutes at the zone midpoint, the rest at the easy-zone midpoint
     (:data:`EASY_HRR_FRACTION`);
  2. without one (strength): the ``met_minutes`` form with the session's MET recovered from
     its planned energy, ``MET = gross / (gross − net)`` (both are MET-proportional in the
     ACSM convention, so the weight cancels);
  3. with neither: :data:`FALLBACK_TRIMP_PER_MIN` per minute (an easy session).

  An activity stored without any load gets the same fallback.

CTL and ATL are the exponentially weighted averages of daily load with time constants 42 and 7
days, ``CTL = (1 − e^(−1/42))·F`` where F is the Banister fitness sum
(:func:`runlean.science.training_load.banister_fitness_fatigue`), so that a steady load L gives
CTL = ATL = L. TSB follows TrainingPeaks: yesterday's CTL minus yesterday's ATL. The ACWR is the
EWMA form (Williams 2017), shown as information with a warning above 1.5 (Gabbett 2016,
Br J Sports Med 50:273; not a validated injury threshold: Impellizzeri et al. 2020).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from runlean.domain import Person
from runlean.planning import policy
from runlean.science.training_load import acwr_ewma, banister_fitness_fatigue, banister_trimp
from runlean.tracking.energy import MET_MINUTES_TO_TRIMP, Physiology, physiology

#: HR-reserve fraction of easy running: the midpoint of runlean's easy zone (60–70 % HRR,
#: :data:`runlean.planning.sessions.ZONES`).
EASY_HRR_FRACTION = 0.65
#: Load per minute of a session or activity known only by its duration [TRIMP/min]: a minute
#: at 60 % HRR with the male Banister weighting, 0.6·0.64·e^(1.92·0.6) (the anchor of
#: :data:`runlean.tracking.energy.MET_MINUTES_TO_TRIMP`).
FALLBACK_TRIMP_PER_MIN = 0.6 * 0.64 * math.exp(1.92 * 0.6)
#: Interval sessions as prescribed by runlean plans: 10 min warm-up + 5 min cool-down easy,
#: then repeats of 1 min hard / 2 min easy jog (:func:`runlean.planning.sessions.describe`).
HIIT_EASY_MIN = 15.0
HIIT_HARD_FRACTION = 1.0 / 3.0
INTERVAL_KINDS = ("hiit", "intervals")

TAU_CTL_DAYS = policy.TAU_CTL_DAYS
TAU_ATL_DAYS = policy.TAU_ATL_DAYS
ACWR_WARNING = policy.ACWR_WARNING
#: A single run longer than this × the longest run of the previous 30 days raises injury risk
#: (Frandsen et al. 2025).
SINGLE_RUN_LIMIT = policy.MAX_SINGLE_RUN_RATIO
#: A session with less than this fraction of its planned duration is "partly done".
PARTLY_DONE_FRACTION = 0.75

RUN_SPORTS = ("running", "run", "trail_running", "treadmill_running")


@dataclass(frozen=True)
class LoadSeries:
    """Daily load and PMC curves from ``start`` (inclusive), one value per day."""

    start: dt.date
    load: np.ndarray
    planned: np.ndarray
    ctl: np.ndarray
    atl: np.ndarray
    tsb: np.ndarray
    acwr: np.ndarray
    #: The same curves if the planned sessions are done (equal to the above up to today).
    ctl_planned: np.ndarray
    atl_planned: np.ndarray
    tsb_planned: np.ndarray
    acwr_planned: np.ndarray

    def index(self, day: dt.date) -> int:
        return (day - self.start).days

    def at(self, day: dt.date) -> dict[str, float | None]:
        i = self.index(day)
        if not 0 <= i < self.load.size:
            return {"ctl": None, "atl": None, "tsb": None, "acwr": None}

        def f(x: float) -> float | None:
            return None if not math.isfinite(x) else round(float(x), 2)
        return {"ctl": f(self.ctl[i]), "atl": f(self.atl[i]), "tsb": f(self.tsb[i]),
                "acwr": f(self.acwr[i])}


def activity_date(a: Mapping[str, Any]) -> dt.date | None:
    """Local calendar date of an activity dict (``start_utc`` + ``utc_offset_s``)."""
    start = a.get("start_utc")
    if not isinstance(start, dt.datetime):
        return None
    offset = a.get("utc_offset_s") or 0
    return (start + dt.timedelta(seconds=float(offset))).date()


def activity_load(a: Mapping[str, Any]) -> float:
    """Load of one activity [TRIMP]: its stored load, else the easy-minute fallback."""
    load = a.get("load")
    if isinstance(load, int | float) and math.isfinite(load):
        return float(load)
    minutes = float(a.get("moving_time_s") or a.get("duration_s") or 0.0) / 60.0
    return FALLBACK_TRIMP_PER_MIN * minutes


def session_kind(s: Mapping[str, Any]) -> str:
    """Type of a planned session (``kind`` in runlean plans, ``type`` accepted too)."""
    return str(s.get("kind") or s.get("type") or "").lower()


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def easy_run_load(minutes: float, phys: Physiology) -> float:
    """Load of ``minutes`` of easy running at the easy-zone midpoint [TRIMP]."""
    male = True if phys.male is None else phys.male
    easy_hr = phys.resting_hr_bpm + EASY_HRR_FRACTION * (phys.max_hr_bpm - phys.resting_hr_bpm)
    return float(banister_trimp(minutes, easy_hr, phys.resting_hr_bpm, phys.max_hr_bpm, male))


def pmc(daily_load: np.ndarray, ctl0: float = 0.0, atl0: float = 0.0
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CTL, ATL and TSB of a daily load series [load/day] (see the module docstring).

    ``ctl0`` and ``atl0`` are the values the day before the first day; a steady daily load L
    before the series is ``ctl0 = atl0 = L``. TSB on day 0 is ``ctl0 − atl0``.
    """
    k_ctl = 1.0 - math.exp(-1.0 / TAU_CTL_DAYS)
    k_atl = 1.0 - math.exp(-1.0 / TAU_ATL_DAYS)
    ff = banister_fitness_fatigue(daily_load, tau_fitness=TAU_CTL_DAYS, tau_fatigue=TAU_ATL_DAYS,
                                  fitness0=ctl0 / k_ctl, fatigue0=atl0 / k_atl)
    ctl = k_ctl * ff.fitness
    atl = k_atl * ff.fatigue
    tsb = np.concatenate(([ctl0 - atl0], ctl[:-1] - atl[:-1]))
    return ctl, atl, tsb


def planned_load(s: Mapping[str, Any], phys: Physiology | None = None) -> float:
    """Load of a planned session on the imported activities' scale [TRIMP].

    See the module docstring for the three cases. ``phys`` defaults to
    :func:`runlean.tracking.energy.physiology` of no profile (the import's defaults).
    """
    p = phys or physiology(None)
    minutes = _num(s.get("duration_min")) or 0.0
    if minutes <= 0 or session_kind(s) == "rest":
        return 0.0
    lo, hi = _num(s.get("hr_low_bpm")), _num(s.get("hr_high_bpm"))
    male = True if p.male is None else p.male
    if lo and hi:
        target_hr = 0.5 * (lo + hi)
        if session_kind(s) in INTERVAL_KINDS:
            hard = _num(s.get("hard_min"))
            if hard is None:  # plans made before sessions carried their hard minutes
                hard = HIIT_HARD_FRACTION * max(minutes - HIIT_EASY_MIN, 0.0)
            return float(banister_trimp(hard, target_hr, p.resting_hr_bpm, p.max_hr_bpm, male)
                         + easy_run_load(minutes - hard, p))
        return float(banister_trimp(minutes, target_hr, p.resting_hr_bpm, p.max_hr_bpm, male))
    gross, net = _num(s.get("gross_kcal") or s.get("energy_kcal")), _num(s.get("net_kcal"))
    if gross and net is not None and gross > net >= 0:
        met = gross / (gross - net)
        return (met - 1.0) * minutes * MET_MINUTES_TO_TRIMP
    return FALLBACK_TRIMP_PER_MIN * minutes


def session_date(s: Mapping[str, Any]) -> dt.date | None:
    d = s.get("date")
    if isinstance(d, dt.date):
        return d
    try:
        return dt.date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def daily_load_series(activities: Sequence[Mapping[str, Any]],
                      planned: Sequence[Mapping[str, Any]], today: dt.date,
                      horizon_days: int = 28, person: Person | None = None) -> LoadSeries:
    """Daily load (done up to today, planned from today on) and the PMC curves [TRIMP/day].

    Only what was done counts in ``ctl``/``atl``/``tsb``/``acwr`` (a session planned for today
    is not fatigue yet); ``*_planned`` are the curves if the planned sessions are done.
    ``person`` (the stored profile) sets the resting/maximal HR and sex used to convert
    planned sessions to TRIMP, as at import.
    """
    phys = physiology(person)
    dates = [d for d in (activity_date(a) for a in activities) if d is not None]
    pdates = [d for d in (session_date(s) for s in planned) if d is not None and d >= today]
    start = min([*dates, today])
    end = max([today + dt.timedelta(days=horizon_days), *pdates])
    n = (end - start).days + 1
    load = np.zeros(n)
    plan = np.zeros(n)
    done_today = False
    for a in activities:
        d = activity_date(a)
        if d is not None and d <= today:
            load[(d - start).days] += activity_load(a)
            done_today |= d == today
    for s in planned:
        d = session_date(s)
        if d is None or d < today or (d == today and done_today):
            continue
        plan[(d - start).days] += planned_load(s, phys)
    ctl, atl, tsb = pmc(load)
    ratio = acwr_ewma(load, seed=0.0).ratio
    ctl_p, atl_p, tsb_p = pmc(load + plan)
    ratio_p = acwr_ewma(load + plan, seed=0.0).ratio
    return LoadSeries(start, load, plan, ctl, atl, tsb, ratio, ctl_p, atl_p, tsb_p, ratio_p)


@dataclass(frozen=True)
class SingleRunCheck:
    """The 110 % rule: longest run of a window vs the longest of the 30 days before it."""

    date: dt.date
    distance_m: float
    previous_longest_m: float
    ratio: float

    @property
    def exceeded(self) -> bool:
        return self.ratio > SINGLE_RUN_LIMIT


def _is_run(a: Mapping[str, Any]) -> bool:
    return str(a.get("sport", "")).lower() in RUN_SPORTS


def single_run_checks(activities: Sequence[Mapping[str, Any]], since: dt.date
                      ) -> list[SingleRunCheck]:
    """For every run on or after ``since``, compare it with the longest run of the 30 days
    before (runs without a distance or without any earlier run in 30 days are skipped)."""
    runs = sorted(((activity_date(a), float(a.get("distance_m") or 0.0))
                   for a in activities if _is_run(a) and activity_date(a) is not None),
                  key=lambda t: t[0] or dt.date.min)
    out = []
    for d, dist in runs:
        assert d is not None
        if d < since or dist <= 0:
            continue
        prev = [x for e, x in runs if e is not None and d - dt.timedelta(days=30) <= e < d]
        if prev and max(prev) > 0:
            out.append(SingleRunCheck(d, dist, max(prev), dist / max(prev)))
    return out


@dataclass(frozen=True)
class Adherence:
    """Plan adherence of past sessions: uid lists per outcome."""

    done: list[str] = field(default_factory=list)
    partly_done: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def fraction_done(self) -> float | None:
        n = len(self.done) + len(self.partly_done) + len(self.missed)
        return None if n == 0 else len(self.done) / n


def plan_adherence(planned: Sequence[Mapping[str, Any]],
                   activities: Sequence[Mapping[str, Any]], today: dt.date) -> Adherence:
    """Match each planned session before ``today`` with activities of the same date.

    Done: the day's matching activities (runs for a run session, any activity otherwise) last
    ≥ 75 % of the planned minutes; partly done: some, but less; missed: none. Rest days are
    ignored.
    """
    by_day: dict[dt.date, list[Mapping[str, Any]]] = {}
    for a in activities:
        d = activity_date(a)
        if d is not None:
            by_day.setdefault(d, []).append(a)
    res = Adherence()
    for s in planned:
        d = session_date(s)
        minutes = float(s.get("duration_min") or 0.0)
        if d is None or d >= today or minutes <= 0 or session_kind(s) == "rest":
            continue
        sport = str(s.get("sport", "")).lower()
        same = [a for a in by_day.get(d, [])
                if not sport.startswith("run") or _is_run(a)]
        done_min = sum(float(a.get("moving_time_s") or a.get("duration_s") or 0.0)
                       for a in same) / 60.0
        uid = str(s.get("uid", f"{d}:{session_kind(s)}"))
        if done_min >= PARTLY_DONE_FRACTION * minutes:
            res.done.append(uid)
        elif done_min > 0:
            res.partly_done.append(uid)
        else:
            res.missed.append(uid)
    return res


def weekly_run_volume_km(activities: Sequence[Mapping[str, Any]], weeks: int, today: dt.date
                         ) -> list[tuple[dt.date, float]]:
    """Running distance per ISO week (Monday start) for the last ``weeks`` weeks [km]."""
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(starts, 0.0)
    for a in activities:
        d = activity_date(a)
        if d is None or not _is_run(a):
            continue
        wk = d - dt.timedelta(days=d.weekday())
        if wk in totals:
            totals[wk] += float(a.get("distance_m") or 0.0) / 1000.0
    return [(w, totals[w]) for w in starts]
