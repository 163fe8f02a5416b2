"""Projected training load of a plan: planned sessions → daily load → fitness, fatigue, form.

Each session's load is its session-RPE load (Foster 2001) at the middle of its target RPE
range; the daily loads run through the Banister fitness-fatigue model (τ 42 / 7 days, the
CTL/ATL convention). The person starts in the steady state of their current running (their
habitual weekly minutes at :data:`HABITUAL_RPE`), so week 1 is not shown as a jump from zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import numpy as np

from runlean.domain import Session
from runlean.science.training_load import (
    TAU_FATIGUE_DAYS,
    TAU_FITNESS_DAYS,
    banister_fitness_fatigue,
    session_rpe_load,
)

#: RPE (CR-10) of the easy running the person does now.
HABITUAL_RPE = 3.5


def daily_planned_load(sessions: Iterable[Session], start: dt.date, days: int) -> np.ndarray:
    """Session-RPE load on each day from ``start`` [AU/day], shape ``(days,)``."""
    out = np.zeros(days)
    for s in sessions:
        i = (s.date - start).days
        if 0 <= i < days:
            rpe = 0.5 * (s.intensity.rpe_low + s.intensity.rpe_high)
            out[i] += float(session_rpe_load(rpe, s.duration_min))
    return out


def projected_training_load(sessions: Iterable[Session], start: dt.date, days: int,
                            habitual_running_min_per_week: float) -> dict[str, list[float]]:
    """Daily load, fitness (CTL), fatigue (ATL) and form (TSB) over the plan [AU].

    Parameters
    ----------
    sessions
        The planned sessions.
    start
        Day 0 of the plan.
    days
        Days to project.
    habitual_running_min_per_week
        Current running [min/week]; sets the starting fitness and fatigue (steady state).
    """
    loads = daily_planned_load(sessions, start, days)
    base = float(session_rpe_load(HABITUAL_RPE, habitual_running_min_per_week)) / 7.0
    f0 = base / (1.0 - math.exp(-1.0 / TAU_FITNESS_DAYS))
    a0 = base / (1.0 - math.exp(-1.0 / TAU_FATIGUE_DAYS))
    ff = banister_fitness_fatigue(loads, fitness0=f0, fatigue0=a0)
    return {"day": list(map(float, range(days))), "load": loads.tolist(),
            "fitness": ff.fitness.tolist(), "fatigue": ff.fatigue.tolist(),
            "form": ff.form.tolist()}
