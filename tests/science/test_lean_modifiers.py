"""Lean-fraction multipliers (physiology.md §7, proposals [P])."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.science.lean_modifiers import (
    M_SLEEP_SHORT,
    lean_fraction_multiplier,
    modified_lean_fraction,
    nedeltcheva_fat_fraction,
    protein_multiplier,
    sleep_multiplier,
    strength_training_multiplier,
)


def test_t32_nedeltcheva_fat_fraction() -> None:
    assert nedeltcheva_fat_fraction(1.4, 1.5) == pytest.approx(0.483, abs=1e-3)
    assert nedeltcheva_fat_fraction(0.6, 2.4) == pytest.approx(0.200, abs=1e-3)


def test_sleep_multiplier_turns_long_sleep_fat_fraction_into_short_sleep_one() -> None:
    lean_long = 1 - 1.4 / 2.9
    assert 1 - lean_long * sleep_multiplier(5.5) == pytest.approx(0.200, abs=1e-3)
    assert abs(M_SLEEP_SHORT - 1.54) < 0.01
    assert sleep_multiplier(8.5) == 1.0
    assert sleep_multiplier(7.0) == 1.0
    assert sleep_multiplier(6.25) == pytest.approx(1 + (M_SLEEP_SHORT - 1) / 2)
    assert sleep_multiplier(3.0) == 1.6  # cap


def test_strength_training_multiplier() -> None:
    assert strength_training_multiplier(0) == 1.0
    assert strength_training_multiplier(1) == pytest.approx(0.75)
    np.testing.assert_allclose(strength_training_multiplier(np.array([2.0, 4.0])), [0.5, 0.5])


def test_protein_multiplier() -> None:
    assert protein_multiplier(0.8) == 1.0
    assert protein_multiplier(1.2) == 1.0
    assert protein_multiplier(1.4) == pytest.approx(0.8)
    assert protein_multiplier(2.4) == pytest.approx(0.6)  # no training: stays at 0.6
    assert protein_multiplier(1.9, True) == pytest.approx(0.5)
    assert protein_multiplier(2.4, True) == pytest.approx(0.4)


def test_combined_and_clamped() -> None:
    # Strength (×0.5) and very high protein (×0.4) would stack to ×0.2; diet + exercise trials
    # keep about 11 % vs 24 % lean share (Weinheimer 2010, ratio 0.46): floor at 0.40.
    assert lean_fraction_multiplier(3, 2.3, 8.0) == pytest.approx(0.40)
    assert lean_fraction_multiplier(2, 1.6, 8.0) == pytest.approx(0.40)  # 0.5 × 0.6 = 0.30
    assert lean_fraction_multiplier(1, 1.6, 8.0) == pytest.approx(0.75 * 0.6)  # 0.45, above
    # Short sleep still raises the floored product (sleep acts after the floor).
    assert lean_fraction_multiplier(3, 2.3, 5.5) == pytest.approx(0.40 * M_SLEEP_SHORT)
    assert lean_fraction_multiplier(0, None, 5.5) == pytest.approx(M_SLEEP_SHORT)
    assert lean_fraction_multiplier() == 1.0
    assert modified_lean_fraction(0.9, 1.0) == 0.6
    assert modified_lean_fraction(0.3, 0.5) == pytest.approx(0.15)
    assert modified_lean_fraction(0.3, -1.0) == -0.1
