"""Tests for runlean.science.nutrition (physiology.md §8; §12 T33, T41)."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.science.body_composition import (
    energy_density_of_weight_change,
    forbes_lean_fraction,
)
from runlean.science.exercise import (
    acsm_running_vo2,
    epoc_kcal,
    met_kcal,
    vo2_to_kcal,
)
from runlean.science.metabolism import mifflin_st_jeor
from runlean.science.nutrition import (
    FAT_MAX_FRACTION,
    FAT_MIN_FRACTION,
    carbohydrate_g_per_kg,
    deficit_for_rate_kcal_per_day,
    energy_availability,
    energy_availability_status,
    protein_target_g_per_day,
    protein_target_g_per_kg,
)
from runlean.science.regional_fat import allometric_regional_fat


def test_protein_bands() -> None:
    assert protein_target_g_per_kg(True, False, False) == (1.8, 2.2)
    assert protein_target_g_per_kg(True, True, False) == (1.8, 2.2)
    assert protein_target_g_per_kg(True, True, True) == (2.3, 3.1)
    assert protein_target_g_per_kg(False, True, True) == (1.6, 1.6)
    low, high = protein_target_g_per_day(80, 68, True, False, False)
    assert (low, high) == pytest.approx((144.0, 176.0))
    assert (low / 4, high / 4) == pytest.approx((36.0, 44.0))
    # lean and resistance-trained: per kg of lean mass
    assert protein_target_g_per_day(70, 62, True, True, True) == pytest.approx((142.6, 192.2))


def test_carbohydrate_bands() -> None:
    low, high = carbohydrate_g_per_kg(1.0)
    assert (70 * low, 70 * high) == pytest.approx((350.0, 490.0))
    assert carbohydrate_g_per_kg(0.5) == (3.0, 5.0)
    assert carbohydrate_g_per_kg(2.0) == (6.0, 10.0)
    assert carbohydrate_g_per_kg(5.0) == (8.0, 12.0)


def test_fat_fractions() -> None:
    assert (FAT_MIN_FRACTION, FAT_MAX_FRACTION) == (0.20, 0.35)


def test_energy_availability_8_3() -> None:
    ea = energy_availability(1800, 500, 60 * (1 - 0.24))
    assert ea == pytest.approx(28.5, abs=0.05)
    assert energy_availability_status(float(ea)) == "low"
    assert energy_availability_status(45.0) == "optimal"
    assert energy_availability_status(44.9) == "reduced"
    assert energy_availability_status(30.0) == "reduced"
    assert energy_availability_status(29.99) == "low"


def test_t33_deficit_for_rate() -> None:
    assert deficit_for_rate_kcal_per_day(80, 0.005) == pytest.approx(440, abs=1)
    np.testing.assert_allclose(
        deficit_for_rate_kcal_per_day(np.array([70.0, 80.0, 100.0]), 0.01),
        [770, 880, 1100], atol=1)


def test_t41_integrated_example_10_4() -> None:
    """Woman, 35 y, 70 kg, 165 cm, 32 % fat; 4 runs/wk of 40 min at 9 km/h; 2 resistance
    sessions/wk of 45 min (02054, 3.5 MET); RT multiplier 0.5; 0.5 %/wk."""
    weight, fat_mass, ffm = 70.0, 22.4, 47.6
    rmr = mifflin_st_jeor(weight, 165, 35, False, rounded=True)
    assert rmr == pytest.approx(1395.25)
    non_exercise = 1.5 * float(rmr)
    assert non_exercise == pytest.approx(2092.9, abs=0.05)

    speed = 9000.0 / 60.0
    run_net = float(vo2_to_kcal(acsm_running_vo2(speed, net=True), weight, 40))
    assert run_net == pytest.approx(420.0)
    intensity = float(acsm_running_vo2(speed)) / 40.0
    assert intensity == pytest.approx(0.838, abs=1e-3)
    run_epoc = float(epoc_kcal(run_net, intensity))
    assert run_epoc == pytest.approx(61.0, abs=0.5)
    resistance_net = float(met_kcal(3.5, weight, 45, net=True))
    assert resistance_net == pytest.approx(137.8, abs=0.05)
    weekly_exercise = 4 * (run_net + run_epoc) + 2 * resistance_net
    assert weekly_exercise == pytest.approx(2199.4, abs=0.5)

    tdee = non_exercise + weekly_exercise / 7
    assert tdee == pytest.approx(2407.1, abs=0.5)

    rt_multiplier = 0.5  # owned by the planning layer; §10.4 value
    lean_fraction = float(forbes_lean_fraction(fat_mass)) * rt_multiplier
    assert lean_fraction == pytest.approx(0.159, abs=1e-3)
    kcal_per_kg = float(energy_density_of_weight_change(lean_fraction))
    assert kcal_per_kg == pytest.approx(8231, abs=1)
    deficit = float(deficit_for_rate_kcal_per_day(weight, 0.005, kcal_per_kg))
    assert deficit == pytest.approx(411.6, abs=0.5)
    intake = tdee - deficit
    assert intake == pytest.approx(1995.5, abs=0.5)
    assert intake >= 1200.0  # the women's intake floor (Jensen 2014)

    ea = float(energy_availability(intake, weekly_exercise / 7, ffm))
    assert ea == pytest.approx(35.3, abs=0.1)
    assert energy_availability_status(ea) == "reduced"

    fat_loss_per_week = (1 - lean_fraction) * 0.35
    assert fat_loss_per_week == pytest.approx(0.295, abs=0.002)
    leg0 = 0.39 * fat_mass
    assert leg0 == pytest.approx(8.74, abs=0.01)
    leg_drop = leg0 - float(allometric_regional_fat(leg0, fat_mass, fat_mass - fat_loss_per_week))
    assert leg_drop == pytest.approx(0.115, abs=0.001)

    protein = protein_target_g_per_day(weight, ffm, True, True, False)
    assert protein == pytest.approx((126.0, 154.0))
    carbs = carbohydrate_g_per_kg((4 * 40 + 2 * 45) / 60 / 7)
    assert (weight * carbs[0], weight * carbs[1]) == pytest.approx((210.0, 350.0))
