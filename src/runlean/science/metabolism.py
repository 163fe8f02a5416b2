"""Resting metabolic rate equations and tissue-specific metabolic rates.

All rates are in kcal/day. Inputs: weight W [kg], height H [cm], age A [years], lean body
mass LBM [kg]. Each function names its sources.
"""

from __future__ import annotations

import numpy as np

from runlean.science._arrays import ArrayLike, BoolLike, as_float, to_output

#: Caloric equivalent of oxygen used to convert kcal to ml O2 [kcal per litre O2] (ACSM).
KCAL_PER_LITRE_O2 = 5.0

#: Specific metabolic rates K_i of organs and tissues, ages 21–50 y [kcal/kg/day].
#: Elia 1992, validated by Wang et al. 2010.
ELIA_TISSUE_RATES_KCAL_PER_KG_DAY: dict[str, float] = {
    "liver": 200.0,
    "brain": 240.0,
    "heart": 440.0,
    "kidneys": 440.0,
    "skeletal_muscle": 13.0,
    "adipose": 4.5,
    "residual": 12.0,
}
#: The same rates for ages > 50 y, ≈3 % lower (Wang et al. 2010) [kcal/kg/day].
WANG_2010_TISSUE_RATES_OVER_50_KCAL_PER_KG_DAY: dict[str, float] = {
    "liver": 194.0,
    "brain": 233.0,
    "heart": 426.0,
    "kidneys": 426.0,
    "skeletal_muscle": 12.6,
    "adipose": 4.4,
    "residual": 11.6,
}
#: Age above which the Wang 2010 (lower) rates apply [years].
WANG_2010_AGE_THRESHOLD_YEARS = 50.0


def mifflin_st_jeor(
    weight_kg: ArrayLike,
    height_cm: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
    *,
    rounded: bool = False,
) -> ArrayLike:
    """Resting metabolic rate by the Mifflin-St Jeor equation.

    ``REE = 9.99·W + 6.25·H − 4.92·A + 166·sex − 161`` (sex = 1 for men), the published
    unrounded form used by Hall's model and the NIH Body Weight Planner; with
    ``rounded=True`` the common simplified form ``10·W + 6.25·H − 5·A + 5 (men) / −161 (women)``.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    height_cm
        Height [cm].
    age_years
        Age [years].
    male
        True for men, False for women (array of bools for a batch).
    rounded
        Use the rounded 10 / 6.25 / 5 coefficients instead of 9.99 / 6.25 / 4.92.

    Returns
    -------
    Resting metabolic rate [kcal/day].

    Notes
    -----
    Derived from 498 healthy adults aged 19–78 y (normal weight and obese). Frankenfield et al.
    (2005) found it the most reliable RMR equation (within ±10 % of measured in most adults).

    References
    ----------
    .. [1] Mifflin MD, St Jeor ST, Hill LA, Scott BJ, Daugherty SA, Koh YO. A new predictive
       equation for resting energy expenditure in healthy individuals. Am J Clin Nutr
       1990;51:241–247. doi:10.1093/ajcn/51.2.241
    """
    sex = np.asarray(male, dtype=float)
    if rounded:
        result = 10.0 * np.asarray(weight_kg) + 6.25 * np.asarray(height_cm) \
            - 5.0 * np.asarray(age_years) + 166.0 * sex - 161.0
    else:
        result = 9.99 * np.asarray(weight_kg) + 6.25 * np.asarray(height_cm) \
            - 4.92 * np.asarray(age_years) + 166.0 * sex - 161.0
    return result if np.ndim(result) else float(result)


def harris_benedict_revised(
    weight_kg: ArrayLike,
    height_cm: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
) -> ArrayLike:
    """Resting metabolic rate by the Harris-Benedict equation as revised by Roza & Shizgal.

    Men ``88.362 + 13.397·W + 4.799·H − 5.677·A``; women
    ``447.593 + 9.247·W + 3.098·H − 4.330·A``.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    height_cm
        Height [cm].
    age_years
        Age [years].
    male
        True for men, False for women (array of bools for a batch).

    Returns
    -------
    Resting metabolic rate [kcal/day].

    Notes
    -----
    95 % confidence interval ±213 kcal/d (men) and ±201 kcal/d (women). Used by Kozey et al.
    2010 to correct METs for the individual resting rate.

    References
    ----------
    .. [1] Roza AM, Shizgal HM. The Harris Benedict equation reevaluated: resting energy
       requirements and the body cell mass. Am J Clin Nutr 1984;40:168–182.
       doi:10.1093/ajcn/40.1.168
    """
    w, h, a = as_float(weight_kg), as_float(height_cm), as_float(age_years)
    men = 88.362 + 13.397 * w + 4.799 * h - 5.677 * a
    women = 447.593 + 9.247 * w + 3.098 * h - 4.330 * a
    return to_output(np.where(np.asarray(male, dtype=bool), men, women))


