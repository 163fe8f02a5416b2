"""Tests of runlean.tracking.trend (the shared weight-trend service)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from runlean.science.weight_trend import local_linear_trend_kalman
from runlean.tracking.trend import weight_trend

D0 = dt.date(2026, 3, 1)


def test_no_weighings_gives_none() -> None:
    assert weight_trend([]) is None


def test_matches_the_science_filter_and_dates() -> None:
    rng = np.random.default_rng(3)
    days = [0, 1, 2, 4, 5, 7, 9, 10, 12, 13]
    kg = [80.0 - 0.07 * d + float(rng.normal(0, 0.4)) for d in days]
    pairs = [(D0 + dt.timedelta(days=d), w) for d, w in zip(days, kg, strict=True)]
    wt = weight_trend(list(reversed(pairs)))  # order does not matter
    assert wt is not None
    ref = local_linear_trend_kalman(np.array(days), np.array(kg))
    np.testing.assert_allclose(wt.trend.level_kg, ref.level_kg)
    assert wt.origin == D0
    assert wt.date_of(int(wt.trend.day[-1])) == D0 + dt.timedelta(days=13)
    assert wt.level_now_kg == float(ref.level_kg[-1])
    assert wt.rate_kg_per_week == 7.0 * float(ref.slope_kg_per_day[-1])
    assert wt.rate_kg_per_week < 0.0


def test_explicit_origin_shifts_day_indices() -> None:
    pairs = [(D0 + dt.timedelta(days=d), 70.0) for d in (3, 4, 5)]
    wt = weight_trend(pairs, D0)
    assert wt is not None
    assert wt.series.day.tolist() == [3, 4, 5]
    assert wt.date_of(3) == pairs[0][0]
