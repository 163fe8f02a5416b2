"""Weight trend of logged weighings: the one place the project runs the trend filter.

The filter is :func:`runlean.science.weight_trend.local_linear_trend_kalman` with the
project's settings (its module constants: 0.7 kg scale noise, 3.5 SD outlier rejection).
Status, expenditure and the progress report all call :func:`weight_trend`, so they show the
same trend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from runlean.science.weight_trend import TrendResult, local_linear_trend_kalman


@dataclass(frozen=True)
class DatedSeries:
    """Dated values as day indices from an origin date (what the science functions take)."""

    origin: dt.date
    day: np.ndarray
    value: np.ndarray

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[dt.date, float]], origin: dt.date
                   ) -> DatedSeries:
        ordered = sorted(pairs)
        day = np.array([(d - origin).days for d, _ in ordered], dtype=np.int64)
        val = np.array([v for _, v in ordered], dtype=np.float64)
        return cls(origin, day, val)


@dataclass(frozen=True)
class WeightTrend:
    """Trend of dated weighings.

    Attributes
    ----------
    series
        The weighings as day indices from ``series.origin``.
    trend
        The filter's daily output; its ``day`` indices count from ``series.origin``.
    """

    series: DatedSeries
    trend: TrendResult

    @property
    def origin(self) -> dt.date:
        return self.series.origin

    def date_of(self, day: int) -> dt.date:
        """Calendar date of a day index of the trend."""
        return self.series.origin + dt.timedelta(days=int(day))

    @property
    def level_now_kg(self) -> float:
        """Trend weight on the last weighing's day [kg]."""
        return float(self.trend.level_kg[-1])

    @property
    def rate_kg_per_week(self) -> float:
        """Rate of change of the trend on the last weighing's day [kg/week]."""
        return 7.0 * float(self.trend.slope_kg_per_day[-1])


def weight_trend(weights: Sequence[tuple[dt.date, float]],
                 origin: dt.date | None = None) -> WeightTrend | None:
    """Robust Kalman trend of ``(date, kg)`` weighings (one per day), or None without any.

    Parameters
    ----------
    weights
        ``(date, weight [kg])`` pairs, any order, at most one per date.
    origin
        Date of day index 0 (default: the earliest weighing).
    """
    if not weights:
        return None
    start = origin if origin is not None else min(d for d, _ in weights)
    ws = DatedSeries.from_pairs(weights, start)
    return WeightTrend(ws, local_linear_trend_kalman(ws.day, ws.value))
