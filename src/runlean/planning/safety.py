"""Health-safety policy of a fat-loss plan: the guard rails every plan must respect.

The equations and their constants live in :mod:`runlean.science.nutrition`
(:func:`~runlean.science.nutrition.max_weekly_loss_fraction`,
:func:`~runlean.science.nutrition.minimum_intake_kcal`,
:func:`~runlean.science.nutrition.energy_availability`); this module only decides how a plan
uses them (physiology.md §8.4, §8.3):

* rate of loss ≤ 1 % of body weight per week, ≤ 0.7 % when already lean (Helms 2014;
  Garthe 2011), checked week by week on the projected trajectory;
* daily intake ≥ max(1200 kcal women / 1500 kcal men, resting metabolic rate) (NHLBI 1998);
* energy availability ≥ 30 kcal per kg fat-free mass per day on average, the "low" threshold
  of :func:`~runlean.science.nutrition.energy_availability_status` (Loucks; IOC RED-S;
  ACSM/AND/DC 2016);
* no goal that ends at a BMI below 18.5 kg/m² (WHO underweight threshold);
* no goal that ends below 5 % body fat for men or 14 % for women: essential fat is about
  3 % and 12 % of body mass (ACSM's Guidelines for Exercise Testing and Prescription;
  McArdle, Katch & Katch, Exercise Physiology), plus 2 points because body-fat estimates
  carry errors of ±3-4 points [P];
* no plan for people under 18.

A broken rule raises :class:`~runlean.errors.UnsafeGoalError` whose one-line message names
the rule and the number.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from runlean.errors import UnsafeGoalError
from runlean.science.nutrition import EA_LOW_KCAL_PER_KG_FFM, minimum_intake_kcal

#: Lowest average energy availability a plan may prescribe [kcal/kg FFM/day].
MIN_ENERGY_AVAILABILITY = EA_LOW_KCAL_PER_KG_FFM
MIN_BMI = 18.5
MIN_AGE_YEARS = 18.0
#: Lowest body fat a plan may end at [%]: essential fat (≈3 % men, ≈12 % women; ACSM) plus
#: a 2-point margin for the error of body-fat estimates [P].
MIN_BODY_FAT_PCT = {"male": 5.0, "female": 14.0}
#: From this age a plan carries a caution: Mifflin-St Jeor was derived on people aged 19-78
#: and Tanaka's HRmax on 18-81 years (physiology.md §3.2, §5.1).
CAUTION_AGE_YEARS = 75.0


def check_age(age_years: float) -> None:
    """Refuse people under 18.

    Raises
    ------
    UnsafeGoalError
        When ``age_years`` < 18.
    """
    if age_years < MIN_AGE_YEARS:
        raise UnsafeGoalError(
            f"No plan: runlean does not make fat-loss plans for people under 18 (age given: "
            f"{age_years:g}). Growing bodies need a doctor's or dietitian's advice.")


def intake_for_energy_availability(exercise_kcal_per_day: float,
                                   fat_free_mass_kg: float) -> float:
    """Lowest intake keeping energy availability at 30 kcal/kg FFM [kcal/day]."""
    return MIN_ENERGY_AVAILABILITY * fat_free_mass_kg + exercise_kcal_per_day


def min_safe_intake_kcal(male: bool, rmr_kcal_per_day: float, exercise_kcal_per_day: float,
                         fat_free_mass_kg: float) -> float:
    """Lowest intake satisfying both the intake floor and energy availability [kcal/day]."""
    return max(minimum_intake_kcal(male, rmr_kcal_per_day),
               intake_for_energy_availability(exercise_kcal_per_day, fat_free_mass_kg))


def weekly_loss_fractions(weight_kg: npt.ArrayLike,
                          tissue_kg: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Projected loss of each plan week [fraction of the week's starting weight per week].

    Parameters
    ----------
    weight_kg
        Daily body weight, day 0 .. goal day [kg].
    tissue_kg
        Daily fat + lean tissue (body weight less glycogen, its water and extracellular
        fluid) [kg].

    Notes
    -----
    Week 1 is judged on tissue only: the first days of a deficit drop glycogen with its
    water and some extracellular fluid (Hall's model: about 3.7 kg per kg glycogen plus the
    ECF change from less sodium), a fast loss of water, not tissue, that is expected and not
    a health risk (Kreitzman 1992). From week 2 on the rate is body weight, as it would be
    on a scale. A final partial week is scaled to a weekly rate.
    """
    w = np.asarray(weight_kg, dtype=float)
    t = np.asarray(tissue_kg, dtype=float)
    days = w.size - 1
    out = []
    for a in range(0, days, 7):
        b = min(a + 7, days)
        lost = (t[a] - t[b]) if a == 0 else (w[a] - w[b])
        out.append(lost / w[a] * 7.0 / (b - a))
    return np.asarray(out, dtype=float)


def check_target_bmi(weight_kg: float, height_cm: float, *, what: str = "the goal") -> None:
    """Refuse a goal that ends at BMI < 18.5.

    Raises
    ------
    UnsafeGoalError
        When ``weight_kg / height_m²`` < 18.5.
    """
    bmi = weight_kg / (height_cm / 100.0) ** 2
    if bmi < MIN_BMI:
        lowest = MIN_BMI * (height_cm / 100.0) ** 2
        raise UnsafeGoalError(
            f"No plan: {what} ends at {weight_kg:.1f} kg, a BMI of {bmi:.1f}, below the "
            f"healthy minimum of {MIN_BMI} (lowest safe weight at your height: {lowest:.1f} kg).")


def check_body_fat(fat_kg: float, weight_kg: float, male: bool, *,
                   what: str = "the goal") -> None:
    """Refuse a goal that ends below the essential-fat floor (:data:`MIN_BODY_FAT_PCT`).

    Raises
    ------
    UnsafeGoalError
        When ``100 · fat_kg / weight_kg`` is below 5 % (men) or 14 % (women).
    """
    pct = 100.0 * fat_kg / weight_kg
    floor = MIN_BODY_FAT_PCT["male" if male else "female"]
    if pct < floor - 1e-9:
        raise UnsafeGoalError(
            f"No plan: {what} ends at {math.floor(10.0 * pct) / 10.0:.1f} % body fat, below "
            f"the safe minimum of {floor:g} % for {'men' if male else 'women'} (essential fat "
            f"is about {floor - 2:g} %; lower is a health risk).")


def age_caution(age_years: float) -> str | None:
    """A caution for people aged 75 or more, else None."""
    if age_years < CAUTION_AGE_YEARS:
        return None
    return (f"At {age_years:g} years, check this plan with your doctor first: the resting "
            "metabolism (Mifflin-St Jeor, ages 19-78) and maximal heart rate (Tanaka, ages "
            "18-81) equations are less certain at your age; trust how you feel (RPE) over the "
            "heart-rate numbers.")
