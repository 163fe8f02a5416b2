"""Adaptive expenditure policy: windows, priors, recalibration and re-projection to the goal.

The science (energy balance, Bayesian update, trend filter) is in
:mod:`runlean.science.adaptive_expenditure` and :mod:`runlean.science.weight_trend`; this module
chooses the window (the last 28 days), the prior (Mifflin-St Jeor at the trend weight × the
person's PAL, ±15 %), removes outlier weighings flagged by the robust trend filter, and then
re-projects the person to their goal with their *measured* expenditure, within the safety
rules (intake floors, loss ≤ 1 %/week). Device calories never enter the balance.

Recalibration model: a composition-aware energy-balance model calibrated to the person,
``E(W) = E_est + PAL_eff·(RMR(W) − RMR(W_now))`` with ``PAL_eff = E_est/RMR(W_now)``: the
measured expenditure is the level, and it falls with weight as resting metabolism does;
``dW/dt = (I − E(W))/ρ(FM)`` with the Forbes/Hall energy density. This is the
one-compartment reduction of Hall's model around the person's current state (no glycogen or
water dynamics, no adaptive thermogenesis beyond what the measured level already contains).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from runlean.domain import Habits, Person
from runlean.science.adaptive_expenditure import (
    ExpenditureEstimate,
    estimate_expenditure,
    forbes_lean_fraction_of_change,
    hall_2008_energy_density,
)
from runlean.science.body_composition import jackson_2002_body_fat_pct
from runlean.science.metabolism import mifflin_st_jeor
from runlean.science.weight_trend import TrendResult, local_linear_trend_kalman

#: Length of the rolling window of the expenditure estimate [days] (MacroFactor-like; long
#: enough that the slope SD is ≈ 0.015 kg/day at 0.7 kg scale noise).
WINDOW_DAYS = 28

#: Relative SD of the Mifflin × PAL prior (Mifflin is within ±10 % of measured RMR for most
#: adults; PAL self-report adds more) [–].
PRIOR_RELATIVE_SD = 0.15

#: Fewest weighings / intake logs in the window before the data are used at all.
MIN_WEIGHT_DAYS = 7
MIN_INTAKE_DAYS = 5

#: Safety rules (physiology.md §8.4): intake floors and the fastest allowed loss.
INTAKE_FLOOR_KCAL = {"female": 1200.0, "male": 1500.0}
MAX_LOSS_FRACTION_PER_WEEK = 0.01

#: Longest horizon of a re-projection [days].
MAX_PROJECTION_DAYS = 3 * 365


@dataclass(frozen=True)
class DatedSeries:
    """Dated values as day indices from an origin date (what the science functions take)."""

    origin: dt.date
    day: np.ndarray
    value: np.ndarray

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[dt.date, float]], origin: dt.date
                   ) -> DatedSeries:
        ordered = sorted(pairs)
        day = np.array([(d - origin).days for d, _ in ordered], dtype=np.int64)
        val = np.array([v for _, v in ordered], dtype=np.float64)
        return cls(origin, day, val)


def baseline_fat_mass_kg(person: Person) -> float:
    """Fat mass at the profile weight: the person's body-fat % or Jackson's BMI estimate [kg]."""
    if person.body_fat_pct is not None:
        pct = person.body_fat_pct
    else:
        pct = float(jackson_2002_body_fat_pct(person.weight_kg, person.height_m, person.age_years,
                                              person.sex == "male"))
    return person.weight_kg * min(max(pct, 3.0), 60.0) / 100.0


def fat_mass_at_weight_kg(person: Person, weight_kg: float) -> float:
    """Fat mass after the weight moved from the profile weight, partitioned by Forbes [kg]."""
    fm0 = baseline_fat_mass_kg(person)
    p = float(forbes_lean_fraction_of_change(fm0))
    return max(fm0 + (1.0 - p) * (weight_kg - person.weight_kg), 1.0)


def prior_expenditure_kcal(person: Person, habits: Habits, weight_kg: float) -> float:
    """Mifflin-St Jeor RMR at ``weight_kg`` × the person's PAL [kcal/day]."""
    rmr = float(mifflin_st_jeor(weight_kg, person.height_cm, person.age_years,
                                person.sex == "male"))
    return rmr * habits.pal


