"""Body-fat estimates from anthropometry, and the composition of weight change (Forbes).

Sources: Jackson et al. 2002, Deurenberg et al. 1991 and Hodgdon & Beckett 1984 (body fat);
Forbes 1987 and Hall 2007 (Forbes' rule); Hall 2008 (energy density of weight change).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from runlean.science._arrays import ArrayLike, BoolLike, as_float, to_output

#: Forbes constant C [kg] of ``FFM = C·ln(FM/D)`` (Forbes 1987; Hall 2007).
FORBES_C_KG = 10.4
#: Metabolizable energy density of fat [kcal/kg] (39.5 MJ/kg, Hall 2008).
RHO_FAT_KCAL_PER_KG = 9440.0
#: Energy density of lean-tissue change [kcal/kg] (≈7.6 MJ/kg, Hall 2008; recalled [R]).
RHO_LEAN_KCAL_PER_KG = 1816.0
#: Centimetres per inch.
CM_PER_INCH = 2.54


def jackson_2002_body_fat_pct(
    weight_kg: ArrayLike,
    height_m: ArrayLike,
    age_years: ArrayLike,
    male: BoolLike,
) -> ArrayLike:
    """Body-fat percentage from BMI, age and sex, as used by Hall's model.

    Men: ``0.14·age + 37.31·ln(BMI) − 103.94``; women: ``0.14·age + 39.96·ln(BMI) − 102.01``.

    Parameters
    ----------
    weight_kg
        Body weight [kg].
    height_m
        Height [m].
    age_years
        Age [years].
    male
        True for men, False for women.

    Returns
    -------
    Body fat [% of body weight]. Not clamped; the NIH planner clamps to [0, 60].

    Notes
    -----
    Coefficients as printed in eq. (4) of the Hall et al. 2011 web appendix, which attributes
    the relation to Jackson et al. 2002 (HERITAGE, n = 665, hydrostatic weighing, 17–65 y).
    The %fat–BMI relation is quadratic; ln(BMI) linearises it.

    References
    ----------
    .. [1] Hall KD, Sacks G, Chandramohan D, et al. Quantification of the effect of energy
       imbalance on bodyweight. Lancet 2011;378:826–837, web appendix eq. (4).
    .. [2] Jackson AS, Stanforth PR, Gagnon J, et al. The effect of sex, age and race on
       estimating percentage body fat from body mass index: the Heritage Family Study.
       Int J Obes 2002;26:789–796.
    """
    bmi = np.asarray(weight_kg, dtype=float) / np.asarray(height_m, dtype=float) ** 2
    sex = np.asarray(male, dtype=bool)
    men = 0.14 * np.asarray(age_years) + 37.31 * np.log(bmi) - 103.94
    women = 0.14 * np.asarray(age_years) + 39.96 * np.log(bmi) - 102.01
    result = np.where(sex, men, women)
    return result if np.ndim(result) else float(result)


def deurenberg_1991_body_fat_pct(
    bmi: ArrayLike, age_years: ArrayLike, male: BoolLike
) -> ArrayLike:
    """Adult body-fat percentage from BMI, age and sex (Deurenberg et al. 1991).

    ``BF% = 1.20·BMI + 0.23·age − 10.8·sex − 5.4`` (sex = 1 for men, 0 for women).

    Parameters
    ----------
    bmi
        Body-mass index [kg/m²].
    age_years
        Age [years].
    male
        True for men, False for women.

    Returns
    -------
    Body fat [% of body weight].

    Notes
    -----
    Adults; R² 0.79, SEE 4.1 %. Overestimates fat in muscular people (BMI counts muscle as
    fat). The children's version is not implemented.

    References
    ----------
    .. [1] Deurenberg P, Weststrate JA, Seidell JC. Body mass index as a measure of body
       fatness: age- and sex-specific prediction formulas. Br J Nutr 1991;65:105–114.
       doi:10.1079/BJN19910073
    """
    sex = np.asarray(male, dtype=float)
    return to_output(1.20 * as_float(bmi) + 0.23 * as_float(age_years) - 10.8 * sex - 5.4)


def _log10_positive(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """log10 of x, NaN where x ≤ 0 (no warning)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, np.log10(np.where(x > 0, x, 1.0)), np.nan)


