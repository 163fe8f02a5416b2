"""Training load: TRIMP (Banister, Edwards), session-RPE, monotony/strain, ACWR and the
Banister fitness–fatigue model.

Loads are in arbitrary units (AU). Daily series are 1-D arrays, one value per calendar day,
rest days 0. Each function names its sources.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from runlean.science._arrays import ArrayLike, BoolLike, FloatArray, as_float, to_output

#: Banister TRIMP weighting ``a·e^(b·HRr)`` (Morton, Fitz-Clarke & Banister 1990):
#: men a = 0.64, b = 1.92; women a = 0.86, b = 1.67.
BANISTER_MEN = (0.64, 1.92)
BANISTER_WOMEN = (0.86, 1.67)
#: Lower bounds of Edwards' five zones [fraction of HRmax]; zone weights 1..5.
EDWARDS_ZONE_LOWER_BOUNDS = (0.5, 0.6, 0.7, 0.8, 0.9)
EDWARDS_ZONE_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 5.0)
#: Sample intervals longer than this are treated as pauses and not counted [s].
DEFAULT_MAX_GAP_S = 60.0
#: Fitness/fatigue convention (the CTL/ATL of TrainingPeaks' Performance Management Chart)
#: [days] and gains.
TAU_FITNESS_DAYS = 42.0
TAU_FATIGUE_DAYS = 7.0
K_FITNESS = 1.0
K_FATIGUE = 2.0


def _hr_reserve_fraction(
    hr: FloatArray, hr_rest: ArrayLike, hr_max: ArrayLike
) -> FloatArray:
    hrr = (hr - as_float(hr_rest)) / (as_float(hr_max) - as_float(hr_rest))
    return np.clip(hrr, 0.0, 1.0)


def _banister_weight(hrr: FloatArray, male: BoolLike) -> FloatArray:
    sex = np.asarray(male, dtype=bool)
    men = BANISTER_MEN[0] * np.exp(BANISTER_MEN[1] * hrr)
    women = BANISTER_WOMEN[0] * np.exp(BANISTER_WOMEN[1] * hrr)
    return np.asarray(hrr * np.where(sex, men, women), dtype=float)


def banister_trimp(
    duration_min: ArrayLike,
    hr_avg_bpm: ArrayLike,
    hr_rest_bpm: ArrayLike,
    hr_max_bpm: ArrayLike,
    male: BoolLike,
) -> ArrayLike:
    """Banister training impulse of a session from its average heart rate.

    ``HRr = (HR − HRrest)/(HRmax − HRrest)``; ``TRIMP = D·HRr·0.64·e^(1.92·HRr)`` (men) or
    ``D·HRr·0.86·e^(1.67·HRr)`` (women).

    Parameters
    ----------
    duration_min
        Session duration D [min].
    hr_avg_bpm
        Average exercise heart rate [bpm].
    hr_rest_bpm
        Resting heart rate [bpm].
    hr_max_bpm
        Maximal heart rate [bpm].
    male
        True for men, False for women.

    Returns
    -------
    Training impulse [AU].

    Notes
    -----
    HRr is clipped to [0, 1] (a heart rate below rest gives no load). The exponential weight
    reflects the blood-lactate response; using an average HR underestimates the load of
    variable sessions (use :func:`banister_trimp_from_samples`).

    References
    ----------
    .. [1] Banister EW. Modeling elite athletic performance. In: MacDougall JD, Wenger HA,
       Green HJ (eds). Physiological Testing of the High-Performance Athlete, 2nd ed.
       Human Kinetics, 1991:403–424.
    .. [2] Morton RH, Fitz-Clarke JR, Banister EW. Modeling human performance in running.
       J Appl Physiol 1990;69:1171–1177.
    """
    hrr = _hr_reserve_fraction(as_float(hr_avg_bpm), hr_rest_bpm, hr_max_bpm)
    return to_output(as_float(duration_min) * _banister_weight(hrr, male))


def _interval_minutes(
    time_s: ArrayLike, hr_bpm: ArrayLike, max_gap_s: float
) -> tuple[FloatArray, FloatArray]:
    """Minutes of each sample interval (held at its starting HR), 0 for gaps and NaN HR."""
    t = as_float(time_s)
    hr = as_float(hr_bpm)
    if t.size < 2:
        return np.zeros(0), np.zeros(0)
    dt = np.diff(t)
    hr_start = hr[:-1]
    valid = np.isfinite(dt) & (dt > 0) & (dt <= max_gap_s) & np.isfinite(hr_start)
    return np.where(valid, dt, 0.0) / 60.0, np.where(valid, hr_start, 0.0)


def banister_trimp_from_samples(
    time_s: ArrayLike,
    hr_bpm: ArrayLike,
    hr_rest: float,
    hr_max: float,
    male: bool,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> float:
    """Banister TRIMP of a heart-rate recording, summed over its sample intervals.

    ``TRIMP = Σ Δt_i·HRr_i·a·e^(b·HRr_i)`` with the HR of each interval's first sample.

    Parameters
    ----------
    time_s
        Sample times [s], increasing (elapsed or epoch seconds).
    hr_bpm
        Heart rate at each sample [bpm]; NaN for missing.
    hr_rest
        Resting heart rate [bpm].
    hr_max
        Maximal heart rate [bpm].
    male
        True for men, False for women.
    max_gap_s
        Intervals longer than this [s] (pauses, dropouts) are not counted.

    Returns
    -------
    Training impulse [AU]; 0 for fewer than two samples.

    Notes
    -----
    NaN-safe: intervals starting at a NaN heart rate, or with a non-increasing or NaN time,
    contribute nothing. HRr is clipped to [0, 1]. For a constant HR this equals
    :func:`banister_trimp` over the recorded duration.

    References
    ----------
    .. [1] Banister EW 1991; Morton RH, Fitz-Clarke JR, Banister EW. J Appl Physiol
       1990;69:1171–1177.
    """
    minutes, hr = _interval_minutes(time_s, hr_bpm, max_gap_s)
    hrr = _hr_reserve_fraction(hr, hr_rest, hr_max)
    return float(np.sum(minutes * _banister_weight(hrr, male)))


def edwards_trimp(minutes_in_zones: ArrayLike) -> ArrayLike:
    """Edwards' summated-heart-rate-zone TRIMP.

    ``TRIMP = Σ minutes_in_zone_i × i`` for zones 1–5 (50–60 … 90–100 % HRmax).

    Parameters
    ----------
    minutes_in_zones
        Minutes in zones 1–5 [min], shape (..., 5).

    Returns
    -------
    Training impulse [AU] (one value per leading index).

    Notes
    -----
    Time below 50 % HRmax does not count.

    References
    ----------
    .. [1] Edwards S. The Heart Rate Monitor Book. Polar Electro, 1993.
    """
    minutes = as_float(minutes_in_zones)
    return to_output(minutes @ np.asarray(EDWARDS_ZONE_WEIGHTS))


def edwards_zone_minutes(
    time_s: ArrayLike,
    hr_bpm: ArrayLike,
    hr_max: float,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> FloatArray:
    """Minutes spent in each of Edwards' five %HRmax zones.

    Parameters
    ----------
    time_s
        Sample times [s], increasing.
    hr_bpm
        Heart rate at each sample [bpm]; NaN for missing.
    hr_max
        Maximal heart rate [bpm].
    max_gap_s
        Intervals longer than this [s] are not counted.

    Returns
    -------
    Minutes in zones 1–5 [min], shape (5,). Zone i covers [lower_i, lower_{i+1}) of HRmax;
    zone 5 includes everything ≥ 90 % (also above 100 %); below 50 % is not counted.

    Notes
    -----
    Each interval is credited to the zone of its first sample (NaN-safe, as in
    :func:`banister_trimp_from_samples`).

    References
    ----------
    .. [1] Edwards S. The Heart Rate Monitor Book. Polar Electro, 1993.
    """
    minutes, hr = _interval_minutes(time_s, hr_bpm, max_gap_s)
    frac = hr / hr_max
    zone = np.searchsorted(np.asarray(EDWARDS_ZONE_LOWER_BOUNDS), frac, side="right") - 1
    counted = (zone >= 0) & (minutes > 0)
    out = np.zeros(len(EDWARDS_ZONE_LOWER_BOUNDS))
    np.add.at(out, zone[counted], minutes[counted])
    return out


def session_rpe_load(rpe: ArrayLike, duration_min: ArrayLike) -> ArrayLike:
    """Session-RPE training load (Foster et al. 2001): ``CR-10 RPE × duration``.

    Parameters
    ----------
    rpe
        Session rating of perceived exertion on the CR-10 scale [0–10].
    duration_min
        Session duration [min].

    Returns
    -------
    Session load [AU].

    Notes
    -----
    RPE is rated ≈30 min after the session.

    References
    ----------
    .. [1] Foster C, Florhaug JA, Franklin J, et al. A new approach to monitoring exercise
       training. J Strength Cond Res 2001;15:109–115.
    """
    return to_output(as_float(rpe) * as_float(duration_min))


class MonotonyStrain(NamedTuple):
    """Weekly load [AU], monotony [dimensionless] and strain [AU]."""

    weekly_load: float
    monotony: float
    strain: float


def foster_monotony_strain(daily_loads_7: ArrayLike) -> MonotonyStrain:
    """Foster's training monotony and strain of one week.

    ``monotony = mean / SD`` of the 7 daily loads (population SD), ``strain = weekly load ×
    monotony``.

    Parameters
    ----------
    daily_loads_7
        Seven daily loads [AU], rest days 0.

    Returns
    -------
    :class:`MonotonyStrain` (weekly load [AU], monotony, strain [AU]).

    Notes
    -----
    Uses the population SD (divide by n), a documented choice: Foster's papers do not fix
    the convention (sample SD gives 1.291 instead of 1.394 for the daily loads 300, 0, 400,
    200, 500, 0, 350). With a constant non-zero load the SD is 0 and monotony is ``inf``; an
    all-zero week gives NaN.

    References
    ----------
    .. [1] Foster C. Monitoring training in athletes with reference to overtraining
       syndrome. Med Sci Sports Exerc 1998;30:1164.
    """
    loads = as_float(daily_loads_7)
    total = float(np.sum(loads))
    mean, sd = float(np.mean(loads)), float(np.std(loads))
    zero_sd = float("nan") if mean == 0.0 else float("inf")
    monotony = mean / sd if sd > 0.0 else zero_sd
    return MonotonyStrain(total, monotony, total * monotony)


def ewma(loads: ArrayLike, n: float, seed: float | None = None) -> FloatArray:
    """Exponentially weighted moving average of a daily load series (Williams et al. 2017).

    ``E_t = λ·L_t + (1 − λ)·E_(t−1)``, ``λ = 2/(n + 1)``, ``E_(−1) = seed``.

    Parameters
    ----------
    loads
        Daily loads [AU], one per day.
    n
        Window length [days] (7 acute, 28 chronic).
    seed
        Value before the first day [AU]; ``None`` uses the first day's load.

    Returns
    -------
    EWMA after each day [AU], same length as ``loads``.

    Notes
    -----
    Seeding matters for the first few weeks; pass a realistic prior load.

    References
    ----------
    .. [1] Williams S, West S, Cross MJ, Stokes KA. Better way to determine the
       acute:chronic workload ratio? Br J Sports Med 2017;51:209–210.
    """
    values = np.atleast_1d(as_float(loads))
    lam = 2.0 / (n + 1.0)
    out = np.empty_like(values)
    first = float(values[0]) if values.size else 0.0
    prev = first if seed is None else float(seed)
    for i, value in enumerate(values):
        prev = lam * float(value) + (1.0 - lam) * prev
        out[i] = prev
    return out


class ACWR(NamedTuple):
    """Acute load, chronic load and their ratio, one value per day."""

    acute: FloatArray
    chronic: FloatArray
    ratio: FloatArray


def acwr_ewma(
    daily_loads: ArrayLike,
    acute_n: float = 7,
    chronic_n: float = 28,
    seed: float | None = None,
) -> ACWR:
    """Acute:chronic workload ratio from exponentially weighted moving averages.

    Parameters
    ----------
    daily_loads
        Daily loads [AU].
    acute_n
        Acute window [days], 7.
    chronic_n
        Chronic window [days], 28.
    seed
        Starting value of both averages [AU]; ``None`` uses the first day's load.

    Returns
    -------
    :class:`ACWR` of arrays: acute EWMA [AU], chronic EWMA [AU], ratio (NaN where the
    chronic load is 0).

    Notes
    -----
    Informational only: the 0.8–1.3 "sweet spot" is not a validated injury threshold
    (Lolli 2019 coupling critique; Impellizzeri 2020). runlean warns above 1.5.

    References
    ----------
    .. [1] Williams S et al. Br J Sports Med 2017;51:209–210.
    .. [2] Gabbett TJ. The training-injury prevention paradox. Br J Sports Med
       2016;50:273–280.
    """
    acute = ewma(daily_loads, acute_n, seed)
    chronic = ewma(daily_loads, chronic_n, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(chronic > 0, acute / np.where(chronic > 0, chronic, 1.0), np.nan)
    return ACWR(acute, chronic, ratio)


def acwr_rolling(daily_loads: ArrayLike) -> FloatArray:
    """Coupled rolling-average acute:chronic workload ratio (Gabbett 2016).

    ``ACWR_t = (sum of the last 7 days) / (sum of the last 28 days / 4)``.

    Parameters
    ----------
    daily_loads
        Daily loads [AU].

    Returns
    -------
    Ratio for each day [dimensionless]; NaN for the first 27 days and where the chronic
    load is 0.

    Notes
    -----
    Coupled: the acute week is part of the chronic window, which induces spurious
    correlation (Lolli et al. 2019). Prefer :func:`acwr_ewma`.

    References
    ----------
    .. [1] Gabbett TJ. Br J Sports Med 2016;50:273–280.
    .. [2] Lolli L, Batterham AM, Hawkins R, et al. Br J Sports Med 2019;53:921–922.
    """
    loads = np.atleast_1d(as_float(daily_loads))
    out = np.full(loads.shape, np.nan)
    if loads.size < 28:
        return out
    csum = np.concatenate(([0.0], np.cumsum(loads)))
    idx = np.arange(27, loads.size)
    acute = csum[idx + 1] - csum[idx + 1 - 7]
    chronic = (csum[idx + 1] - csum[idx + 1 - 28]) / 4.0
    with np.errstate(divide="ignore", invalid="ignore"):
        out[idx] = np.where(chronic > 0, acute / np.where(chronic > 0, chronic, 1.0), np.nan)
    return out


class FitnessFatigue(NamedTuple):
    """Banister model outputs, one value per day.

    fitness (CTL) [AU], fatigue (ATL) [AU], form (TSB = fitness − fatigue) [AU] and
    performance relative to baseline ``k1·fitness − k2·fatigue`` [AU].
    """

    fitness: FloatArray
    fatigue: FloatArray
    form: FloatArray
    performance: FloatArray


def banister_fitness_fatigue(
    daily_loads: ArrayLike,
    tau_fitness: float = TAU_FITNESS_DAYS,
    tau_fatigue: float = TAU_FATIGUE_DAYS,
    k1: float = K_FITNESS,
    k2: float = K_FATIGUE,
    fitness0: float = 0.0,
    fatigue0: float = 0.0,
) -> FitnessFatigue:
    """Banister impulse–response (fitness–fatigue) model in its daily recursive form.

    ``F_t = F_(t−1)·e^(−1/τ1) + w_t``; ``A_t = A_(t−1)·e^(−1/τ2) + w_t``;
    ``p_t − p0 = k1·F_t − k2·A_t``.

    Parameters
    ----------
    daily_loads
        Daily training impulses w_t [AU] (TRIMP or session-RPE load).
    tau_fitness
        Fitness decay time constant τ1 [days], 42.
    tau_fatigue
        Fatigue decay time constant τ2 [days], 7.
    k1
        Fitness gain [dimensionless], 1.
    k2
        Fatigue gain [dimensionless], 2.
    fitness0
        Fitness before day 0 [AU].
    fatigue0
        Fatigue before day 0 [AU].

    Returns
    -------
    :class:`FitnessFatigue` arrays, each the state after day t's load.

    Notes
    -----
    Decay is the exact exponential ``e^(−1/τ)`` per day, not the TrainingPeaks EWMA
    ``CTL += (L − CTL)/42``, and the load enters unscaled (sums, not averages). Form (TSB)
    here is fitness − fatigue of the *same* day, including that day's load (TrainingPeaks
    displays yesterday's values). τ1 = 42 / τ2 = 7 is the CTL/ATL convention, not a fitted
    value; fitted parameters are ill-conditioned (Hellard et al. 2006).

    References
    ----------
    .. [1] Banister EW, Calvert TW, Savage MV, Bach T. A systems model of training for
       athletic performance. Aust J Sports Med 1975;7:57–61.
    .. [2] Calvert TW, Banister EW, Savage MV, Bach T. A systems model of the effects of
       training on physical performance. IEEE Trans Syst Man Cybern 1976;SMC-6:94–102.
    .. [3] Hellard P et al. J Sports Sci 2006;24:509–520.
    """
    loads = np.atleast_1d(as_float(daily_loads))
    decay_f, decay_a = np.exp(-1.0 / tau_fitness), np.exp(-1.0 / tau_fatigue)
    fitness = np.empty_like(loads)
    fatigue = np.empty_like(loads)
    f, a = fitness0, fatigue0
    for i, w in enumerate(loads):
        f = f * decay_f + float(w)
        a = a * decay_a + float(w)
        fitness[i], fatigue[i] = f, a
    return FitnessFatigue(fitness, fatigue, fitness - fatigue, k1 * fitness - k2 * fatigue)
