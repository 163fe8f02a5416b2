"""Energy cost of exercise: ACSM metabolic equations, METs, heart rate (Keytel) and EPOC.

Units: speed S [m/min], grade G [fraction], VO2 [ml O2/kg/min], energy [kcal] unless a name
says kJ. "Gross" includes resting metabolism; "net" excludes it and is what the energy
budget credits. Each function names its sources.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from runlean.science._arrays import ArrayLike, BoolLike, as_float, to_output
from runlean.science.metabolism import rmr_ml_per_kg_min

#: Resting oxygen uptake defining 1 MET [ml O2/kg/min] (convention; ACSM).
RESTING_VO2_ML_PER_KG_MIN = 3.5
#: ACSM caloric equivalent of oxygen [kcal per litre O2].
ACSM_KCAL_PER_LITRE_O2 = 5.0
#: Work conversion [kg·m/min per W].
KGM_PER_MIN_PER_WATT = 6.12
#: kJ per kcal (thermochemical calorie).
KJ_PER_KCAL = 4.184
#: Lowest heart rate at which Keytel et al. 2005 is considered valid [bpm]; the study used
#: steady-state exercise at ≈90–150+ bpm and advises against use at rest or light activity
#: (Keytel et al. 2005; recalled from the paper, not re-checked [R]).
KEYTEL_MIN_VALID_HR_BPM = 90.0

#: EPOC model (runlean's proposed [P] model, not a published equation; :func:`epoc_fraction`).
#: Plateau fraction of net exercise energy for continuous exercise (Bahr et al. 1987 mean
#: 15 %; LaForgia et al. 2006 range 6–15 %).
EPOC_PHI_MAX_CONTINUOUS = 0.15
#: Intensity (fraction of VO2max or of HRR) at the logistic midpoint.
EPOC_MIDPOINT_INTENSITY = 0.60
#: Logistic scale of the intensity dependence [fraction of VO2max].
EPOC_SCALE_INTENSITY = 0.07
#: EPOC fraction for intervals whose work bouts are ≥ 100 % VO2max (LaForgia et al. 1997:
#: 13.8 % of net O2 cost).
EPOC_PHI_INTERVAL = 0.14
#: Work-bout intensity from which the interval value applies [fraction of VO2max].
EPOC_INTERVAL_MIN_INTENSITY = 1.0
#: Clamp of the EPOC fraction [fraction of net exercise energy].
EPOC_PHI_MIN = 0.02
EPOC_PHI_MAX = 0.20

#: LaForgia et al. 1997 (8 trained male runners, 67.8 kg, VO2max 69.2 ml/kg/min; 9-h EPOC):
#: 30 min of continuous treadmill running at 70 % VO2max gave an EPOC of 7.1 % of the net
#: exercise O2 cost (6.9 ± 3.8 L) ...
LAFORGIA_1997_CONTINUOUS_INTENSITY = 0.70
LAFORGIA_1997_CONTINUOUS_EPOC_FRACTION = 0.071
#: ... and 20 × 1 min at 105 % VO2max (2-min rests) gave 13.8 % (15.0 ± 3.3 L).
LAFORGIA_1997_INTERVAL_WORK_INTENSITY = 1.05
LAFORGIA_1997_INTERVAL_EPOC_FRACTION = 0.138

#: Linear fit to Bahr et al. 1987 12-h EPOC at 70 % VO2max: intercept [L O2] and slope
#: [L O2 per min of exercise] (a least-squares line through Bahr's three values, inferred [I]).
BAHR_1987_EPOC_INTERCEPT_L = 1.30
BAHR_1987_EPOC_SLOPE_L_PER_MIN = 0.160

MetForm = Literal["acsm", "kcal_per_kg_h"]


def _resting_term(net: bool) -> float:
    return 0.0 if net else RESTING_VO2_ML_PER_KG_MIN


def acsm_walking_vo2(
    speed_m_per_min: ArrayLike, grade_fraction: ArrayLike = 0.0, *, net: bool = False
) -> ArrayLike:
    """Oxygen cost of walking by the ACSM metabolic equation.

    ``VO2 = 0.1·S + 1.8·S·G + 3.5`` (the 3.5 resting term is dropped when ``net``).

    Parameters
    ----------
    speed_m_per_min
        Walking speed S [m/min].
    grade_fraction
        Treadmill or uphill grade G [fraction, 0.05 = 5 %]; negative grades are clamped to 0
        (the equation gives no credit for downhill).
    net
        Exclude the resting 3.5 ml/kg/min.

    Returns
    -------
    Oxygen uptake [ml O2/kg/min], gross unless ``net``.

    Notes
    -----
    Valid for 50–100 m/min (1.9–3.7 mph).

    References
    ----------
    .. [1] American College of Sports Medicine. ACSM's Guidelines for Exercise Testing and
       Prescription, 10th/11th ed. Wolters Kluwer; metabolic equations table.
    .. [2] Bushman B. Metabolic calculations. ACSM's Health Fit J 2020;24(3):6–10.
    """
    s, g = as_float(speed_m_per_min), np.maximum(as_float(grade_fraction), 0.0)
    return to_output(0.1 * s + 1.8 * s * g + _resting_term(net))


def acsm_running_vo2(
    speed_m_per_min: ArrayLike, grade_fraction: ArrayLike = 0.0, *, net: bool = False
) -> ArrayLike:
    """Oxygen cost of running by the ACSM metabolic equation.

    ``VO2 = 0.2·S + 0.9·S·G + 3.5`` (the 3.5 resting term is dropped when ``net``).

    Parameters
    ----------
    speed_m_per_min
        Running speed S [m/min].
    grade_fraction
        Grade G [fraction]; negative grades are clamped to 0.
    net
        Exclude the resting 3.5 ml/kg/min.

    Returns
    -------
    Oxygen uptake [ml O2/kg/min], gross unless ``net``.

    Notes
    -----
    Valid above 134 m/min (5 mph), and for 80–134 m/min if the person is truly jogging. The
    horizontal term amounts to 1.0 kcal/kg/km net, independent of speed. Hall et al. 2004
    found it close to measured energy for 1600 m.

    References
    ----------
    .. [1] ACSM's Guidelines for Exercise Testing and Prescription, metabolic equations.
    .. [2] Hall C, Figueroa A, Fernhall B, Kanaley JA. Med Sci Sports Exerc
       2004;36(12):2128–2134.
    """
    s, g = as_float(speed_m_per_min), np.maximum(as_float(grade_fraction), 0.0)
    return to_output(0.2 * s + 0.9 * s * g + _resting_term(net))


def acsm_running_speed_for_vo2(
    vo2_ml_per_kg_min: ArrayLike, grade_fraction: ArrayLike = 0.0
) -> ArrayLike:
    """Running speed that costs a given gross VO2 (inverse of :func:`acsm_running_vo2`).

    ``S = (VO2 − 3.5) / (0.2 + 0.9·G)``.

    Parameters
    ----------
    vo2_ml_per_kg_min
        Gross oxygen uptake [ml O2/kg/min].
    grade_fraction
        Grade G [fraction]; negative grades are clamped to 0.

    Returns
    -------
    Running speed [m/min].

    Notes
    -----
    Same validity as :func:`acsm_running_vo2`. Used with
    :func:`runlean.science.running.acsm_vo2_reserve_target` to turn an HR zone into a pace.

    References
    ----------
    .. [1] ACSM's Guidelines for Exercise Testing and Prescription, metabolic equations.
    """
    g = np.maximum(as_float(grade_fraction), 0.0)
    return to_output((as_float(vo2_ml_per_kg_min) - RESTING_VO2_ML_PER_KG_MIN) / (0.2 + 0.9 * g))


def acsm_cycling_vo2(power_w: ArrayLike, weight_kg: ArrayLike, *, net: bool = False) -> ArrayLike:
    """Oxygen cost of leg cycling on an ergometer by the ACSM metabolic equation.

    ``VO2 = 1.8·WR/M + 3.5 + 3.5`` with WR = 6.12·P [kg·m/min]. The first 3.5 is resting and
    is dropped when ``net``; the second is the cost of unloaded cycling and is kept.

    Parameters
    ----------
    power_w
        Power output P [W].
    weight_kg
        Body weight M [kg].
    net
        Exclude the resting 3.5 ml/kg/min.

    Returns
    -------
    Oxygen uptake [ml O2/kg/min].

    Notes
    -----
    Valid for 50–200 W.

    References
    ----------
    .. [1] ACSM's Guidelines for Exercise Testing and Prescription, metabolic equations.
    .. [2] Bushman B. ACSM's Health Fit J 2020;24(3):6–10.
    """
    work_rate = KGM_PER_MIN_PER_WATT * as_float(power_w)
    unloaded = RESTING_VO2_ML_PER_KG_MIN
    return to_output(1.8 * work_rate / as_float(weight_kg) + unloaded + _resting_term(net))


def vo2_to_kcal(
    vo2_ml_per_kg_min: ArrayLike,
    weight_kg: ArrayLike,
    duration_min: ArrayLike,
    kcal_per_litre: float = ACSM_KCAL_PER_LITRE_O2,
) -> ArrayLike:
    """Energy from an oxygen uptake sustained for a duration.

    ``kcal = VO2 · M / 1000 · t · kcal_per_litre``.

    Parameters
    ----------
    vo2_ml_per_kg_min
        Oxygen uptake [ml O2/kg/min]; gross or net, the result is the same kind.
    weight_kg
        Body weight M [kg].
    duration_min
        Duration t [min].
    kcal_per_litre
        Caloric equivalent of oxygen [kcal/L O2]; ACSM convention 5.0. Weir gives
        ``3.941 + 1.106·RER`` (4.86 at RER ≈ 0.85).

    Returns
    -------
    Energy [kcal].

    Notes
    -----
    Pass a net VO2 (``net=True`` in the ACSM functions) for energy-balance bookkeeping.

    References
    ----------
    .. [1] ACSM's Guidelines for Exercise Testing and Prescription.
    .. [2] Weir JB de V. New methods for calculating metabolic rate with special reference to
       protein metabolism. J Physiol 1949;109:1–9. doi:10.1113/jphysiol.1949.sp004363
    """
    litres = as_float(vo2_ml_per_kg_min) * as_float(weight_kg) / 1000.0 * as_float(duration_min)
    return to_output(litres * kcal_per_litre)


def weir_kcal_per_litre(rer: ArrayLike) -> ArrayLike:
    """Caloric equivalent of a litre of oxygen from the respiratory exchange ratio (Weir).

    ``kcal/L = 3.941 + 1.106·RER``.

    Parameters
    ----------
    rer
        Respiratory exchange ratio VCO2/VO2 [dimensionless], 0.7–1.0.

    Returns
    -------
    Caloric equivalent [kcal per litre O2].

    Notes
    -----
    Neglects protein oxidation (Weir's abbreviated form).

    References
    ----------
    .. [1] Weir JB de V. J Physiol 1949;109:1–9. doi:10.1113/jphysiol.1949.sp004363
    """
    return to_output(3.941 + 1.106 * as_float(rer))


def met_kcal(
    met: ArrayLike,
    weight_kg: ArrayLike,
    duration_min: ArrayLike,
    *,
    net: bool = False,
    form: MetForm = "acsm",
) -> ArrayLike:
    """Energy of an activity from its MET value.

    ``form="acsm"``: ``kcal = MET·3.5·kg/200`` per minute (3.5 ml/kg/min at 5 kcal/L);
    ``form="kcal_per_kg_h"``: ``kcal = MET·kg·hours`` (1 kcal/kg/h at rest; 5 % lower).
    With ``net`` the MET is replaced by MET − 1 (resting expenditure removed).

    Parameters
    ----------
    met
        Standard (Compendium) MET value [dimensionless].
    weight_kg
        Body weight [kg].
    duration_min
        Duration [min].
    net
        Subtract the resting 1 MET.
    form
        Which MET-to-energy convention.

    Returns
    -------
    Energy [kcal], gross unless ``net``.

    Notes
    -----
    Use standard, not corrected, METs here: a corrected MET multiplied by 3.5 again would
    double-count the correction (Kozey et al. 2010).

    References
    ----------
    .. [1] Herrmann SD, Willis EA, Ainsworth BE, et al. 2024 Adult Compendium of Physical
       Activities. J Sport Health Sci 2024;13:6–12. doi:10.1016/j.jshs.2023.10.010
    .. [2] Ainsworth BE, Haskell WL, Herrmann SD, et al. 2011 Compendium of Physical
       Activities. Med Sci Sports Exerc 2011;43:1575–1581.
       doi:10.1249/MSS.0b013e31821ece12
    """
    m = as_float(met) - (1.0 if net else 0.0)
    w, t = as_float(weight_kg), as_float(duration_min)
    if form == "acsm":
        return to_output(m * RESTING_VO2_ML_PER_KG_MIN * w / 200.0 * t)
    if form == "kcal_per_kg_h":
        return to_output(m * w * t / 60.0)
    raise ValueError(f"form must be 'acsm' or 'kcal_per_kg_h', got {form!r}")


def corrected_met(met: ArrayLike, rmr_kcal_per_day: ArrayLike, weight_kg: ArrayLike) -> ArrayLike:
    """MET corrected for the individual's resting metabolic rate (Kozey et al. 2010).

    ``MET_corr = MET · 3.5 / RMR`` with RMR in ml O2/kg/min.

    Parameters
    ----------
    met
        Standard (Compendium) MET [dimensionless].
    rmr_kcal_per_day
        The person's resting metabolic rate [kcal/day], e.g. from Harris-Benedict revised.
    weight_kg
        Body weight [kg].

    Returns
    -------
    Corrected MET [multiples of the person's own RMR].

    Notes
    -----
    Changes the intensity classification, not the absolute energy:
    ``MET_corr × RMR_individual`` equals ``MET × 3.5``. Standard METs underestimated measured
    METs by 0.51 MET on average.

    References
    ----------
    .. [1] Kozey S, Lyden K, Staudenmayer J, Freedson P. J Phys Act Health 2010;7:508–516.
       doi:10.1123/jpah.7.4.508
    """
    rmr = as_float(rmr_ml_per_kg_min(rmr_kcal_per_day, weight_kg))
    return to_output(as_float(met) * RESTING_VO2_ML_PER_KG_MIN / rmr)


def keytel_2005_kj_per_min(
    hr_bpm: ArrayLike,
    weight_kg: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
    vo2max_ml_per_kg_min: ArrayLike | None = None,
) -> ArrayLike:
    """Gross energy expenditure from heart rate by Keytel et al. 2005.

    Without VO2max: men ``−55.0969 + 0.6309·HR + 0.1988·W + 0.2017·A``; women
    ``−20.4022 + 0.4472·HR − 0.1263·W + 0.074·A``. With VO2max: men
    ``−95.7735 + 0.634·HR + 0.404·VO2max + 0.394·W + 0.271·A``; women
    ``−59.3954 + 0.45·HR + 0.380·VO2max + 0.103·W + 0.274·A``.

    Parameters
    ----------
    hr_bpm
        Heart rate [bpm].
    weight_kg
        Body weight W [kg].
    age_years
        Age A [years].
    male
        True for men, False for women.
    vo2max_ml_per_kg_min
        Maximal oxygen uptake [ml/kg/min]; ``None`` selects the equations without it.

    Returns
    -------
    Gross energy expenditure [kJ/min].

    Notes
    -----
    n = 115 regularly active adults (≈18–45 y); R² 83.3 % with VO2max, 73.4 % without.
    Valid only in steady-state exercise at HR ≥ :data:`KEYTEL_MIN_VALID_HR_BPM` (≈90 bpm):
    it is not meant for rest or light activity, where callers should fall back to METs. The
    function does not clamp. Subtract RMR/1440 per minute for a net value.

    References
    ----------
    .. [1] Keytel LR, Goedecke JH, Noakes TD, et al. Prediction of energy expenditure from
       heart rate monitoring during submaximal exercise. J Sports Sci 2005;23:289–297.
       doi:10.1080/02640410470001730089
    """
    hr, w, a = as_float(hr_bpm), as_float(weight_kg), as_float(age_years)
    sex = np.asarray(male, dtype=bool)
    if vo2max_ml_per_kg_min is None:
        men = -55.0969 + 0.6309 * hr + 0.1988 * w + 0.2017 * a
        women = -20.4022 + 0.4472 * hr - 0.1263 * w + 0.074 * a
    else:
        v = as_float(vo2max_ml_per_kg_min)
        men = -95.7735 + 0.634 * hr + 0.404 * v + 0.394 * w + 0.271 * a
        women = -59.3954 + 0.45 * hr + 0.380 * v + 0.103 * w + 0.274 * a
    return to_output(np.where(sex, men, women))


def keytel_2005_kcal_per_min(
    hr_bpm: ArrayLike,
    weight_kg: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
    vo2max_ml_per_kg_min: ArrayLike | None = None,
) -> ArrayLike:
    """Keytel et al. 2005 energy expenditure in kcal/min (:func:`keytel_2005_kj_per_min` / 4.184).

    Parameters
    ----------
    hr_bpm
        Heart rate [bpm].
    weight_kg
        Body weight [kg].
    age_years
        Age [years].
    male
        True for men, False for women.
    vo2max_ml_per_kg_min
        Maximal oxygen uptake [ml/kg/min] or ``None``.

    Returns
    -------
    Gross energy expenditure [kcal/min].

    Notes
    -----
    Same validity caveat as :func:`keytel_2005_kj_per_min` (HR ≥ 90 bpm, steady state).

    References
    ----------
    .. [1] Keytel LR et al. J Sports Sci 2005;23:289–297. doi:10.1080/02640410470001730089
    """
    kj = keytel_2005_kj_per_min(hr_bpm, weight_kg, age_years, male, vo2max_ml_per_kg_min)
    return to_output(as_float(kj) / KJ_PER_KCAL)


def epoc_fraction(intensity_fraction: ArrayLike, interval: bool = False) -> ArrayLike:
    """Fraction of net exercise energy added as EPOC (runlean's proposed model).

    Continuous: ``φ(p) = 0.15 / (1 + exp(−(p − 0.60)/0.07))``. Intervals whose work bouts
    are ≥ 100 % VO2max: ``φ = 0.14``. The result is clamped to [0.02, 0.20].

    Parameters
    ----------
    intensity_fraction
        Intensity p [fraction of VO2max, or of heart-rate reserve]; for intervals, the
        intensity of the work bouts.
    interval
        True for interval sessions. Intervals with work bouts below 100 % VO2max use the
        continuous curve.

    Returns
    -------
    EPOC as a fraction of net exercise energy [fraction].

    Notes
    -----
    A proposed model [P], runlean's own: no published closed form exists. Anchors:
    Bahr et al. 1987 (mean 15 % of exercise O2 at 70 % VO2max), LaForgia et al. 2006
    (typically 6–15 %), LaForgia et al. 1997 (7.1 % continuous vs 13.8 % supramaximal
    intervals). EPOC is a minor term: HIIT adds only tens of kcal per session.

    References
    ----------
    .. [1] Bahr R, Ingnes I, Vaage O, Sejersted OM, Newsholme EA. J Appl Physiol
       1987;62:485–490.
    .. [2] LaForgia J, Withers RT, Gore CJ. Effects of exercise intensity and duration on the
       excess post-exercise oxygen consumption. J Sports Sci 2006;24:1247–1264.
       doi:10.1080/02640410600552064
    .. [3] LaForgia J et al. J Appl Physiol 1997;82:661–666.
    """
    p = as_float(intensity_fraction)
    phi = EPOC_PHI_MAX_CONTINUOUS / (
        1.0 + np.exp(-(p - EPOC_MIDPOINT_INTENSITY) / EPOC_SCALE_INTENSITY))
    if interval:
        phi = np.where(p >= EPOC_INTERVAL_MIN_INTENSITY, EPOC_PHI_INTERVAL, phi)
    return to_output(np.clip(phi, EPOC_PHI_MIN, EPOC_PHI_MAX))


def epoc_kcal(
    net_kcal: ArrayLike, intensity_fraction: ArrayLike, interval: bool = False
) -> ArrayLike:
    """EPOC energy of a session: ``φ(p) × net exercise energy`` (see :func:`epoc_fraction`).

    Parameters
    ----------
    net_kcal
        Net exercise energy of the session [kcal].
    intensity_fraction
        Intensity [fraction of VO2max or HRR].
    interval
        True for interval sessions.

    Returns
    -------
    EPOC energy [kcal].

    Notes
    -----
    Proposed model [P] (see :func:`epoc_fraction`).

    References
    ----------
    .. [1] Bahr R et al. J Appl Physiol 1987;62:485–490.
    .. [2] LaForgia J et al. J Appl Physiol 1997;82:661–666.
    .. [3] LaForgia J, Withers RT, Gore CJ. J Sports Sci 2006;24:1247–1264.
    """
    return to_output(as_float(net_kcal) * as_float(epoc_fraction(intensity_fraction, interval)))


def bahr_1987_epoc_litres(minutes: ArrayLike) -> ArrayLike:
    """12-hour EPOC after exercise at 70 % VO2max, linear fit to Bahr et al. 1987.

    ``EPOC = 1.30 + 0.160·minutes`` [L O2].

    Parameters
    ----------
    minutes
        Exercise duration at 70 % VO2max [min], fitted on 20–80 min.

    Returns
    -------
    EPOC [L O2]; multiply by 5 for kcal.

    Notes
    -----
    Least-squares line [I] through the observed 5.1, 6.8 and 14.4 L after 20, 40
    and 80 min.

    References
    ----------
    .. [1] Bahr R et al. J Appl Physiol 1987;62:485–490.
    """
    return to_output(BAHR_1987_EPOC_INTERCEPT_L
                     + BAHR_1987_EPOC_SLOPE_L_PER_MIN * as_float(minutes))


def epoc_logistic_midpoint(
    intensity_fraction: float,
    epoc_fraction_observed: float,
    phi_max: float = EPOC_PHI_MAX_CONTINUOUS,
    scale: float = EPOC_SCALE_INTENSITY,
) -> float:
    """Midpoint of the EPOC logistic that passes through one observed (intensity, fraction).

    Inverts ``φ = φmax / (1 + exp(−(p − m)/s))`` for ``m``:
    ``m = p + s·ln(φmax/φ − 1)``.

    Parameters
    ----------
    intensity_fraction
        Intensity p of the observation [fraction of VO2max].
    epoc_fraction_observed
        Observed EPOC φ as a fraction of the net exercise O2 cost [fraction], 0 < φ < φmax.
    phi_max
        Plateau of the logistic [fraction].
    scale
        Logistic scale s [fraction of VO2max].

    Returns
    -------
    Midpoint m [fraction of VO2max].

    Notes
    -----
    A one-parameter fit: the plateau and scale of runlean's proposed EPOC curve are kept and
    only the midpoint moves so the curve goes through the observation exactly. With LaForgia
    et al. 1997 (p = 0.70, φ = 0.071), φmax = 0.15 and s = 0.07:
    ``m = 0.70 + 0.07·ln(0.15/0.071 − 1) = 0.70 + 0.07·0.1068 = 0.7075``.

    References
    ----------
    .. [1] LaForgia J, Withers RT, Shipp NJ, Gore CJ. Comparison of energy expenditure
       elevations after submaximal and supramaximal running. J Appl Physiol
       1997;82:661–666.
    """
    if not 0.0 < epoc_fraction_observed < phi_max:
        raise ValueError(f"epoc_fraction_observed must lie in (0, {phi_max}), "
                         f"got {epoc_fraction_observed}")
    return float(intensity_fraction + scale * np.log(phi_max / epoc_fraction_observed - 1.0))


#: Midpoint of the EPOC logistic fitted to LaForgia et al. 1997 (continuous running at 70 %
#: VO2max → 7.1 % of net O2 cost) with the plateau 0.15 and scale 0.07 kept: ≈ 0.7075.
LAFORGIA_1997_EPOC_MIDPOINT_INTENSITY = epoc_logistic_midpoint(
    LAFORGIA_1997_CONTINUOUS_INTENSITY, LAFORGIA_1997_CONTINUOUS_EPOC_FRACTION)
#: Plateau of the calibrated curve and cap of every calibrated EPOC fraction: 15 %, the top
#: of the 6–15 % range of net exercise O2 cost (LaForgia, Withers & Gore 2006 review).
LAFORGIA_1997_EPOC_PHI_MAX = EPOC_PHI_MAX_CONTINUOUS


def laforgia_1997_epoc_fraction(
    intensity_fraction: ArrayLike, interval: bool = False
) -> ArrayLike:
    """EPOC as a fraction of net exercise energy, calibrated to LaForgia et al. 1997.

    Continuous: ``φ(p) = 0.15 / (1 + exp(−(p − m)/0.07))`` with ``m ≈ 0.7075``
    (:data:`LAFORGIA_1997_EPOC_MIDPOINT_INTENSITY`), clamped to [0.02, 0.15]. Intervals:
    ``min(φ(p_work), 0.138)``, the 13.8 % LaForgia et al. measured after 20 × 1 min at
    105 % VO2max.

    Parameters
    ----------
    intensity_fraction
        Intensity p [fraction of VO2max] on the measured-VO2 scale, i.e. the Daniels scale:
        the Daniels–Gilbert oxygen cost of the pace divided by VDOT (Daniels E ≈ 0.59–0.74,
        M 0.75–0.84, T 0.83–0.88, I 0.95–1.00, R 1.05–1.20). Do NOT pass the ACSM running
        cost divided by VDOT: the ACSM equation costs easy paces ≈ 25 % higher than the
        Daniels curve and puts easy runs at 0.86–0.88. For intervals, the intensity of the
        work bouts.
    interval
        True for an interval session (work bouts with recoveries).

    Returns
    -------
    EPOC as a fraction of the session's net exercise energy [fraction].

    Notes
    -----
    The shape (logistic, plateau 0.15, scale 0.07) is runlean's proposed model
    (:func:`epoc_fraction`); only the midpoint is fitted, to the one study that measured
    EPOC after *running* at a stated %VO2max as a share of net O2 cost (LaForgia 1997,
    trained runners, 9-h EPOC): φ(0.70) = 0.071 exactly. Resulting values: φ(0.59) =
    0.024, φ(0.65) = 0.046, φ(0.70) = 0.071 (Daniels easy running ≈ 5–7 % of net),
    φ(0.80) = 0.118, φ(0.88) = 0.138, φ(0.98) = 0.147; intervals ≤ 0.138.

    Consistent with the review-level laws of Børsheim & Bahr 2003: EPOC rises
    curvilinearly with intensity (φ grows with p, so EPOC grows faster than net energy);
    linearly with duration (φ does not depend on duration); supramaximal intervals give more
    EPOC than continuous exercise of similar work (0.138 vs 0.071 at 70 %). The HIIT−MICT
    gap it gives (≈ 20 kcal for 300 kcal net) lies in the 8–31 kcal range of the Panissa
    et al. 2021 meta-analysis.

    Limits: a fraction-of-net model has no intercept, so it cannot reproduce the fast EPOC
    component that makes short bouts relatively costlier (Bahr et al. 1987: 5.1 L after
    20 min vs 14.4 L after 80 min, ratio 0.35, model 0.25); it under-predicts short
    sessions by ≈ 1 L O2 (≈ 5 kcal). Bahr et al. 1987 (12-h EPOC, cycling, untrained men)
    reported a mean 15.2 % of exercise O2 at 70 % VO2max, twice LaForgia's 7.1 % (9-h,
    running, trained runners, who recover faster); the curve follows the running study.
    Below p ≈ 0.58 the floor 0.02 applies (a small EPOC is still measurable after 30 min at
    40 % VO2max: 1.34 L, J Jpn Soc Nutr Food Sci 52(3)). Validity: p 0.4–1.2.

    References
    ----------
    .. [1] LaForgia J, Withers RT, Shipp NJ, Gore CJ. Comparison of energy expenditure
       elevations after submaximal and supramaximal running. J Appl Physiol
       1997;82:661–666.
    .. [2] LaForgia J, Withers RT, Gore CJ. Effects of exercise intensity and duration on the
       excess post-exercise oxygen consumption. J Sports Sci 2006;24:1247–1264.
    .. [3] Børsheim E, Bahr R. Effect of exercise intensity, duration and mode on
       post-exercise oxygen consumption. Sports Med 2003;33:1037–1060.
    .. [4] Bahr R, Ingnes I, Vaage O, Sejersted OM, Newsholme EA. Effect of duration of
       exercise on excess postexercise O2 consumption. J Appl Physiol 1987;62:485–490.
    .. [5] Panissa VLG et al. Magnitude and duration of excess of post-exercise oxygen
       consumption between high-intensity interval and moderate-intensity continuous
       exercise: a systematic review. Obes Rev 2021;22:e13099.
    .. [6] Daniels J, Gilbert J. Oxygen Power: Performance Tables for Distance Runners.
       Tempe, AZ, 1979.
    """
    p = as_float(intensity_fraction)
    phi = LAFORGIA_1997_EPOC_PHI_MAX / (
        1.0 + np.exp(-(p - LAFORGIA_1997_EPOC_MIDPOINT_INTENSITY) / EPOC_SCALE_INTENSITY))
    phi = np.clip(phi, EPOC_PHI_MIN, LAFORGIA_1997_EPOC_PHI_MAX)
    if interval:
        phi = np.minimum(phi, LAFORGIA_1997_INTERVAL_EPOC_FRACTION)
    return to_output(phi)


def laforgia_1997_epoc_kcal(
    net_kcal: ArrayLike, intensity_fraction: ArrayLike, interval: bool = False
) -> ArrayLike:
    """EPOC energy of a session: ``φ(p) × net energy`` with the calibrated φ.

    Parameters
    ----------
    net_kcal
        Net exercise energy of the whole session [kcal] (warm-up, recoveries and cool-down
        included for intervals, as in LaForgia et al. 1997).
    intensity_fraction
        Intensity [fraction of VO2max] on the Daniels scale (see
        :func:`laforgia_1997_epoc_fraction`); the work-bout intensity for intervals.
    interval
        True for interval sessions.

    Returns
    -------
    EPOC energy [kcal].

    Notes
    -----
    Proportional to net energy, hence linear in duration at a fixed intensity (Børsheim &
    Bahr 2003). Example: 40 min at Daniels E (0.70 of VDOT 45) by a 72.5 kg runner, net
    O2 from the Daniels–Gilbert cost (0.70·45 − 3.5 ml/kg/min): ≈ 406 kcal net, EPOC ≈
    29 kcal; Bahr et al. 1987 measured 6.8 L ≈ 34 kcal after 40 min at 70 % VO2max and
    LaForgia et al. 1997 6.9 L ≈ 35 kcal after 30 min.

    References
    ----------
    .. [1] LaForgia J et al. J Appl Physiol 1997;82:661–666.
    .. [2] Børsheim E, Bahr R. Sports Med 2003;33:1037–1060.
    """
    return to_output(as_float(net_kcal)
                     * as_float(laforgia_1997_epoc_fraction(intensity_fraction, interval)))


def loftin_kcal_per_mile(weight_kg: ArrayLike, male: BoolLike) -> ArrayLike:
    """Gross energy of running one mile (Loftin et al. 2010).

    ``kcal/mile = 0.789·M − 7.634·gender + 51.109`` with gender 1 for men, 2 for women.

    Parameters
    ----------
    weight_kg
        Body mass M [kg].
    male
        True for men, False for women.

    Returns
    -------
    Energy per mile run [kcal/mile].

    Notes
    -----
    SEE 10.9 kcal. Cross-validated by Morris et al. 2014 (measured 107.8 ± 15.5 vs predicted
    99.7 kcal/mile).

    References
    ----------
    .. [1] Loftin M, Waddell DE, Robinson JH, Owens SG. Comparison of energy expenditure to
       walk or run a mile in adult normal weight and overweight men and women. J Strength
       Cond Res 2010;24(10):2794–2798.
    .. [2] Morris CE, Owens SG, Waddell DE, Bass MA, Bentley JP, Loftin M. Cross-validation
       of a recently published equation predicting energy expenditure to run or walk a mile
       in normal-weight and overweight adults. Meas Phys Educ Exerc Sci 2014;18(1):1–12.
    """
    gender = np.where(np.asarray(male, dtype=bool), 1.0, 2.0)
    return to_output(0.789 * as_float(weight_kg) - 7.634 * gender + 51.109)