@dataclass(frozen=True)
class ExpenditureReport:
    """What the logs say about the person's expenditure on ``as_of``."""

    as_of: dt.date
    trend: TrendResult | None
    trend_origin: dt.date | None
    estimate: ExpenditureEstimate
    prior_kcal_per_day: float
    data_used: bool
    missing: tuple[str, ...]

    @property
    def trend_weight_kg(self) -> float | None:
        return None if self.trend is None else float(self.trend.level_kg[-1])

    @property
    def weight_rate_kg_per_week(self) -> float | None:
        return None if self.trend is None else 7.0 * float(self.trend.slope_kg_per_day[-1])


def estimate_from_logs(
    weights: Sequence[tuple[dt.date, float]],
    intakes: Sequence[tuple[dt.date, float]],
    person: Person,
    habits: Habits,
    as_of: dt.date,
    *,
    window_days: int = WINDOW_DAYS,
) -> ExpenditureReport:
    """Estimate the person's expenditure over the ``window_days`` ending on ``as_of``.

    Parameters
    ----------
    weights
        ``(date, weight_kg)`` logs (any order; only dates ≤ ``as_of`` are used).
    intakes
        ``(date, kcal)`` logs.
    person, habits
        The profile (for the prior and the fat mass).
    as_of
        Last day of the window.
    window_days
        Window length [days].
    """
    w = [(d, v) for d, v in weights if d <= as_of]
    i = [(d, v) for d, v in intakes if d <= as_of]
    start = as_of - dt.timedelta(days=window_days - 1)
    missing: list[str] = []
    trend: TrendResult | None = None
    origin: dt.date | None = None
    weight_now = person.weight_kg
    kept_day = np.zeros(0, dtype=np.int64)
    kept_w = np.zeros(0)
    if w:
        origin = min(d for d, _ in w)
        ws = DatedSeries.from_pairs(w, origin)
        trend = local_linear_trend_kalman(ws.day, ws.value)
        ok = ~trend.outlier[ws.day - ws.day[0]]
        kept_day, kept_w = ws.day[ok], ws.value[ok]
        weight_now = float(trend.level_kg[-1])
    origin = origin or start
    n_w = int(np.sum(kept_day >= (start - origin).days))
    if n_w < MIN_WEIGHT_DAYS:
        missing.append(f"weight: {n_w} weighings in the last {window_days} days "
                       f"(need at least {MIN_WEIGHT_DAYS}; weigh every morning)")
    n_i = sum(1 for d, _ in i if d >= start)
    if n_i < MIN_INTAKE_DAYS:
        missing.append(f"intake: {n_i} days logged in the last {window_days} days "
                       f"(need at least {MIN_INTAKE_DAYS}; log what you eat daily)")
    prior = prior_expenditure_kcal(person, habits, weight_now)
    fm = fat_mass_at_weight_kg(person, weight_now)
    use = not missing
    isr = DatedSeries.from_pairs(i, origin) if i else DatedSeries(origin, np.zeros(0, np.int64),
                                                                  np.zeros(0))
    est = estimate_expenditure(
        kept_day if use else np.zeros(0, np.int64), kept_w if use else np.zeros(0),
        isr.day if use else np.zeros(0, np.int64), isr.value if use else np.zeros(0),
        window_start_day=(start - origin).days, window_end_day=(as_of - origin).days,
        fat_mass_kg=fm, prior_kcal_per_day=prior,
        prior_sd_kcal_per_day=PRIOR_RELATIVE_SD * prior)
    return ExpenditureReport(as_of, trend, None if not w else origin, est, prior, use,
                             tuple(missing))


# --- recalibrated projection -------------------------------------------------------------


def project_weight_kg(person: Person, weight_now_kg: float, expenditure_now_kcal: float,
                      intake_kcal_per_day: float, days: int) -> np.ndarray:
    """Daily weight under a constant intake, with the calibrated one-compartment model [kg].

    Returns ``days + 1`` values, day 0 = ``weight_now_kg`` (see the module docstring).
    """
    male = person.sex == "male"
    rmr_now = float(mifflin_st_jeor(weight_now_kg, person.height_cm, person.age_years, male))
    pal_eff = expenditure_now_kcal / rmr_now
    out = np.empty(days + 1)
    wt = weight_now_kg
    out[0] = wt
    for k in range(1, days + 1):
        rmr = float(mifflin_st_jeor(wt, person.height_cm, person.age_years, male))
        e = expenditure_now_kcal + pal_eff * (rmr - rmr_now)
        rho = hall_2008_energy_density(fat_mass_at_weight_kg(person, wt))
        wt = wt + (intake_kcal_per_day - e) / rho
        out[k] = wt
    return out


