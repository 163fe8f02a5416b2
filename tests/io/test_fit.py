"""FIT reader on synthetic files written by tests/io/fitwriter.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from runlean.errors import ActivityFileError
from runlean.io import read_activity_file
from runlean.io.fit import read_fit

from . import fitwriter as fw

T0 = fw.fit_time(dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC))


def _run(sport: int = 1, sub_sport: int = 0) -> bytes:
    recs = [fw.record(T0 + i, hr=0 if i == 0 else 120 + i, cadence=85, frac=64,
                      distance_cm=300 * i, power=0) for i in range(10)]
    return fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + 9, sport, sub_sport),
                        fw.activity(T0 + 9, T0 + 9 + 7200)])


def test_synthetic_run_values() -> None:
    (act,) = read_fit(Path("run.fit"), data=_run())
    assert act.sport == "running" and act.sub_sport == "generic"
    assert act.start_utc == dt.datetime(2020, 7, 1, 6, 0, tzinfo=dt.UTC)
    assert act.n_samples == 10
    assert np.array_equal(act.streams["time_s"], np.arange(10.0))
    # HR 0 is missing; the rest are values.
    assert np.isnan(act.streams["hr_bpm"][0]) and act.streams["hr_bpm"][1] == 121
    # running cadence 85 strides/min + 0.5 fractional -> 171 steps/min
    assert np.allclose(act.streams["cadence_spm"], 171.0)
    # power 0 is a value, not missing
    assert act.has("power_w") and float(np.nanmax(act.streams["power_w"])) == 0.0
    assert np.allclose(act.streams["distance_m"], 3.0 * np.arange(10))
    assert act.utc_offset_s == 7200


def test_cycling_cadence_stays_rpm() -> None:
    (act,) = read_fit(Path("ride.fit"), data=_run(sport=2))
    assert act.sport == "cycling"
    assert np.allclose(act.streams["cadence_spm"], 85.5)


def test_unknown_sub_sport_is_tolerated() -> None:
    (act,) = read_fit(Path("odd.fit"), data=_run(sub_sport=252))
    assert act.sub_sport == "unknown_252"


def test_zone_from_local_timestamp_without_gps() -> None:
    (act,) = read_activity_file(Path("run.fit"), data=_run(), default_timezone="Europe/Paris")
    # +2 h in July is what Europe/Paris has then: the profile zone is kept.
    assert act.timezone == "Europe/Paris" and act.utc_offset_s == 7200
    (act,) = read_activity_file(Path("run.fit"), data=_run(), default_timezone="UTC")
    assert act.timezone == "Etc/GMT-2" and act.utc_offset_s == 7200


def test_settings_file_is_not_an_activity() -> None:
    data = fw.fit_file([fw.file_id(2)])
    with pytest.raises(ActivityFileError, match="not an activity"):
        read_activity_file(Path("settings.fit"), data=data)


def test_header_then_garbage() -> None:
    good = _run()
    data = good[:14] + bytes(range(256)) * 2
    with pytest.raises(ActivityFileError):
        read_activity_file(Path("junk.fit"), data=data)


def test_truncation_keeps_records() -> None:
    good = _run()
    cut = good[: len(good) // 2]
    (act,) = read_activity_file(Path("cut.fit"), data=cut)
    assert 1 <= act.n_samples < 10
    assert any("damaged" in w for w in act.warnings)


def test_chained_files_are_read_whole() -> None:
    first = fw.fit_file([fw.file_id(4), *[fw.record(T0 + i, hr=100) for i in range(5)]])
    second = fw.fit_file([*[fw.record(T0 + 5 + i, hr=110) for i in range(5)],
                          fw.session(T0, T0 + 9, 1, 0)])
    (act,) = read_fit(Path("chain.fit"), data=first + second)
    assert act.n_samples == 10
    assert any("chained" in w for w in act.warnings)


def test_multisport_split_by_session() -> None:
    recs = [fw.record(T0 + i, hr=100, distance_cm=100 * i) for i in range(20)]
    data = fw.fit_file([fw.file_id(4), *recs, fw.session(T0, T0 + 10, 5, 0),
                        fw.session(T0 + 10, T0 + 19, 1, 0)])
    acts = read_fit(Path("multi.fit"), data=data)
    assert [a.sport for a in acts] == ["swimming", "running"]
    assert [a.n_samples for a in acts] == [10, 10]
    # the running session's distance starts from the end of the swim, not from 0 of the file
    assert acts[1].streams["distance_m"][0] == pytest.approx(1.0)
    assert acts[1].start_utc == dt.datetime(2020, 7, 1, 6, 0, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"hello, this is a text file\n" * 20, "not an activity"),
    (bytes(range(256)) * 8, "not an activity"),
    (b"<?xml version='1.0'?><kml><Document/></kml>", "not an activity"),
])
def test_not_activity_files(data: bytes, reason: str) -> None:
    with pytest.raises(ActivityFileError, match=reason):
        read_activity_file(Path("x.bin"), data=data)


def test_relative_timestamps() -> None:
    recs = [fw.record(5000 + i, hr=100) for i in range(5)]
    data = fw.fit_file([fw.file_id(4), *recs, fw.session(5000, 5004, 1, 0)])
    (act,) = read_activity_file(Path("rel.fit"), data=data)
    assert act.start_utc is None
    assert np.array_equal(act.streams["time_s"], np.arange(5.0))


def test_timer_pauses() -> None:
    recs = [fw.record(T0 + i, hr=100) for i in range(30)]
    data = fw.fit_file([fw.file_id(4), fw.timer_event(T0, False), *recs[:10],
                        fw.timer_event(T0 + 9, True), fw.timer_event(T0 + 20, False),
                        *recs[10:], fw.timer_event(T0 + 29, True),
                        fw.session(T0, T0 + 29, 1, 0)])
    (act,) = read_fit(Path("p.fit"), data=data)
    assert act.pauses == [(9.0, 20.0)]
