"""GPX reader on small synthetic documents (the real files are in test_corpus.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file
from runlean.io.gpx import read_gpx

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="unit test" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">"""


def _pt(lat: float, time: str | None, hr: int | None = None, power: int | None = None) -> str:
    ext = ""
    if hr is not None or power is not None:
        inner = (f"<gpxtpx:TrackPointExtension><gpxtpx:hr>{hr}</gpxtpx:hr>"
                 f"<gpxtpx:cad>80</gpxtpx:cad><gpxtpx:atemp>21</gpxtpx:atemp>"
                 f"</gpxtpx:TrackPointExtension>" if hr is not None else "")
        pw = f"<power>{power}</power>" if power is not None else ""
        ext = f"<extensions>{pw}{inner}</extensions>"
    t = f"<time>{time}</time>" if time else ""
    return f'<trkpt lat="{lat}" lon="2.35"><ele>35</ele>{t}{ext}</trkpt>'


def test_offset_times_become_utc() -> None:
    pts = "".join(_pt(48.85 + i * 1e-4, f"2021-07-01T08:00:{i:02d}+02:00", hr=120, power=250)
                  for i in range(5))
    doc = f"{HEAD}<trk><type>9</type><trkseg>{pts}</trkseg></trk></gpx>".encode()
    (act,) = read_activity_file(Path("x.gpx"), data=doc, default_timezone="UTC")
    assert act.start_utc == dt.datetime(2021, 7, 1, 6, 0, tzinfo=dt.UTC)
    assert act.sport == "running" and act.sport_raw == "9"
    assert np.allclose(act.streams["hr_bpm"], 120)
    assert np.allclose(act.streams["power_w"], 250)
    assert np.allclose(act.streams["cadence_spm"], 80)
    assert np.allclose(act.streams["temperature_c"], 21)
    assert act.timezone == "Europe/Paris" and act.utc_offset_s == 7200


def test_segments_are_kept_and_not_bridged() -> None:
    seg1 = "".join(_pt(48.0 + i * 1e-4, f"2021-07-01T08:00:{i:02d}Z") for i in range(3))
    seg2 = "".join(_pt(49.0 + i * 1e-4, f"2021-07-01T08:01:{i:02d}Z") for i in range(3))
    doc = (f"{HEAD}<trk><type>Ride</type><trkseg>{seg1}</trkseg></trk>"
           f"<trk><trkseg>{seg2}</trkseg></trk></gpx>").encode()
    (act,) = read_gpx(Path("x.gpx"), data=doc)
    assert act.sport == "cycling"
    assert np.array_equal(act.streams["segment"], [0, 0, 0, 1, 1, 1])
    from runlean.io.metrics import summarise

    s = summarise(act)
    # 4 steps of 1e-4 deg latitude (~11.1 m each); the 111 km jump is not counted
    assert s.distance_m == pytest.approx(4 * 11.13, rel=0.01)


def test_points_without_time() -> None:
    pts = _pt(48.0, None) + _pt(48.001, "2021-07-01T08:00:00Z") + _pt(48.002,
                                                                     "2021-07-01T08:00:05Z")
    doc = f"{HEAD}<trk><trkseg>{pts}</trkseg></trk></gpx>".encode()
    (act,) = read_gpx(Path("x.gpx"), data=doc)
    assert act.n_samples == 2 and act.sport == "generic"
    assert any("without a time" in w for w in act.warnings)
    none = f"{HEAD}<trk><trkseg>{_pt(48.0, None)}</trkseg></trk></gpx>".encode()
    with pytest.raises(ActivityFileError, match="has a time"):
        read_gpx(Path("x.gpx"), data=none)


def test_route_only_gpx_is_not_an_activity() -> None:
    doc = f'{HEAD}<rte><rtept lat="1" lon="2"/></rte></gpx>'.encode()
    with pytest.raises(ActivityFileError, match="route or waypoints only"):
        read_activity_file(Path("route.gpx"), data=doc)


def test_broken_gpx_is_recovered_or_rejected_cleanly() -> None:
    pts = "".join(_pt(48.0 + i * 1e-4, f"2021-07-01T08:00:{i:02d}Z") for i in range(3))
    doc = f"{HEAD}<trk><trkseg>{pts}<bad:tag/></trkseg></trk></gpx>".encode()
    (act,) = read_activity_file(Path("x.gpx"), data=doc)
    assert act.n_samples == 3
    with pytest.raises(ActivityFileError):
        read_activity_file(Path("x.gpx"), data=HEAD.encode()[:60] + b"<gpx")


def test_gpx_10_without_type_is_generic_with_a_warning(activities_dir: Path) -> None:
    from runlean.io import SPORT_UNKNOWN_WARNING

    for act in read_activity_file(activities_dir / "gpx/gpsbabel_8_tracks_no_elevation.gpx"):
        assert act.sport == "generic"  # not guessed from speed
        assert SPORT_UNKNOWN_WARNING in act.warnings
        assert "runlean activity ID --sport" in SPORT_UNKNOWN_WARNING
    run = read_activity_file(activities_dir / "gpx/garmin_connect_ride_tiny.gpx")[0]
    assert run.sport == "cycling" and SPORT_UNKNOWN_WARNING not in run.warnings
