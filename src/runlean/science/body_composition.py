"""Body-fat estimates from anthropometry."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ArrayLike = float | npt.NDArray[np.float64]


def jackson_2002_body_fat_pct(
    weight_kg: ArrayLike,
    height_m: ArrayLike,
    age_years: ArrayLike,
    male: bool | npt.NDArray[np.bool_],
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
