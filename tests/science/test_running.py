"""Tests for runlean.science.running (physiology.md §3.2, §9.8; §12 T14, T15, T38–T40)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.exercise import acsm_running_speed_for_vo2
from runlean.science.running import (
    DANIELS_PACE_FRACTIONS,
    acsm_vo2_reserve_target,
    daniels_percent_max,
    daniels_race_time_s,
    daniels_speed_for_vo2,
    daniels_training_pace_s_per_km,
    daniels_training_speed_m_per_s,
    daniels_vdot,
    daniels_vo2,
    karvonen_target_hr,
    karvonen_zones,
    pace_s_per_km,
    tanaka_hrmax,
)

HM, M = 21_097.5, 42_195.0


def hms(h: int, m: int, s: int) -> float:
    return 3600.0 * h + 60.0 * m + s


def test_t14_tanaka() -> None:
    assert tanaka_hrmax(40) == pytest.approx(180.0, abs=1e-12)
    assert tanaka_hrmax(20) == pytest.approx(194.0, abs=1e-12)
    np.testing.assert_allclose(tanaka_hrmax(np.array([30.0, 35.0, 50.0])), [187, 183.5, 173])


def test_t15_karvonen() -> None:
    assert karvonen_target_hr(60, 180, 0.7) == pytest.approx(144.0, abs=1e-12)
    np.testing.assert_allclose(karvonen_target_hr(60, 180, np.array([0.6, 0.8])), [132, 156])


def test_karvonen_zones() -> None:
    zones = karvonen_zones(60, 180)
    assert len(zones) == 5
    assert zones[0] == pytest.approx((120.0, 132.0))
    assert zones[4] == pytest.approx((168.0, 180.0))
    for (_, hi), (lo, _) in itertools.pairwise(zones):
        assert hi == pytest.approx(lo)


@given(st.floats(30, 90), st.floats(150, 220), st.floats(0, 1), st.floats(0, 1))
def test_karvonen_monotone(rest: float, hrmax: float, p: float, q: float) -> None:
    lo, hi = sorted((p, q))
    assert float(karvonen_target_hr(rest, hrmax, lo)) <= float(karvonen_target_hr(rest, hrmax,
                                                                                  hi))
    assert rest <= float(karvonen_target_hr(rest, hrmax, lo)) <= hrmax + 1e-9


def test_vo2_reserve_example() -> None:
    vo2 = acsm_vo2_reserve_target(45, 0.7)
    assert vo2 == pytest.approx(32.55)
    assert acsm_running_speed_for_vo2(vo2) == pytest.approx(145.25)


def test_daniels_components() -> None:
    assert daniels_vo2(5000 / (19 + 57 / 60)) == pytest.approx(47.61, abs=0.01)
    assert daniels_percent_max(19 + 57 / 60) == pytest.approx(0.9531, abs=1e-4)


@pytest.mark.parametrize(("distance", "time_s", "vdot"), [
    (5000.0, hms(0, 19, 57), 49.95), (10_000.0, hms(0, 41, 21), 49.97),
    (HM, hms(1, 31, 35), 49.96), (M, hms(3, 10, 49), 49.95),
    (5000.0, hms(0, 20, 0), 49.81), (M, hms(3, 0, 0), 53.53),
    (5000.0, hms(0, 30, 40), 30.02), (M, hms(4, 49, 17), 30.07),
])
def test_t38_vdot(distance: float, time_s: float, vdot: float) -> None:
    assert daniels_vdot(distance, time_s) == pytest.approx(vdot, abs=0.01)


@pytest.mark.parametrize(("distance", "expected_s", "tol_s"), [
    (5000.0, hms(0, 19, 56), 2.0), (10_000.0, hms(0, 41, 20), 2.0),
    (HM, hms(1, 31, 31), 10.0), (M, hms(3, 10, 40), 10.0),
])
def test_t39_vdot_inverse(distance: float, expected_s: float, tol_s: float) -> None:
    assert daniels_race_time_s(50.0, distance) == pytest.approx(expected_s, abs=tol_s)


def test_race_time_vectorised() -> None:
    out = daniels_race_time_s(50.0, np.array([5000.0, 10_000.0]))
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    np.testing.assert_allclose(out, [hms(0, 19, 56), hms(0, 41, 20)], atol=2.0)


def test_t40_threshold_pace() -> None:
    assert daniels_training_pace_s_per_km(50, 0.88) == pytest.approx(4 * 60 + 15, abs=1.0)


@pytest.mark.parametrize(("vdot", "paces"), [
    (40, {"E": "6:07", "M": "5:30", "T": "5:06", "I": "4:40"}),
    (50, {"E": "5:07", "M": "4:36", "T": "4:15", "I": "3:54"}),
    (60, {"E": "4:25", "M": "3:58", "T": "3:40", "I": "3:22"}),
])
def test_pace_table_9_8(vdot: float, paces: dict[str, str]) -> None:
    for name, text in paces.items():
        minutes, seconds = text.split(":")
        expected = 60 * int(minutes) + int(seconds)
        got = float(daniels_training_pace_s_per_km(vdot, DANIELS_PACE_FRACTIONS[name]))
        assert got == pytest.approx(expected, abs=1.0), (vdot, name)


def test_pace_helper() -> None:
    assert pace_s_per_km(4.0) == pytest.approx(250.0)
    assert daniels_training_speed_m_per_s(50, 0.88) == pytest.approx(1000 / 255.2, rel=2e-3)


@given(st.floats(30, 80), st.sampled_from([1500.0, 5000.0, 10_000.0, HM, M]))
def test_vdot_round_trip(vdot: float, distance: float) -> None:
    t = daniels_race_time_s(vdot, distance)
    assert daniels_vdot(distance, t) == pytest.approx(vdot, abs=1e-6)


@given(st.floats(100, 450))
def test_speed_for_vo2_inverts_vo2(speed: float) -> None:
    assert daniels_speed_for_vo2(daniels_vo2(speed)) == pytest.approx(speed, rel=1e-9)
