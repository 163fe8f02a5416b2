"""Regional (legs, arms, trunk) fat at baseline and its change with total fat.

Exercise mode deliberately appears nowhere in this module: the evidence (no spot reduction,
physiology.md §6.5) says regional fat depends only on total fat.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ArrayLike = float | npt.NDArray[np.float64]

#: Default share of total fat in the DXA "legs" region, by sex. Men 0.30 (Treuth et al. 1994:
#: 0.319 in older men); women 0.39 (men's share × Hinton 2017 leg-FMI ratio 1.83 ÷ total-FMI
#: ratio 1.43 from Li 2009). physiology.md §6.3 [I].
LEG_FAT_SHARE = {"male": 0.30, "female": 0.39}
#: Default share of total fat in the arms: ≈0.10 (Treuth 1994, men), used for both sexes.
ARM_FAT_SHARE = {"male": 0.10, "female": 0.10}
#: Allometric exponent of leg fat on total fat: 1.0 = proportional (default).
K_LEG_PROPORTIONAL = 1.0
#: Evidence-based alternative: gluteofemoral fat fell with exponent ≈0.87 (men) and 0.86
#: (women) in a 1-year lifestyle intervention (PMC2828653), physiology.md §6.4 [I].
K_LEG_ALLOMETRIC = 0.87


def regional_fat_shares(male: bool) -> tuple[float, float, float]:
    """Default (legs, arms, trunk) shares of total fat mass for a sex.

    Parameters
    ----------
    male
        True for men, False for women.

    Returns
    -------
    Shares of total fat [fraction] in the legs, arms and trunk; they sum to 1.

    Notes
    -----
    Legs 0.30 (men) / 0.39 (women), arms 0.10, trunk the rest. Replace with a person's own
    DXA values when they are known.

    References
    ----------
    .. [1] Treuth MS, Hunter GR, et al. J Appl Physiol 1994;77:614–620.
    .. [2] Hinton BJ, Fan B, Ng BK, Shepherd JA. PLoS One 2017;12(3):e0174180.
    .. [3] Li C, Ford ES, Zhao G, et al. Am J Clin Nutr 2009;90:1457–1465.
    """
    key = "male" if male else "female"
    legs, arms = LEG_FAT_SHARE[key], ARM_FAT_SHARE[key]
    return legs, arms, 1.0 - legs - arms


def allometric_regional_fat(
    region_fat0_kg: ArrayLike,
    fat_mass0_kg: ArrayLike,
    fat_mass_kg: ArrayLike,
    k: float = K_LEG_PROPORTIONAL,
) -> ArrayLike:
    """Regional fat mass after total fat changes, by the allometric rule.

    ``R(t) = R0 · (FM(t)/FM0)^k``.

    Parameters
    ----------
    region_fat0_kg
        Fat in the region at baseline [kg].
    fat_mass0_kg
        Total fat mass at baseline [kg].
    fat_mass_kg
        Total fat mass now [kg] (scalar or array, e.g. a daily trajectory).
    k
        Allometric exponent [dimensionless]: 1.0 proportional (default), 0.87 for legs as
        observed in a 1-year lifestyle intervention, 1.3 for visceral fat (Hall & Hallgreen).

    Returns
    -------
    Regional fat mass [kg].

    Notes
    -----
    Only total fat enters: which muscles are trained does not (spot-reduction trials:
    Ramírez-Campillo et al. 2013, 2022; Kostek 2007; Walts 2008; Vispute 2011).

    References
    ----------
    .. [1] Hall KD, Hallgreen CE. Increasing weight loss attenuates the preferential loss of
       visceral compared with subcutaneous fat. Int J Obes 2008 (PMC2398723).
    .. [2] physiology.md §6.4 (one-year lifestyle intervention, PMC2828653).
    """
    ratio = np.asarray(fat_mass_kg, dtype=float) / np.asarray(fat_mass0_kg, dtype=float)
    result = np.asarray(region_fat0_kg, dtype=float) * np.power(ratio, k)
    return result if np.ndim(result) else float(result)


#: Allometric exponent of visceral fat on total fat (Hall & Hallgreen 2008: 1.3 ± 0.1).
K_VAT_HALL_HALLGREEN = 1.3


def hall_hallgreen_vat(
    vat0: ArrayLike,
    fat_mass0_kg: ArrayLike,
    fat_mass_kg: ArrayLike,
    k: float = K_VAT_HALL_HALLGREEN,
) -> ArrayLike:
    """Visceral adipose tissue after a change in total fat (Hall & Hallgreen 2008).

    Integrating ``dVAT/dFM = k·VAT/FM`` gives ``VAT1 = VAT0·(FM1/FM0)^k``.

    Parameters
    ----------
    vat0
        Visceral fat at baseline [any unit: kg, L or cm²; the result has the same unit].
    fat_mass0_kg
        Total fat mass at baseline [kg].
    fat_mass_kg
        Total fat mass now [kg].
    k
        Allometric exponent [dimensionless], 1.3.

    Returns
    -------
    Visceral fat [same unit as ``vat0``].

    Notes
    -----
    Fitted to 37 studies (1407 subjects, R² 0.73). With k > 1 visceral fat falls
    proportionally faster than total fat (FM −20 % → VAT −25.2 %), and the preference fades
    as the loss grows.

    References
    ----------
    .. [1] Hall KD, Hallgreen CE. Increasing weight loss attenuates the preferential loss of
       visceral compared with subcutaneous fat: a predicted result of an allometric model.
       Int J Obes 2008 (PMC2398723).
    """
    return allometric_regional_fat(vat0, fat_mass0_kg, fat_mass_kg, k)
