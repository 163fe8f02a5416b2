"""Archive walking on synthetic folders, zips (Strava/Garmin export layouts) and gz files."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file
from runlean.io.archives import iter_activity_sources

GPX = (b'<?xml version="1.0"?><gpx version="1.1" creator="t" '
       b'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
       b'<trkpt lat="48.0" lon="2.0"><time>2021-07-01T08:00:00Z</time></trkpt>'
       b'<trkpt lat="48.001" lon="2.0"><time>2021-07-01T08:00:10Z</time></trkpt>'
       b"</trkseg></trk></gpx>")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_strava_export_zip(tmp_path: Path) -> None:
    inner = _zip({"Garmin/act.gpx": GPX})
    data = _zip({
        "activities.csv": b"Activity ID,Activity Date\n1,2021\n",
        "profile.json": b"{}",
        "media/photo.jpg": b"\xff\xd8",
        "activities/1.gpx": GPX,
        "activities/2.gpx.gz": gzip.compress(GPX),
        "nested/garmin.zip": inner,
    })
    path = tmp_path / "export_123.zip"
    path.write_bytes(data)
    sources = list(iter_activity_sources([path]))
    names = [n.split("!", 1)[1] for n, _ in sources]
    assert names == ["activities/1.gpx", "activities/2.gpx.gz", "nested/garmin.zip!Garmin/act.gpx"]
    for name, src in sources:
        assert isinstance(src, bytes)
        (act,) = read_activity_file(Path(name), data=src)
        assert act.n_samples == 2


def test_folder_recursive_with_gz_and_junk(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "run.gpx").write_bytes(GPX)
    (tmp_path / "a" / "b" / "ride.gpx.gz").write_bytes(gzip.compress(GPX))
    (tmp_path / "a" / "notes.txt").write_text("hello")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.gpx").write_bytes(GPX)
    sources = list(iter_activity_sources([tmp_path]))
    assert [Path(n).name for n, _ in sources] == ["ride.gpx.gz", "run.gpx"]
    for name, src in sources:
        assert isinstance(src, Path)
        (act,) = read_activity_file(src)
        assert act.n_samples == 2, name


def test_unreadable_archive_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    # A damaged archive is one failed source (yielded as its error), not the end of the walk.
    ((name, err),) = list(iter_activity_sources([bad]))
    assert name == str(bad)
    assert isinstance(err, ActivityFileError) and "zip" in str(err)
    with pytest.raises(ActivityFileError, match="no such"):
        list(iter_activity_sources([tmp_path / "missing"]))


def test_damaged_gz(tmp_path: Path) -> None:
    data = gzip.compress(GPX)[:20]
    with pytest.raises(ActivityFileError, match="gzip"):
        read_activity_file(tmp_path / "x.gpx.gz", data=data)


def test_garmin_export_layout(tmp_path: Path) -> None:
    from . import fitwriter as fw

    t0 = fw.fit_time(dt.datetime(2020, 7, 1, 6, tzinfo=dt.UTC))
    fit = fw.fit_file([fw.file_id(4), *[fw.record(t0 + i, hr=120) for i in range(3)],
                       fw.session(t0, t0 + 2, 1, 0)])
    part = _zip({"123_ACTIVITY.fit": fit, "README.txt": b"x"})
    data = _zip({
        "DI_CONNECT/DI-Connect-Fitness/user_profile.json": b"{}",
        "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": part,
    })
    path = tmp_path / "garmin_export.zip"
    path.write_bytes(data)
    (source,) = list(iter_activity_sources([path]))
    assert source[0].endswith("UploadedFiles_0-_Part1.zip!123_ACTIVITY.fit")
    assert isinstance(source[1], bytes)
    (act,) = read_activity_file(Path(source[0]), data=source[1])
    assert act.sport == "running" and act.n_samples == 3
