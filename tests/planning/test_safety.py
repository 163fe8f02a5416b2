"""Safety policy helpers: week-by-week rate of loss with the first-week water allowance."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.planning.safety import min_safe_intake_kcal, weekly_loss_fractions


def test_first_week_judged_on_tissue_later_weeks_on_weight() -> None:
    days = np.arange(15)
    # 100 kg: 1.5 kg of glycogen/water gone in the first 3 days, tissue −0.5 kg/week.
    water = np.minimum(days, 3) * 0.5
    tissue = 80.0 - 0.5 * days / 7
    weight = tissue + 20.0 - water
    rates = weekly_loss_fractions(weight, tissue)
    assert rates[0] == pytest.approx(0.5 / 100.0)
    assert rates[1] == pytest.approx((weight[7] - weight[14]) / weight[7])
    assert rates.size == 2


def test_partial_last_week_scaled_to_a_week() -> None:
    weight = np.array([100.0 - 0.1 * i for i in range(11)])  # 10 days, 0.1 kg/day
    rates = weekly_loss_fractions(weight, weight)
    assert rates.size == 2
    assert rates[1] == pytest.approx(0.3 / weight[7] * 7 / 3)


def test_min_safe_intake_is_largest_of_floor_rmr_and_energy_availability() -> None:
    assert min_safe_intake_kcal(False, 1300.0, 0.0, 40.0) == 1300.0  # RMR
    assert min_safe_intake_kcal(False, 1100.0, 0.0, 30.0) == 1200.0  # women's floor
    assert min_safe_intake_kcal(True, 1600.0, 500.0, 60.0) == 30 * 60 + 500  # EA 30
