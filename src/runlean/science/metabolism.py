"""Resting metabolic rate equations and tissue-specific metabolic rates."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ArrayLike = float | npt.NDArray[np.float64]


def mifflin_st_jeor(
    weight_kg: ArrayLike,
    height_cm: ArrayLike,
    age_years: ArrayLike,
    male: bool | npt.NDArray[np.bool_],
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
