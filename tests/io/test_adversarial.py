"""Adversarial inputs the importer has not seen: every one gives activities (with a warning
where something was recovered) or an ActivityFileError with a reason, never a traceback."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from runlean.domain import Activity
from runlean.errors import ActivityFileError
from runlean.io import read_activity_file
from runlean.io.archives import iter_activity_sources

from . import fitwriter as fw

T0 = fw.fit_time(dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC))


def _read(name: str, data: bytes) -> list[Activity]:
    return read_activity_file(Path(name), data=data)


# ---------------------------------------------------------------- FIT


def test_fit_hr_messages_not_overlapping_records_become_samples() -> None:
    recs = [fw.record(T0 + i, distance_cm=250 * i) for i in range(10)]
    hr = fw.hr_message(T0 + 100, 0.0, [130, 131, 132, 133])
    data = fw.fit_file([fw.file_id(4), *recs, hr, fw.session(T0, T0 + 110, 1, 0)])
    (act,) = _read("hr.fit", data)
    assert act.n_samples == 14
    assert np.allclose(act.streams["hr_bpm"][-4:], [130, 131, 132, 133])
    assert np.all(np.isnan(act.streams["hr_bpm"][:10]))
    assert np.allclose(act.streams["time_s"][-4:], [100, 101, 102, 103])
    assert any("'hr' messages" in w for w in act.warnings)


def test_fit_hr_message_event_times_are_anchored_to_its_timestamp() -> None:
    # Records have no HR; an hr message anchors event time 5000 s (device time) at T0+3.
    recs = [fw.record(T0 + i, distance_cm=250 * i) for i in range(10)]
    hr = fw.hr_message(T0 + 3, 5000.0, [140, 141, 142, 143])
    data = fw.fit_file([fw.file_id(4), *recs, hr, fw.session(T0, T0 + 9, 1, 0)])
    (act,) = _read("hr.fit", data)
    assert act.n_samples == 10
    assert np.allclose(act.streams["hr_bpm"][3:7], [140, 141, 142, 143])


def test_fit_manual_activity_with_only_a_session() -> None:
    data = fw.fit_file([fw.file_id(4), fw.lap(T0, T0 + 1800, 500000, 400),
                        fw.session_totals(T0, T0 + 1800, 1, 500000, 400)])
    (act,) = _read("manual.fit", data)
    assert act.n_samples == 0 and act.sport == "running"
    assert act.start_utc == dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC)
    assert act.device_distance_m == pytest.approx(5000.0)
    assert act.device_energy_kcal == pytest.approx(400.0)
    assert act.device_elapsed_s == pytest.approx(1800.0)


def test_fit_record_without_timestamp_is_skipped_with_warning() -> None:
    recs = [fw.record(T0 + i, hr=120) for i in range(5)]
    data = fw.fit_file([fw.file_id(4), recs[0], fw.record_no_time(150), *recs[1:],
                        fw.session(T0, T0 + 4, 1, 0)])
    (act,) = _read("notime.fit", data)
    assert act.n_samples == 5 and np.allclose(act.streams["hr_bpm"], 120)
    assert any("without a timestamp" in w for w in act.warnings)


def test_fit_records_out_of_order_and_duplicated() -> None:
    order = [0, 1, 3, 2, 4, 4, 5]
    recs = [fw.record(T0 + i, hr=100 + i, distance_cm=100 * i) for i in order]
    data = fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + 5, 1, 0)])
    (act,) = _read("order.fit", data)
    assert np.array_equal(act.streams["time_s"], np.arange(6.0))
    assert np.allclose(act.streams["hr_bpm"], 100 + np.arange(6))
    assert any("sorted" in w for w in act.warnings)
    assert any("sharing a timestamp" in s for s in act.sanitised)


def test_fit_unknown_sport_number() -> None:
    recs = [fw.record(T0 + i, hr=120) for i in range(5)]
    data = fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + 4, 200, 250)])
    (act,) = _read("odd.fit", data)
    assert act.sport == "generic" and act.sport_raw == "200"
    assert act.sub_sport == "unknown_250"
    assert any("sport 200" in w for w in act.warnings)


@pytest.mark.parametrize("file_type, name", [(32, "monitoring_b"), (2, "settings"),
                                              (9, "weight")])
def test_fit_non_activity_file_types(file_type: int, name: str) -> None:
    data = fw.fit_file([fw.file_id(file_type), *[fw.record(T0 + i) for i in range(3)]])
    with pytest.raises(ActivityFileError, match=f"{name}.*not an activity"):
        _read("x.fit", data)


def test_fit_long_file_reads_all_records() -> None:
    n = 20_000
    recs = b"".join(fw.record(T0 + i, hr=100 + i % 50, distance_cm=300 * i) for i in range(n))
    data = fw.fit_file([fw.file_id(4), recs, fw.session(T0, T0 + n - 1, 1, 0)])
    (act,) = _read("long.fit", data)
    assert act.n_samples == n
    assert act.streams["distance_m"][-1] == pytest.approx(3.0 * (n - 1))


# ---------------------------------------------------------------- GPX

GPX11 = ('<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1" '
         'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">')


def _gpx(points: str, head: str = GPX11, decl: str = '<?xml version="1.0" encoding="UTF-8"?>',
         body: str | None = None) -> str:
    track = f"<trk><type>running</type><trkseg>{points}</trkseg></trk>"
    inner = body if body is not None else track
    return f"{decl}\n{head}{inner}</gpx>"


def _pt(i: int, time: str, ext: str = "") -> str:
    return (f'<trkpt lat="{48.85 + i * 1e-4}" lon="2.35"><ele>35</ele><time>{time}</time>'
            f"{ext}</trkpt>")


def test_gpx_10_namespace() -> None:
    head = '<gpx version="1.0" creator="old" xmlns="http://www.topografix.com/GPX/1/0">'
    pts = "".join(_pt(i, f"2020-07-01T06:00:0{i}Z") for i in range(5))
    (act,) = _read("old.gpx", _gpx(pts, head).encode())
    # GPX 1.0 has no <trk><type>: the sport is unknown.
    assert act.n_samples == 5 and act.sport == "generic"
    assert act.start_utc == dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC)


def test_gpx_waypoints_and_routes_only_is_a_clear_failure() -> None:
    body = ('<wpt lat="48.8" lon="2.3"><name>a</name></wpt>'
            '<rte><rtept lat="48.8" lon="2.3"/><rtept lat="48.9" lon="2.3"/></rte>')
    with pytest.raises(ActivityFileError, match="route or waypoints only"):
        _read("route.gpx", _gpx("", body=body).encode())


def test_gpx_mixed_time_spellings() -> None:
    times = ["2020-07-01T06:00:00Z", "2020-07-01T06:00:01.250Z", "2020-07-01T08:00:02+02:00",
             "2020-07-01T06:00:03", "2020-07-01T01:00:04.5-05:00"]
    pts = "".join(_pt(i, t) for i, t in enumerate(times))
    (act,) = _read("times.gpx", _gpx(pts).encode())
    assert np.allclose(act.streams["time_s"], [0, 1.25, 2, 3, 4.5])
    assert any("1 times without a zone" in w for w in act.warnings)


def test_gpx_ns3_trackpoint_extension() -> None:
    ext = ("<extensions><ns3:TrackPointExtension><ns3:hr>151</ns3:hr><ns3:cad>88</ns3:cad>"
           "</ns3:TrackPointExtension></extensions>")
    pts = "".join(_pt(i, f"2020-07-01T06:00:0{i}Z", ext) for i in range(5))
    (act,) = _read("ns3.gpx", _gpx(pts).encode())
    assert np.allclose(act.streams["hr_bpm"], 151)
    assert np.allclose(act.streams["cadence_spm"], 88)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_gpx_in_utf16_and_with_bom(codec: str) -> None:
    pts = "".join(_pt(i, f"2020-07-01T06:00:0{i}Z") for i in range(5))
    label = "UTF-8" if codec == "utf-8-sig" else "UTF-16"
    text = _gpx(pts, decl=f'<?xml version="1.0" encoding="{label}"?>')
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(codec)
    (act,) = _read("wide.gpx", data)
    assert act.n_samples == 5


def test_gpx_named_fit_is_read_by_content() -> None:
    pts = "".join(_pt(i, f"2020-07-01T06:00:0{i}Z") for i in range(5))
    (act,) = _read("really_a_gpx.fit", _gpx(pts).encode())
    assert act.source_format == "gpx" and act.n_samples == 5


# ---------------------------------------------------------------- TCX

TCX_HEAD = ('<TrainingCenterDatabase '
            'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">')


def _tcx_activity(sport: str, start: str, n: int = 4, suffix: str = "Z") -> str:
    pts = "".join(f"<Trackpoint><Time>{start}:0{i}{suffix}</Time><DistanceMeters>{3 * i}"
                  "</DistanceMeters><HeartRateBpm><Value>130</Value></HeartRateBpm>"
                  "</Trackpoint>" for i in range(n))
    return (f'<Activity Sport="{sport}"><Id>{start}:00{suffix}</Id>'
            f'<Lap StartTime="{start}:00{suffix}"><TotalTimeSeconds>{n - 1}</TotalTimeSeconds>'
            f"<Calories>5</Calories><Track>{pts}</Track></Lap></Activity>")


def _tcx(*activities: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + TCX_HEAD + "<Activities>"
            + "".join(activities) + "</Activities></TrainingCenterDatabase>")


def test_tcx_multi_activity_file() -> None:
    doc = _tcx(_tcx_activity("Running", "2020-07-01T06:00"),
               _tcx_activity("Biking", "2020-07-01T07:00"))
    acts = _read("multi.tcx", doc.encode())
    assert [a.sport for a in acts] == ["running", "cycling"]
    assert acts[1].start_utc == dt.datetime(2020, 7, 1, 7, 0, tzinfo=dt.UTC)
    assert [a.session_count for a in acts] == [2, 2]


def test_tcx_sport_other_and_naive_times() -> None:
    doc = _tcx(_tcx_activity("Other", "2020-07-01T06:00", suffix=""))
    (act,) = _read("other.tcx", doc.encode())
    assert act.sport == "generic" and act.sport_raw == "Other"
    assert act.n_samples == 4
    assert any("without a zone were taken as UTC" in w for w in act.warnings)


def test_tcx_with_bom_and_leading_whitespace() -> None:
    doc = _tcx(_tcx_activity("Running", "2020-07-01T06:00"))
    data = b"\xef\xbb\xbf\r\n  \n" + doc.encode()
    (act,) = _read("bom.tcx", data)
    assert act.n_samples == 4
    assert not any("malformed" in w for w in act.warnings)


# ---------------------------------------------------------------- containers


def test_zero_length_gz(tmp_path: Path) -> None:
    with pytest.raises(ActivityFileError, match="empty"):
        _read("empty.fit.gz", b"")
    with pytest.raises(ActivityFileError, match="empty"):
        _read("empty.fit.gz", gzip.compress(b""))


def test_zip_containing_fit_gz(tmp_path: Path) -> None:
    recs = [fw.record(T0 + i, hr=120) for i in range(5)]
    fit = fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + 4, 1, 0)])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("activities/1.fit.gz", gzip.compress(fit))
    path = tmp_path / "export.zip"
    path.write_bytes(buf.getvalue())
    ((name, data),) = list(iter_activity_sources([path]))
    assert name.endswith("!activities/1.fit.gz") and isinstance(data, bytes)
    (act,) = _read(name, data)
    assert act.n_samples == 5 and act.sport == "running"