def _navy_circumference(
    waist: ArrayLike, neck: ArrayLike, hip: ArrayLike | None, male: BoolLike
) -> npt.NDArray[np.float64]:
    """Men: waist − neck; women: waist + hip − neck (NaN for women without a hip value)."""
    sex = np.asarray(male, dtype=bool)
    men = as_float(waist) - as_float(neck)
    if hip is None:
        women = np.full(np.shape(men), np.nan)
    else:
        women = as_float(waist) + as_float(hip) - as_float(neck)
    return np.asarray(np.where(sex, men, women), dtype=float)


def navy_body_fat_pct_inches(
    waist_in: ArrayLike,
    neck_in: ArrayLike,
    height_in: ArrayLike,
    male: BoolLike,
    hip_in: ArrayLike | None = None,
) -> ArrayLike:
    """US Navy circumference body-fat percentage, inch form (Hodgdon & Beckett 1984).

    Men ``86.010·log10(waist − neck) − 70.041·log10(height) + 36.76``; women
    ``163.205·log10(waist + hip − neck) − 97.684·log10(height) − 78.387``.

    Parameters
    ----------
    waist_in
        Waist circumference [in] (men at the navel, women at the narrowest point).
    neck_in
        Neck circumference [in].
    height_in
        Height [in].
    male
        True for men, False for women.
    hip_in
        Hip circumference [in]; required for women, ignored for men.

    Returns
    -------
    Body fat [% of body weight]. NaN where a logarithm's argument is not positive
    (e.g. neck ≥ waist) or where a woman's hip value is missing: the science layer assumes
    validated input and does not raise.

    Notes
    -----
    Gives a slightly different value from :func:`navy_body_fat_pct_metric` (0.1–0.3 points)
    because the two forms were fitted separately.

    References
    ----------
    .. [1] Hodgdon JA, Beckett MB. Prediction of percent body fat for U.S. Navy men and
       women from body circumferences and height. Naval Health Research Center reports 84-11
       and 84-29, San Diego, 1984.
    """
    sex = np.asarray(male, dtype=bool)
    log_circ = _log10_positive(_navy_circumference(waist_in, neck_in, hip_in, male))
    log_h = _log10_positive(as_float(height_in))
    men = 86.010 * log_circ - 70.041 * log_h + 36.76
    women = 163.205 * log_circ - 97.684 * log_h - 78.387
    return to_output(np.where(sex, men, women))


def navy_body_fat_pct_metric(
    waist_cm: ArrayLike,
    neck_cm: ArrayLike,
    height_cm: ArrayLike,
    male: BoolLike,
    hip_cm: ArrayLike | None = None,
) -> ArrayLike:
    """US Navy circumference body-fat percentage, centimetre (body-density) form.

    Men ``495 / (1.0324 − 0.19077·log10(waist − neck) + 0.15456·log10(height)) − 450``;
    women ``495 / (1.29579 − 0.35004·log10(waist + hip − neck) + 0.22100·log10(height))
    − 450`` (Siri's equation applied to the predicted density).

    Parameters
    ----------
    waist_cm
        Waist circumference [cm].
    neck_cm
        Neck circumference [cm].
    height_cm
        Height [cm].
    male
        True for men, False for women.
    hip_cm
        Hip circumference [cm]; required for women, ignored for men.

    Returns
    -------
    Body fat [% of body weight]; NaN for non-positive logarithm arguments or a missing hip
    value for women (documented instead of raising).

    Notes
    -----
    Same data as the inch form; differs from it by 0.1–0.3 points.

    References
    ----------
    .. [1] Hodgdon JA, Beckett MB. Naval Health Research Center reports 84-11 and 84-29, 1984.
    """
    sex = np.asarray(male, dtype=bool)
    log_circ = _log10_positive(_navy_circumference(waist_cm, neck_cm, hip_cm, male))
    log_h = _log10_positive(as_float(height_cm))
    men = 495.0 / (1.0324 - 0.19077 * log_circ + 0.15456 * log_h) - 450.0
    women = 495.0 / (1.29579 - 0.35004 * log_circ + 0.22100 * log_h) - 450.0
    return to_output(np.where(sex, men, women))


