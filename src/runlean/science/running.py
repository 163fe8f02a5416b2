"""Running-specific physiology: maximal heart rate, heart-rate zones, and the Daniels–Gilbert
VDOT model of race equivalence and training paces. Each function names its sources.
"""

from __future__ import annotations

import numpy as np

from runlean.science._arrays import ArrayLike, as_float, to_output
from runlean.science.exercise import RESTING_VO2_ML_PER_KG_MIN

#: Karvonen zone bounds [fraction of heart-rate reserve], zones 1–5 (a common five-zone
#: convention [P]; zone 2 top = 0.70 and zone 3 = 0.70–0.80 line up with the ACSM moderate
#: (40–59 %) / vigorous (60–89 %) split only roughly).
KARVONEN_ZONE_BOUNDS: tuple[tuple[float, float], ...] = (
    (0.50, 0.60), (0.60, 0.70), (0.70, 0.80), (0.80, 0.90), (0.90, 1.00),
)
#: Daniels intensity bands [fraction of VO2max] (recalled [R] from Daniels' Running Formula).
DANIELS_INTENSITY_BANDS: dict[str, tuple[float, float]] = {
    "E": (0.59, 0.74),
    "M": (0.75, 0.84),
    "T": (0.83, 0.88),
    "I": (0.95, 1.00),
    "R": (1.05, 1.20),
}
#: Single representative fraction per pace used for runlean's training paces [P].
DANIELS_PACE_FRACTIONS: dict[str, float] = {"E": 0.70, "M": 0.80, "T": 0.88, "I": 0.98}

# Daniels–Gilbert coefficients (Oxygen Power, 1979).
_A, _B, _C = -4.60, 0.182258, 0.000104
_P0, _P1, _K1, _P2, _K2 = 0.8, 0.1894393, 0.012778, 0.2989558, 0.1932605


def tanaka_hrmax(age_years: ArrayLike) -> ArrayLike:
    """Age-predicted maximal heart rate (Tanaka et al. 2001): ``208 − 0.7·age``.

    Parameters
    ----------
    age_years
        Age [years].

    Returns
    -------
    Maximal heart rate [bpm].

    Notes
    -----
    Meta-analysis of 351 studies (18 712 subjects) plus a lab study; SD of individuals
    ≈10 bpm, so a measured HRmax is always better. Agrees with "220 − age" at 40 y.

    References
    ----------
    .. [1] Tanaka H, Monahan KD, Seals DR. Age-predicted maximal heart rate revisited. J Am
       Coll Cardiol 2001;37:153–156. doi:10.1016/S0735-1097(00)01054-8
    """
    return to_output(208.0 - 0.7 * as_float(age_years))


def karvonen_target_hr(hr_rest: ArrayLike, hr_max: ArrayLike, fraction: ArrayLike) -> ArrayLike:
    """Target heart rate from the heart-rate reserve (Karvonen method).

    ``THR = HRrest + p·(HRmax − HRrest)``.

    Parameters
    ----------
    hr_rest
        Resting heart rate [bpm].
    hr_max
        Maximal heart rate [bpm].
    fraction
        Intensity p [fraction of heart-rate reserve].

    Returns
    -------
    Target heart rate [bpm].

    Notes
    -----
    ACSM treats %HRR ≈ %VO2R (see :func:`acsm_vo2_reserve_target`).

    References
    ----------
    .. [1] Karvonen MJ, Kentala E, Mustala O. The effects of training on heart rate; a
       longitudinal study. Ann Med Exp Biol Fenn 1957;35:307–315.
    """
    rest = as_float(hr_rest)
    return to_output(rest + as_float(fraction) * (as_float(hr_max) - rest))


