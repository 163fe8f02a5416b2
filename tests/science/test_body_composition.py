"""Tests for runlean.science.body_composition (physiology.md §6.1–§6.2, §7.1, §10.1;
§12 T25–T29)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.body_composition import (
    CM_PER_INCH,
    deurenberg_1991_body_fat_pct,
    energy_density_of_weight_change,
    forbes_lean_fraction,
    forbes_partition_of_weight_change,
    jackson_2002_body_fat_pct,
    navy_body_fat_pct_inches,
    navy_body_fat_pct_metric,
)


def test_t25_deurenberg() -> None:
    assert deurenberg_1991_body_fat_pct(25, 40, True) == pytest.approx(23.0, abs=1e-9)
    assert deurenberg_1991_body_fat_pct(25, 40, False) == pytest.approx(33.8, abs=1e-9)
    out = deurenberg_1991_body_fat_pct(np.array([25.0, 25.0]), 40, np.array([True, False]))
    np.testing.assert_allclose(out, [23.0, 33.8])


def test_t26_navy_inches() -> None:
    assert navy_body_fat_pct_inches(34, 15, 70, True) == pytest.approx(17.51, abs=0.01)
    assert navy_body_fat_pct_inches(30, 13, 65, False, hip_in=40) == pytest.approx(31.09,
                                                                                  abs=0.01)


def test_t27_navy_metric() -> None:
    c = CM_PER_INCH
    assert navy_body_fat_pct_metric(34 * c, 15 * c, 70 * c, True) == pytest.approx(17.43,
                                                                                  abs=0.01)
    assert navy_body_fat_pct_metric(30 * c, 13 * c, 65 * c, False, hip_cm=40 * c) == \
        pytest.approx(30.78, abs=0.01)


def test_navy_invalid_input_gives_nan() -> None:
    assert math.isnan(float(navy_body_fat_pct_inches(15, 15, 70, True)))  # waist == neck
    assert math.isnan(float(navy_body_fat_pct_inches(30, 13, 65, False)))  # no hip for a woman
    assert math.isnan(float(navy_body_fat_pct_metric(80, 40, 0, True)))  # zero height
    # a batch keeps its valid rows
    out = navy_body_fat_pct_inches(np.array([34.0, 15.0]), np.array([15.0, 15.0]), 70.0, True)
    assert out[0] == pytest.approx(17.51, abs=0.01) and math.isnan(out[1])
    # hip is ignored for men
    assert navy_body_fat_pct_inches(34, 15, 70, True, hip_in=99) == navy_body_fat_pct_inches(
        34, 15, 70, True)


def test_jackson_women_exceed_men_by_about_10_4_points() -> None:
    # Jackson 2002: at equal BMI women's %fat is 10.4 points higher (physiology.md §6.1)
    weight, height = 25.0 * 1.7**2, 1.7
    gap = float(jackson_2002_body_fat_pct(weight, height, 40, False)) - float(
        jackson_2002_body_fat_pct(weight, height, 40, True))
    assert gap == pytest.approx(10.4, abs=0.1)


def test_jackson_age_slope_and_vectorised() -> None:
    a = float(jackson_2002_body_fat_pct(80, 1.8, 30, True))
    b = float(jackson_2002_body_fat_pct(80, 1.8, 40, True))
    assert b - a == pytest.approx(1.4)
    out = jackson_2002_body_fat_pct(np.array([80.0, 60.0]), np.array([1.8, 1.65]),
                                    np.array([30.0, 30.0]), np.array([True, False]))
    assert out.shape == (2,)
    assert out[0] == pytest.approx(a)


def test_t28_forbes_lean_fraction() -> None:
    np.testing.assert_allclose(forbes_lean_fraction(np.array([10.0, 20.0, 30.0, 40.0])),
                               [0.510, 0.342, 0.257, 0.206], atol=1e-3)


def test_t29_forbes_integrated() -> None:
    dfm, dffm = forbes_partition_of_weight_change(25, -5)
    assert dfm == pytest.approx(-3.45, abs=0.01)
    assert dffm == pytest.approx(-1.55, abs=0.01)
    dfm_arr, dffm_arr = forbes_partition_of_weight_change(np.array([15.0, 35.0]), -5.0)
    np.testing.assert_allclose(dfm_arr, [-2.83, -3.80], atol=0.01)
    np.testing.assert_allclose(dffm_arr, [-2.17, -1.20], atol=0.01)


@given(st.floats(3, 80), st.floats(-30, 30))
def test_forbes_integrated_solves_its_equation(fm0: float, dw: float) -> None:
    dfm, dffm = forbes_partition_of_weight_change(fm0, dw)
    fm1 = fm0 + float(dfm)
    assert fm1 > 0
    assert fm1 - fm0 + 10.4 * math.log(fm1 / fm0) == pytest.approx(dw, abs=1e-8)
    assert float(dfm) + float(dffm) == pytest.approx(dw, abs=1e-12)


def test_energy_density_of_weight_change() -> None:
    np.testing.assert_allclose(energy_density_of_weight_change(np.array([0.2, 0.3, 0.5])),
                               [7915.2, 7152.8, 5628.0], atol=0.1)
    # Forbes 5 kg loss from FM0 25 kg -> ≈7082 kcal/kg (§10.1)
    dfm, _ = forbes_partition_of_weight_change(25, -5)
    p = 1.0 - float(dfm) / -5.0
    assert energy_density_of_weight_change(p) == pytest.approx(7082, abs=1)
    assert energy_density_of_weight_change(p, rho_lean=1020) == pytest.approx(6836, abs=1)
