"""Projected training load of a plan: planned sessions → daily load → CTL, ATL, TSB.

One scale with ``runlean status``: each session's load is
:func:`runlean.tracking.load.planned_load` (Banister TRIMP at the target zone's midpoint HR
reserve, with the resting/maximal HR and sex of
:func:`runlean.tracking.energy.physiology` for the plan's person), and the daily loads go
through the same CTL/ATL/TSB recursion (:func:`runlean.tracking.load.pmc`, 42/7-day
exponentially weighted averages, TSB = yesterday's CTL − ATL). The person starts in the steady
state of their current running (their habitual weekly minutes as easy running,
:func:`runlean.tracking.load.easy_run_load`), so week 1 is not shown as a jump from zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np

from runlean.domain import Person, Session
from runlean.tracking.energy import Physiology, physiology
from runlean.tracking.load import easy_run_load, planned_load, pmc


def session_mapping(s: Session) -> dict[str, Any]:
    """The fields of a planned session that :func:`planned_load` reads."""
    return {"kind": s.kind, "duration_min": s.duration_min,
            "hr_low_bpm": s.intensity.hr_low_bpm, "hr_high_bpm": s.intensity.hr_high_bpm,
            "gross_kcal": s.gross_kcal, "net_kcal": s.net_kcal, "hard_min": s.hard_min}


def session_load(s: Session, phys: Physiology) -> float:
    """Load of one planned session [TRIMP] (:func:`runlean.tracking.load.planned_load`)."""
    return planned_load(session_mapping(s), phys)


def daily_planned_load(sessions: Iterable[Session], start: dt.date, days: int,
                       phys: Physiology) -> np.ndarray:
    """Planned load on each day from ``start`` [TRIMP/day], shape ``(days,)``."""
    out = np.zeros(days)
    for s in sessions:
        i = (s.date - start).days
        if 0 <= i < days:
            out[i] += session_load(s, phys)
    return out


def projected_training_load(sessions: Iterable[Session], start: dt.date, days: int,
                            habitual_running_min_per_week: float,
                            person: Person | None = None) -> dict[str, list[float]]:
    """Daily load, CTL, ATL and TSB over the plan [TRIMP/day].

    Parameters
    ----------
    sessions
        The planned sessions.
    start
        Day 0 of the plan.
    days
        Days to project.
    habitual_running_min_per_week
        Current running [min/week], counted as easy running; sets the starting CTL and ATL
        (steady state).
    person
        Sets resting/maximal HR and sex as at import (``None``: the import's defaults).
    """
    phys = physiology(person)
    loads = daily_planned_load(sessions, start, days, phys)
    base = easy_run_load(habitual_running_min_per_week / 7.0, phys)
    ctl, atl, tsb = pmc(loads, ctl0=base, atl0=base)
    return {"day": list(map(float, range(days))), "load": loads.tolist(),
            "ctl": ctl.tolist(), "atl": atl.tolist(), "tsb": tsb.tolist()}
