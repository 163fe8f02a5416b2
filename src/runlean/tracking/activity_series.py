"""The per-sample series of a stored activity, ready to draw (thinned, speed filled in).

:func:`activity_series` reads the stored streams and returns, on a common time axis in
minutes, heart rate, speed, altitude, power and the GPS track. Speed comes from the recorded
speed channel, else from the distance between samples (the recorded distance, else the GPS
path, as :func:`runlean.io.metrics.distance_steps` measures it) over a centred 30-second
window, so GPS jitter does not show as spikes. Long recordings are thinned evenly to at most
``max_points`` samples.
"""

from __future__ import annotations

import numpy as np

from runlean.domain import Activity, FloatArray
from runlean.errors import NotFoundError
from runlean.store.activities import get_activity, load_streams
from runlean.store.db import Store

#: Window of the speed computed from distance [s].
SPEED_WINDOW_S = 30.0


def speed_from_distance(time_s: FloatArray, steps_m: FloatArray, same_segment: np.ndarray,
                        window_s: float = SPEED_WINDOW_S) -> FloatArray:
    """Speed [m/s] at each sample: distance over the centred ``window_s`` around it.

    ``steps_m`` has one value per step (n − 1); steps across a segment break count as 0 m and
    their time is left out. NaN where the window holds no elapsed time.
    """
    n = time_s.size
    if n < 2:
        return np.full(n, np.nan)
    dt_steps = np.where(same_segment, np.diff(time_s), 0.0)
    cum_d = np.concatenate([[0.0], np.cumsum(steps_m)])
    cum_t = np.concatenate([[0.0], np.cumsum(np.maximum(dt_steps, 0.0))])
    lo = np.searchsorted(time_s, time_s - window_s / 2, side="left")
    hi = np.searchsorted(time_s, time_s + window_s / 2, side="right") - 1
    hi = np.clip(hi, 0, n - 1)
    lo = np.clip(lo, 0, n - 1)
    span_t = cum_t[hi] - cum_t[lo]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(span_t > 0, (cum_d[hi] - cum_d[lo]) / span_t, np.nan)


def activity_series(store: Store, activity_id: int, max_points: int = 1500
                    ) -> dict[str, FloatArray]:
    """Drawable series of one activity: ``minutes`` plus any of ``hr_bpm``,
    ``speed_m_per_s``, ``altitude_m``, ``power_w``, ``lat_deg``, ``lon_deg`` (NaN = no value).

    Empty when the activity has no stored samples. Raises :class:`NotFoundError` for an
    unknown id.
    """
    from runlean.io.metrics import distance_steps

    row = get_activity(store, activity_id)
    try:
        streams = load_streams(store, activity_id)
    except NotFoundError:
        return {}
    t = streams.get("time_s")
    if t is None or t.size == 0:
        return {}
    speed = streams.get("speed_m_per_s")
    if speed is None or not np.isfinite(speed).any():
        act = Activity(sport=row["sport"], source_format=row["source_format"],
                       start_utc=row["start_utc"], streams=streams)
        steps, same, have = distance_steps(act)
        speed = speed_from_distance(t, steps, same) if have else None
    step = max(1, -(-t.size // max_points))
    out: dict[str, FloatArray] = {"minutes": t[::step] / 60.0}
    channels = {"hr_bpm": streams.get("hr_bpm"), "speed_m_per_s": speed,
                "altitude_m": streams.get("altitude_m"), "power_w": streams.get("power_w"),
                "lat_deg": streams.get("lat_deg"), "lon_deg": streams.get("lon_deg")}
    for name, arr in channels.items():
        if arr is not None and np.isfinite(arr).any():
            out[name] = np.asarray(arr, dtype=float)[::step]
    return out
