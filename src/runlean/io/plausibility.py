"""Plausibility checks of a read activity: what no real recording can be is not stored as fact.

A bit flipped in a FIT timestamp makes a 20-year activity; a damaged total makes 13 million
kcal. Stored, such a value dominates every training-load and energy figure from then on. The
checks run on every activity :func:`runlean.io.read_activity_file` returns, after the
sanitiser (:mod:`runlean.io.sanitise`), and either *refuse* the file or *repair* a value:

Refused (:class:`~runlean.errors.ActivityFileError` naming the session and the reason; the
import records the file as failed, so ``runlean import --failed`` lists it):

- a start before :data:`EARLIEST_START` (1990: before consumer GPS and the FIT epoch) or
  more than :data:`MAX_FUTURE_S` after now;
- samples spanning more than :data:`MAX_DURATION_S` (48 h; the longest single-stage races
  take under 48 h, and multi-day events are recorded as one file per stage);
- a mean speed over the recording above :data:`MAX_AVG_SPEED_M_PER_S` (30 m/s, 108 km/h;
  faster than any human-powered sport: the cycling hour record is 56.8 km/h, 2022).

Repaired with a warning (the value becomes "not reported"):

- device totals (energy, distance, times, ascent, heart rate) that are not finite, negative
  or outside :data:`DEVICE_TOTAL_RANGES`; the same for lap values;
- lap start times more than :data:`MAX_DURATION_S` away from the activity's start.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from runlean.domain import Activity
from runlean.errors import ActivityFileError

#: Earliest accepted start of an activity (UTC).
EARLIEST_START = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
#: How far in the future an activity may start [s] (one day: clocks and zones are wrong).
MAX_FUTURE_S = 86_400.0
#: Longest accepted span of an activity's samples [s] (48 h).
MAX_DURATION_S = 48 * 3600.0
#: Highest accepted mean speed over the whole recording [m/s] (108 km/h).
MAX_AVG_SPEED_M_PER_S = 30.0
#: Shortest recording whose mean speed is checked [s] (below it, GPS jitter dominates).
MIN_SPEED_CHECK_S = 60.0

#: Accepted range of each device total (inclusive); ``None`` outside it.
DEVICE_TOTAL_RANGES: dict[str, tuple[float, float, str]] = {
    "device_energy_kcal": (0.0, 30_000.0, "kcal"),
    "device_distance_m": (0.0, MAX_DURATION_S * MAX_AVG_SPEED_M_PER_S, "m"),
    "device_timer_s": (0.0, MAX_DURATION_S, "s"),
    "device_elapsed_s": (0.0, MAX_DURATION_S, "s"),
    "device_ascent_m": (0.0, 50_000.0, "m"),
    "device_avg_hr_bpm": (30.0, 240.0, "bpm"),
    "device_max_hr_bpm": (30.0, 240.0, "bpm"),
}

#: Accepted range of each lap value (same bounds as the device totals).
LAP_RANGES: dict[str, tuple[float, float]] = {
    "elapsed_s": (0.0, MAX_DURATION_S),
    "timer_s": (0.0, MAX_DURATION_S),
    "distance_m": (0.0, MAX_DURATION_S * MAX_AVG_SPEED_M_PER_S),
    "avg_hr_bpm": (30.0, 240.0),
    "max_hr_bpm": (30.0, 240.0),
    "energy_kcal": (0.0, 30_000.0),
}


def _in_range(value: float | None, low: float, high: float) -> bool:
    return value is None or (math.isfinite(value) and low <= value <= high)


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:,.0f} h" if seconds >= 7200 else f"{seconds / 60:,.0f} min"


def recorded_distance_m(activity: Activity) -> float | None:
    """Distance of the recording [m]: the largest distance sample, else the GPS path."""
    from runlean.io.metrics import distance_steps

    d = activity.streams.get("distance_m")
    if d is not None and bool(np.isfinite(d).any()):
        return float(np.nanmax(d))
    steps, _, have = distance_steps(activity)
    return float(steps.sum()) if have else None


def repair_totals(activity: Activity) -> None:
    """Set implausible device totals and lap values to None, with one warning each."""
    for attr, (low, high, unit) in DEVICE_TOTAL_RANGES.items():
        value = getattr(activity, attr)
        if not _in_range(value, low, high):
            setattr(activity, attr, None)
            name = attr.removeprefix("device_")
            activity.warnings.append(
                f"device {name} {value:.6g} is implausible (accepted {low:g} to {high:g} "
                f"{unit}); ignored")
    bad_laps = 0
    start = activity.start_utc
    for lap in activity.laps:
        changed = False
        for attr, (low, high) in LAP_RANGES.items():
            if not _in_range(getattr(lap, attr), low, high):
                setattr(lap, attr, None)
                changed = True
        if lap.start_utc is not None and (
                start is None or abs((lap.start_utc - start).total_seconds()) > MAX_DURATION_S):
            lap.start_utc = None
            changed = True
        bad_laps += changed
    if bad_laps:
        activity.warnings.append(f"{bad_laps} lap(s) with implausible values (times, "
                                 "distance, heart rate, energy or start); those values ignored")


def refusal_reason(activity: Activity, now: dt.datetime) -> str | None:
    """Why the activity cannot be a real recording, or None when it can."""
    start = activity.start_utc
    if start is not None:
        if start < EARLIEST_START:
            return (f"start {start:%Y-%m-%d} is before {EARLIEST_START:%Y}: a damaged or unset "
                    "clock")
        if (start - now).total_seconds() > MAX_FUTURE_S:
            return f"start {start:%Y-%m-%d} is in the future: a damaged or wrong clock"
    t = activity.streams["time_s"]
    span = float(t[-1] - t[0]) if len(t) > 1 else 0.0
    if span > MAX_DURATION_S:
        return (f"samples span {_hours(span)}, more than the {_hours(MAX_DURATION_S)} an "
                "activity may last: damaged timestamps")
    if start is not None and len(t):
        end = start + dt.timedelta(seconds=float(t[-1]))
        if (end - now).total_seconds() > MAX_FUTURE_S:
            return f"end {end:%Y-%m-%d} is in the future: damaged timestamps"
    if span >= MIN_SPEED_CHECK_S:
        distance = recorded_distance_m(activity)
        if distance is not None and distance / span > MAX_AVG_SPEED_M_PER_S:
            return (f"{distance / 1000:,.1f} km in {_hours(span)} is a mean speed of "
                    f"{distance / span * 3.6:,.0f} km/h, above the "
                    f"{MAX_AVG_SPEED_M_PER_S * 3.6:.0f} km/h no human-powered activity "
                    "reaches: damaged distance or positions")
    return None


def check_plausible(path: str, activities: list[Activity],
                    now: dt.datetime | None = None) -> list[Activity]:
    """Repair what can be repaired, refuse the file if any activity is impossible.

    Raises
    ------
    ActivityFileError
        An activity of the file is impossible (see the module notes); nothing of the file
        should be stored.
    """
    now = now or dt.datetime.now(dt.UTC)
    for act in activities:
        repair_totals(act)
        reason = refusal_reason(act, now)
        if reason is not None:
            which = (f"session {act.session_index + 1} of {act.session_count}: "
                     if act.session_count > 1 else "")
            raise ActivityFileError(path, f"not imported: {which}{reason}")
    return activities


__all__ = ["DEVICE_TOTAL_RANGES", "EARLIEST_START", "LAP_RANGES", "MAX_AVG_SPEED_M_PER_S",
           "MAX_DURATION_S", "MAX_FUTURE_S", "check_plausible", "refusal_reason",
           "repair_totals"]