def forbes_lean_fraction(fat_mass_kg: ArrayLike, forbes_c_kg: float = FORBES_C_KG) -> ArrayLike:
    """Lean share of a small change in body weight by Forbes' rule.

    From ``FFM = C·ln(FM/D)``, ``dFFM/dFM = C/FM`` so ``p = C / (C + FM)``.

    Parameters
    ----------
    fat_mass_kg
        Current fat mass FM [kg].
    forbes_c_kg
        Forbes constant C [kg], 10.4.

    Returns
    -------
    Lean fraction p of a marginal weight change [fraction].

    Notes
    -----
    The diet-only baseline; resistance training, protein, sleep and rate of loss modify it
    (:mod:`runlean.science.lean_modifiers`). For large changes use
    :func:`forbes_partition_of_weight_change`.

    References
    ----------
    .. [1] Forbes GB. Lean body mass-body fat interrelationships in humans. Nutr Rev
       1987;45:225–231.
    .. [2] Hall KD. Body fat and fat-free mass inter-relationships: Forbes's theory
       revisited. Br J Nutr 2007;97:1059–1063 (PMC2376748).
    """
    return to_output(forbes_c_kg / (forbes_c_kg + as_float(fat_mass_kg)))


def forbes_partition_of_weight_change(
    fat_mass0_kg: ArrayLike,
    delta_weight_kg: ArrayLike,
    forbes_c_kg: float = FORBES_C_KG,
) -> tuple[ArrayLike, ArrayLike]:
    """Split a finite weight change into fat and lean by the integrated Forbes relation.

    Solves ``(FM1 − FM0) + C·ln(FM1/FM0) = ΔW`` for FM1; ``ΔFFM = ΔW − ΔFM``.

    Parameters
    ----------
    fat_mass0_kg
        Fat mass before the change FM0 [kg] (> 0).
    delta_weight_kg
        Weight change ΔW [kg] (negative for loss).
    forbes_c_kg
        Forbes constant C [kg].

    Returns
    -------
    (ΔFM [kg], ΔFFM [kg]).

    Notes
    -----
    Vectorised Newton iteration on x = ln FM1, where ``g(x) = eˣ + C·x − const`` is convex
    and increasing, so the iteration converges for every finite input and FM1 stays
    positive. Converges to ~1e-12 kg in well under 50 iterations.

    References
    ----------
    .. [1] Forbes GB. Nutr Rev 1987;45:225–231.
    .. [2] Hall KD. Br J Nutr 2007;97:1059–1063 (PMC2376748).
    """
    fm0 = as_float(fat_mass0_kg)
    dw = as_float(delta_weight_kg)
    target = fm0 + forbes_c_kg * np.log(fm0) + dw
    x = np.log(np.maximum(fm0 + dw, 0.5 * fm0))
    for _ in range(100):
        step = (np.exp(x) + forbes_c_kg * x - target) / (np.exp(x) + forbes_c_kg)
        x = x - step
        if np.all(np.abs(step) < 1e-14):
            break
    delta_fm = np.exp(x) - fm0
    return to_output(delta_fm), to_output(dw - delta_fm)


def energy_density_of_weight_change(
    lean_fraction: ArrayLike,
    rho_fat: float = RHO_FAT_KCAL_PER_KG,
    rho_lean: float = RHO_LEAN_KCAL_PER_KG,
) -> ArrayLike:
    """Energy per kg of body-weight change for a given lean fraction.

    ``e = (1 − p)·ρF + p·ρL``.

    Parameters
    ----------
    lean_fraction
        Lean share p of the weight change [fraction].
    rho_fat
        Energy density of fat [kcal/kg], 9440 (39.5 MJ/kg).
    rho_lean
        Energy density of lean tissue [kcal/kg], 1816 (≈7.6 MJ/kg; public Hall/Chow model
        code uses 1020).

    Returns
    -------
    Energy per kg of weight change [kcal/kg].

    Notes
    -----
    The "7700 kcal/kg" rule corresponds to p ≈ 0.23; it overestimates the deficit needed by
    leaner people, more of whose loss is lean tissue.

    References
    ----------
    .. [1] Hall KD. What is the required energy deficit per unit weight loss? Int J Obes
       2008;32:573–576 (PMC2376744). doi:10.1038/sj.ijo.0803720
    """
    p = as_float(lean_fraction)
    return to_output((1.0 - p) * rho_fat + p * rho_lean)
