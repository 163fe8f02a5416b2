"""Real energy expenditure from logged intake and the change of trend weight.

Energy balance over a window of days: ``mean intake − mean expenditure = ρ · dW/dt``, where
``dW/dt`` is the rate of change of body weight and ``ρ`` the energy density of the tissue gained
or lost. Solving for expenditure turns two things a person can log (food and morning weight)
into a measurement of what they really burn — the principle of MacroFactor's adaptive
expenditure and of Hall's model-based monitoring. Device calories play no part.

The energy density is composition-aware: the lean fraction ``p`` of a small weight change follows
Forbes' rule ``p = 10.4/(10.4 + FM)`` and ``ρ = (1 − p)·ρF + p·ρL`` with ρF = 9440 and
ρL = 1816 kcal/kg (Hall 2008), not a flat 7700 kcal/kg.

The measurement is combined with a prior (e.g. Mifflin-St Jeor × PAL) by a normal–normal
Bayesian update, so the estimate starts at the prior and moves to the data as the data's
uncertainty shrinks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from runlean.science.weight_trend import MEASUREMENT_SD_KG, weighted_linear_slope

#: Metabolisable energy density of body fat [kcal/kg] (39.5 MJ/kg; Hall 2008).
RHO_FAT_KCAL_PER_KG = 9440.0

#: Energy density of lean-tissue change [kcal/kg] (≈ 7.6 MJ/kg; Hall 2008).
RHO_LEAN_KCAL_PER_KG = 1816.0

#: Forbes' constant C [kg] in ``FFM = C·ln(FM/D)`` (Forbes 1987; Hall 2007).
FORBES_C_KG = 10.4

#: Random error of one day's logged intake [kcal/day] (forgotten snacks, portion guesses). Its
#: mean over n days has SD ``σ/√n``. Systematic under-reporting cannot be seen by any method
#: and simply shifts the estimate (it is absorbed into "expenditure").
INTAKE_LOG_SD_KCAL = 200.0

#: Day-to-day variability of true intake [kcal/day], used for days without an intake log: the
#: logged days are a sample of all days (finite-population correction).
INTAKE_DAY_SD_KCAL = 350.0


def forbes_lean_fraction_of_change(fat_mass_kg: float | npt.NDArray[np.float64]
                                   ) -> float | npt.NDArray[np.float64]:
    """Lean fraction of a small weight change by Forbes' rule, ``p = C/(C + FM)``.

    Parameters
    ----------
    fat_mass_kg
        Current fat mass [kg], > 0.

    Returns
    -------
    Lean fraction p [–]: 0.510 at FM 10 kg, 0.342 at 20, 0.257 at 30, 0.206 at 40.

    Notes
    -----
    Derivative of Forbes' ``FFM = 10.4·ln(FM/D)``; valid for small changes of a diet-only loss
    (no resistance-training or protein modifiers here: the estimate of expenditure uses the
    person's own weight change, so modifiers change it only through ρ).

    References
    ----------
    .. [1] Forbes GB. Lean body mass–body fat interrelationships in humans. Nutr Rev
       1987;45:225–231.
    .. [2] Hall KD. Body fat and fat-free mass inter-relationships: Forbes's theory revisited.
       Br J Nutr 2007;97:1059–1063.
    """
    fm = np.asarray(fat_mass_kg, dtype=np.float64)
    if np.any(fm <= 0):
        raise ValueError("fat_mass_kg must be positive")
    p = FORBES_C_KG / (FORBES_C_KG + fm)
    return p if np.ndim(p) else float(p)


def hall_2008_energy_density(fat_mass_kg: float) -> float:
    """Energy density of a small weight change of a person with fat mass FM [kcal/kg].

    ``ρ = (1 − p)·ρF + p·ρL`` with ``p = 10.4/(10.4 + FM)``, ρF = 9440, ρL = 1816 kcal/kg.

    Parameters
    ----------
    fat_mass_kg
        Current fat mass [kg].

    Returns
    -------
    Energy per kg of weight change [kcal/kg]: e.g. 7153 kcal/kg at p = 0.3.

    Notes
    -----
    The 7700 kcal/kg ("3500 kcal/lb") rule corresponds to adipose tissue and fits only people
    with more than ~30 kg of fat; for leaner runners more of the change is lean tissue and the
    energy per kg is lower. Glycogen and water shifts (first days of a diet) are not tissue
    change and bias any window that contains them.

    References
    ----------
    .. [1] Hall KD. What is the required energy deficit per unit weight loss? Int J Obes
       2008;32:573–576. doi:10.1038/sj.ijo.0803720
    """
    p = float(forbes_lean_fraction_of_change(fat_mass_kg))
    return (1.0 - p) * RHO_FAT_KCAL_PER_KG + p * RHO_LEAN_KCAL_PER_KG


def energy_balance_expenditure(mean_intake_kcal_per_day: float, weight_slope_kg_per_day: float,
                               energy_density_kcal_per_kg: float) -> float:
    """Expenditure from the energy balance, ``E = I − ρ·dW/dt`` [kcal/day].

    Parameters
    ----------
    mean_intake_kcal_per_day
        Mean energy intake over the window [kcal/day].
    weight_slope_kg_per_day
        Rate of change of trend weight over the same window [kg/day] (negative when losing).
    energy_density_kcal_per_kg
        Energy density ρ of the change [kcal/kg].

    Returns
    -------
    Mean total energy expenditure over the window [kcal/day].

    Notes
    -----
    Assumes the intake log is unbiased and that ρ is the energy density of the tissue
    actually gained or lost (about 7700 kcal/kg for mostly-fat loss, less for lean people and
    early in a diet, when glycogen and water dominate). Over windows shorter than about two
    weeks the weight slope is dominated by water and the estimate is unreliable.

    References
    ----------
    .. [1] Hall KD, Chow CC. Estimating changes in free-living energy intake and its confidence
       interval. Am J Clin Nutr 2011;94:66–74 (energy balance inverted from weight change).
    """
    return mean_intake_kcal_per_day - energy_density_kcal_per_kg * weight_slope_kg_per_day


def normal_normal_update(prior_mean: float, prior_sd: float, obs_mean: float, obs_sd: float
                         ) -> tuple[float, float]:
    """Posterior of a normal mean from a normal prior and one normal measurement.

    ``m = (m0/s0² + y/s²)/(1/s0² + 1/s²)``, ``sd = (1/s0² + 1/s²)^(−1/2)``.

    Parameters
    ----------
    prior_mean, prior_sd
        Prior mean and SD (any units).
    obs_mean, obs_sd
        Measurement and its SD (same units). ``obs_sd = inf`` returns the prior.

    Returns
    -------
    tuple
        ``(posterior_mean, posterior_sd)``.

    Notes
    -----
    Conjugate update for a normal likelihood with known variance; both SDs must be positive
    (``obs_sd = inf`` is allowed and leaves the prior unchanged). Measurement errors are
    assumed independent of the prior.

    References
    ----------
    .. [1] Gelman A, Carlin JB, Stern HS, et al. Bayesian Data Analysis, 3rd ed. CRC, 2013,
       §2.5 (normal distribution with known variance).
    """
    if prior_sd <= 0 or obs_sd <= 0:
        raise ValueError("standard deviations must be positive")
    if math.isinf(obs_sd):
        return prior_mean, prior_sd
    w0 = 1.0 / prior_sd**2
    w1 = 1.0 / obs_sd**2
    return (w0 * prior_mean + w1 * obs_mean) / (w0 + w1), math.sqrt(1.0 / (w0 + w1))


def mean_intake_with_sd(intake_kcal: npt.ArrayLike, n_days_in_window: int, *,
                        log_sd_kcal: float = INTAKE_LOG_SD_KCAL,
                        day_sd_kcal: float = INTAKE_DAY_SD_KCAL) -> tuple[float, float]:
    """Mean intake over a window from the days that were logged, with its SD [kcal/day].

    Parameters
    ----------
    intake_kcal
        Logged intakes of the window [kcal/day] (only days with a log).
    n_days_in_window
        Number of calendar days in the window (logged or not).
    log_sd_kcal
        Random logging error of one day [kcal/day].
    day_sd_kcal
        Day-to-day variability of true intake [kcal/day]; the sample SD of the logs is used
        instead when at least 7 days are logged.

    Returns
    -------
    tuple
        ``(mean_kcal_per_day, sd_kcal_per_day)``.

    Notes
    -----
    ``var = σ_log²/n + σ_day²/n·(1 − n/N)``: the logging error of n days, plus the sampling
    error of using n logged days to stand for all N days (zero when every day is logged).

    References
    ----------
    .. [1] Cochran WG. Sampling Techniques, 3rd ed. Wiley, 1977, §2.5 (variance of a sample
       mean with the finite-population correction ``1 − n/N``).
    """
    x = np.asarray(intake_kcal, dtype=np.float64)
    n = x.size
    if n == 0:
        raise ValueError("no intake logged in the window")
    big_n = max(n_days_in_window, n)
    day_sd = float(np.std(x, ddof=1)) if n >= 7 else day_sd_kcal
    var = log_sd_kcal**2 / n + day_sd**2 / n * (1.0 - n / big_n)
    return float(x.mean()), math.sqrt(var)


@dataclass(frozen=True)
class ExpenditureEstimate:
    """Result of :func:`estimate_expenditure`.

    Attributes
    ----------
    expenditure_kcal_per_day, sd_kcal_per_day
        Posterior mean and SD of expenditure over the window [kcal/day].
    observed_kcal_per_day, observed_sd_kcal_per_day
        The data-only (energy-balance) estimate and its SD [kcal/day] (NaN/inf without data).
    mean_intake_kcal_per_day
        Mean logged intake of the window [kcal/day].
    weight_slope_kg_per_day, weight_slope_sd_kg_per_day
        Rate of weight change and its SD [kg/day].
    energy_density_kcal_per_kg
        ρ used [kcal/kg].
    n_weight_days, n_intake_days, window_days
        Data used.
    """

    expenditure_kcal_per_day: float
    sd_kcal_per_day: float
    observed_kcal_per_day: float
    observed_sd_kcal_per_day: float
    mean_intake_kcal_per_day: float
    weight_slope_kg_per_day: float
    weight_slope_sd_kg_per_day: float
    energy_density_kcal_per_kg: float
    n_weight_days: int
    n_intake_days: int
    window_days: int


def estimate_expenditure(
    weight_day: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    intake_day: npt.ArrayLike,
    intake_kcal: npt.ArrayLike,
    *,
    window_start_day: int,
    window_end_day: int,
    fat_mass_kg: float,
    prior_kcal_per_day: float,
    prior_sd_kcal_per_day: float,
    measurement_sd_kg: float = MEASUREMENT_SD_KG,
    log_sd_kcal: float = INTAKE_LOG_SD_KCAL,
) -> ExpenditureEstimate:
    """Bayesian estimate of mean daily expenditure over a window of days.

    Parameters
    ----------
    weight_day, weight_kg
        Day index and value of the weight readings [day], [kg]; outliers already removed
        (e.g. with :func:`~runlean.science.weight_trend.local_linear_trend_kalman`).
    intake_day, intake_kcal
        Day index and value of logged intakes [day], [kcal/day].
    window_start_day, window_end_day
        Inclusive window [day index].
    fat_mass_kg
        Fat mass at the window's middle [kg], for the energy density (Forbes/Hall 2008).
    prior_kcal_per_day, prior_sd_kcal_per_day
        Prior mean and SD of expenditure [kcal/day] (e.g. Mifflin-St Jeor × PAL, ±15 %).
    measurement_sd_kg
        Day-to-day SD of a reading around the trend [kg].
    log_sd_kcal
        Random error of one day's intake log [kcal/day].

    Returns
    -------
    ExpenditureEstimate
        Posterior and data-only estimates with their SDs.

    Notes
    -----
    * Slope: least-squares line through the window's readings (efficient for a constant rate);
      its SD shrinks as ``N^(−3/2)`` with the window length.
    * ``SD_obs² = SD(mean intake)² + (ρ·SD(slope))²``; the uncertainty of ρ itself (≈ ±5 %)
      is second order at usual rates of loss and neglected.
    * Fewer than 3 readings spanning ≥ 7 days, or no intake log, give the prior only.
    * The mean intake of logged days stands for unlogged days (with inflated uncertainty).

    References
    ----------
    .. [1] Hall KD, Chow CC. Estimating changes in free-living energy intake and its confidence
       interval. Am J Clin Nutr 2011;94:66–74.
    .. [2] Hall KD. What is the required energy deficit per unit weight loss? Int J Obes
       2008;32:573–576.
    """
    if window_end_day < window_start_day:
        raise ValueError("window_end_day must not precede window_start_day")
    wd = np.asarray(weight_day, dtype=np.int64)
    wk = np.asarray(weight_kg, dtype=np.float64)
    idd = np.asarray(intake_day, dtype=np.int64)
    ik = np.asarray(intake_kcal, dtype=np.float64)
    in_w = (wd >= window_start_day) & (wd <= window_end_day)
    in_i = (idd >= window_start_day) & (idd <= window_end_day)
    n_days = window_end_day - window_start_day + 1
    rho = hall_2008_energy_density(fat_mass_kg)
    n_w = int(in_w.sum())
    n_i = int(in_i.sum())
    nan = float("nan")
    slope = slope_sd = mean_i = nan
    obs = nan
    obs_sd = math.inf
    if n_i > 0:
        mean_i, mean_i_sd = mean_intake_with_sd(ik[in_i], n_days, log_sd_kcal=log_sd_kcal)
    if n_w >= 3 and int(np.ptp(wd[in_w])) >= 6:
        slope, slope_sd, _ = weighted_linear_slope(
            wd[in_w], wk[in_w], measurement_sd_kg=measurement_sd_kg)
        if n_i > 0:
            obs = energy_balance_expenditure(mean_i, slope, rho)
            obs_sd = math.sqrt(mean_i_sd**2 + (rho * slope_sd) ** 2)
    post, post_sd = normal_normal_update(prior_kcal_per_day, prior_sd_kcal_per_day, obs, obs_sd)
    return ExpenditureEstimate(post, post_sd, obs, obs_sd, mean_i, slope, slope_sd, rho,
                               n_w, n_i, n_days)
