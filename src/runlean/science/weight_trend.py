"""Trend weight from noisy daily scale readings.

Scale weight moves by 0.5–1 kg from one day to the next with water, gut content and glycogen,
which hides the slow change of fat and lean tissue. Two smoothers are offered:

* :func:`local_linear_trend_kalman` — the local-level-plus-slope (local linear trend) state-space
  model of Harvey (1989), filtered with the Kalman (1960) recursions, with a robust step that
  rejects single outliers and a predict-only step for days without a weighing. It returns the
  trend and its slope with their standard deviations for every calendar day.
* :func:`hackers_diet_ewma` — the exponentially weighted moving average of Walker's *Hacker's
  Diet* (smoothing 0.1 per day), the prior art also behind MacroFactor's and wger's trend lines,
  kept for comparison.

All functions are pure: NumPy arrays in, NumPy arrays out. Days are integers (days since any
origin); weights are in kg.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from runlean.science._arrays import FloatArray

#: Day-to-day SD of a scale reading around the tissue trend [kg]. Water, gut content and
#: glycogen make morning weights scatter by about 0.5–1 kg (Hall 2008 discusses the water
#: component; MacroFactor's help pages describe the same noise); 0.7 kg is the middle.
MEASUREMENT_SD_KG = 0.7

#: Process noise of the trend level per day [kg]: how far true tissue mass may wander from a
#: straight line in one day beyond the slope. Small: tissue changes by grams per day.
LEVEL_PROCESS_SD_KG = 0.03

#: Process noise of the slope per day [kg/day]: how fast the rate of change itself may change.
#: 0.002 kg/day per day lets the rate drift by about 0.1 kg/week over a month.
SLOPE_PROCESS_SD_KG_PER_DAY = 0.002

#: Prior SD of the slope before any data [kg/day] (≈ 1 kg/week either way).
SLOPE_PRIOR_SD_KG_PER_DAY = 0.15

#: Innovations larger than this many SDs are treated as outliers (not used to update).
OUTLIER_Z = 3.5

#: After this many consecutive rejected readings the filter accepts the new level (a real step,
#: e.g. the water drop at the start of a diet), with its variance inflated.
MAX_CONSECUTIVE_REJECTIONS = 3

#: Smoothing constant of the Hacker's Diet moving average (per day).
HACKERS_DIET_ALPHA = 0.1


@dataclass(frozen=True)
class TrendResult:
    """Daily output of :func:`local_linear_trend_kalman`.

    Attributes
    ----------
    day
        Every calendar day from the first to the last reading [day index].
    level_kg, level_sd_kg
        Filtered trend weight and its SD [kg].
    slope_kg_per_day, slope_sd_kg_per_day
        Filtered rate of change of the trend and its SD [kg/day]. Multiply by 7 for kg/week.
    observed
        True on days with a reading.
    outlier
        True on days whose reading was rejected by the robust step.
    """

    day: npt.NDArray[np.int64]
    level_kg: FloatArray
    level_sd_kg: FloatArray
    slope_kg_per_day: FloatArray
    slope_sd_kg_per_day: FloatArray
    observed: npt.NDArray[np.bool_]
    outlier: npt.NDArray[np.bool_]


def _validate_series(day: npt.ArrayLike, weight_kg: npt.ArrayLike
                     ) -> tuple[npt.NDArray[np.int64], FloatArray]:
    d = np.asarray(day, dtype=np.int64)
    w = np.asarray(weight_kg, dtype=np.float64)
    if d.ndim != 1 or d.shape != w.shape:
        raise ValueError("day and weight_kg must be 1-D arrays of the same length")
    if d.size == 0:
        raise ValueError("at least one reading is needed")
    if np.any(np.diff(d) <= 0):
        raise ValueError("days must be strictly increasing (one reading per day)")
    if not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite")
    return d, w


def local_linear_trend_kalman(
    day: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    *,
    measurement_sd_kg: float = MEASUREMENT_SD_KG,
    level_process_sd_kg: float = LEVEL_PROCESS_SD_KG,
    slope_process_sd_kg_per_day: float = SLOPE_PROCESS_SD_KG_PER_DAY,
    slope_prior_sd_kg_per_day: float = SLOPE_PRIOR_SD_KG_PER_DAY,
    outlier_z: float = OUTLIER_Z,
) -> TrendResult:
    """Robust Kalman filter of the local linear trend model of daily weight.

    State ``x_t = [level_t, slope_t]``; ``level_{t+1} = level_t + slope_t + η_t``,
    ``slope_{t+1} = slope_t + ζ_t``; reading ``y_t = level_t + ε_t``, with
    ``η ~ N(0, σ_level²)``, ``ζ ~ N(0, σ_slope²)``, ``ε ~ N(0, σ_meas²)``.

    Parameters
    ----------
    day
        Day index of each reading [day], strictly increasing (gaps allowed).
    weight_kg
        Scale readings [kg].
    measurement_sd_kg
        σ_meas, SD of a reading around the trend [kg].
    level_process_sd_kg
        σ_level, daily process noise of the level [kg].
    slope_process_sd_kg_per_day
        σ_slope, daily process noise of the slope [kg/day].
    slope_prior_sd_kg_per_day
        SD of the slope before the first reading [kg/day] (prior mean 0).
    outlier_z
        Readings whose standardised innovation exceeds this are not used (robust step).

    Returns
    -------
    TrendResult
        Filtered level and slope with SDs for every day from the first to the last reading.

    Notes
    -----
    * Missing days get the prediction step only, so the SDs grow across gaps.
    * Robust step: a reading with ``|v|/sqrt(S) > outlier_z`` (innovation ``v``, innovation
      variance ``S``) is flagged and skipped, so one wrong weighing (+4 kg) leaves the trend
      unchanged. After :data:`MAX_CONSECUTIVE_REJECTIONS` rejections in a row the reading is
      taken as a level shift: the level restarts at that reading (variance σ_meas²) and the
      slope is kept, so a persistent step (e.g. water loss) is followed without bending the
      slope.
    * The filter is causal (no smoothing): the value on day *t* uses readings up to *t* only,
      which is what a person sees on that day.
    * Initialisation: level = first reading with variance σ_meas², slope ~ N(0, prior SD²).

    References
    ----------
    .. [1] Kalman RE. A new approach to linear filtering and prediction problems. J Basic Eng
       1960;82(1):35–45. doi:10.1115/1.3662552
    .. [2] Harvey AC. Forecasting, Structural Time Series Models and the Kalman Filter.
       Cambridge University Press, 1989 (local linear trend model, ch. 2).
    .. [3] Walker J. The Hacker's Diet, 1991 (moving-average trend of daily weight; prior art).
    """
    d, w = _validate_series(day, weight_kg)
    n_days = int(d[-1] - d[0]) + 1
    days = np.arange(d[0], d[-1] + 1, dtype=np.int64)
    obs = np.full(n_days, np.nan)
    obs[d - d[0]] = w

    f = np.array([[1.0, 1.0], [0.0, 1.0]])
    q = np.diag([level_process_sd_kg**2, slope_process_sd_kg_per_day**2])
    r = measurement_sd_kg**2
    x = np.array([w[0], 0.0])
    p = np.diag([r, slope_prior_sd_kg_per_day**2])

    level = np.empty(n_days)
    slope = np.empty(n_days)
    level_sd = np.empty(n_days)
    slope_sd = np.empty(n_days)
    observed = ~np.isnan(obs)
    outlier = np.zeros(n_days, dtype=bool)
    rejected_in_row = 0
    for i in range(n_days):
        if i > 0:
            x = f @ x
            p = f @ p @ f.T + q
        y = obs[i]
        if i > 0 and not np.isnan(y):  # day 0 initialised the state from its reading
            v = y - x[0]
            s = p[0, 0] + r
            z = abs(v) / np.sqrt(s)
            r_eff = r
            if z > outlier_z:
                rejected_in_row += 1
                if rejected_in_row < MAX_CONSECUTIVE_REJECTIONS:
                    outlier[i] = True
                    r_eff = np.inf
                else:
                    # A persistent shift: restart the level at the reading (a level
                    # intervention), keeping the slope, instead of bending the slope.
                    x = np.array([y, x[1]])
                    p = np.array([[r, 0.0], [0.0, p[1, 1]]])
                    r_eff = np.inf
                    rejected_in_row = 0
            else:
                rejected_in_row = 0
            if np.isfinite(r_eff):
                s_eff = p[0, 0] + r_eff
                k = p[:, 0] / s_eff
                x = x + k * v
                p = p - np.outer(k, p[0, :])
                p = 0.5 * (p + p.T)
        level[i], slope[i] = x
        level_sd[i] = np.sqrt(max(p[0, 0], 0.0))
        slope_sd[i] = np.sqrt(max(p[1, 1], 0.0))
    return TrendResult(days, level, level_sd, slope, slope_sd, observed, outlier)


def hackers_diet_ewma(
    day: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    *,
    alpha: float = HACKERS_DIET_ALPHA,
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Exponentially weighted moving average trend of daily weight (Hacker's Diet).

    ``T_t = T_{t−1} + α·(W_t − T_{t−1})`` on days with a reading, ``T_t = T_{t−1}`` otherwise,
    starting at the first reading.

    Parameters
    ----------
    day
        Day index of each reading [day], strictly increasing.
    weight_kg
        Scale readings [kg].
    alpha
        Smoothing constant per reading (0.1 in the Hacker's Diet).

    Returns
    -------
    tuple
        ``(days, trend_kg)`` for every day from the first to the last reading.

    Notes
    -----
    Simple and transparent but with no robust step and a lag of about ``(1−α)/α`` = 9 days on a
    steady slope; it gives no uncertainty. Kept as a comparison for
    :func:`local_linear_trend_kalman`.

    References
    ----------
    .. [1] Walker J. The Hacker's Diet, 1991, ch. "Signal and Noise" (10 % exponential
       smoothing of daily weights).
    """
    if not 0.0 < alpha <= 1.0:
        raise ValueError("alpha must be in (0, 1]")
    d, w = _validate_series(day, weight_kg)
    days = np.arange(d[0], d[-1] + 1, dtype=np.int64)
    obs = np.full(days.size, np.nan)
    obs[d - d[0]] = w
    trend = np.empty(days.size)
    t = w[0]
    for i, y in enumerate(obs):
        if not np.isnan(y):
            t = t + alpha * (y - t)
        trend[i] = t
    return days, trend


