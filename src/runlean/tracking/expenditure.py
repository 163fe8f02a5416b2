"""Adaptive expenditure policy: windows, priors, Hall-model recalibration and re-projection.

The science is in :mod:`runlean.science.hall2011` (the dynamic model),
:mod:`runlean.science.adaptive_expenditure` (energy density, Bayesian update, intake mean) and
:mod:`runlean.science.weight_trend` (trend filter, slope). This module chooses the window (the
last 28 days), the prior (Mifflin-St Jeor at the trend weight × the person's activity level
without training, plus their training energy, ±12 %), removes outlier weighings flagged by the
robust trend filter, recalibrates Hall's model to the person and re-projects them to their goal
within the safety rules of their population (:mod:`runlean.planning.policy`). Device calories
never enter the balance.

Recalibration (model-based estimate of expenditure)
---------------------------------------------------
Hall's model is started on the first weighing of the history (at most
:data:`MAX_HISTORY_DAYS` before the window's end), in energy balance at ``PAL·RMR`` (the usual
case: logging starts with the diet), and driven by the *logged* daily intake (unlogged days take
the mean of the logged ones). A batch of :data:`PAL_GRID` candidate baseline PALs is simulated
at once; each model curve is fitted to the window's weighings with a free level offset (the
scale's own bias and the uncertain starting weight), and the PAL with the least squared residual
(refined by a parabola through the three best grid points) is the data's answer. Because the
model carries glycogen (with its water) and extracellular fluid, the quick water loss of the
first days of a diet is not mistaken for tissue, which a straight-line energy balance does
(it over-states the deficit and under-states expenditure by ~100 kcal/day in a window that
starts with the diet). The data's estimate is the model's mean expenditure over the window; it
is combined with the prior by a normal–normal update (SD of the data from the intake mean and
the weight slope; the scale's noise SD is the fit's residual SD pooled with 0.7 kg,
:func:`pooled_noise_sd_kg`), and the PAL whose window expenditure equals the posterior is the
calibration used for the projection. Lean-mass modifiers (strength training, protein, logged
sleep) enter through ``lean_multiplier``.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from runlean.domain import FloatArray, Habits, Person
from runlean.planning import policy
from runlean.science.adaptive_expenditure import (
    ExpenditureEstimate,
    forbes_lean_fraction_of_change,
    hall_2008_energy_density,
    mean_intake_with_sd,
    normal_normal_update,
)
from runlean.science.body_composition import jackson_2002_body_fat_pct
from runlean.science.hall2011 import HallBaseline, HallTrajectory, hall_baseline, simulate_batch
from runlean.science.lean_modifiers import lean_fraction_multiplier
from runlean.science.metabolism import mifflin_st_jeor
from runlean.science.regional_fat import (
    K_LEG_PROPORTIONAL,
    allometric_regional_fat,
    regional_fat_shares,
)
from runlean.science.weight_trend import (
    MEASUREMENT_SD_KG,
    TrendResult,
    weighted_linear_slope,
)
from runlean.tracking.trend import DatedSeries, weight_trend

#: Length of the rolling window of the expenditure estimate [days] (MacroFactor-like; long
#: enough that the slope SD is ≈ 0.015 kg/day at 0.7 kg scale noise).
WINDOW_DAYS = 28

#: Relative SD of the Mifflin × PAL prior [–]: Mifflin-St Jeor is within ±10 % of measured
#: RMR in 82 % of non-obese adults (Frankenfield 2005, J Am Diet Assoc 105:775), an SD of
#: ≈ 8 %; a PAL from the profile is uncertain by about ±0.15 on 1.6 (≈ 9 %):
#: √(8² + 9²) ≈ 12 %.
PRIOR_RELATIVE_SD = 0.12

#: Fewest weighings / intake logs in the window before the data are used at all.
MIN_WEIGHT_DAYS = 7
MIN_INTAKE_DAYS = 5

#: Weight (degrees of freedom) of :data:`~runlean.science.weight_trend.MEASUREMENT_SD_KG` when
#: it is pooled with the residual SD of the fit (:func:`pooled_noise_sd_kg`): worth a week of
#: weighings, so a month of data mostly speaks for itself.
NOISE_PRIOR_DOF = 7.0

#: Longest history the model is run over before the window's end [days]: older logs describe
#: a different person (other activity, other adaptation).
MAX_HISTORY_DAYS = 120

#: Candidate baseline PALs simulated at once in the calibration (step 0.005 ≈ 7 kcal/day).
PAL_GRID = np.round(np.arange(1.0, 3.0 + 1e-9, 0.005), 3)

#: Longest horizon of a re-projection [days].
MAX_PROJECTION_DAYS = 3 * 365

#: Range and resolution of the intake searches of the re-projection [kcal/day].
INTAKE_SEARCH_RANGE = (400.0, 7000.0)
#: 84 points: (7000 − 400) / 83² < 1 kcal, so two rounds suffice (a batch of 84 costs about
#: what one row does: the integration's cost is per day, not per row).
INTAKE_GRID_POINTS = 84
INTAKE_TOLERANCE_KCAL = 1.0

#: The loss-rate cap is checked on the model's rate between these days after today (after
#: the first days' water shift, which is not tissue loss) [days].
RATE_CHECK_DAYS = (7, 35)


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


def leg_fat_kg(person: Person, fat_mass_kg: float,
               leg_exponent: float = K_LEG_PROPORTIONAL) -> float:
    """Leg fat at a whole-body fat mass, by the regional-fat model [kg].

    The baseline leg fat is the person's DXA value or the sex-specific share of the profile's
    fat mass; it follows total fat allometrically (no spot reduction).
    """
    fm0 = baseline_fat_mass_kg(person)
    legs0 = (person.regional_fat.legs_kg if person.regional_fat is not None
             else regional_fat_shares(person.sex == "male", person.age_years, fm0)[0] * fm0)
    return float(allometric_regional_fat(legs0, fm0, fat_mass_kg, leg_exponent))


def prior_expenditure_kcal(person: Person, habits: Habits, weight_kg: float,
                           training_kcal_per_day: float = 0.0) -> float:
    """Mifflin-St Jeor RMR at ``weight_kg`` × the activity level without training, plus the
    energy of the person's training [kcal/day] (the plan's energy budget)."""
    rmr = float(mifflin_st_jeor(weight_kg, person.height_cm, person.age_years,
                                person.sex == "male"))
    return rmr * habits.pal + training_kcal_per_day


def person_lean_multiplier(habits: Habits, sleep_avg_h: float | None) -> float:
    """Lean-fraction multiplier of the person: strength training, protein and sleep.

    Logged sleep (the window's average) replaces the profile's habitual sleep when present.
    """
    sleep = sleep_avg_h if sleep_avg_h is not None else habits.sleep_hours
    return float(lean_fraction_multiplier(habits.strength_sessions_per_week,
                                          habits.protein_g_per_kg, sleep))


# --- Hall-model calibration ------------------------------------------------------------------


@dataclass(frozen=True)
class HallCalibration:
    """Hall's model recalibrated to a person's logs.

    Attributes
    ----------
    origin
        Day 0 of the model run (first weighing of the history).
    pal
        Calibrated baseline PAL (posterior) [–].
    pal_data
        PAL that fits the weighings best (data only) [–].
    offset_kg
        Mean of ``reading − model weight`` over the window [kg]; added to model weights.
    baseline
        The calibrated model baseline (one person).
    intake_kcal
        Absolute daily intake driving the model from ``origin`` to the window's end [kcal/day].
    lean_multiplier
        Multiplier on the Forbes lean fraction used [–].
    at_grid_edge
        True when the data's best PAL is at the end of :data:`PAL_GRID` (implausible data).
    """

    origin: dt.date
    pal: float
    pal_data: float
    offset_kg: float
    baseline: HallBaseline
    intake_kcal: FloatArray
    lean_multiplier: float
    at_grid_edge: bool

    @property
    def history_days(self) -> int:
        """Days simulated up to today (index of today's morning state)."""
        return int(self.intake_kcal.size)

    def simulate(self, future_intake_kcal: npt.ArrayLike, days_ahead: int, *,
                 final_only: bool = False) -> HallTrajectory:
        """Run the calibrated model through the history and ``days_ahead`` more days.

        ``future_intake_kcal`` is one constant intake per row (scalar or ``(m,)``); rows share
        the history. Weights are model weights (add :attr:`offset_kg` for scale readings).
        """
        fut = np.atleast_1d(np.asarray(future_intake_kcal, dtype=float))
        m = fut.size
        hist = np.broadcast_to(self.intake_kcal, (m, self.history_days))
        ahead = np.broadcast_to(fut[:, None], (m, days_ahead))
        intake = np.concatenate([hist, ahead], axis=1)
        rows = np.zeros(m, dtype=np.int64)
        base = _take_rows(self.baseline, rows)
        return simulate_batch(base, self.history_days + days_ahead,
                              intake - base.intake0[:, None],
                              lean_multiplier=self.lean_multiplier, final_only=final_only)

    def state_now(self) -> HallTrajectory:
        """Model state on today's morning (arrays ``(1, 1)``)."""
        return simulate_batch(self.baseline, self.history_days,
                              (self.intake_kcal - self.baseline.intake0[0])[None, :],
                              lean_multiplier=self.lean_multiplier, final_only=True)


def _take_rows(base: HallBaseline, rows: npt.NDArray[np.int64]) -> HallBaseline:
    fields: dict[str, Any] = {
        name: (getattr(base, name)[rows] if name != "params" else base.params)
        for name in HallBaseline.__dataclass_fields__}
    return HallBaseline(**fields)


def _daily_intake(intake_day: npt.NDArray[np.int64], intake_kcal: FloatArray, days: int
                  ) -> FloatArray:
    """Intake for days 0..days−1: the log where present, else the mean of the logged days."""
    ok = (intake_day >= 0) & (intake_day < days)
    out = np.full(days, float(np.mean(intake_kcal[ok])) if ok.any() else float("nan"))
    out[intake_day[ok]] = intake_kcal[ok]
    return out


def _fit_curves(weights: FloatArray, read_day: npt.NDArray[np.int64], read_kg: FloatArray
                ) -> tuple[FloatArray, FloatArray]:
    """Residual sum of squares and level offset of each model curve (rows) to readings."""
    resid = read_kg[None, :] - weights[:, read_day]
    offset = resid.mean(axis=1)
    rss = np.sum((resid - offset[:, None]) ** 2, axis=1)
    return rss, offset


def _parabola_vertex(x: FloatArray, y: FloatArray, i: int) -> float:
    """Abscissa of the vertex of the parabola through points i−1, i, i+1 (or x[i])."""
    if i <= 0 or i >= x.size - 1:
        return float(x[i])
    y0, y1, y2 = y[i - 1], y[i], y[i + 1]
    den = y0 - 2.0 * y1 + y2
    if den <= 0:
        return float(x[i])
    h = x[i + 1] - x[i]
    return float(x[i] + 0.5 * h * (y0 - y2) / den)


def pooled_noise_sd_kg(rss_kg2: float, n_readings: int, prior_sd_kg: float,
                       prior_dof: float = NOISE_PRIOR_DOF) -> float:
    """Scale-noise SD from the best model fit's residuals, pooled with a prior SD [kg].

    ``s² = (ν₀·σ₀² + RSS) / (ν₀ + n − 2)``: the posterior mean of a scaled-inverse-χ² prior
    with ν₀ degrees of freedom at σ₀ (two parameters were fitted: level and PAL).
    """
    dof = max(n_readings - 2, 0)
    return math.sqrt((prior_dof * prior_sd_kg**2 + rss_kg2) / (prior_dof + dof))


def calibrate_hall(
    person: Person,
    weight_day: npt.NDArray[np.int64],
    weight_kg: FloatArray,
    intake_day: npt.NDArray[np.int64],
    intake_kcal: FloatArray,
    *,
    origin: dt.date,
    window_start_day: int,
    window_end_day: int,
    lean_multiplier: float,
    prior_kcal_per_day: float,
    prior_sd_kcal_per_day: float,
    measurement_sd_kg: float = MEASUREMENT_SD_KG,
) -> tuple[HallCalibration, ExpenditureEstimate]:
    """Recalibrate Hall's model to logs and estimate expenditure over the window.

    Parameters
    ----------
    person
        Profile (sex, age, height; body fat for the starting composition).
    weight_day, weight_kg
        Weighings (outliers removed) as day indices from ``origin`` [day], [kg]; day 0 must
        hold a weighing (the model's start).
    intake_day, intake_kcal
        Intake logs as day indices from ``origin`` [day], [kcal/day].
    origin
        Day 0 of the model run.
    window_start_day, window_end_day
        Inclusive window [day index] over which expenditure is estimated.
    lean_multiplier
        Multiplier on the Forbes lean fraction (strength, protein, sleep).
    prior_kcal_per_day, prior_sd_kcal_per_day
        Prior of the window's mean expenditure [kcal/day].
    measurement_sd_kg
        Day-to-day SD of a reading around the trend [kg].

    Returns
    -------
    tuple
        ``(calibration, estimate)``; see the module docstring for the method.
    """
    days = window_end_day + 1
    male = person.sex == "male"
    first = weight_day <= min(6, window_end_day)
    # statistics.median: the same value as np.median, which loads numpy.ma (0.02 s).
    w0 = (statistics.median(weight_kg[first].tolist()) if first.any()
          else float(weight_kg[0]))
    bf0 = 100.0 * fat_mass_at_weight_kg(person, w0) / w0
    intake = _daily_intake(intake_day, intake_kcal, days)
    grid = hall_baseline(male, person.age_years, person.height_cm, np.full(PAL_GRID.size, w0),
                         body_fat_pct=bf0, pal=PAL_GRID)
    traj = simulate_batch(grid, days, intake[None, :] - grid.intake0[:, None],
                          lean_multiplier=lean_multiplier)
    in_w = (weight_day >= window_start_day) & (weight_day <= window_end_day)
    rd, rk = weight_day[in_w], weight_kg[in_w]
    rss, _ = _fit_curves(traj.weight, rd, rk)
    e_window = traj.expenditure[:, window_start_day:window_end_day + 1].mean(axis=1)
    best = int(np.argmin(rss))
    pal_data = _parabola_vertex(PAL_GRID, rss, best)
    obs = float(np.interp(pal_data, PAL_GRID, e_window))
    n_days = window_end_day - window_start_day + 1
    in_i = (intake_day >= window_start_day) & (intake_day <= window_end_day)
    mean_i, mean_i_sd = mean_intake_with_sd(intake_kcal[in_i], n_days)
    noise_sd = pooled_noise_sd_kg(float(np.min(rss)), rd.size, measurement_sd_kg)
    slope, slope_sd, _ = weighted_linear_slope(rd, rk, measurement_sd_kg=noise_sd)
    fm_mid = fat_mass_at_weight_kg(person, float(rk.mean()))
    rho = hall_2008_energy_density(fm_mid)
    obs_sd = math.sqrt(mean_i_sd**2 + (rho * slope_sd) ** 2)
    post, post_sd = normal_normal_update(prior_kcal_per_day, prior_sd_kcal_per_day, obs, obs_sd)
    order = np.argsort(e_window)
    pal_post = float(np.interp(post, e_window[order], PAL_GRID[order]))
    base = hall_baseline(male, person.age_years, person.height_cm, w0, body_fat_pct=bf0,
                         pal=pal_post)
    fit = simulate_batch(base, days, (intake - base.intake0[0])[None, :],
                         lean_multiplier=lean_multiplier)
    _, offset = _fit_curves(fit.weight, rd, rk)
    cal = HallCalibration(origin, pal_post, pal_data, float(offset[0]), base, intake,
                          lean_multiplier, best in (0, PAL_GRID.size - 1))
    est = ExpenditureEstimate(post, post_sd, obs, obs_sd, mean_i, slope, slope_sd, rho,
                              int(in_w.sum()), int(in_i.sum()), n_days)
    return cal, est


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
    calibration: HallCalibration | None = None
    sleep_avg_h: float | None = None

    @property
    def trend_weight_kg(self) -> float | None:
        return None if self.trend is None else float(self.trend.level_kg[-1])

    @property
    def weight_rate_kg_per_week(self) -> float | None:
        return None if self.trend is None else 7.0 * float(self.trend.slope_kg_per_day[-1])


def _prior_only(prior: float, n_w: int, n_i: int, n_days: int) -> ExpenditureEstimate:
    nan = float("nan")
    return ExpenditureEstimate(prior, PRIOR_RELATIVE_SD * prior, nan, math.inf, nan, nan, nan,
                               nan, n_w, n_i, n_days)


def estimate_from_logs(
    weights: Sequence[tuple[dt.date, float]],
    intakes: Sequence[tuple[dt.date, float]],
    person: Person,
    habits: Habits,
    as_of: dt.date,
    *,
    window_days: int = WINDOW_DAYS,
    sleeps: Sequence[tuple[dt.date, float]] = (),
    training_kcal_per_day: float = 0.0,
) -> ExpenditureReport:
    """Estimate the person's expenditure over the ``window_days`` ending on ``as_of``.

    Parameters
    ----------
    weights
        ``(date, weight_kg)`` logs (any order; only dates ≤ ``as_of`` are used).
    intakes
        ``(date, kcal)`` logs.
    person, habits
        The profile (for the prior, the starting composition and the lean modifiers).
    as_of
        Last day of the window.
    window_days
        Window length [days].
    sleeps
        ``(date, hours)`` sleep logs; their mean over the window feeds the lean modifier.
    training_kcal_per_day
        Energy of the person's training (net + EPOC) [kcal/day], added to the prior.

    Notes
    -----
    Hall-model recalibration (module docstring); with too few data, the prior alone.
    """
    start = as_of - dt.timedelta(days=window_days - 1)
    history_start = as_of - dt.timedelta(days=MAX_HISTORY_DAYS - 1)
    w = [(d, v) for d, v in weights if history_start <= d <= as_of]
    i = [(d, v) for d, v in intakes if history_start <= d <= as_of]
    slept = [h for d, h in sleeps if start <= d <= as_of]
    sleep_avg = sum(slept) / len(slept) if slept else None
    missing: list[str] = []
    trend: TrendResult | None = None
    origin: dt.date | None = None
    weight_now = person.weight_kg
    kept_day = np.zeros(0, dtype=np.int64)
    kept_w = np.zeros(0)
    if w:
        wt = weight_trend(w)
        assert wt is not None
        origin, ws, trend = wt.origin, wt.series, wt.trend
        ok = ~trend.outlier[ws.day - ws.day[0]]
        kept_day, kept_w = ws.day[ok], ws.value[ok]
        weight_now = float(trend.level_kg[-1])
    if kept_day.size and kept_day[0] > 0:  # the first weighing was an outlier: start later
        assert origin is not None
        origin += dt.timedelta(days=int(kept_day[0]))
        kept_day = kept_day - kept_day[0]
    origin = origin or start
    start_day = max((start - origin).days, 0)
    end_day = (as_of - origin).days
    in_window = kept_day >= start_day
    n_w = int(np.sum(in_window))
    if n_w < MIN_WEIGHT_DAYS or int(np.ptp(kept_day[in_window])) < 6:
        missing.append(f"weight: {n_w} weighings in the last {window_days} days "
                       f"(need at least {MIN_WEIGHT_DAYS} over a week or more; weigh every "
                       "morning)")
    n_i = sum(1 for d, _ in i if d >= start)
    if n_i < MIN_INTAKE_DAYS:
        missing.append(f"intake: {n_i} days logged in the last {window_days} days "
                       f"(need at least {MIN_INTAKE_DAYS}; log what you eat daily)")
    prior = prior_expenditure_kcal(person, habits, weight_now, training_kcal_per_day)
    n_days = end_day - start_day + 1
    if missing:
        est = _prior_only(prior, n_w, n_i, n_days)
        return ExpenditureReport(as_of, trend, None if not w else origin, est, prior, False,
                                 tuple(missing), None, sleep_avg)
    isr = DatedSeries.from_pairs(i, origin)
    cal, est = calibrate_hall(
        person, kept_day, kept_w, isr.day, isr.value, origin=origin,
        window_start_day=start_day, window_end_day=end_day,
        lean_multiplier=person_lean_multiplier(habits, sleep_avg),
        prior_kcal_per_day=prior, prior_sd_kcal_per_day=PRIOR_RELATIVE_SD * prior)
    return ExpenditureReport(as_of, trend, origin, est, prior, True, tuple(missing), cal,
                             sleep_avg)


# --- re-projection to the goal ---------------------------------------------------------------


def _intake_grid(lo: float, hi: float) -> FloatArray:
    return np.linspace(lo, hi, INTAKE_GRID_POINTS)


def _solve_future_intake(cal: HallCalibration, days_ahead: int,
                         metric: Callable[[HallTrajectory], FloatArray], target: float,
                         first_round: HallTrajectory | None = None) -> float | None:
    """Constant future intake at which ``metric`` (increasing with intake) equals ``target``.

    Vectorised multi-section search: each round simulates :data:`INTAKE_GRID_POINTS`
    candidate intakes in one batch (two rounds reach :data:`INTAKE_TOLERANCE_KCAL`).
    ``first_round``, when given, is the trajectory of the first round's grid over
    :data:`INTAKE_SEARCH_RANGE` (at least ``days_ahead`` days), simulated by the caller in a
    shared batch; ``metric`` must index days from the start of the run, not from its end.
    None when the search range does not bracket the target.
    """
    lo, hi = INTAKE_SEARCH_RANGE
    first = True
    while first or hi - lo > INTAKE_TOLERANCE_KCAL:
        grid = _intake_grid(lo, hi)
        traj = (first_round if first and first_round is not None
                else cal.simulate(grid, days_ahead))
        values = metric(traj)
        if first:
            if values[0] > target or values[-1] < target:
                return None
            first = False
        j = int(np.clip(np.argmax(values >= target), 1, grid.size - 1))
        lo, hi = float(grid[j - 1]), float(grid[j])
    return 0.5 * (lo + hi)


@dataclass(frozen=True)
class Reprojection:
    """Re-projection of the goal with the recalibrated model.

    ``projected_goal_date`` is when the goal weight is reached at ``intake_kcal_per_day``
    (None if not within :data:`MAX_PROJECTION_DAYS`); ``intake_for_original_date`` is the
    constant intake that reaches it on the original date, and ``safe_intake_kcal_per_day`` that
    value (or the current intake without a date) clamped to the safety rules (``clamped_by``
    says which rule bit, if any). ``weight_kg``/``fat_kg`` are the projected daily values at
    ``intake_kcal_per_day`` from today (day 0) on, on the scale's level.
    """

    intake_kcal_per_day: float
    projected_goal_date: dt.date | None
    intake_for_original_date: float | None
    safe_intake_kcal_per_day: float
    intake_floor_kcal_per_day: float
    min_intake_for_rate_kcal_per_day: float
    max_loss_fraction_per_week: float
    clamped_by: str | None
    weight_kg: FloatArray
    fat_kg: FloatArray


def reproject_to_goal(person: Person, cal: HallCalibration, intake_kcal_per_day: float,
                      goal_weight_kg: float, goal_date: dt.date | None, today: dt.date,
                      rules: policy.Rules | None = None) -> Reprojection:
    """Recalibrated Hall projection to a goal weight, and the intake that keeps the goal date.

    Parameters
    ----------
    person
        Profile (sex for the floors).
    cal
        Calibration whose history ends on ``today`` (from :func:`estimate_from_logs`).
    intake_kcal_per_day
        Intake to project with (the current target) [kcal/day].
    goal_weight_kg
        Goal weight [kg] (below the current weight for a loss).
    goal_date
        Original goal date, or None.
    today
        Last day of the calibration (day 0 of the projection).
    rules
        The safety rules of the person's population (:mod:`runlean.planning.policy`); default:
        classified from today's model weight and fat (no training hours known).

    Notes
    -----
    Safety (:mod:`runlean.planning.policy`): intake ≥ the population's floor; the model's loss
    rate between days 7 and 35 ahead ≤ the population's cap at today's
    weight. Both are constant-intake searches on the calibrated model.
    """
    now = cal.history_days
    n_goal = (goal_date - today).days if goal_date is not None else 0
    d0, d1 = RATE_CHECK_DAYS
    # The projection at the given intake: one person over the longest horizon (the
    # plain-float path of the model). The first round of both intake searches (the grid over
    # INTAKE_SEARCH_RANGE) runs as one batch, only as far as the searches look: the end of the
    # rate check or the goal date. The rows of a batch do not interact, so this gives the
    # values (to rounding) of one batch of all rows over 3 years, at a fraction of the cost.
    projection = cal.simulate(intake_kcal_per_day, MAX_PROJECTION_DAYS)
    first_round = cal.simulate(_intake_grid(*INTAKE_SEARCH_RANGE), max(d1, n_goal))
    weight = projection.weight[0, now:now + MAX_PROJECTION_DAYS + 1] + cal.offset_kg
    fat = projection.fat[0, now:now + MAX_PROJECTION_DAYS + 1]
    w_now, f_now = float(weight[0]), float(fat[0])
    if rules is None:
        bf = 100.0 * f_now / w_now
        rules = policy.rules_for(
            policy.classify(person.sex, w_now / person.height_m ** 2, bf, 0.0), person.sex, bf)
    floor = policy.intake_floor_kcal(rules, 0.0, w_now - f_now)
    frac = rules.max_weekly_loss(w_now)
    weeks = (d1 - d0) / 7.0

    def weekly_change(t: HallTrajectory) -> FloatArray:
        return np.asarray((t.weight[:, now + d1] - t.weight[:, now + d0]) / weeks, dtype=float)

    rate_floor = _solve_future_intake(cal, d1, weekly_change, -frac * w_now, first_round)
    rate_floor = INTAKE_SEARCH_RANGE[0] if rate_floor is None else rate_floor
    lowest = max(floor, rate_floor)
    hit = np.nonzero(weight <= goal_weight_kg)[0]
    projected = today + dt.timedelta(days=int(hit[0])) if hit.size else None
    needed: float | None = None
    if goal_date is not None and goal_date > today and goal_weight_kg < w_now:
        needed = _solve_future_intake(
            cal, n_goal,
            lambda t: np.asarray(t.weight[:, now + n_goal] + cal.offset_kg, dtype=float),
            goal_weight_kg, first_round)
    target = needed if needed is not None else intake_kcal_per_day
    clamped_by = None
    safe = target
    if target < lowest:
        safe = lowest
        clamped_by = ("intake floor" if floor >= rate_floor
                      else f"maximum loss rate of {100 * frac:.1f} % of body weight per week")
    return Reprojection(intake_kcal_per_day, projected, needed, safe, floor, rate_floor, frac,
                        clamped_by, weight, fat)


def confidence_interval(est: ExpenditureEstimate, z: float = 1.96) -> tuple[float, float]:
    """Normal interval of the posterior expenditure [kcal/day]."""
    half = z * est.sd_kcal_per_day
    return est.expenditure_kcal_per_day - half, est.expenditure_kcal_per_day + half


def is_informative(est: ExpenditureEstimate) -> bool:
    """True when the data (not only the prior) carried the estimate."""
    return math.isfinite(est.observed_kcal_per_day)
