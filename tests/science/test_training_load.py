"""Tests for runlean.science.training_load (physiology.md §3.3, §9.2–§9.4; §12 T16–T18,
T34–T37)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.training_load import (
    acwr_ewma,
    acwr_rolling,
    banister_fitness_fatigue,
    banister_trimp,
    banister_trimp_from_samples,
    edwards_trimp,
    edwards_zone_minutes,
    ewma,
    foster_monotony_strain,
    session_rpe_load,
)


def test_t16_t17_banister_trimp() -> None:
    assert banister_trimp(30, 130, 40, 200, True) == pytest.approx(31.80, abs=0.01)
    assert banister_trimp(30, 130, 40, 200, False) == pytest.approx(37.13, abs=0.01)
    assert banister_trimp(60, 150, 50, 190, True) == pytest.approx(108.10, abs=0.01)
    out = banister_trimp(np.array([30.0, 30.0, 60.0]), np.array([130.0, 130.0, 150.0]),
                         np.array([40.0, 40.0, 50.0]), np.array([200.0, 200.0, 190.0]),
                         np.array([True, False, True]))
    np.testing.assert_allclose(out, [31.80, 37.13, 108.10], atol=0.01)


def test_banister_trimp_below_rest_is_zero() -> None:
    assert banister_trimp(30, 35, 40, 200, True) == 0.0


def test_trimp_from_samples_matches_average_for_constant_hr() -> None:
    t = np.arange(0.0, 30 * 60 + 1, 1.0)  # 30 min at 1 Hz
    hr = np.full(t.shape, 130.0)
    assert banister_trimp_from_samples(t, hr, 40, 200, True) == pytest.approx(31.80, abs=0.01)


def test_trimp_from_samples_nan_and_gaps() -> None:
    t = np.arange(0.0, 30 * 60 + 1, 1.0)
    hr = np.full(t.shape, 130.0)
    hr[:600] = np.nan  # first 10 min missing
    assert banister_trimp_from_samples(t, hr, 40, 200, True) == pytest.approx(31.80 * 2 / 3,
                                                                             abs=0.01)
    # a 10-minute pause between two samples is not counted
    t2 = np.array([0.0, 60.0, 660.0, 720.0])
    hr2 = np.array([130.0, 130.0, 130.0, 130.0])
    expected = float(banister_trimp(2.0, 130, 40, 200, True))
    assert banister_trimp_from_samples(t2, hr2, 40, 200, True) == pytest.approx(expected)
    assert banister_trimp_from_samples([0.0], [130.0], 40, 200, True) == 0.0


def test_t18_edwards() -> None:
    assert edwards_trimp([10, 20, 15, 10, 5]) == 160.0
    np.testing.assert_allclose(edwards_trimp(np.array([[10, 20, 15, 10, 5], [0, 0, 0, 0, 1]])),
                               [160.0, 5.0])


def test_edwards_zone_minutes_round_trip() -> None:
    hr_max = 200.0
    # 10 min at 55 %, 20 at 65 %, 15 at 75 %, 10 at 85 %, 5 at 95 %, then 5 at 40 % (uncounted)
    blocks = [(10, 110.0), (20, 130.0), (15, 150.0), (10, 170.0), (5, 190.0), (5, 80.0)]
    hr = np.concatenate([np.full(m * 60, h) for m, h in blocks] + [np.array([80.0])])
    t = np.arange(hr.size, dtype=float)
    zones = edwards_zone_minutes(t, hr, hr_max)
    np.testing.assert_allclose(zones, [10, 20, 15, 10, 5])
    assert edwards_trimp(zones) == pytest.approx(160.0)
    # exactly at a bound belongs to the upper zone; above HRmax counts in zone 5
    z = edwards_zone_minutes([0.0, 60.0, 120.0], [120.0, 210.0, 210.0], hr_max)
    np.testing.assert_allclose(z, [0, 1, 0, 0, 1])


def test_session_rpe() -> None:
    assert session_rpe_load(5, 60) == 300.0


def test_t36_foster() -> None:
    week = foster_monotony_strain([300, 0, 400, 200, 500, 0, 350])
    assert week.weekly_load == pytest.approx(1750)
    assert week.monotony == pytest.approx(1.394, abs=0.01)
    # the document prints strain to 0.1 (2440.27 unrounded)
    assert week.strain == pytest.approx(2440.3, abs=0.05)
    assert math.isinf(foster_monotony_strain([100] * 7).monotony)
    assert math.isnan(foster_monotony_strain([0] * 7).monotony)


def test_t34_ewma_acwr() -> None:
    loads = np.array([40.0] * 28 + [60.0] * 7)
    result = acwr_ewma(loads, seed=40.0)
    assert result.acute[-1] == pytest.approx(57.33, abs=0.01)
    assert result.chronic[-1] == pytest.approx(47.87, abs=0.01)
    assert result.ratio[-1] == pytest.approx(1.198, abs=0.01)
    # seeding at the first value gives the same here
    np.testing.assert_allclose(acwr_ewma(loads).ratio, result.ratio)


def test_ewma_lambda() -> None:
    out = ewma([100.0, 0.0], 7, seed=0.0)
    np.testing.assert_allclose(out, [25.0, 18.75])


def test_t35_rolling_acwr() -> None:
    loads = np.array([40.0] * 21 + [60.0] * 7)
    out = acwr_rolling(loads)
    assert out[-1] == pytest.approx(1.333, abs=1e-3)
    assert np.isnan(out[:27]).all()
    assert acwr_rolling(np.full(40, 50.0))[-1] == pytest.approx(1.0)


def test_t37_banister_recursion() -> None:
    res = banister_fitness_fatigue([50.0], fitness0=100.0, fatigue0=60.0)
    assert res.fitness[0] == pytest.approx(147.65, abs=0.01)
    assert res.fatigue[0] == pytest.approx(102.01, abs=0.01)
    assert res.form[0] == pytest.approx(147.65 - 102.01, abs=0.02)


def test_taper() -> None:
    res = banister_fitness_fatigue(np.zeros(14), fitness0=100.0, fatigue0=100.0)
    assert res.fitness[-1] == pytest.approx(71.65, abs=0.01)
    assert res.fatigue[-1] == pytest.approx(13.53, abs=0.01)
    assert res.performance[-1] == pytest.approx(44.59, abs=0.01)


@given(st.lists(st.floats(0, 500), min_size=1, max_size=60))
def test_banister_matches_closed_form_sum(loads: list[float]) -> None:
    res = banister_fitness_fatigue(loads)
    t = len(loads) - 1
    expected_f = sum(w * math.exp(-(t - s) / 42) for s, w in enumerate(loads))
    expected_a = sum(w * math.exp(-(t - s) / 7) for s, w in enumerate(loads))
    assert res.fitness[-1] == pytest.approx(expected_f, rel=1e-9, abs=1e-9)
    assert res.fatigue[-1] == pytest.approx(expected_a, rel=1e-9, abs=1e-9)


@given(st.floats(41, 199), st.floats(41, 199))
def test_trimp_increases_with_hr(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    for male in (True, False):
        assert float(banister_trimp(30, lo, 40, 200, male)) <= float(
            banister_trimp(30, hi, 40, 200, male))
