"""Stream metrics on hand-made activities with values computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.domain import Activity
from runlean.io.metrics import haversine_m, moving_time_s, summarise, time_in_zones


def _act(**streams: list[float]) -> Activity:
    return Activity(sport="running", source_format="fit", start_utc=None,
                    streams={k: np.asarray(v, dtype=float) for k, v in streams.items()})


def test_moving_time_with_stale_distance_and_a_stop() -> None:
    # distance refreshes every 2 s while moving (3 m/s), then a 60 s stop, then 10 m in 4 s
    t = [0, 1, 2, 3, 4, 64, 66, 68]
    d = [0, 0, 6, 6, 12, 12, 17, 22]
    a = _act(time_s=t, distance_m=d)
    # spans: 0->2 (6 m / 2 s moving), 2->4 (moving), 4->66 (5 m / 62 s = 0.08 m/s: stopped),
    # 66->68 (moving) -> 2 + 2 + 2 = 6 s
    assert moving_time_s(a) == 6.0
    s = summarise(a)
    assert s.distance_m == 22 and s.elapsed_s == 68
    assert s.avg_speed_m_per_s == pytest.approx(22 / 6)
    assert s.avg_pace_s_per_km == pytest.approx(1000 / (22 / 6))


def test_no_distance_no_gps_gives_none() -> None:
    s = summarise(_act(time_s=[0, 1, 2], hr_bpm=[100, 110, 120]))
    assert s.moving_s is None and s.distance_m is None and s.avg_speed_m_per_s is None
    assert s.avg_hr_bpm == 110 and s.max_hr_bpm == 120


def test_haversine_one_degree_of_latitude() -> None:
    d = haversine_m(np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([0.0]))
    # 2*pi*6378137/360 = 111319.49 m with gpxpy's radius
    assert d[0] == pytest.approx(111319.49, abs=0.05)


def test_gps_distance_within_segments_only() -> None:
    a = _act(time_s=[0, 10, 20, 30], lat_deg=[0, 0.001, 1.0, 1.001],
             lon_deg=[0, 0, 0, 0], segment=[0, 0, 1, 1])
    s = summarise(a)
    assert s.distance_source == "gps"
    assert s.distance_m == pytest.approx(2 * 111.31949, rel=1e-4)
    assert s.moving_s == 20.0


def test_time_in_zones() -> None:
    t = np.array([0, 10, 20, 30, 100, 110], dtype=float)
    hr = np.array([90, 130, 150, 200, 140, 120], dtype=float)
    # zones [100,140) [140,160) [160,..): 90 counts nowhere; 200 held 70 s > 30 s -> pause
    z = time_in_zones(t, hr, [100, 140, 160, 180])
    assert z == (10.0, 20.0, 0.0)
    s = summarise(_act(time_s=list(t), hr_bpm=list(hr)), hr_zone_bounds_bpm=[100, 140, 160, 180])
    assert s.hr_zone_s == z
    with pytest.raises(ValueError):
        time_in_zones(t, hr, [150, 140])


def test_ascent_uses_gpxpy_smoothing() -> None:
    from gpxpy.geo import calculate_uphill_downhill

    alt = [100, 101, 103, 102, 108, 107, 110]
    s = summarise(_act(time_s=list(range(7)), altitude_m=alt))
    up, down = calculate_uphill_downhill(alt)
    assert (s.ascent_m, s.descent_m) == (up, down)
    assert 0 < up <= 10
