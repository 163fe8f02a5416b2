"""Multipliers on the Forbes lean fraction of a deficit: strength training, protein, sleep.

Hall's model partitions an energy imbalance between fat and lean tissue by Forbes' rule
``p = C/(C + F)`` (:func:`runlean.science.hall2011.forbes_lean_fraction`). The published model
has no term for resistance training, protein intake or sleep. runlean proposes **[P]** (its
own model, not a published one) to scale the lean fraction of a *deficit*::

    p = p_Forbes × m_RT × m_protein × m_sleep,   clamped to [−0.1, 0.6]

A negative ``p`` means lean tissue is gained while fat is lost (Longland et al. 2016). The
multipliers are OFF by default in the simulator, so that the default is the published model.
Stress is deliberately absent: no study quantifies a stress effect on the composition of
weight loss, so it is modelled (elsewhere) as an adherence risk only.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ArrayLike = float | npt.NDArray[np.float64]

#: Lean-fraction multiplier with at least :data:`RT_SESSIONS_FULL_EFFECT` resistance sessions a
#: week: 0.5, conservative vs Weinheimer 2010 (FFM share of loss 11 % with exercise vs 24 %
#: diet-only, ratio 0.46) [P].
M_RT_TRAINED = 0.5
#: Resistance sessions per week from which :data:`M_RT_TRAINED` applies [P].
RT_SESSIONS_FULL_EFFECT = 2.0

#: Protein intake [g/kg/d] up to which the multiplier is 1 (Longland 2016 control arm, 1.2).
PROTEIN_BASE_G_PER_KG = 1.2
#: Protein intake [g/kg/d] from which the multiplier is :data:`M_PROTEIN_HIGH` [P].
PROTEIN_HIGH_G_PER_KG = 1.6
#: Multiplier at ≥ 1.6 g/kg/d [P].
M_PROTEIN_HIGH = 0.6
#: Protein intake [g/kg/d] from which :data:`M_PROTEIN_VERY_HIGH` applies, with resistance
#: training only (Longland 2016: 2.4 g/kg/d + training gave a lean *gain*).
PROTEIN_VERY_HIGH_G_PER_KG = 2.2
#: Multiplier at ≥ 2.2 g/kg/d with resistance training [P].
M_PROTEIN_VERY_HIGH = 0.4

#: Sleep [h/night] from which the multiplier is 1 [P].
SLEEP_FULL_HOURS = 7.0
#: Short-sleep arm of Nedeltcheva et al. 2010 [h time in bed].
SLEEP_SHORT_HOURS = 5.5
#: Nedeltcheva et al. 2010, 14 d of caloric restriction: fat and fat-free mass lost [kg] with
#: 8.5 h and 5.5 h in bed.
NEDELTCHEVA_FAT_LOSS_KG = {8.5: 1.4, 5.5: 0.6}
NEDELTCHEVA_FFM_LOSS_KG = {8.5: 1.5, 5.5: 2.4}
#: Upper cap of the sleep multiplier [P].
M_SLEEP_CAP = 1.6
#: Bounds of the modified lean fraction (runlean proposal [P]).
LEAN_FRACTION_BOUNDS = (-0.1, 0.6)
#: Lowest combined multiplier: at least 40 % of Forbes' lean share remains however strength
#: training and protein stack [P]. Diet-plus-exercise trials lose about 11 % of the weight as
#: fat-free mass against 24 % with diet alone (Weinheimer et al. 2010), a ratio of 0.46; obese
#: beginners lose 7-13 % of the weight as lean; stacking the strength (×0.5) and protein
#: (×0.4-0.6) multipliers alone would promise ×0.2-0.3, more than any trial shows.
MIN_COMBINED_MULTIPLIER = 0.40


def nedeltcheva_fat_fraction(fat_loss_kg: ArrayLike, ffm_loss_kg: ArrayLike) -> ArrayLike:
    """Fraction of a weight loss that was fat: ``ΔFM / (ΔFM + ΔFFM)``.

    Parameters
    ----------
    fat_loss_kg
        Fat mass lost [kg].
    ffm_loss_kg
        Fat-free mass lost [kg].

    Returns
    -------
    Fat fraction of the weight lost [fraction].

    Notes
    -----
    With Nedeltcheva's numbers: 1.4/(1.4 + 1.5) = 0.483 at 8.5 h and 0.6/(0.6 + 2.4) = 0.200
    at 5.5 h in bed.

    References
    ----------
    .. [1] Nedeltcheva AV, Kilkus JM, Imperial J, Schoeller DA, Penev PD. Insufficient sleep
       undermines dietary efforts to reduce adiposity. Ann Intern Med 2010;153(7):435–441.
    """
    fat = np.asarray(fat_loss_kg, dtype=float)
    result = fat / (fat + np.asarray(ffm_loss_kg, dtype=float))
    return result if np.ndim(result) else float(result)


def _short_sleep_multiplier() -> float:
    """×p at 5.5 h: lean fraction 5.5 h / lean fraction 8.5 h (Nedeltcheva), ≈ 1.547."""
    long_fat = float(nedeltcheva_fat_fraction(NEDELTCHEVA_FAT_LOSS_KG[8.5],
                                              NEDELTCHEVA_FFM_LOSS_KG[8.5]))
    short_fat = float(nedeltcheva_fat_fraction(NEDELTCHEVA_FAT_LOSS_KG[5.5],
                                               NEDELTCHEVA_FFM_LOSS_KG[5.5]))
    return (1.0 - short_fat) / (1.0 - long_fat)


#: Lean-fraction multiplier at 5.5 h of sleep, derived from Nedeltcheva's numbers:
#: 0.800/0.517 = 1.547.
M_SLEEP_SHORT = _short_sleep_multiplier()


def strength_training_multiplier(sessions_per_week: ArrayLike) -> ArrayLike:
    """Multiplier ``m_RT`` on the Forbes lean fraction from resistance training.

    Parameters
    ----------
    sessions_per_week
        Resistance-training sessions per week [1/week].

    Returns
    -------
    Multiplier [dimensionless]: 1.0 with none, 0.5 at ≥ 2 sessions a week.

    Notes
    -----
    Between 0 and 2 sessions a week it is interpolated linearly (1 session → 0.75); this
    interpolation is a runlean assumption. 0.5 is conservative: Weinheimer et al. 2010 give an
    FFM share of 11 % with exercise vs 24 % diet-only (0.46), and Sardeli et al. 2018 found
    resistance training preserved 93.5 % of the diet-induced lean loss in older adults (≈0.07).
    runlean's proposal [P].

    References
    ----------
    .. [1] Sardeli AV, Komatsu TR, Mori MA, et al. Nutrients 2018;10(4):423.
    .. [2] Weinheimer EM, Sands LP, Campbell WW. Nutr Rev 2010;68(7):375–388.
    """
    s = np.clip(np.asarray(sessions_per_week, dtype=float), 0.0, RT_SESSIONS_FULL_EFFECT)
    result = 1.0 - (1.0 - M_RT_TRAINED) * s / RT_SESSIONS_FULL_EFFECT
    return result if np.ndim(result) else float(result)


def protein_multiplier(protein_g_per_kg: ArrayLike,
                       strength_training: bool | npt.NDArray[np.bool_] = False) -> ArrayLike:
    """Multiplier ``m_protein`` on the Forbes lean fraction from protein intake.

    Parameters
    ----------
    protein_g_per_kg
        Protein intake [g per kg body weight per day].
    strength_training
        Whether the person does resistance training (≥ 2 sessions a week); the lower
        multiplier above 2.2 g/kg/d applies only then.

    Returns
    -------
    Multiplier [dimensionless]: 1.0 at ≤ 1.2 g/kg/d, 0.6 at ≥ 1.6, and with resistance
    training 0.4 at ≥ 2.2; linear in between.

    Notes
    -----
    Calibrated only qualitatively to Longland et al. 2016 (2.4 vs 1.2 g/kg/d in a 40 %
    deficit with training: LBM +1.2 vs +0.1 kg). The linear interpolation between the anchor
    points is a runlean assumption. runlean's proposal [P].

    References
    ----------
    .. [1] Longland TM, Oikawa SY, Mitchell CJ, Devries MC, Phillips SM. Am J Clin Nutr
       2016;103:738–746.
    """
    g = np.asarray(protein_g_per_kg, dtype=float)
    rt = np.asarray(strength_training, dtype=bool)
    low = np.interp(g, [PROTEIN_BASE_G_PER_KG, PROTEIN_HIGH_G_PER_KG], [1.0, M_PROTEIN_HIGH])
    high = np.interp(g, [PROTEIN_HIGH_G_PER_KG, PROTEIN_VERY_HIGH_G_PER_KG],
                     [M_PROTEIN_HIGH, M_PROTEIN_VERY_HIGH])
    result = np.where(rt & (g > PROTEIN_HIGH_G_PER_KG), high, low)
    return result if np.ndim(result) else float(result)


def sleep_multiplier(sleep_hours: ArrayLike) -> ArrayLike:
    """Multiplier ``m_sleep`` on the Forbes lean fraction from short sleep.

    Parameters
    ----------
    sleep_hours
        Sleep (time in bed) [h/night].

    Returns
    -------
    Multiplier [dimensionless]: 1.0 at ≥ 7 h, :data:`M_SLEEP_SHORT` (≈1.547) at 5.5 h,
    linear in between and extrapolated below 5.5 h, capped at 1.6.

    Notes
    -----
    At 5.5 h the multiplier turns Nedeltcheva's 8.5 h lean fraction (1 − 0.483 = 0.517) into
    the 5.5 h one (1 − 0.200 = 0.800). Based on n = 10 over 14 days: uncertain. Wang et al.
    2018 (8 wk, −169 min/wk of sleep) agree in direction. runlean's proposal [P].

    References
    ----------
    .. [1] Nedeltcheva AV, et al. Ann Intern Med 2010;153(7):435–441.
    .. [2] Wang X, Sparks JR, Bowyer KP, Youngstedt SD. Sleep 2018;41(5):zsy027.
    """
    h = np.asarray(sleep_hours, dtype=float)
    slope = (M_SLEEP_SHORT - 1.0) / (SLEEP_FULL_HOURS - SLEEP_SHORT_HOURS)
    result = np.minimum(1.0 + slope * np.maximum(SLEEP_FULL_HOURS - h, 0.0), M_SLEEP_CAP)
    return result if np.ndim(result) else float(result)


def lean_fraction_multiplier(
    strength_sessions_per_week: ArrayLike = 0.0,
    protein_g_per_kg: ArrayLike | None = None,
    sleep_hours: ArrayLike | None = None,
) -> ArrayLike:
    """Combined multiplier ``m_RT × m_protein × m_sleep`` on the Forbes lean fraction.

    Parameters
    ----------
    strength_sessions_per_week
        Resistance-training sessions per week [1/week].
    protein_g_per_kg
        Protein intake [g/kg/d]; None means not known (multiplier 1).
    sleep_hours
        Sleep [h/night]; None means not known (multiplier 1).

    Returns
    -------
    Multiplier [dimensionless], never below :data:`MIN_COMBINED_MULTIPLIER` (0.4).

    Notes
    -----
    The product is applied to ``p`` only during a deficit, and the result is clamped by
    :func:`modified_lean_fraction`. Stress does not enter (no study quantifies a stress effect
    on the composition of weight loss). The floor keeps the promise within what trials show
    (Weinheimer et al. 2010).

    References
    ----------
    .. [1] Weinheimer EM, Sands LP, Campbell WW. Nutr Rev 2010;68(7):375–388.
    .. [2] Longland TM et al. Am J Clin Nutr 2016;103:738–746.
    .. [3] Nedeltcheva AV et al. Ann Intern Med 2010;153(7):435–441.
    """
    sessions = np.asarray(strength_sessions_per_week, dtype=float)
    m = np.asarray(strength_training_multiplier(sessions), dtype=float)
    if protein_g_per_kg is not None:
        m = m * np.asarray(protein_multiplier(protein_g_per_kg,
                                              sessions >= RT_SESSIONS_FULL_EFFECT))
    m = np.maximum(m, MIN_COMBINED_MULTIPLIER)
    if sleep_hours is not None:
        m = m * np.asarray(sleep_multiplier(sleep_hours))
    return m if np.ndim(m) else float(m)


def modified_lean_fraction(forbes_fraction: ArrayLike, multiplier: ArrayLike) -> ArrayLike:
    """Modified lean fraction ``clip(p_Forbes × m, −0.1, 0.6)``.

    Parameters
    ----------
    forbes_fraction
        Forbes lean fraction ``C/(C + F)`` [fraction].
    multiplier
        Combined multiplier from :func:`lean_fraction_multiplier` [dimensionless].

    Returns
    -------
    Lean fraction of the energy imbalance [fraction], in [−0.1, 0.6].

    Notes
    -----
    Meant for an energy deficit (the dynamic model applies it only then). The lower bound
    −0.1 allows a small lean gain while losing fat (resistance training with high protein);
    the upper bound 0.6 stops stacked penalties (short sleep, fast loss) from exceeding what
    any multiplier was derived from. Both bounds are runlean proposals [P], not
    published values.

    References
    ----------
    .. [1] Weinheimer EM, Sands LP, Campbell WW. Nutr Rev 2010;68(7):375–388 (lean share of
       weight loss with and without exercise).
    .. [2] Longland TM et al. Am J Clin Nutr 2016;103:738–746 (a lean gain in a deficit).
    """
    low, high = LEAN_FRACTION_BOUNDS
    result = np.clip(np.asarray(forbes_fraction, dtype=float) * np.asarray(multiplier), low, high)
    return result if np.ndim(result) else float(result)