def harris_benedict_1919(
    weight_kg: ArrayLike,
    height_cm: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
) -> ArrayLike:
    """Resting metabolic rate by the original Harris-Benedict (1919) equation.

    Men ``66.473 + 13.7516·W + 5.0033·H − 6.755·A``; women
    ``655.0955 + 9.5634·W + 1.8496·H − 4.6756·A``.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    height_cm
        Height [cm].
    age_years
        Age [years].
    male
        True for men, False for women.

    Returns
    -------
    Resting metabolic rate [kcal/day].

    Notes
    -----
    Overestimates measured RMR by ≈5 % in modern samples (Mifflin et al. 1990). Provided for
    comparison; prefer :func:`mifflin_st_jeor`.

    References
    ----------
    .. [1] Harris JA, Benedict FG. A biometric study of basal metabolism in man. Carnegie
       Institution of Washington, Publication 279, 1919.
    """
    w, h, a = as_float(weight_kg), as_float(height_cm), as_float(age_years)
    men = 66.473 + 13.7516 * w + 5.0033 * h - 6.755 * a
    women = 655.0955 + 9.5634 * w + 1.8496 * h - 4.6756 * a
    return to_output(np.where(np.asarray(male, dtype=bool), men, women))


def katch_mcardle(lean_mass_kg: ArrayLike) -> ArrayLike:
    """Resting metabolic rate from lean body mass by the Katch-McArdle equation.

    ``RMR = 370 + 21.6·LBM``.

    Parameters
    ----------
    lean_mass_kg
        Lean (fat-free) body mass [kg].

    Returns
    -------
    Resting metabolic rate [kcal/day].

    Notes
    -----
    Sex-independent; commonly recommended for lean or athletic people whose lean mass is
    known. The slope (21.6 kcal/kg) is that of whole fat-free mass including organs: do not
    use it for muscle gained by training (see :func:`elia_tissue_ree_change`).

    References
    ----------
    .. [1] McArdle WD, Katch FI, Katch VL. Exercise Physiology: Energy, Nutrition, and Human
       Performance. Lippincott Williams & Wilkins (textbook form of the equation).
    """
    return to_output(370.0 + 21.6 * as_float(lean_mass_kg))


def cunningham_1980(lean_mass_kg: ArrayLike) -> ArrayLike:
    """Resting metabolic rate from lean body mass by Cunningham's equation.

    ``RMR = 500 + 22·LBM``.

    Parameters
    ----------
    lean_mass_kg
        Lean (fat-free) body mass [kg].

    Returns
    -------
    Resting metabolic rate [kcal/day].

    Notes
    -----
    Derived from the Harris-Benedict subjects re-expressed on lean mass; sex-independent.
    Tends to give higher values than Katch-McArdle for the same lean mass.

    References
    ----------
    .. [1] Cunningham JJ. A reanalysis of the factors influencing basal metabolic rate in
       normal adults. Am J Clin Nutr 1980;33:2372–2374. doi:10.1093/ajcn/33.11.2372
    """
    return to_output(500.0 + 22.0 * as_float(lean_mass_kg))