def karvonen_zones(hr_rest: float, hr_max: float) -> list[tuple[float, float]]:
    """Five heart-rate zones by the Karvonen method.

    Parameters
    ----------
    hr_rest
        Resting heart rate [bpm].
    hr_max
        Maximal heart rate [bpm].

    Returns
    -------
    Five (low, high) heart-rate bounds [bpm] for zones 1–5 at 50–60, 60–70, 70–80, 80–90
    and 90–100 % of heart-rate reserve (:data:`KARVONEN_ZONE_BOUNDS`).

    Notes
    -----
    The five-zone split is a convention [P]; ACSM calls 40–59 % HRR moderate and 60–89 %
    vigorous.

    References
    ----------
    .. [1] Karvonen MJ, Kentala E, Mustala O. Ann Med Exp Biol Fenn 1957;35:307–315.
    """
    return [(float(karvonen_target_hr(hr_rest, hr_max, lo)),
             float(karvonen_target_hr(hr_rest, hr_max, hi))) for lo, hi in KARVONEN_ZONE_BOUNDS]


def acsm_vo2_reserve_target(vo2max: ArrayLike, fraction: ArrayLike) -> ArrayLike:
    """Target oxygen uptake at a fraction of VO2 reserve (ACSM).

    ``VO2_target = p·(VO2max − 3.5) + 3.5``.

    Parameters
    ----------
    vo2max
        Maximal oxygen uptake [ml/kg/min].
    fraction
        Intensity p [fraction of VO2 reserve ≈ fraction of HRR].

    Returns
    -------
    Target oxygen uptake [ml/kg/min]; turn it into a pace with
    :func:`runlean.science.exercise.acsm_running_speed_for_vo2`.

    Notes
    -----
    Relies on %HRR ≈ %VO2R (Swain & Leutholtz), which holds on average, not individually.

    References
    ----------
    .. [1] ACSM's Guidelines for Exercise Testing and Prescription (exercise prescription).
    """
    rest = RESTING_VO2_ML_PER_KG_MIN
    return to_output(as_float(fraction) * (as_float(vo2max) - rest) + rest)


def daniels_vo2(speed_m_per_min: ArrayLike) -> ArrayLike:
    """Oxygen cost of running at a speed (Daniels & Gilbert).

    ``VO2 = −4.60 + 0.182258·v + 0.000104·v²``.

    Parameters
    ----------
    speed_m_per_min
        Running speed v [m/min].

    Returns
    -------
    Oxygen uptake [ml/kg/min].

    Notes
    -----
    Fitted to trained runners at race speeds (≈150–400 m/min).

    References
    ----------
    .. [1] Daniels J, Gilbert J. Oxygen Power: Performance Tables for Distance Runners.
       Tempe, AZ, 1979.
    """
    v = as_float(speed_m_per_min)
    return to_output(_A + _B * v + _C * v * v)


def daniels_percent_max(time_min: ArrayLike) -> ArrayLike:
    """Fraction of VO2max sustainable for a race of a given duration (Daniels & Gilbert).

    ``%max = 0.8 + 0.1894393·e^(−0.012778·t) + 0.2989558·e^(−0.1932605·t)``.

    Parameters
    ----------
    time_min
        Race duration t [min].

    Returns
    -------
    Sustainable fraction of VO2max [fraction].

    Notes
    -----
    Coefficients multiply ``exp()``; a public C implementation wrongly uses ``pow()``.

    References
    ----------
    .. [1] Daniels J, Gilbert J. Oxygen Power, 1979.
    """
    t = as_float(time_min)
    return to_output(_P0 + _P1 * np.exp(-_K1 * t) + _P2 * np.exp(-_K2 * t))


def daniels_vdot(distance_m: ArrayLike, time_s: ArrayLike) -> ArrayLike:
    """VDOT (effective VO2max) from a race result: ``VO2(v) / %max(t)``.

    Parameters
    ----------
    distance_m
        Race distance [m].
    time_s
        Race time [s].

    Returns
    -------
    VDOT [ml/kg/min].

    Notes
    -----
    Reproduces the Daniels VDOT 50 table row to ±0.05. Valid for races of ≈1500 m to the
    marathon by fit, on flat courses in temperate conditions.

    References
    ----------
    .. [1] Daniels J, Gilbert J. Oxygen Power, 1979.
    .. [2] Daniels J. Daniels' Running Formula. Human Kinetics.
    """
    t_min = as_float(time_s) / 60.0
    v = as_float(distance_m) / t_min
    return to_output(as_float(daniels_vo2(v)) / as_float(daniels_percent_max(t_min)))


