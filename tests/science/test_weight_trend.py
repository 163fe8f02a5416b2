"""Trend weight: Kalman local linear trend, robustness, missing days, EWMA."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.science.weight_trend import (
    hackers_diet_ewma,
    local_linear_trend_kalman,
    weighted_linear_slope,
)


def _noisy_line(seed: int, n: int = 60, slope: float = -0.08, sd: float = 0.7
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    day = np.arange(n)
    truth = 80.0 + slope * day
    return day, truth + rng.normal(0, sd, n), truth


def test_slope_recovers_known_linear_trend() -> None:
    errors = []
    for seed in range(20):
        day, w, _ = _noisy_line(seed)
        res = local_linear_trend_kalman(day, w)
        errors.append(res.slope_kg_per_day[-1] + 0.08)
    errors_arr = np.array(errors)
    # 60 days of noise SD 0.7: the filtered slope is within 0.03 kg/day (0.2 kg/wk) each time,
    # and unbiased on average.
    assert np.all(np.abs(errors_arr) < 0.03)
    assert abs(errors_arr.mean()) < 0.01


def test_trend_is_closer_to_truth_than_raw_readings() -> None:
    day, w, truth = _noisy_line(1)
    res = local_linear_trend_kalman(day, w)
    tail = slice(20, None)
    rmse_trend = np.sqrt(np.mean((res.level_kg[tail] - truth[tail]) ** 2))
    rmse_raw = np.sqrt(np.mean((w[tail] - truth[tail]) ** 2))
    assert rmse_trend < 0.5 * rmse_raw


def test_reported_sd_is_calibrated() -> None:
    z = []
    for seed in range(40):
        day, w, truth = _noisy_line(100 + seed)
        res = local_linear_trend_kalman(day, w)
        z.append((res.level_kg[-1] - truth[-1]) / res.level_sd_kg[-1])
    # Standardised errors have SD near 1 (the model is slightly wider than the true straight line).
    assert 0.5 < float(np.std(z)) < 1.3


def test_single_outlier_does_not_move_the_trend() -> None:
    day, w, _ = _noisy_line(3)
    keep = day != 40
    clean = local_linear_trend_kalman(day[keep], w[keep])  # as if day 40 were not weighed
    bad = w.copy()
    bad[40] += 4.0
    res = local_linear_trend_kalman(day, bad)
    assert res.outlier[40]
    assert res.outlier.sum() == clean.outlier.sum() + 1
    np.testing.assert_allclose(res.level_kg, clean.level_kg, atol=1e-12)
    np.testing.assert_allclose(res.slope_kg_per_day, clean.slope_kg_per_day, atol=1e-12)


def test_persistent_shift_is_accepted_after_a_few_days() -> None:
    day = np.arange(40)
    w = np.where(day < 20, 80.0, 77.0)
    res = local_linear_trend_kalman(day, w)
    assert res.outlier[20] and res.outlier[21]
    assert abs(res.level_kg[-1] - 77.0) < 0.3
    assert abs(res.slope_kg_per_day[-1]) < 0.02


def test_missing_days_predict_only_and_widen_uncertainty() -> None:
    day, w, truth = _noisy_line(5, n=60)
    keep = np.ones(60, dtype=bool)
    keep[25:40] = False  # two weeks without weighing
    keep[::3] &= True
    res = local_linear_trend_kalman(day[keep], w[keep])
    assert res.day.size == 60
    assert not res.observed[30]
    # In a gap the level moves along the slope only; SD grows day by day.
    gap = slice(25, 40)
    assert np.all(np.diff(res.level_sd_kg[gap]) > 0)
    np.testing.assert_allclose(np.diff(res.slope_kg_per_day[gap]), 0.0, atol=1e-12)
    assert abs(res.slope_kg_per_day[-1] + 0.08) < 0.04
    assert abs(res.level_kg[-1] - truth[-1]) < 1.0


def test_bad_series_is_rejected() -> None:
    with pytest.raises(ValueError):
        local_linear_trend_kalman([1, 1], [80.0, 80.0])
    with pytest.raises(ValueError):
        local_linear_trend_kalman([], [])
    with pytest.raises(ValueError):
        local_linear_trend_kalman([0, 1], [80.0, float("nan")])


def test_ewma_matches_hand_computation_and_holds_on_gaps() -> None:
    days, trend = hackers_diet_ewma([0, 1, 3], [80.0, 81.0, 79.0])
    assert days.tolist() == [0, 1, 2, 3]
    t1 = 80.0 + 0.1 * (81.0 - 80.0)
    t3 = t1 + 0.1 * (79.0 - t1)
    np.testing.assert_allclose(trend, [80.0, t1, t1, t3])


def test_ewma_lags_a_slope_more_than_the_kalman_trend() -> None:
    day = np.arange(60)
    w = 80.0 - 0.1 * day
    _, ewma = hackers_diet_ewma(day, w)
    kal = local_linear_trend_kalman(day, w).level_kg
    # Steady-state EWMA lag is (1−α)/α = 9 days → 0.9 kg above the line.
    assert ewma[-1] - w[-1] == pytest.approx(0.9, abs=0.05)
    assert abs(kal[-1] - w[-1]) < 0.2


def test_weighted_linear_slope_matches_numpy_polyfit() -> None:
    day, w, _ = _noisy_line(7, n=28)
    b, sd, _ = weighted_linear_slope(day, w)
    assert b == pytest.approx(np.polyfit(day, w, 1)[0], rel=1e-12)
    # SD close to the textbook 0.7/sqrt(Σ(t−t̄)²) = 0.0164 kg/day for 28 days.
    assert sd == pytest.approx(0.7 / np.sqrt(np.sum((day - day.mean()) ** 2)), rel=0.35)
