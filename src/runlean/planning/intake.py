"""Choosing the plan's daily intake and goal day within the rules of the person's population.

The intake is the expenditure before the plan less a *dietary deficit* ``d``; the plan's
training adds to it (credited at ``1 − compensation``), and Hall's model turns both into a
trajectory. For every candidate deficit the trajectory gives the goal day (first day the goal
metric is reached) and is checked against the rules (:mod:`runlean.planning.policy`): the
weekly loss cap in every projected week up to the goal day, the intake floor, and for athletes
energy availability. A larger deficit reaches the goal sooner and loses faster, so the safe
deficits are an interval ``[0, d_safe]``, found by two rounds of a vectorised grid search
(all candidates in one batch of Hall's model).

Then, by population:

* non-athletes: ``d`` = the default of their band (600 kcal/day with overweight, 500 with a
  healthy weight), or with a goal date the smallest deficit in the band that reaches it,
  never above ``d_safe`` or the band's top;
* athletes: the deficit that reaches the goal at 0.5 % of body weight a week, or by the goal
  date, never above ``d_safe``.

A date that cannot be met safely gets the earliest safe date instead (the goal day at the
largest allowed deficit), with a warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from runlean.domain import FloatArray
from runlean.errors import UnsafeGoalError
from runlean.planning import policy
from runlean.science.hall2011 import HallBaseline, HallTrajectory, simulate_batch

#: Candidate deficits simulated in the first round, and in each refining round.
GRID_POINTS = 9
REFINE_POINTS = 7
#: The search stops refining below this width [kcal/day].
DEFICIT_TOLERANCE_KCAL = 2.0


@dataclass(frozen=True)
class IntakeProblem:
    """Everything the intake search needs for one person.

    ``extra_kcal`` is the credited training energy over the current training on each day of
    the horizon [kcal/day]; ``exercise_kcal`` the plan's session energy (net + EPOC) on each
    day [kcal/day], for energy availability; ``metric`` maps a trajectory to the goal metric
    (lower is closer to the goal) and ``target`` is its goal value.
    """

    baseline: HallBaseline
    horizon_days: int
    extra_kcal: FloatArray
    exercise_kcal: FloatArray
    lean_multiplier: float
    metric: Callable[[HallTrajectory], FloatArray]
    target: float
    solver_kind: str
    rules: policy.Rules
    fat_free_mass_kg: float
    goal_text: str

    @property
    def expenditure(self) -> float:
        """Expenditure before the plan [kcal/day] (the model's baseline intake)."""
        return float(self.baseline.intake0[0])

    def floor(self, days: int) -> float:
        """Lowest safe average intake for a plan of ``days`` days [kcal/day]."""
        ex = float(self.exercise_kcal[:max(days, 1)].mean())
        return policy.intake_floor_kcal(self.rules, ex, self.fat_free_mass_kg)


@dataclass(frozen=True)
class Trial:
    """One candidate deficit: its goal day (None: not reached), fastest week and safety."""

    deficit: float
    intake: float
    goal_day: int | None
    weekly: FloatArray
    caps: FloatArray
    floor: float

    @property
    def rate_ok(self) -> bool:
        return bool(np.all(self.weekly <= self.caps + 1e-9))

    @property
    def floor_ok(self) -> bool:
        return self.intake >= self.floor - 1e-9

    @property
    def safe(self) -> bool:
        return self.rate_ok and self.floor_ok


@dataclass(frozen=True)
class IntakeChoice:
    """The chosen intake and goal day, and what limited them."""

    intake: float
    deficit: float
    goal_day: int
    safe_deficit: float
    earliest_goal_day: int
    binding: str | None
    warnings: list[str]


def _batch(baseline: HallBaseline, n: int) -> HallBaseline:
    """The one-person baseline repeated ``n`` times."""
    fields: dict[str, Any] = {
        name: (getattr(baseline, name).repeat(n) if name != "params" else baseline.params)
        for name in HallBaseline.__dataclass_fields__}
    return HallBaseline(**fields)


def evaluate(problem: IntakeProblem, deficits: FloatArray) -> list[Trial]:
    """Simulate every candidate deficit over the horizon and check it (one model batch)."""
    n = deficits.size
    base = _batch(problem.baseline, n)
    days = problem.horizon_days
    intakes = problem.expenditure - deficits
    traj = simulate_batch(base, days, (intakes - base.intake0)[:, None],
                          extra_activity_kcal_per_day=np.broadcast_to(
                              problem.extra_kcal[None, :days], (n, days)),
                          lean_multiplier=problem.lean_multiplier)
    values = problem.metric(traj)
    trials = []
    for i in range(n):
        hit = np.nonzero(values[i] <= problem.target + 1e-9)[0]
        goal = int(hit[0]) if hit.size else None
        end = goal if goal is not None else days
        end = max(end, 1)
        w = traj.weight[i, :end + 1]
        weekly = policy.weekly_loss_fractions(w, traj.fat[i, :end + 1] + traj.lean[i, :end + 1])
        trials.append(Trial(float(deficits[i]), float(intakes[i]), goal, weekly,
                            policy.weekly_caps(problem.rules, w), problem.floor(end)))
    return trials


def _largest_safe(problem: IntakeProblem, trials: list[Trial]
                  ) -> tuple[Trial | None, list[Trial]]:
    """Refine the largest safe deficit between the grid's last safe and first unsafe point.

    Returns the largest safe trial found (None if none is safe) and every trial evaluated.
    """
    every = list(trials)
    for _ in range(3):
        ordered = sorted(every, key=lambda t: t.deficit)
        safe = [t for t in ordered if t.safe]
        if not safe:
            return None, every
        top = safe[-1]
        above = [t for t in ordered if t.deficit > top.deficit and not t.safe]
        if not above:
            return top, every
        gap = above[0].deficit - top.deficit
        if gap <= DEFICIT_TOLERANCE_KCAL:
            return top, every
        every += evaluate(problem, np.linspace(top.deficit, above[0].deficit,
                                               REFINE_POINTS + 2)[1:-1])
    ordered = sorted(every, key=lambda t: t.deficit)
    return [t for t in ordered if t.safe][-1], every


def _deficit_for_day(trials: list[Trial], day: int) -> float | None:
    """Deficit reaching the goal on ``day``, interpolated between evaluated trials.

    The goal day falls as the deficit rises; None when no evaluated deficit reaches the goal
    by ``day`` (the caller decides what that means).
    """
    reached = sorted((t for t in trials if t.goal_day is not None), key=lambda t: t.deficit)
    if not reached or min(t.goal_day or 0 for t in reached) > day:
        return None
    later = [t for t in sorted(trials, key=lambda t: t.deficit)
             if t.goal_day is None or t.goal_day > day]
    sooner = [t for t in reached if (t.goal_day or 0) <= day]
    hi = min(sooner, key=lambda t: t.deficit)
    lo_candidates = [t for t in later if t.deficit < hi.deficit]
    if not lo_candidates:
        return hi.deficit
    lo = max(lo_candidates, key=lambda t: t.deficit)
    if lo.goal_day is None:
        return hi.deficit
    frac = (lo.goal_day - day) / max(lo.goal_day - (hi.goal_day or 0), 1)
    return lo.deficit + frac * (hi.deficit - lo.deficit)


def _no_safe_plan(problem: IntakeProblem) -> UnsafeGoalError:
    t = evaluate(problem, np.array([0.0]))[0]
    if not t.floor_ok:
        return UnsafeGoalError(
            f"No plan: the safe minimum intake ({t.floor:.0f} kcal/day) is above what you "
            f"burn now ({problem.expenditure:.0f} kcal/day), so there is no safe deficit for "
            "you; see a dietitian or sports doctor.")
    return UnsafeGoalError(
        f"No plan: even without eating less, the planned training alone would lose "
        f"{100 * float(t.weekly.max()):.2f} % of body weight in a week, more than the "
        f"{100 * problem.rules.max_weekly_loss_fraction:.1f} % allowed; train less (fewer run "
        "days or shorter sessions).")


def choose_intake(problem: IntakeProblem, requested_days: int | None,
                  pace_days: int | None) -> IntakeChoice:
    """Choose the dietary deficit and goal day (see the module docstring).

    Parameters
    ----------
    problem
        The person's model, training and rules.
    requested_days
        Days from the start to the goal date asked for (None: no date).
    pace_days
        Athletes without a date: days to the goal at the default pace.

    Raises
    ------
    UnsafeGoalError
        When the goal cannot be reached safely within the horizon.
    """
    rules = problem.rules
    band = rules.dietary_deficit_kcal
    ceiling = band[2] if band is not None else problem.expenditure - problem.floor(
        problem.horizon_days)
    ceiling = max(min(ceiling, problem.expenditure - policy.ABSOLUTE_MIN_INTAKE_KCAL), 0.0)
    grid = np.linspace(0.0, ceiling, GRID_POINTS)
    if band is not None:
        # Sorted and without repeats, as np.unique (which loads numpy.ma: 0.02 s at start-up).
        grid = np.array(sorted({*grid.tolist(), band[0], band[1]}))
    fastest, trials = _largest_safe(problem, evaluate(problem, grid))
    if fastest is None:
        raise _no_safe_plan(problem)
    if fastest.goal_day is None:
        raise UnsafeGoalError(
            f"No plan: the goal ({problem.goal_text}) cannot be reached safely within "
            f"{problem.horizon_days // 7} weeks: even at the largest safe deficit "
            f"({fastest.deficit:.0f} kcal/day below what you burn now, an intake of "
            f"{fastest.intake:.0f} kcal/day) it takes longer; set a nearer goal first.")
    day = requested_days if requested_days is not None else pace_days
    if day is not None:
        wanted = _deficit_for_day(trials, day)
        wanted = math.inf if wanted is None else wanted
    else:
        wanted = band[1] if band is not None else fastest.deficit
    lowest = band[0] if band is not None else 0.0
    deficit = min(max(wanted, lowest), fastest.deficit)
    warnings: list[str] = []
    binding = None
    if wanted > fastest.deficit + DEFICIT_TOLERANCE_KCAL:
        binding = _binding(problem, fastest, ceiling, trials)
        if requested_days is not None:
            need = (f"a dietary deficit of {wanted:.0f} kcal/day" if math.isfinite(wanted)
                    else "a larger dietary deficit than any safe one")
            warnings.append(
                f"Your goal cannot be reached safely in {requested_days // 7} weeks: it would "
                f"need {need}, more than the {fastest.deficit:.0f} allowed "
                f"({_binding_text(binding, rules)}). The earliest safe goal date is "
                f"{fastest.goal_day} days ({fastest.goal_day / 7:.1f} weeks) from the start; "
                "this plan is for that date.")
    chosen = next((t for t in trials if abs(t.deficit - deficit) < 1e-9), None)
    if chosen is None:
        chosen = evaluate(problem, np.array([deficit]))[0]
    if chosen.goal_day is None or not chosen.safe:
        chosen = fastest
    return IntakeChoice(chosen.intake, chosen.deficit, int(chosen.goal_day or 0),
                        fastest.deficit, int(fastest.goal_day), binding, warnings)


def _binding(problem: IntakeProblem, fastest: Trial, ceiling: float,
             trials: list[Trial]) -> str:
    """What stops a larger deficit: the band's top, the intake floor or the loss rate."""
    if fastest.deficit >= ceiling - DEFICIT_TOLERANCE_KCAL:
        return "band"
    above = [t for t in trials if t.deficit > fastest.deficit]
    nxt = min(above, key=lambda t: t.deficit) if above else fastest
    return "floor" if not nxt.floor_ok else "rate"


def _binding_text(binding: str | None, rules: policy.Rules) -> str:
    if binding == "band" and rules.dietary_deficit_kcal is not None:
        return (f"the guideline deficit for you is at most {rules.dietary_deficit_kcal[2]:.0f} "
                "kcal/day")
    if binding == "floor":
        return f"your intake may not go below {rules.min_intake_kcal:.0f} kcal/day"
    return (f"no week may lose more than {100 * rules.max_weekly_loss_fraction:.1f} % of body "
            "weight")
