"""Per-activity numbers computed from the streams (one definition for every format).

Definitions (the same for FIT, GPX and TCX):

- elapsed time: last sample time − first sample time (wall clock, pauses included);
- distance: the largest cumulative distance field, else the 2-D haversine length of the GPS
  fixes summed within segments (never across a GPX ``trkseg`` / TCX ``Track``);
- moving time: per segment a cumulative distance is built from the steps of the distance
  field when both neighbouring samples carry one, else the haversine step between GPS fixes.
  From each distance increase to the next, the span counts as moving when its mean speed is
  above :data:`MOVING_SPEED_M_PER_S` (1 km/h). This tolerates distance values that refresh
  only every few seconds. None when there is neither distance nor GPS;
- elevation gain/loss: :func:`gpxpy.geo.calculate_uphill_downhill` (3-point smoothing);
- heart rate, power, cadence: plain mean/max of the samples that carry a value (samples that
  share a timestamp were merged by the sanitiser; HR 0 is missing);
- time in HR zones: each sample holds its HR until the next sample, up to
  :data:`MAX_HOLD_S` (longer gaps are pauses and count in no zone).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from gpxpy.geo import EARTH_RADIUS, calculate_uphill_downhill

from runlean.domain import Activity, FloatArray

#: Mean-speed threshold above which a span counts as moving [m/s] (1 km/h).
MOVING_SPEED_M_PER_S = 1.0 / 3.6
#: Longest gap a heart-rate sample is held for when timing zones [s].
MAX_HOLD_S = 30.0


@dataclass(frozen=True)
class ActivitySummary:
    """Stream-derived values of one activity. None means "cannot be computed from the file"."""

    n_samples: int
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    distance_source: str | None
    avg_speed_m_per_s: float | None
    avg_pace_s_per_km: float | None
    ascent_m: float | None
    descent_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    avg_power_w: float | None
    max_power_w: float | None
    avg_cadence_spm: float | None
    max_cadence_spm: float | None
    hr_zone_s: tuple[float, ...] = field(default_factory=tuple)
    has_gps: bool = False


def haversine_m(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray,
                lon2: FloatArray) -> FloatArray:
    """Great-circle distance [m] between arrays of points [deg] (gpxpy's Earth radius)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    out: FloatArray = 2.0 * EARTH_RADIUS * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def _stat(arr: FloatArray | None) -> tuple[float | None, float | None]:
    if arr is None:
        return None, None
    vals = arr[np.isfinite(arr)]
    if not len(vals):
        return None, None
    return float(vals.mean()), float(vals.max())


def distance_steps(activity: Activity) -> tuple[FloatArray, npt.NDArray[np.bool_], bool]:
    """Per-step distance [m] (length n−1), a mask of steps inside one segment, and whether
    any step had a distance source."""
    s = activity.streams
    n = activity.n_samples
    steps = np.zeros(max(n - 1, 0))
    seg = s.get("segment")
    same: npt.NDArray[np.bool_] = (np.ones(max(n - 1, 0), dtype=bool) if seg is None
                                   else np.diff(seg) == 0)
    have = False
    d = s.get("distance_m")
    field_ok = np.zeros(max(n - 1, 0), dtype=bool)
    if d is not None and n > 1:
        field_ok = np.isfinite(d[1:]) & np.isfinite(d[:-1])
        steps = np.where(field_ok, np.maximum(np.diff(np.nan_to_num(d)), 0.0), 0.0)
        have = bool(field_ok.any())
    lat, lon = s.get("lat_deg"), s.get("lon_deg")
    if lat is not None and lon is not None and n > 1:
        gps_ok = (np.isfinite(lat[1:]) & np.isfinite(lon[1:]) & np.isfinite(lat[:-1])
                  & np.isfinite(lon[:-1]) & ~field_ok)
        if bool(gps_ok.any()):
            hv = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
            steps = np.where(gps_ok, np.nan_to_num(hv), steps)
            have = True
    steps = np.where(same, steps, 0.0)
    return steps, same, have


def moving_time_s(activity: Activity) -> float | None:
    """Moving time [s] (definition in the module notes)."""
    t = activity.streams["time_s"]
    steps, same, have = distance_steps(activity)
    if not have:
        return None
    total = 0.0
    seg_id = np.concatenate([[0], np.cumsum(~same)]) if len(t) else np.zeros(0)
    for sid in np.unique(seg_id):
        idx = np.flatnonzero(seg_id == sid)
        if len(idx) < 2:
            continue
        st = steps[idx[:-1]]
        cum = np.concatenate([[0.0], np.cumsum(st)])
        anchors = np.concatenate([[0], np.flatnonzero(st > 0) + 1])
        if len(anchors) < 2:
            continue
        dd = np.diff(cum[anchors])
        dt = np.diff(t[idx][anchors])
        with np.errstate(divide="ignore", invalid="ignore"):
            moving = (dt > 0) & (dd / np.where(dt > 0, dt, 1.0) > MOVING_SPEED_M_PER_S)
        total += float(dt[moving].sum())
    return total


def summarise(activity: Activity, *,
              hr_zone_bounds_bpm: Sequence[float] | None = None) -> ActivitySummary:
    """Compute the :class:`ActivitySummary` of a (sanitised) activity.

    Parameters
    ----------
    activity
        The activity (run :func:`runlean.io.sanitise.sanitise` first; readers via
        :func:`runlean.io.read_activity_file` already did).
    hr_zone_bounds_bpm
        Increasing zone edges [bpm], k+1 values for k zones. HR at or above the last edge
        counts in the top zone; below the first edge in none.
    """
    s = activity.streams
    t = s["time_s"]
    n = activity.n_samples
    elapsed = float(t[-1] - t[0]) if n else 0.0
    d = s.get("distance_m")
    distance: float | None = None
    source: str | None = None
    if d is not None and bool(np.isfinite(d).any()):
        distance = float(np.nanmax(d))
        source = "distance field"
    else:
        steps, _, have = distance_steps(activity)
        if have:
            distance = float(steps.sum())
            source = "gps"
    moving = moving_time_s(activity)
    speed = (distance / moving if distance is not None and moving else None)
    pace = 1000.0 / speed if speed else None
    ascent = descent = None
    alt = s.get("altitude_m")
    if alt is not None and bool(np.isfinite(alt).any()):
        up, down = calculate_uphill_downhill([float(a) for a in alt[np.isfinite(alt)]])
        ascent, descent = float(up), float(down)
    hr = s.get("hr_bpm")
    avg_hr, max_hr = _stat(hr)
    avg_p, max_p = _stat(s.get("power_w"))
    avg_c, max_c = _stat(s.get("cadence_spm"))
    zones: tuple[float, ...] = ()
    if hr_zone_bounds_bpm is not None:
        zones = time_in_zones(t, hr, hr_zone_bounds_bpm)
    lat = s.get("lat_deg")
    return ActivitySummary(
        n_samples=n, elapsed_s=elapsed, moving_s=moving, distance_m=distance,
        distance_source=source, avg_speed_m_per_s=speed, avg_pace_s_per_km=pace,
        ascent_m=ascent, descent_m=descent, avg_hr_bpm=avg_hr, max_hr_bpm=max_hr,
        avg_power_w=avg_p, max_power_w=max_p, avg_cadence_spm=avg_c, max_cadence_spm=max_c,
        hr_zone_s=zones, has_gps=lat is not None and bool(np.isfinite(lat).any()),
    )


def time_in_zones(time_s: FloatArray, hr_bpm: FloatArray | None,
                  bounds_bpm: Sequence[float]) -> tuple[float, ...]:
    """Seconds spent in each HR zone (see :func:`summarise` for the zone rule)."""
    edges = np.asarray(bounds_bpm, dtype=np.float64)
    if len(edges) < 2 or not bool(np.all(np.diff(edges) > 0)):
        raise ValueError("hr_zone_bounds_bpm must hold at least 2 increasing values")
    k = len(edges) - 1
    out = np.zeros(k)
    if hr_bpm is None or len(time_s) < 2:
        return tuple(float(x) for x in out)
    hold = np.diff(time_s)
    hold = np.where(hold <= MAX_HOLD_S, hold, 0.0)
    h = hr_bpm[:-1]
    ok = np.isfinite(h) & (h >= edges[0])
    zone = np.clip(np.searchsorted(edges, h[ok], side="right") - 1, 0, k - 1)
    np.add.at(out, zone, hold[ok])
    return tuple(float(x) if math.isfinite(x) else 0.0 for x in out)