def elia_tissue_rates(age_years: float = 30.0) -> dict[str, float]:
    """Specific metabolic rates of organs and tissues for an age.

    Parameters
    ----------
    age_years
        Age [years]; above 50 y the ≈3 % lower Wang 2010 rates apply.

    Returns
    -------
    Mapping tissue name -> K_i [kcal/kg/day] (a copy; safe to modify).

    Notes
    -----
    Wang et al. 2010 (n = 131, organ masses by MRI) found Elia's K_i valid for 21–50 y.

    References
    ----------
    .. [1] Elia M. Organ and tissue contribution to metabolic rate. In: Kinney JM, Tucker HN
       (eds). Energy Metabolism: Tissue Determinants and Cellular Corollaries. Raven Press,
       1992:61–79.
    .. [2] Wang Z, Ying Z, Bosy-Westphal A, et al. Specific metabolic rates of major organs
       and tissues across adulthood. Am J Clin Nutr 2010;92:1369–1377.
       doi:10.3945/ajcn.2010.29885
    """
    if age_years > WANG_2010_AGE_THRESHOLD_YEARS:
        return dict(WANG_2010_TISSUE_RATES_OVER_50_KCAL_PER_KG_DAY)
    return dict(ELIA_TISSUE_RATES_KCAL_PER_KG_DAY)


def elia_tissue_ree(tissue_masses_kg: dict[str, float], age_years: float = 30.0) -> float:
    """Resting energy expenditure as the sum of organ and tissue contributions.

    ``REE = Σ K_i · T_i``.

    Parameters
    ----------
    tissue_masses_kg
        Mass of each tissue [kg], keyed by the names of
        :data:`ELIA_TISSUE_RATES_KCAL_PER_KG_DAY` (missing tissues count as 0).
    age_years
        Age [years]; selects the Elia (≤ 50 y) or Wang 2010 (> 50 y) rates.

    Returns
    -------
    Resting energy expenditure [kcal/day].

    Notes
    -----
    Unknown tissue names raise ``KeyError`` (a programming error, not user input).

    References
    ----------
    .. [1] Elia M. 1992 (see :func:`elia_tissue_rates`).
    .. [2] Wang Z et al. Am J Clin Nutr 2010;92:1369–1377. doi:10.3945/ajcn.2010.29885
    """
    rates = elia_tissue_rates(age_years)
    return float(sum(rates[name] * mass for name, mass in tissue_masses_kg.items()))


def elia_tissue_ree_change(
    delta_muscle_kg: ArrayLike,
    delta_adipose_kg: ArrayLike,
    age_years: float = 30.0,
) -> ArrayLike:
    """Change in resting energy expenditure from changes in muscle and adipose tissue.

    ``ΔREE = K_muscle·Δmuscle + K_adipose·Δadipose`` with K = 13 and 4.5 kcal/kg/d
    (12.6 and 4.4 above 50 y).

    Parameters
    ----------
    delta_muscle_kg
        Change in skeletal-muscle mass [kg].
    delta_adipose_kg
        Change in adipose-tissue mass [kg].
    age_years
        Age [years].

    Returns
    -------
    Change in resting energy expenditure [kcal/day].

    Notes
    -----
    Swapping 1 kg of adipose tissue for 1 kg of muscle raises REE by 8.5 kcal/d (≈6 kcal per
    lb, not the popular "50 kcal per lb"). Organ masses are assumed unchanged.

    References
    ----------
    .. [1] Elia M. 1992 (see :func:`elia_tissue_rates`).
    .. [2] Wang Z et al. Am J Clin Nutr 2010;92:1369–1377. doi:10.3945/ajcn.2010.29885
    """
    rates = elia_tissue_rates(age_years)
    result = rates["skeletal_muscle"] * as_float(delta_muscle_kg) \
        + rates["adipose"] * as_float(delta_adipose_kg)
    return to_output(result)


def rmr_ml_per_kg_min(rmr_kcal_per_day: ArrayLike, weight_kg: ArrayLike) -> ArrayLike:
    """Convert a resting metabolic rate to oxygen uptake per kg of body weight.

    ``RMR [ml/kg/min] = RMR [kcal/d] / 1440 / 5.0 · 1000 / W``.

    Parameters
    ----------
    rmr_kcal_per_day
        Resting metabolic rate [kcal/day].
    weight_kg
        Body weight [kg].

    Returns
    -------
    Resting oxygen uptake [ml O2/kg/min].

    Notes
    -----
    Uses the ACSM caloric equivalent of 5.0 kcal per litre O2. The MET convention assumes
    3.5 ml/kg/min; measured adult values average ≈2.6 (Byrne et al. 2005).

    References
    ----------
    .. [1] Kozey S, Lyden K, Staudenmayer J, Freedson P. Errors in MET estimates of physical
       activities using 3.5 ml·kg⁻¹·min⁻¹ as the baseline oxygen consumption. J Phys Act
       Health 2010;7:508–516. doi:10.1123/jpah.7.4.508
    .. [2] Byrne NM, Hills AP, Hunter GR, Weinsier RL, Schutz Y. Metabolic equivalent: one
       size does not fit all. J Appl Physiol 2005;99:1112–1119.
    """
    litres_per_min = as_float(rmr_kcal_per_day) / 1440.0 / KCAL_PER_LITRE_O2
    return to_output(litres_per_min * 1000.0 / as_float(weight_kg))


