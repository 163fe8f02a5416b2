"""TCX reader on small synthetic documents (the real files are in test_corpus.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file
from runlean.io.tcx import read_tcx

TPL = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
<Activities><Activity Sport="Running"><Id>2021-03-28T00:30:00Z</Id>
<Lap StartTime="{start}"><TotalTimeSeconds>20</TotalTimeSeconds>
<DistanceMeters>40</DistanceMeters><Calories>7</Calories>
<AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm>
<MaximumHeartRateBpm><Value>140</Value></MaximumHeartRateBpm>
<Track>{points1}</Track><Track>{points2}</Track></Lap>
<Creator><Name>Treadmill 9000</Name></Creator></Activity></Activities>
</TrainingCenterDatabase>"""

PT = """<Trackpoint><Time>{time}</Time><DistanceMeters>{d}</DistanceMeters>
<HeartRateBpm><Value>{hr}</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>2.0</ns3:Speed>
<ns3:RunCadence>80</ns3:RunCadence><ns3:Watts>200</ns3:Watts></ns3:TPX></Extensions></Trackpoint>"""


def _doc(times1: list[str], times2: list[str], start: str) -> bytes:
    p1 = "".join(PT.format(time=t, d=2 * i, hr=120 + i) for i, t in enumerate(times1))
    p2 = "".join(PT.format(time=t, d=2 * (i + len(times1)), hr=130)
                 for i, t in enumerate(times2))
    return TPL.format(start=start, points1=p1, points2=p2).encode()


def test_offsets_positionless_points_segments_and_laps() -> None:
    times1 = [f"2021-03-28T02:30:{s:02d}+02:00" for s in range(5)]  # = 00:30Z
    times2 = [f"2021-03-28T00:30:{s:02d}Z" for s in range(10, 15)]
    (act,) = read_tcx(Path("t.tcx"), data=_doc(times1, times2, "2021-03-28T00:30:00Z"))
    assert act.start_utc == dt.datetime(2021, 3, 28, 0, 30, tzinfo=dt.UTC)
    assert act.n_samples == 10  # no <Position>, still kept
    assert not act.has("lat_deg")
    assert np.array_equal(act.streams["time_s"], [0, 1, 2, 3, 4, 10, 11, 12, 13, 14])
    assert np.array_equal(act.streams["segment"], [0] * 5 + [1] * 5)
    assert np.allclose(act.streams["cadence_spm"], 160.0)  # RunCadence 80 strides -> steps
    assert np.allclose(act.streams["power_w"], 200.0)
    assert np.allclose(act.streams["speed_m_per_s"], 2.0)
    assert act.sport == "running" and act.sport_raw == "Running"
    assert act.device == "Treadmill 9000"
    assert act.device_energy_kcal == 7 and act.device_distance_m == 40
    assert act.laps[0].avg_hr_bpm == 130 and act.laps[0].max_hr_bpm == 140


def test_naive_times_are_utc_with_warning() -> None:
    times = [f"2021-03-28T00:30:{s:02d}" for s in range(3)]
    (act,) = read_tcx(Path("t.tcx"), data=_doc(times, [], "2021-03-28T00:30:00"))
    assert act.start_utc == dt.datetime(2021, 3, 28, 0, 30, tzinfo=dt.UTC)
    assert any("without a zone" in w for w in act.warnings)


def test_undeclared_prefix_is_recovered() -> None:
    times = [f"2021-03-28T00:30:{s:02d}Z" for s in range(3)]
    doc = _doc(times, [], "2021-03-28T00:30:00Z").replace(
        b"<Creator>", b'<Creator xsi:type="Device_t">')
    (act,) = read_activity_file(Path("t.tcx"), data=doc)
    assert act.n_samples == 3
    assert any("recovery mode" in w for w in act.warnings)


def test_other_xml_is_rejected() -> None:
    with pytest.raises(ActivityFileError):
        read_tcx(Path("t.tcx"), data=b"<?xml version='1.0'?><html><body/></html>")


def test_tcxreader_oracle_agrees_on_the_corpus() -> None:
    tcxreader = pytest.importorskip("tcxreader.tcxreader")
    from ..conftest import ACTIVITIES_DIR, activities_available

    if not activities_available():
        pytest.skip("corpus absent")
    path = ACTIVITIES_DIR / "tcx" / "garmin_fr620_run_laps.tcx"
    oracle = tcxreader.TCXReader().read(str(path), only_gps=False)
    (act,) = read_tcx(path)
    assert act.n_samples == len(oracle.trackpoints)
    hr = [tp.hr_value for tp in oracle.trackpoints if tp.hr_value]
    assert abs(float(np.nanmean(act.streams["hr_bpm"])) - sum(hr) / len(hr)) < 1e-9
    assert act.device_energy_kcal == oracle.calories