def daniels_race_time_s(vdot: ArrayLike, distance_m: ArrayLike) -> ArrayLike:
    """Race time predicted for a VDOT and distance (inverse of :func:`daniels_vdot`).

    Parameters
    ----------
    vdot
        VDOT [ml/kg/min].
    distance_m
        Race distance [m].

    Returns
    -------
    Race time [s].

    Notes
    -----
    Vectorised bisection on log time between 1 s and 100 h (VDOT decreases monotonically
    with time for a fixed distance); 100 halvings give a bracket far below 1 ms.

    References
    ----------
    .. [1] Daniels J, Gilbert J. Oxygen Power, 1979.
    """
    target, dist = np.broadcast_arrays(as_float(vdot), as_float(distance_m))
    lo = np.full(target.shape, np.log(1.0))
    hi = np.full(target.shape, np.log(100.0 * 3600.0))
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        too_fast = as_float(daniels_vdot(dist, np.exp(mid))) > target
        lo = np.where(too_fast, mid, lo)
        hi = np.where(too_fast, hi, mid)
    return to_output(np.exp(0.5 * (lo + hi)))


def daniels_speed_for_vo2(vo2: ArrayLike) -> ArrayLike:
    """Running speed whose Daniels oxygen cost equals ``vo2`` (inverse of :func:`daniels_vo2`).

    ``v = (−0.182258 + √(0.182258² + 4·0.000104·(VO2 + 4.60))) / (2·0.000104)``.

    Parameters
    ----------
    vo2
        Oxygen uptake [ml/kg/min].

    Returns
    -------
    Speed [m/min].

    Notes
    -----
    Positive root of the quadratic.

    References
    ----------
    .. [1] Daniels J, Gilbert J. Oxygen Power, 1979.
    """
    disc = _B * _B + 4.0 * _C * (as_float(vo2) - _A)
    return to_output((-_B + np.sqrt(disc)) / (2.0 * _C))


def daniels_training_speed_m_per_s(vdot: ArrayLike, fraction: ArrayLike) -> ArrayLike:
    """Training speed at a fraction of VDOT: the speed whose VO2 is ``fraction × VDOT``.

    Parameters
    ----------
    vdot
        VDOT [ml/kg/min].
    fraction
        Intensity [fraction of VDOT]; see :data:`DANIELS_PACE_FRACTIONS`.

    Returns
    -------
    Speed [m/s].

    Notes
    -----
    E 0.70, M 0.80, T 0.88, I 0.98 reproduce Daniels' pace table; VDOT 50 T pace 4:15/km
    matches Daniels' table as recalled.

    References
    ----------
    .. [1] Daniels J. Daniels' Running Formula. Human Kinetics.
    """
    v = as_float(daniels_speed_for_vo2(as_float(fraction) * as_float(vdot)))
    return to_output(v / 60.0)


def pace_s_per_km(speed_m_per_s: ArrayLike) -> ArrayLike:
    """Pace from speed.

    Parameters
    ----------
    speed_m_per_s
        Speed [m/s] (> 0).

    Returns
    -------
    Pace [s/km].

    Notes
    -----
    ``inf`` for zero speed (NumPy division semantics, no warning).

    References
    ----------
    .. [1] Definition (1000 m / speed).
    """
    with np.errstate(divide="ignore"):
        return to_output(1000.0 / as_float(speed_m_per_s))


def daniels_training_pace_s_per_km(vdot: ArrayLike, fraction: ArrayLike) -> ArrayLike:
    """Training pace at a fraction of VDOT.

    Parameters
    ----------
    vdot
        VDOT [ml/kg/min].
    fraction
        Intensity [fraction of VDOT].

    Returns
    -------
    Pace [s/km].

    Notes
    -----
    See :func:`daniels_training_speed_m_per_s`.

    References
    ----------
    .. [1] Daniels J. Daniels' Running Formula. Human Kinetics.
    """
    return pace_s_per_km(daniels_training_speed_m_per_s(vdot, fraction))