@dataclass(frozen=True)
class Reprojection:
    """Re-projection of the goal with the measured expenditure.

    ``projected_goal_date`` is when the goal weight is reached at ``intake_kcal_per_day`` (None
    if not within :data:`MAX_PROJECTION_DAYS`); ``intake_for_original_date`` is the constant
    intake that reaches it on the original date, and ``safe_intake_kcal_per_day`` that value
    clamped to the safety rules (``clamped_by`` says which rule bit, if any).
    """

    intake_kcal_per_day: float
    projected_goal_date: dt.date | None
    intake_for_original_date: float | None
    safe_intake_kcal_per_day: float
    intake_floor_kcal_per_day: float
    min_intake_for_rate_kcal_per_day: float
    clamped_by: str | None


def _days_to_reach(series: np.ndarray, goal_kg: float) -> int | None:
    hit = np.nonzero(series <= goal_kg)[0]
    return int(hit[0]) if hit.size else None


def reproject_to_goal(person: Person, weight_now_kg: float, expenditure_now_kcal: float,
                      intake_kcal_per_day: float, goal_weight_kg: float,
                      goal_date: dt.date | None, today: dt.date) -> Reprojection:
    """Recalibrated projection to a goal weight, and the intake that keeps the goal date.

    Parameters
    ----------
    person
        Profile (height, age, sex, body fat).
    weight_now_kg
        Current trend weight [kg].
    expenditure_now_kcal
        Measured expenditure [kcal/day] (the calibration).
    intake_kcal_per_day
        Intake to project with (the current target) [kcal/day].
    goal_weight_kg
        Goal weight [kg] (below the current weight for a loss).
    goal_date
        Original goal date, or None.
    today
        Day 0 of the projection.
    """
    male = person.sex == "male"
    rmr = float(mifflin_st_jeor(weight_now_kg, person.height_cm, person.age_years, male))
    floor = max(INTAKE_FLOOR_KCAL[person.sex], rmr)
    rho = hall_2008_energy_density(fat_mass_at_weight_kg(person, weight_now_kg))
    rate_floor = expenditure_now_kcal - rho * MAX_LOSS_FRACTION_PER_WEEK * weight_now_kg / 7.0
    lowest = max(floor, rate_floor)
    series = project_weight_kg(person, weight_now_kg, expenditure_now_kcal, intake_kcal_per_day,
                               MAX_PROJECTION_DAYS)
    k = _days_to_reach(series, goal_weight_kg)
    projected = None if k is None else today + dt.timedelta(days=k)
    needed: float | None = None
    if goal_date is not None and goal_date > today and goal_weight_kg < weight_now_kg:
        n = (goal_date - today).days

        def end_weight(intake: float) -> float:
            return float(project_weight_kg(person, weight_now_kg, expenditure_now_kcal,
                                           intake, n)[-1])

        lo, hi = 0.0, expenditure_now_kcal * 1.5
        for _ in range(40):  # bisection: end weight increases with intake
            mid = 0.5 * (lo + hi)
            if end_weight(mid) > goal_weight_kg:
                hi = mid
            else:
                lo = mid
        needed = 0.5 * (lo + hi)
    target = needed if needed is not None else intake_kcal_per_day
    clamped_by = None
    safe = target
    if target < lowest:
        safe = lowest
        clamped_by = ("intake floor (max of sex floor and RMR)" if floor >= rate_floor
                      else "maximum loss rate of 1 % of body weight per week")
    return Reprojection(intake_kcal_per_day, projected, needed, safe, floor, rate_floor,
                        clamped_by)


def confidence_interval(est: ExpenditureEstimate, z: float = 1.96) -> tuple[float, float]:
    """Normal interval of the posterior expenditure [kcal/day]."""
    half = z * est.sd_kcal_per_day
    return est.expenditure_kcal_per_day - half, est.expenditure_kcal_per_day + half


def is_informative(est: ExpenditureEstimate) -> bool:
    """True when the data (not only the prior) carried the estimate."""
    return math.isfinite(est.observed_kcal_per_day)