def weighted_linear_slope(
    day: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    *,
    measurement_sd_kg: float = MEASUREMENT_SD_KG,
    prior_dof: float = 5.0,
) -> tuple[float, float, float]:
    """Least-squares straight line through weight readings, with the SD of its slope.

    Parameters
    ----------
    day
        Day index of each reading [day] (at least 3 distinct days).
    weight_kg
        Readings [kg] (outliers already removed).
    measurement_sd_kg
        Prior SD of a reading [kg], pooled with the residual SD so that a short window does not
        give an over-confident slope.
    prior_dof
        Degrees of freedom given to the prior SD in the pooling.

    Returns
    -------
    tuple
        ``(slope_kg_per_day, slope_sd_kg_per_day, intercept_at_mean_day_kg)``.

    Notes
    -----
    ``SD(slope) = s / sqrt(Σ(t − t̄)²)`` with ``s² = (ν₀σ₀² + (n−2)·s_res²)/(ν₀ + n − 2)``, the
    usual OLS standard error with the residual variance shrunk towards the known scale noise
    (a conjugate-prior estimate of the variance). Over a whole window the OLS slope is the
    efficient estimate of a constant rate of change; this is what the expenditure estimate uses.

    References
    ----------
    .. [1] Draper NR, Smith H. Applied Regression Analysis, 3rd ed. Wiley, 1998, ch. 1.
    """
    t = np.asarray(day, dtype=np.float64)
    w = np.asarray(weight_kg, dtype=np.float64)
    if t.shape != w.shape or t.size < 3:
        raise ValueError("need at least 3 readings to fit a slope")
    tc = t - t.mean()
    sxx = float(np.sum(tc * tc))
    if sxx <= 0:
        raise ValueError("readings must span more than one day")
    b = float(np.sum(tc * (w - w.mean())) / sxx)
    a = float(w.mean())
    resid = w - (a + b * tc)
    n = t.size
    s2 = (prior_dof * measurement_sd_kg**2 + float(np.sum(resid**2))) / (prior_dof + n - 2)
    return b, float(np.sqrt(s2 / sxx)), a
