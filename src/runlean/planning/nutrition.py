"""Nutrition targets: protein, fat and carbohydrate (training vs rest days) for an intake.

Policy (physiology.md §8): protein 2.0 g/kg body weight per day in a deficit (the middle of
1.8–2.2 g/kg; ISSN 2017, Helms 2014, Longland 2016); fat 25 % of energy and never below
20 % (ACSM/AND/DC 2016); carbohydrate the rest, moved towards training days, with the
ACSM/AND/DC 2016 band for the day's training load shown for reference.
"""

from __future__ import annotations

PROTEIN_DEFICIT_G_PER_KG = 2.0
PROTEIN_MAINTENANCE_G_PER_KG = 1.6
FAT_ENERGY_FRACTION = 0.25
FAT_MIN_ENERGY_FRACTION = 0.20
#: Carbohydrate moved from rest days to training days [g per kg per day of difference].
CARB_SHIFT_G_PER_KG = 1.0
#: Lowest carbohydrate on rest days [g/kg/day] before the shift is reduced.
CARB_REST_FLOOR_G_PER_KG = 2.0
KCAL_PER_G = {"protein": 4.0, "carbohydrate": 4.0, "fat": 9.0}
#: ACSM/AND/DC 2016 carbohydrate bands [g/kg/day] by daily training hours (upper bound).
CARB_BANDS: tuple[tuple[float, float, float, str], ...] = (
    (0.75, 3.0, 5.0, "light"), (1.5, 5.0, 7.0, "moderate (about 1 h/day)"),
    (3.0, 6.0, 10.0, "high (1-3 h/day)"), (99.0, 8.0, 12.0, "very high (> 4 h/day)"))


def carbohydrate_band(training_hours_per_day: float) -> tuple[float, float, str]:
    """ACSM/AND/DC 2016 carbohydrate band [g/kg/day] for a daily training time [h]."""
    for upper, low, high, label in CARB_BANDS:
        if training_hours_per_day <= upper:
            return low, high, label
    raise AssertionError("unreachable: the last band is open-ended")


def macro_targets(intake_kcal_per_day: float, weight_kg: float, training_days_per_week: float,
                  training_hours_on_training_days: float) -> dict[str, float]:
    """Daily macro targets for a constant weekly-average intake.

    Parameters
    ----------
    intake_kcal_per_day
        Average daily intake target [kcal/day].
    weight_kg
        Body weight [kg] (protein and carbohydrate are per kg).
    training_days_per_week
        Days with at least one session [days/week].
    training_hours_on_training_days
        Mean training time on a training day [h].

    Returns
    -------
    Protein, fat and carbohydrate [g/day] on training and rest days and the matching
    energy [kcal/day]; the weekly average energy equals ``intake_kcal_per_day``.
    """
    protein = PROTEIN_DEFICIT_G_PER_KG * weight_kg
    fat = FAT_ENERGY_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
    carb_avg = (intake_kcal_per_day - protein * KCAL_PER_G["protein"]
                - fat * KCAL_PER_G["fat"]) / KCAL_PER_G["carbohydrate"]
    if carb_avg < CARB_REST_FLOOR_G_PER_KG * weight_kg:
        # Lower fat towards its 20 % floor before carbohydrate goes below the floor.
        fat_min = FAT_MIN_ENERGY_FRACTION * intake_kcal_per_day / KCAL_PER_G["fat"]
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
    low, high, _label = carbohydrate_band(training_hours_on_training_days)
    kcal_fixed = protein * KCAL_PER_G["protein"] + fat * KCAL_PER_G["fat"]
    return {
        "protein_g_per_day": protein,
        "protein_g_per_kg": PROTEIN_DEFICIT_G_PER_KG,
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
