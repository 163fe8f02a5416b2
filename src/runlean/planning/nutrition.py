"""Nutrition targets: protein, fat and carbohydrate for rest, training and hard days.

Rules from :mod:`runlean.planning.policy`, by population: protein in the middle of the
population's band (1.2-1.6 g/kg for non-athletes, 1.8-2.2 g/kg for athletes, 2.3-3.1 g/kg lean
mass for lean resistance-trained athletes) per kg of a reference weight (the weight at BMI 25
when heavier); fat 25 % of energy and never below 20 %; carbohydrate the rest, moved from
rest days towards *hard* days (a long run or an interval session), so that every day keeps
the intake floor and at least the 130 g of carbohydrate the brain needs (IOM 2005, Dietary
Reference Intakes: RDA 130 g/day). Athletes also see the ACSM/AND/DC carbohydrate band of
their training load (Thomas, Erdman & Burke 2016); other people do not: those bands were
written for athletes.
"""

from __future__ import annotations

from dataclasses import dataclass

from runlean.planning import policy
from runlean.science.nutrition import carbohydrate_g_per_kg

#: Atwater energy factors [kcal/g].
KCAL_PER_G = {"protein": 4.0, "carbohydrate": 4.0, "fat": 9.0}
#: Carbohydrate moved to a hard day [g per kg reference weight] [P] (Thomas 2016: time
#: carbohydrate around key sessions).
HARD_DAY_EXTRA_CARB_G_PER_KG = 1.0
#: Carbohydrate never below this on any day [g/day] (IOM 2005 RDA for adults).
MIN_CARB_G_PER_DAY = 130.0


def protein_reference_weight_kg(weight_kg: float, height_cm: float) -> float:
    """Weight the per-kg protein band applies to [kg]: actual weight, capped at BMI 25.

    Bands per kg come from normal-weight people; applied to the actual weight of a person
    with obesity they give protein far above need (400 g/day at 200 kg). Clinical guidelines
    dose protein on ideal rather than actual weight in obesity (McClave 2016, ASPEN/SCCM).
    """
    return min(weight_kg, policy.PROTEIN_REFERENCE_BMI * (height_cm / 100.0) ** 2)


def protein_g_per_day(rules: policy.Rules, weight_kg: float, height_cm: float,
                      fat_free_kg: float, strength_sessions_per_week: float) -> float:
    """Daily protein target in a deficit [g/day]: the middle of the population's band."""
    if (rules.population == "athlete" and rules.lean
            and strength_sessions_per_week >= policy.RESISTANCE_TRAINED_SESSIONS):
        lo, hi = policy.PROTEIN_LEAN_RESISTANCE_TRAINED_G_PER_KG_LBM
        return 0.5 * (lo + hi) * fat_free_kg
    lo, hi = rules.protein_g_per_kg
    return 0.5 * (lo + hi) * protein_reference_weight_kg(weight_kg, height_cm)


@dataclass(frozen=True)
class WeekDays:
    """Days of each type in an average plan week and the training time on them."""

    rest: float
    training: float
    hard: float
    training_hours: float
    hard_hours: float


def macro_targets(intake_kcal_per_day: float, weight_kg: float, height_cm: float,
                  protein_g: float, days: WeekDays, rules: policy.Rules) -> dict[str, float]:
    """Daily macro targets for a weekly-average intake.

    Parameters
    ----------
    intake_kcal_per_day
        Average daily intake target [kcal/day].
    weight_kg, height_cm
        Body weight [kg] and height [cm] (carbohydrate moves per kg of reference weight).
    protein_g
        Daily protein target [g/day] (:func:`protein_g_per_day`).
    days
        Rest, training and hard days in an average week.
    rules
        The person's rules (the daily intake floor; whether athlete bands apply).

    Returns
    -------
    Protein, fat and carbohydrate [g/day] and energy [kcal/day] on rest, training and hard
    days; the weekly average energy equals ``intake_kcal_per_day`` and no day is below the
    intake floor.
    """
    fat_min = policy.FAT_MIN_ENERGY_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
    fat = policy.FAT_ENERGY_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
    carb = (intake_kcal_per_day - protein_g * KCAL_PER_G["protein"]
            - fat * KCAL_PER_G["fat"]) / KCAL_PER_G["carbohydrate"]
    if carb < MIN_CARB_G_PER_DAY:  # lower fat towards its 20 % floor first
        new_fat = max(fat_min, fat - (MIN_CARB_G_PER_DAY - carb) * KCAL_PER_G["carbohydrate"]
                      / KCAL_PER_G["fat"])
        carb += (fat - new_fat) * KCAL_PER_G["fat"] / KCAL_PER_G["carbohydrate"]
        fat = new_fat
    floor = max(rules.min_intake_kcal, policy.ABSOLUTE_MIN_INTAKE_KCAL)
    ref = protein_reference_weight_kg(weight_kg, height_cm)
    donors = days.rest if days.rest > 0 else days.training
    extra = 0.0
    if days.hard > 0 and donors > 0 and days.hard + donors <= 7.0:
        # Carbohydrate the donor days can give while keeping the floor and 130 g.
        room_kcal = intake_kcal_per_day - floor
        room_g = max(0.0, min(room_kcal / KCAL_PER_G["carbohydrate"],
                              carb - MIN_CARB_G_PER_DAY))
        extra = min(HARD_DAY_EXTRA_CARB_G_PER_KG * ref, room_g * donors / days.hard)
    give = extra * days.hard / donors if donors > 0 else 0.0
    carb_hard = carb + extra
    carb_rest = carb - give if days.rest > 0 else carb
    carb_train = carb - give if days.rest == 0 else carb
    fixed = protein_g * KCAL_PER_G["protein"] + fat * KCAL_PER_G["fat"]
    low, high = carbohydrate_g_per_kg(days.training_hours)
    n_train_all = days.training + days.hard
    carb_train_avg = ((carb_train * days.training + carb_hard * days.hard) / n_train_all
                      if n_train_all > 0 else carb_train)
    return {
        "protein_g_per_day": protein_g,
        "protein_g_per_kg": protein_g / weight_kg,
        "protein_g_per_kg_reference_weight": protein_g / ref,
        "protein_reference_weight_kg": ref,
        "fat_g_per_day": fat,
        "fat_energy_pct": 100.0 * fat * KCAL_PER_G["fat"] / intake_kcal_per_day,
        "carbohydrate_g_training_day": carb_train_avg,
        "carbohydrate_g_rest_day": carb_rest,
        "carbohydrate_g_easy_day": carb_train,
        "carbohydrate_g_hard_day": carb_hard,
        "carbohydrate_g_per_kg_training_day": carb_train_avg / weight_kg,
        "intake_kcal_training_day": fixed + carb_train_avg * KCAL_PER_G["carbohydrate"],
        "intake_kcal_rest_day": fixed + carb_rest * KCAL_PER_G["carbohydrate"],
        "intake_kcal_easy_day": fixed + carb_train * KCAL_PER_G["carbohydrate"],
        "intake_kcal_hard_day": fixed + carb_hard * KCAL_PER_G["carbohydrate"],
        "min_day_intake_kcal": floor,
        "acsm_carbohydrate_band_low_g_per_kg": low,
        "acsm_carbohydrate_band_high_g_per_kg": high,
        "athlete_carbohydrate_band_applies": float(rules.athlete_carbohydrate_bands),
        "training_days_per_week": n_train_all,
        "hard_days_per_week": days.hard,
        "rest_days_per_week": days.rest,
        "training_hours_on_training_days": days.training_hours,
    }
