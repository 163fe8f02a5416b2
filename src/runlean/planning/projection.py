"""Projections of a plan with Hall's model: the plan and three comparison scenarios.

Exercise enters Hall's model as ``extra_activity_kcal_per_day``: the day's session energy
(net + EPOC, at baseline weight; its cost scales with weight in the model) less the energy of
the person's current training (already in their expenditure before the plan), multiplied by
``1 − c`` where ``c`` is the assumed compensation (exercise energy eaten back or offset by less
non-exercise movement: Riou et al. 2015, Nutrients; Flack et al. 2018, J Appl Physiol; default
0.3). Callers pass that increment as
:attr:`ScenarioInputs.exercise_kcal`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from runlean.domain import FloatArray, Session
from runlean.science.hall2011 import (
    HallBaseline,
    allometric_legs,
    hall_baseline,
    maintenance_intake,
    regional_fat_kg,
    simulate_batch,
)
from runlean.science.regional_fat import K_LEG_ALLOMETRIC

#: Days projected at maintenance intake after the goal day.
MAINTENANCE_DAYS = 84
#: Days of the plan's end averaged to set the training kept up during maintenance.
MAINTENANCE_TRAINING_WINDOW_DAYS = 28
SCENARIOS = ("plan", "diet_only", "running_only", "plan_no_strength")
SCENARIO_LABELS = {
    "plan": "The plan (diet + training)",
    "diet_only": "Diet change alone",
    "running_only": "Running alone, no diet change",
    "plan_no_strength": "The plan without strength training",
}


def weekly_mean(daily: FloatArray) -> FloatArray:
    """Each day replaced by the mean of its plan week (days 0-6, 7-13, ...).

    The model is given each week's average training energy: a plan's rest days are not
    surplus days and its run days are not large deficits. Hall's model partitions a deficit
    and a surplus differently (the lean-mass modifiers apply to deficits), so day-to-day
    alternation would bank lean mass on rest days that no training plan builds.
    """
    out = np.asarray(daily, dtype=float).copy()
    for a in range(0, out.size, 7):
        out[a:a + 7] = out[a:a + 7].mean()
    return out


def daily_exercise_kcal(sessions: Iterable[Session], start: dt.date, days: int,
                        kinds: Iterable[str] | None = None) -> FloatArray:
    """Session energy (net + EPOC) on each day from ``start`` [kcal/day], shape ``(days,)``."""
    keep = None if kinds is None else set(kinds)
    out = np.zeros(days)
    for s in sessions:
        i = (s.date - start).days
        if 0 <= i < days and (keep is None or s.kind in keep):
            out[i] += s.deficit_kcal
    return out


@dataclass(frozen=True)
class ScenarioInputs:
    """Daily inputs of one scenario over the goal period (length = goal day)."""

    intake_kcal_per_day: float
    #: Exercise energy over the current training [kcal/day] (may be < 0 in deload weeks).
    exercise_kcal: FloatArray
    lean_multiplier: float


def project(baseline_args: dict[str, float | bool | None], goal_day: int,
            scenarios: dict[str, ScenarioInputs], compensation: float,
            regional0: tuple[float, float, float],
            maintenance_days: int = MAINTENANCE_DAYS) -> dict[str, dict[str, list[float]]]:
    """Simulate every scenario to the goal day, then at its maintenance intake.

    Parameters
    ----------
    baseline_args
        Arguments of :func:`hall_baseline` for the person (scalars).
    goal_day
        Model day of the goal (day 0 = start).
    scenarios
        Name → inputs for the goal period. After the goal day each scenario eats its
        maintenance intake and keeps the average training of its last 28 days.
    compensation
        Fraction of exercise energy assumed compensated (0–1).
    regional0
        Baseline legs, arms, trunk fat [kg].
    maintenance_days
        Days projected after the goal day.

    Returns
    -------
    Scenario → column → daily values (day 0 .. goal_day + maintenance_days).
    """
    names = list(scenarios)
    n = len(names)
    args = {k: (np.full(n, v) if v is not None else None) for k, v in baseline_args.items()}
    base: HallBaseline = hall_baseline(**args)  # type: ignore[arg-type]
    total = goal_day + maintenance_days
    credit = 1.0 - compensation
    extra = np.zeros((n, total))
    intake = np.zeros((n, total))
    for i, name in enumerate(names):
        sc = scenarios[name]
        extra[i, :goal_day] = credit * sc.exercise_kcal[:goal_day]
        window = sc.exercise_kcal[max(0, goal_day - MAINTENANCE_TRAINING_WINDOW_DAYS):goal_day]
        extra[i, goal_day:] = credit * float(np.mean(window)) if window.size else 0.0
        intake[i, :goal_day] = sc.intake_kcal_per_day
    lean_m = np.array([scenarios[k].lean_multiplier for k in names])
    first = simulate_batch(base, goal_day, intake[:, :goal_day] - base.intake0[:, None],
                           extra_activity_kcal_per_day=extra[:, :goal_day],
                           lean_multiplier=lean_m, final_only=True)
    maint = maintenance_intake(base, first.fat[:, -1], first.lean[:, -1], first.weight[:, -1],
                               extra_activity_kcal_per_day=extra[:, goal_day])
    intake[:, goal_day:] = maint[:, None]
    traj = simulate_batch(base, total, intake - base.intake0[:, None],
                          extra_activity_kcal_per_day=extra, lean_multiplier=lean_m)
    legs0, arms0, trunk0 = regional0
    legs, arms, trunk = regional_fat_kg(base.fat0, traj.fat, np.full(n, legs0),
                                        np.full(n, arms0), np.full(n, trunk0))
    legs_slow = allometric_legs(np.full((n, 1), legs0), base.fat0[:, None], traj.fat,
                                K_LEG_ALLOMETRIC)
    out: dict[str, dict[str, list[float]]] = {}
    day = np.arange(total + 1, dtype=float)
    for i, name in enumerate(names):
        out[name] = {
            "day": day.tolist(),
            "weight_kg": traj.weight[i].tolist(),
            "fat_kg": traj.fat[i].tolist(),
            "fat_free_kg": traj.fat_free[i].tolist(),
            "tissue_kg": (traj.fat[i] + traj.lean[i]).tolist(),
            "leg_fat_kg": legs[i].tolist(),
            "leg_fat_kg_allometric": legs_slow[i].tolist(),
            "arm_fat_kg": arms[i].tolist(),
            "trunk_fat_kg": trunk[i].tolist(),
            "intake_kcal_per_day": np.append(intake[i], intake[i, -1]).tolist(),
            "exercise_credited_kcal_per_day": np.append(extra[i], extra[i, -1]).tolist(),
        }
    return out
