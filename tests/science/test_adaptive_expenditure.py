"""Energy-balance expenditure: published energy densities and the Bayesian update."""

from __future__ import annotations

import math

import numpy as np
import pytest

from runlean.science.adaptive_expenditure import (
    energy_balance_expenditure,
    estimate_expenditure,
    forbes_lean_fraction_of_change,
    hall_2008_energy_density,
    mean_intake_with_sd,
    normal_normal_update,
)


@pytest.mark.parametrize(("fm", "p"), [(10, 0.510), (20, 0.342), (30, 0.257), (40, 0.206)])
def test_forbes_lean_fraction_vectors(fm: float, p: float) -> None:
    # physiology.md §7.1
    assert forbes_lean_fraction_of_change(fm) == pytest.approx(p, abs=5e-4)


def test_energy_density_matches_hall_2008_vectors() -> None:
    # physiology.md §10.1: e = (1 − p)·9440 + p·1816; p = 0.3 → 7153 kcal/kg.
    fm_for_p03 = 10.4 / 0.3 - 10.4
    assert hall_2008_energy_density(fm_for_p03) == pytest.approx(7152.8, abs=0.5)
    # Leaner people lose less energy per kg than the 7700 rule.
    assert hall_2008_energy_density(12) < 7700 < hall_2008_energy_density(60)


def test_balance_sign() -> None:
    # Eating 2000 and losing 0.05 kg/day at 7000 kcal/kg → expenditure 2350.
    assert energy_balance_expenditure(2000, -0.05, 7000) == pytest.approx(2350)


def test_normal_update_is_precision_weighted() -> None:
    m, s = normal_normal_update(2000, 300, 2600, 100)
    assert m == pytest.approx((2000 / 300**2 + 2600 / 100**2) / (1 / 300**2 + 1 / 100**2))
    assert s == pytest.approx(1 / math.sqrt(1 / 300**2 + 1 / 100**2))
    assert normal_normal_update(2000, 300, float("nan"), math.inf) == (2000, 300)


def test_missing_intake_days_inflate_uncertainty() -> None:
    logs = np.tile([1700.0, 2300.0], 14)  # sample SD ≈ 305 kcal
    full = mean_intake_with_sd(logs, 28)
    half = mean_intake_with_sd(logs[:14], 28)
    assert full[0] == half[0] == 2000.0
    assert half[1] > full[1] * math.sqrt(2)  # fewer logs AND unlogged days to stand in for


def test_exact_line_recovers_expenditure() -> None:
    day = np.arange(28)
    rho = hall_2008_energy_density(25.0)
    weight = 80.0 - (2500 - 2000) / rho * day
    est = estimate_expenditure(day, weight, day, np.full(28, 2000.0), window_start_day=0,
                               window_end_day=27, fat_mass_kg=25.0, prior_kcal_per_day=2500,
                               prior_sd_kcal_per_day=1e6)
    assert est.observed_kcal_per_day == pytest.approx(2500, abs=1e-6)
    assert est.expenditure_kcal_per_day == pytest.approx(2500, abs=0.01)
