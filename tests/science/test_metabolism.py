"""Tests for runlean.science.metabolism (physiology.md §5, §12 T9, T21–T24)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.metabolism import (
    ELIA_TISSUE_RATES_KCAL_PER_KG_DAY,
    cunningham_1980,
    elia_tissue_ree,
    elia_tissue_ree_change,
    harris_benedict_1919,
    harris_benedict_revised,
    katch_mcardle,
    mifflin_st_jeor,
    rmr_ml_per_kg_min,
)


def test_t21_mifflin_rounded_form() -> None:
    assert mifflin_st_jeor(80, 180, 30, True, rounded=True) == pytest.approx(1780.0, abs=1e-9)
    assert mifflin_st_jeor(60, 165, 30, False, rounded=True) == pytest.approx(1320.25, abs=1e-9)


def test_mifflin_unrounded_form_independent_arithmetic() -> None:
    # 9.99·80 + 6.25·180 − 4.92·30 + 166 − 161 = 799.2 + 1125 − 147.6 + 5
    assert mifflin_st_jeor(80, 180, 30, True) == pytest.approx(1781.6, abs=1e-9)
    # 9.99·60 + 6.25·165 − 4.92·30 − 161 = 599.4 + 1031.25 − 147.6 − 161
    assert mifflin_st_jeor(60, 165, 30, False) == pytest.approx(1322.05, abs=1e-9)


def test_mifflin_table_rows_5_1() -> None:
    assert mifflin_st_jeor(75, 175, 35, True, rounded=True) == pytest.approx(1673.75)
    assert mifflin_st_jeor(85, 165, 55, False, rounded=True) == pytest.approx(1445.25)


def test_mifflin_vectorised_over_sex() -> None:
    out = mifflin_st_jeor(np.array([80.0, 60.0]), np.array([180.0, 165.0]),
                          np.array([30.0, 30.0]), np.array([True, False]), rounded=True)
    np.testing.assert_allclose(out, [1780.0, 1320.25])


def test_t22_harris_benedict_revised() -> None:
    assert harris_benedict_revised(80, 180, 30, True) == pytest.approx(1853.6, abs=0.1)
    assert harris_benedict_revised(60, 165, 30, False) == pytest.approx(1383.7, abs=0.1)
    assert harris_benedict_revised(75, 175, 35, True) == pytest.approx(1734.3, abs=0.1)
    assert harris_benedict_revised(85, 165, 55, False) == pytest.approx(1506.6, abs=0.1)


def test_harris_benedict_1919_table() -> None:
    assert harris_benedict_1919(80, 180, 30, True) == pytest.approx(1864.5, abs=0.1)
    assert harris_benedict_1919(60, 165, 30, False) == pytest.approx(1393.8, abs=0.1)
    assert harris_benedict_1919(75, 175, 35, True) == pytest.approx(1737.0, abs=0.1)
    assert harris_benedict_1919(85, 165, 55, False) == pytest.approx(1516.0, abs=0.1)


def test_t23_katch_mcardle_and_cunningham() -> None:
    assert katch_mcardle(68) == pytest.approx(1838.8, abs=1e-9)
    assert cunningham_1980(68) == pytest.approx(1996.0, abs=1e-9)
    np.testing.assert_allclose(cunningham_1980(np.array([0.0, 68.0])), [500.0, 1996.0])


def test_t24_elia_fat_to_muscle_swap() -> None:
    assert elia_tissue_ree_change(1.0, -1.0) == pytest.approx(8.5, abs=1e-12)
    assert elia_tissue_ree_change(2.0, 0.0) == pytest.approx(26.0)
    assert elia_tissue_ree_change(5.0, -5.0) == pytest.approx(42.5)
    # Over 50 y the Wang 2010 rates apply: 12.6 − 4.4
    assert elia_tissue_ree_change(1.0, -1.0, age_years=60) == pytest.approx(8.2)


def test_elia_tissue_ree_example() -> None:
    # 30 kg muscle -> 390 kcal/d; 15 kg adipose -> 67.5 kcal/d (§5.3)
    assert elia_tissue_ree({"skeletal_muscle": 30.0}) == pytest.approx(390.0)
    assert elia_tissue_ree({"adipose": 15.0}) == pytest.approx(67.5)
    assert ELIA_TISSUE_RATES_KCAL_PER_KG_DAY["skeletal_muscle"] == 13.0


def test_t9_rmr_conversion() -> None:
    rmr = harris_benedict_revised(75, 175, 35, True)
    assert rmr == pytest.approx(1734.27, abs=0.01)
    assert rmr_ml_per_kg_min(rmr, 75) == pytest.approx(3.212, abs=1e-3)
    assert rmr_ml_per_kg_min(harris_benedict_revised(85, 165, 55, False), 85) == pytest.approx(
        2.462, abs=1e-3)


@given(st.floats(40, 150), st.floats(140, 210), st.floats(18, 90), st.booleans())
def test_mifflin_rounded_close_to_unrounded(w: float, h: float, a: float, male: bool) -> None:
    diff = float(mifflin_st_jeor(w, h, a, male)) - float(mifflin_st_jeor(w, h, a, male,
                                                                         rounded=True))
    # the sex constants are the same (166 − 161 = +5), so the difference is −0.01·W + 0.08·A
    assert diff == pytest.approx(-0.01 * w + 0.08 * a, abs=1e-9)
