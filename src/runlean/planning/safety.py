"""Health-safety policy of a fat-loss plan: the guard rails every plan must respect.

Every rule here is a number with a source (physiology.md §8.4, §8.3):

* rate of loss ≤ 1 % of body weight per week, ≤ 0.7 % when already lean (body fat < 15 %
  for men, < 23 % for women): Helms et al. 2014; Garthe et al. 2011;
* daily intake ≥ max(1200 kcal women / 1500 kcal men, resting metabolic rate): NHLBI 1998
  low-calorie-diet bounds, and never below RMR;
* energy availability ≥ 30 kcal per kg fat-free mass per day on average: Loucks; IOC RED-S
  consensus; ACSM/AND/DC 2016;
* no goal that ends at a BMI below 18.5 kg/m² (WHO underweight threshold);
* no plan for people under 18.

A broken rule raises :class:`~runlean.errors.UnsafeGoalError` whose one-line message names
the rule and the number.
"""

from __future__ import annotations

from dataclasses import dataclass

from runlean.errors import UnsafeGoalError

MAX_LOSS_FRACTION_PER_WEEK = 0.010
MAX_LOSS_FRACTION_PER_WEEK_LEAN = 0.007
LEAN_BODY_FAT_PCT = {"male": 15.0, "female": 23.0}
MIN_INTAKE_KCAL = {"male": 1500.0, "female": 1200.0}
MIN_ENERGY_AVAILABILITY = 30.0
MIN_BMI = 18.5
MIN_AGE_YEARS = 18.0


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


def is_lean(body_fat_pct: float, male: bool) -> bool:
    """True when body fat is below the lean threshold (15 % men, 23 % women)."""
    return body_fat_pct < LEAN_BODY_FAT_PCT["male" if male else "female"]


def max_weekly_loss_fraction(body_fat_pct: float, male: bool) -> float:
    """Largest safe average weekly weight loss [fraction of body weight per week]."""
    return (MAX_LOSS_FRACTION_PER_WEEK_LEAN if is_lean(body_fat_pct, male)
            else MAX_LOSS_FRACTION_PER_WEEK)


def intake_floor_kcal(male: bool, rmr_kcal_per_day: float) -> float:
    """Lowest daily intake a plan may prescribe [kcal/day]: max(1200 F / 1500 M, RMR)."""
    return max(MIN_INTAKE_KCAL["male" if male else "female"], rmr_kcal_per_day)


def energy_availability(intake_kcal_per_day: float, exercise_kcal_per_day: float,
                        fat_free_mass_kg: float) -> float:
    """Energy availability [kcal/kg FFM/day] = (intake − exercise energy) / FFM."""
    return (intake_kcal_per_day - exercise_kcal_per_day) / fat_free_mass_kg


def intake_for_energy_availability(exercise_kcal_per_day: float,
                                   fat_free_mass_kg: float) -> float:
    """Lowest intake keeping energy availability at 30 kcal/kg FFM [kcal/day]."""
    return MIN_ENERGY_AVAILABILITY * fat_free_mass_kg + exercise_kcal_per_day


def min_safe_intake_kcal(male: bool, rmr_kcal_per_day: float, exercise_kcal_per_day: float,
                         fat_free_mass_kg: float) -> float:
    """Lowest intake satisfying both the intake floor and energy availability [kcal/day]."""
    return max(intake_floor_kcal(male, rmr_kcal_per_day),
               intake_for_energy_availability(exercise_kcal_per_day, fat_free_mass_kg))


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


@dataclass(frozen=True)
class SafetyReport:
    """The safety figures of a finished plan, all checked."""

    intake_kcal_per_day: float
    intake_floor_kcal_per_day: float
    energy_availability: float
    weekly_loss_fraction: float
    max_weekly_loss_fraction: float
    end_bmi: float

    @property
    def ok(self) -> bool:
        return (self.intake_kcal_per_day >= self.intake_floor_kcal_per_day - 0.5
                and self.energy_availability >= MIN_ENERGY_AVAILABILITY - 1e-6
                and self.weekly_loss_fraction <= self.max_weekly_loss_fraction + 1e-9
                and self.end_bmi >= MIN_BMI)
