"""Nutrition targets: protein, fat and carbohydrate (training vs rest days) for an intake.

Policy (physiology.md §8) on top of :mod:`runlean.science.nutrition`: protein at the middle
of the deficit band (1.8-2.2 g/kg, i.e. 2.0 g/kg; 2.7 g/kg lean mass for lean,
resistance-trained people), on a reference weight of at most BMI 25 (see
:func:`protein_reference_weight_kg`); fat 25 % of energy and never below the 20 %
minimum; carbohydrate the rest, moved towards training days, with the ACSM/AND/DC 2016
band for the day's training load shown for reference.
"""

from __future__ import annotations

from runlean.science.nutrition import (
    FAT_MIN_FRACTION,
    carbohydrate_g_per_kg,
    protein_target_g_per_day,
)

FAT_ENERGY_FRACTION = 0.25
#: Resistance sessions a week from which a person counts as resistance-trained for protein.
RESISTANCE_TRAINED_SESSIONS = 2
#: Carbohydrate moved from rest days to training days [g per kg per day of difference].
CARB_SHIFT_G_PER_KG = 1.0
#: Lowest carbohydrate on rest days [g/kg/day] before the shift is reduced.
CARB_REST_FLOOR_G_PER_KG = 2.0
#: BMI of the reference weight used for protein when a person's BMI is higher [kg/m²].
PROTEIN_REFERENCE_BMI = 25.0
#: Atwater energy factors [kcal/g].
KCAL_PER_G = {"protein": 4.0, "carbohydrate": 4.0, "fat": 9.0}


def protein_reference_weight_kg(weight_kg: float, height_cm: float) -> float:
    """Weight the per-kg protein band applies to [kg]: actual weight, capped at BMI 25.

    The 1.8-2.2 g/kg band comes from lean and normal-weight athletes (Helms 2014;
    physiology.md §8.2); applied to the actual weight of a person with obesity it gives
    protein far above need (400 g/day at 200 kg, over 40 % of the energy of the diet).
    Clinical guidelines dose protein on ideal rather than actual body weight in obesity
    (McClave 2016, ASPEN/SCCM: g/kg of ideal body weight when BMI ≥ 30); runlean uses the
    weight at BMI 25 [P].
    """
    return min(weight_kg, PROTEIN_REFERENCE_BMI * (height_cm / 100.0) ** 2)


def protein_g_per_day(weight_kg: float, fat_free_kg: float, lean: bool,
                      strength_sessions_per_week: int, height_cm: float | None = None) -> float:
    """Daily protein target in a deficit [g/day]: the middle of the science band.

    The band comes from :func:`runlean.science.nutrition.protein_target_g_per_day`
    (1.8-2.2 g/kg body weight; 2.3-3.1 g/kg lean mass for lean, resistance-trained people).
    With ``height_cm`` the body-weight band applies to
    :func:`protein_reference_weight_kg` (the weight at BMI 25 when heavier).
    """
    if height_cm is not None:
        weight_kg = protein_reference_weight_kg(weight_kg, height_cm)
    low, high = protein_target_g_per_day(
        weight_kg, fat_free_kg, in_deficit=True,
        resistance_trained=strength_sessions_per_week >= RESISTANCE_TRAINED_SESSIONS, lean=lean)
    return 0.5 * (low + high)


def macro_targets(intake_kcal_per_day: float, weight_kg: float, protein_g: float,
                  training_days_per_week: float,
                  training_hours_on_training_days: float) -> dict[str, float]:
    """Daily macro targets for a constant weekly-average intake.

    Parameters
    ----------
    intake_kcal_per_day
        Average daily intake target [kcal/day].
    weight_kg
        Body weight [kg] (carbohydrate is per kg).
    protein_g
        Daily protein target [g/day] (:func:`protein_g_per_day`).
    training_days_per_week
        Days with at least one session [days/week].
    training_hours_on_training_days
        Mean training time on a training day [h].

    Returns
    -------
    Protein, fat and carbohydrate [g/day] on training and rest days and the matching
    energy [kcal/day]; the weekly average energy equals ``intake_kcal_per_day``.
    """
    protein = protein_g
    fat = FAT_ENERGY_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
    carb_avg = (intake_kcal_per_day - protein * KCAL_PER_G["protein"]
                - fat * KCAL_PER_G["fat"]) / KCAL_PER_G["carbohydrate"]
    if carb_avg < CARB_REST_FLOOR_G_PER_KG * weight_kg:
        # Lower fat towards its 20 % floor before carbohydrate goes below the floor.
        fat_min = FAT_MIN_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
        need = (CARB_REST_FLOOR_G_PER_KG * weight_kg - carb_avg) * KCAL_PER_G["carbohydrate"]
        new_fat = max(fat_min, fat - need / KCAL_PER_G["fat"])
        carb_avg += (fat - new_fat) * KCAL_PER_G["fat"] / KCAL_PER_G["carbohydrate"]
        fat = new_fat
    n_train = min(max(training_days_per_week, 0.0), 7.0)
    n_rest = 7.0 - n_train
    shift = 0.0
    if 0 < n_train < 7:
        shift = CARB_SHIFT_G_PER_KG * weight_kg
        rest_room = carb_avg - CARB_REST_FLOOR_G_PER_KG * weight_kg
        shift = max(0.0, min(shift, rest_room * 7.0 / n_train if rest_room > 0 else 0.0))
    carb_train = carb_avg + shift * n_rest / 7.0
    carb_rest = carb_avg - shift * n_train / 7.0
    low, high = carbohydrate_g_per_kg(training_hours_on_training_days)
    kcal_fixed = protein * KCAL_PER_G["protein"] + fat * KCAL_PER_G["fat"]
    return {
        "protein_g_per_day": protein,
        "protein_g_per_kg": protein / weight_kg,
        "fat_g_per_day": fat,
        "fat_energy_pct": 100.0 * fat * KCAL_PER_G["fat"] / intake_kcal_per_day,
        "carbohydrate_g_training_day": carb_train,
        "carbohydrate_g_rest_day": carb_rest,
        "carbohydrate_g_per_kg_training_day": carb_train / weight_kg,
        "intake_kcal_training_day": kcal_fixed + carb_train * KCAL_PER_G["carbohydrate"],
        "intake_kcal_rest_day": kcal_fixed + carb_rest * KCAL_PER_G["carbohydrate"],
        "acsm_carbohydrate_band_low_g_per_kg": low,
        "acsm_carbohydrate_band_high_g_per_kg": high,
        "training_days_per_week": n_train,
        "training_hours_on_training_days": training_hours_on_training_days,
    }