#: Non-exercise physical activity level by occupation [TDEE/RMR] [P]: values inside the
#: FAO/WHO/UNU 2004 lifestyle bands (sedentary or light activity 1.40-1.69, active or
#: moderately active 1.70-1.99): a seated job at the lower end of the sedentary band, a
#: standing job at its middle (the band's mean example, 1.53-1.55), a job on one's feet walking
#: most of the day at its top, and manual work in the active band.
OCCUPATION_PAL = {"seated": 1.40, "standing": 1.55, "walking": 1.65, "manual": 1.80}
#: Daily steps already contained in :data:`OCCUPATION_PAL` [steps/day]: fewer than 5000 steps a
#: day is "sedentary" (Tudor-Locke & Bassett 2004).
STEPS_IN_OCCUPATION_PAL = 5000.0
#: Step length assumed to turn steps into distance [m] (an adult walking stride of about
#: 0.41-0.42 × height, i.e. ≈ 0.7 m at 1.70 m) [P].
STEP_LENGTH_M = 0.7
#: Resting metabolic rate per kg of an average adult [kcal/kg/day]: Mifflin-St Jeor for a
#: 70 kg, 170 cm, 40-year-old adult (men 1570, women 1404 kcal/day; mean 1487 ÷ 70 kg) [I].
REFERENCE_RMR_KCAL_PER_KG = 21.2
#: Upper bound of a non-exercise activity level from a questionnaire (top of the FAO/WHO/UNU
#: "active" band).
MAX_QUESTIONNAIRE_PAL = 1.99


def lifestyle_non_exercise_pal(occupation: str | None = None,
                               steps_per_day: float | None = None) -> float:
    """Physical activity level without training, from an occupation and daily steps.

    ``PAL = OCCUPATION_PAL[occupation] + (steps − 5000) · step length · 0.5 kcal/kg/km / RMR/kg``
    for steps above 5000 a day, capped at 1.99.

    Parameters
    ----------
    occupation
        ``"seated"``, ``"standing"``, ``"walking"`` or ``"manual"`` (None: seated).
    steps_per_day
        Usual steps a day outside training runs [steps/day] (None: 5000).

    Returns
    -------
    Non-exercise physical activity level [TDEE/RMR].

    Notes
    -----
    The walking energy is the ACSM walking equation's horizontal term, 0.1 ml O2/kg/m, i.e.
    0.5 kcal/kg/km net at 5 kcal per litre O2; 1000 steps of 0.7 m cost 0.35 kcal/kg, +0.016
    of PAL for an average adult. Occupation values are runlean's choices within the FAO/WHO/UNU
    bands [P]; a measured or self-chosen PAL is better when known.

    References
    ----------
    .. [1] FAO/WHO/UNU. Human energy requirements. Report of a joint expert consultation.
       FAO Food and Nutrition Technical Report Series 1, Rome 2004 (Table 5.1).
    .. [2] Tudor-Locke C, Bassett DR. How many steps/day are enough? Preliminary pedometer
       indices for public health. Sports Med 2004;34:1-8.
    .. [3] ACSM's Guidelines for Exercise Testing and Prescription, metabolic equations.
    """
    base = OCCUPATION_PAL[occupation or "seated"]
    steps = STEPS_IN_OCCUPATION_PAL if steps_per_day is None else float(steps_per_day)
    extra_km = max(steps - STEPS_IN_OCCUPATION_PAL, 0.0) * STEP_LENGTH_M / 1000.0
    walking_kcal_per_kg = 0.1 * 1000.0 * extra_km * 5.0 / 1000.0
    return min(base + walking_kcal_per_kg / REFERENCE_RMR_KCAL_PER_KG, MAX_QUESTIONNAIRE_PAL)
