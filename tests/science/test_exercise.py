"""Tests for runlean.science.exercise (physiology.md §1–§4; §12 T1–T13, T19, T20, T42)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.exercise import (
    acsm_cycling_vo2,
    acsm_running_speed_for_vo2,
    acsm_running_vo2,
    acsm_walking_vo2,
    bahr_1987_epoc_litres,
    corrected_met,
    epoc_fraction,
    epoc_kcal,
    keytel_2005_kcal_per_min,
    keytel_2005_kj_per_min,
    loftin_kcal_per_mile,
    met_kcal,
    vo2_to_kcal,
    weir_kcal_per_litre,
)
from runlean.science.metabolism import harris_benedict_revised

# 10 km/h and 5 km/h exactly; physiology.md prints them rounded as 166.67 and 83.33 m/min.
RUN_10_KMH = 10_000.0 / 60.0
WALK_5_KMH = 5_000.0 / 60.0


def test_t1_t2_running_vo2() -> None:
    assert acsm_running_vo2(RUN_10_KMH, 0.0) == pytest.approx(36.833, abs=1e-3)
    assert acsm_running_vo2(RUN_10_KMH, 0.05) == pytest.approx(44.333, abs=1e-3)


def test_t3_walking_vo2() -> None:
    assert acsm_walking_vo2(WALK_5_KMH, 0.10) == pytest.approx(26.833, abs=1e-3)


def test_t4_t5_gross_and_net_kcal() -> None:
    gross = vo2_to_kcal(acsm_running_vo2(RUN_10_KMH), 70, 30, kcal_per_litre=5.0)
    net = vo2_to_kcal(acsm_running_vo2(RUN_10_KMH, net=True), 70, 30)
    assert gross == pytest.approx(386.75, abs=0.01)
    assert net == pytest.approx(350.0, abs=0.01)
    assert vo2_to_kcal(acsm_running_vo2(RUN_10_KMH, 0.05), 70, 30) == pytest.approx(465.5,
                                                                                     abs=0.01)
    assert vo2_to_kcal(acsm_walking_vo2(WALK_5_KMH, 0.10), 70, 30) == pytest.approx(281.75,
                                                                                    abs=0.01)


def test_t6_cycling_vo2() -> None:
    vo2 = acsm_cycling_vo2(150, 70)
    assert vo2 == pytest.approx(30.61, abs=0.01)
    assert vo2_to_kcal(vo2, 70, 30) == pytest.approx(321.4, abs=0.05)
    # net drops only the resting 3.5, not the unloaded-cycling 3.5
    assert float(vo2) - float(acsm_cycling_vo2(150, 70, net=True)) == pytest.approx(3.5)
    assert acsm_cycling_vo2(0, 70, net=True) == pytest.approx(3.5)


def test_negative_grade_is_clamped() -> None:
    assert acsm_running_vo2(200, -0.05) == acsm_running_vo2(200, 0.0)
    assert acsm_walking_vo2(80, -0.1) == acsm_walking_vo2(80, 0.0)


def test_t7_hall_2004_example() -> None:
    weight, distance = 80.0, 1600.0
    walk_speed, run_speed = 1.41 * 60, 2.82 * 60
    walk = vo2_to_kcal(acsm_walking_vo2(walk_speed), weight, distance / walk_speed, 4.86)
    run = vo2_to_kcal(acsm_running_vo2(run_speed), weight, distance / run_speed, 4.86)
    assert walk == pytest.approx(88.0, abs=1.0)
    assert run == pytest.approx(137.3, abs=1.0)


def test_one_kcal_per_kg_per_km_rule() -> None:
    speeds = np.array([150.0, 200.0, 300.0])
    kcal = vo2_to_kcal(acsm_running_vo2(speeds, net=True), 70.0, 5000.0 / speeds)
    np.testing.assert_allclose(kcal, 350.0)


def test_t8_met_kcal_forms() -> None:
    assert met_kcal(9.3, 70, 30) == pytest.approx(341.775, abs=0.01)
    assert met_kcal(9.3, 70, 30, form="kcal_per_kg_h") == pytest.approx(325.5, abs=0.01)
    assert met_kcal(9.3, 70, 30, net=True) == pytest.approx(305.025, abs=0.01)
    assert met_kcal(9.8, 75, 30) == pytest.approx(385.875, abs=0.01)
    assert met_kcal(8.0, 70, 30) == pytest.approx(294.0, abs=0.01)
    with pytest.raises(ValueError, match="form"):
        met_kcal(9.3, 70, 30, form="bogus")  # type: ignore[arg-type]


def test_t9_corrected_met() -> None:
    rmr = harris_benedict_revised(75, 175, 35, True)
    assert corrected_met(9.3, rmr, 75) == pytest.approx(10.13, abs=0.02)
    rmr_f = harris_benedict_revised(85, 165, 55, False)
    assert corrected_met(9.3, rmr_f, 85) == pytest.approx(13.22, abs=0.02)


def test_t10_to_t13_keytel() -> None:
    assert keytel_2005_kj_per_min(150, 75, 35, True) == pytest.approx(61.508, abs=1e-3)
    assert keytel_2005_kcal_per_min(150, 75, 35, True) == pytest.approx(14.701, abs=1e-3)
    assert keytel_2005_kj_per_min(150, 60, 30, False) == pytest.approx(41.320, abs=1e-3)
    assert keytel_2005_kcal_per_min(150, 60, 30, False) == pytest.approx(9.876, abs=1e-3)
    assert keytel_2005_kj_per_min(150, 75, 35, True, 50) == pytest.approx(58.561, abs=1e-3)
    assert keytel_2005_kj_per_min(150, 60, 30, False, 40) == pytest.approx(37.705, abs=1e-3)
    assert keytel_2005_kj_per_min(140, 70, 40, True, 45) == pytest.approx(49.587, abs=1e-3)


def test_keytel_vectorised_matches_scalar() -> None:
    out = keytel_2005_kj_per_min(np.array([150.0, 150.0]), np.array([75.0, 60.0]),
                                 np.array([35.0, 30.0]), np.array([True, False]),
                                 np.array([50.0, 40.0]))
    np.testing.assert_allclose(out, [58.5615, 37.7046], atol=1e-3)


def test_t19_bahr_fit() -> None:
    np.testing.assert_allclose(bahr_1987_epoc_litres(np.array([20.0, 40.0, 80.0])),
                               [4.50, 7.70, 14.10], atol=0.01)


def test_t20_epoc_fraction() -> None:
    np.testing.assert_allclose(epoc_fraction(np.array([0.5, 0.6, 0.7, 0.8])),
                               [0.029, 0.075, 0.121, 0.142], atol=1e-3)
    assert epoc_fraction(0.4) == pytest.approx(0.02)  # clamped from 0.008


def test_epoc_kcal_examples() -> None:
    assert epoc_kcal(350, 0.7) == pytest.approx(42.0, abs=0.5)
    assert epoc_kcal(300, 1.05, interval=True) == pytest.approx(42.0, abs=1e-9)
    # intervals below VO2max use the continuous curve
    assert epoc_kcal(300, 0.7, interval=True) == epoc_kcal(300, 0.7)


def test_t42_loftin() -> None:
    assert loftin_kcal_per_mile(80, True) == pytest.approx(106.6, abs=0.1)
    assert float(loftin_kcal_per_mile(80, True)) - float(loftin_kcal_per_mile(80, False)) \
        == pytest.approx(7.634)


def test_weir_table() -> None:
    np.testing.assert_allclose(weir_kcal_per_litre(np.array([0.7, 0.85, 1.0])),
                               [4.715, 4.881, 5.047], atol=1e-3)


def test_speed_for_vo2_example() -> None:
    assert acsm_running_speed_for_vo2(32.55) == pytest.approx(145.25)


@given(st.floats(50, 400), st.floats(0, 0.3), st.floats(30, 200), st.floats(1, 300))
def test_net_below_gross(speed: float, grade: float, weight: float, minutes: float) -> None:
    for fn in (acsm_running_vo2, acsm_walking_vo2):
        gross = float(vo2_to_kcal(fn(speed, grade), weight, minutes))
        net = float(vo2_to_kcal(fn(speed, grade, net=True), weight, minutes))
        assert net < gross
        # the gap is exactly the resting 3.5 ml/kg/min (= 1 MET at 5 kcal/L)
        assert gross - net == pytest.approx(3.5 * weight * minutes / 1000.0 * 5.0, rel=1e-9)


@given(st.floats(0.0, 1.5), st.floats(0.0, 1.5))
def test_epoc_fraction_monotone_and_bounded(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert float(epoc_fraction(lo)) <= float(epoc_fraction(hi))
    assert 0.02 <= float(epoc_fraction(hi)) <= 0.20


@given(st.floats(80, 400), st.floats(0, 0.2))
def test_speed_for_vo2_round_trip(speed: float, grade: float) -> None:
    assert acsm_running_speed_for_vo2(acsm_running_vo2(speed, grade), grade) == pytest.approx(
        speed, rel=1e-9)
