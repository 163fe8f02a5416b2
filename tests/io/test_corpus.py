"""Every real file of ../shared/data/activities against the manifest's reference facts.

Sample counts: the raw FIT reader yields one sample per ``record`` message
(``reference.record_count``); :func:`read_activity_file` sanitises, merging samples that share a
timestamp, so its count is ``reference.unique_timestamp_samples`` (GPX points without a time are
dropped and subtracted, counted here independently with lxml). Multisport files are compared
on totals over their sessions. Statistics that the reference computes from ``record`` messages
only (avg/max HR) are compared with ``merge_hr_messages=False``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from lxml import etree

from runlean.domain import Activity
from runlean.io import read_activity_file
from runlean.io.fit import read_fit
from runlean.io.metrics import summarise

from ..conftest import ACTIVITIES_DIR, activities_available

ENTRIES: list[dict[str, Any]] = (
    json.loads((ACTIVITIES_DIR / "MANIFEST.json").read_text())["files"]
    if activities_available() else []
)
IDS = [e["file"] for e in ENTRIES]


def _read(entry: dict[str, Any], **kw: Any) -> list[Activity]:
    return _read_cached(entry["file"], bool(kw.get("merge_hr_messages", True)))


@functools.cache
def _read_cached(rel: str, merge_hr_messages: bool) -> list[Activity]:
    """Read once per module (the tests below only look at the result, never change it)."""
    path = ACTIVITIES_DIR / rel
    if not merge_hr_messages:
        from runlean.io.sanitise import sanitise

        return [sanitise(a) for a in read_fit(path, merge_hr_messages=False)]
    return read_activity_file(path)


def _timeless_gpx_points(path: Path) -> int:
    root = etree.parse(str(path)).getroot()
    return sum(1 for p in root.iter("{*}trkpt") if p.find("{*}time") is None)


def _close(ours: float | None, ref: float | None, rel: float, absolute: float) -> bool:
    if ref is None or ours is None:
        return ours is None and ref is None
    return abs(ours - ref) <= max(absolute, rel * abs(ref))


def _any(acts: list[Activity], name: str, nonzero: bool = False) -> bool:
    for a in acts:
        arr = a.streams.get(name)
        if arr is None:
            continue
        ok = np.isfinite(arr) & (arr > 0) if nonzero else np.isfinite(arr)
        if bool(ok.any()):
            return True
    return False


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_sport_and_start(entry: dict[str, Any]) -> None:
    acts = _read(entry)
    ref = entry["reference"]
    first = acts[0]
    expected = (None if ref["start_time_utc"] is None else
                dt.datetime.fromisoformat(ref["start_time_utc"].replace("Z", "+00:00")))
    assert first.start_utc == expected
    if entry["format"] == "fit":
        assert [[a.sport, a.sub_sport] for a in acts] == ref["sports_all_sessions"]
        assert len(acts) == ref["num_sessions"]
    else:
        assert first.sport_raw == ref["sport"]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_sample_counts(entry: dict[str, Any]) -> None:
    ref = entry["reference"]
    path = ACTIVITIES_DIR / entry["file"]
    if entry["format"] == "fit":
        raw = read_fit(path)
        assert sum(a.n_samples for a in raw) == ref["record_count"]
    acts = _read(entry)
    expected = ref["unique_timestamp_samples"]
    if entry["format"] == "gpx":
        expected -= _timeless_gpx_points(path)
    assert sum(a.n_samples for a in acts) == expected


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_times_and_distance(entry: dict[str, Any]) -> None:
    ref = entry["reference"]
    acts = _read(entry)
    sums = [summarise(a) for a in acts]
    if len(acts) == 1:
        elapsed = sums[0].elapsed_s
    else:
        starts = [a.start_utc for a in acts]
        assert all(s is not None for s in starts)
        first = acts[0].start_utc.timestamp() + acts[0].streams["time_s"][0]  # type: ignore[union-attr]
        last = acts[-1].start_utc.timestamp() + acts[-1].streams["time_s"][-1]  # type: ignore[union-attr]
        elapsed = last - first
    assert abs(elapsed - ref["elapsed_time_s"]) <= 1.0
    dists = [s.distance_m for s in sums if s.distance_m is not None]
    distance = sum(dists) if dists else None
    assert _close(distance, ref["distance_m"], 0.01, 5.0), (distance, ref["distance_m"])
    moves = [s.moving_s for s in sums if s.moving_s is not None]
    moving = sum(moves) if moves else None
    assert _close(moving, ref["moving_time_s"], 0.03, 5.0), (moving, ref["moving_time_s"])


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_heart_rate_stats(entry: dict[str, Any]) -> None:
    ref = entry["reference"]
    acts = (_read(entry, merge_hr_messages=False) if entry["format"] == "fit"
            else _read(entry))
    hr = np.concatenate([a.streams.get("hr_bpm", np.full(a.n_samples, np.nan)) for a in acts])
    hr = hr[np.isfinite(hr)]
    if ref["avg_heart_rate"] is None:
        assert len(hr) == 0
        return
    assert abs(float(hr.mean()) - ref["avg_heart_rate"]) <= 1.0
    assert abs(float(hr.max()) - ref["max_heart_rate"]) <= 1.0
    if len(acts) == 1:
        s = summarise(acts[0])
        assert abs((s.avg_hr_bpm or 0) - ref["avg_heart_rate"]) <= 1.0


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_channels(entry: dict[str, Any]) -> None:
    ref = entry["reference"]
    acts = _read(entry)
    hr_messages = entry.get("fit_details", {}).get("hr_messages_bpm_samples", 0)
    assert _any(acts, "hr_bpm") == (ref["has_heart_rate"] or hr_messages > 0)
    assert _any(acts, "power_w") == ref["has_power"]
    assert _any(acts, "power_w", nonzero=True) == ref["has_power_nonzero"]
    assert _any(acts, "cadence_spm") == ref["has_cadence"]
    assert _any(acts, "altitude_m") == ref["has_altitude"]
    assert _any(acts, "lat_deg") == ref["has_gps"]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_ascent(entry: dict[str, Any]) -> None:
    ref = entry["reference"]
    acts = _read(entry)
    if len(acts) > 1:
        pytest.skip("reference ascent is over the whole multisport file")
    s = summarise(acts[0])
    assert _close(s.ascent_m, ref["total_ascent_m"], 0.01, 0.5)


FIT_TOTALS = {
    "device_energy_kcal": "total_calories",
    "device_distance_m": "total_distance",
    "device_timer_s": "total_timer_time",
    "device_elapsed_s": "total_elapsed_time",
    "device_ascent_m": "total_ascent",
}


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["format"] != "gpx"],
                         ids=[e["file"] for e in ENTRIES if e["format"] != "gpx"])
def test_device_totals(entry: dict[str, Any]) -> None:
    """Device totals kept as reported (the manifest rounds sums to 0.01)."""
    dev = entry["device_reported"]
    acts = _read(entry)

    def total(attr: str) -> float | None:
        vals = [getattr(a, attr) for a in acts if getattr(a, attr) is not None]
        return float(sum(vals)) if vals else None

    if entry["format"] == "fit":
        for attr, key in FIT_TOTALS.items():
            if attr == "device_energy_kcal" and dev[key] == 0 and total(attr) is None:
                # 0 kcal over minutes means "not reported": missing, raw value in warnings.
                assert any("the file says 0 kcal" in w for a in acts for w in a.warnings)
                continue
            assert _close(total(attr), dev[key], 1e-9, 0.01), (attr, total(attr), dev[key])
        maxes = [a.device_max_hr_bpm for a in acts if a.device_max_hr_bpm is not None]
        ref_max = dev["max_heart_rate"] or None
        assert (max(maxes) if maxes else None) == ref_max
        if len(acts) == 1:
            assert acts[0].device_avg_hr_bpm == (dev["avg_heart_rate"] or None)
        assert [len(a.laps) for a in acts] and sum(len(a.laps) for a in acts) == (
            entry["fit_details"]["message_counts"].get("lap", 0))
    else:
        assert _close(total("device_energy_kcal"), dev["laps_calories"], 1e-9, 0.01)
        assert _close(total("device_distance_m"), dev["laps_distance_m"], 1e-9, 0.01)
        assert _close(total("device_timer_s"), dev["laps_total_time_s"], 1e-9, 0.01)
        assert acts[0].device_max_hr_bpm == dev["laps_max_hr"]
        assert len(acts[0].laps) == len(dev["laps"])
        assert acts[0].device == dev["creator"]["name"]


def test_pool_swim_gets_heart_rate_from_hr_messages() -> None:
    entry = next((e for e in ENTRIES if e["file"].endswith("fr735xt_pool_swim.fit")), None)
    if entry is None:
        pytest.skip("corpus absent")
    (act,) = read_activity_file(ACTIVITIES_DIR / entry["file"])
    assert act.has("hr_bpm")
    hr = act.streams["hr_bpm"]
    # Session avg_heart_rate is 142 bpm, max 161 (device-computed over the same strap data).
    assert abs(float(np.nanmean(hr)) - entry["device_reported"]["avg_heart_rate"]) <= 5.0
    assert float(np.nanmax(hr)) <= entry["device_reported"]["max_heart_rate"] + 1
    assert any("'hr' messages" in w for w in act.warnings)


def test_truncated_fit_keeps_records_before_the_cut() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    (act,) = read_activity_file(ACTIVITIES_DIR / "bad" / "truncated_unexpected_eof.fit")
    assert act.n_samples == 14
    assert any("damaged" in w for w in act.warnings)


def test_malformed_tcx_is_recovered_with_a_warning() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    (act,) = read_activity_file(ACTIVITIES_DIR / "bad" / "malformed_namespace.tcx")
    assert act.n_samples == 384
    assert any("recovery mode" in w for w in act.warnings)


def test_cross_format_same_start() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    starts = []
    for rel in ("fit/garmin_edge1000_ride_tiny.fit", "gpx/garmin_connect_ride_tiny.gpx",
                "tcx/garmin_edge1000_ride_tiny.tcx"):
        (act,) = read_activity_file(ACTIVITIES_DIR / rel)
        assert act.start_utc is not None
        starts.append(act.start_utc.timestamp())
        assert act.timezone == "Europe/Amsterdam"
    assert max(starts) - min(starts) <= 2.0


def test_relative_timestamps_have_no_start() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    (act,) = read_activity_file(ACTIVITIES_DIR / "fit" / "garmin_fr70_compressed_timestamps.fit")
    assert act.start_utc is None
    assert any("device-relative" in w for w in act.warnings)
    assert act.streams["time_s"][0] == 0.0


def test_multisport_distance_is_per_session() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    path = ACTIVITIES_DIR / "fit" / "garmin_fr920xt_triathlon_chained.fit"
    acts = read_activity_file(path)
    assert [a.session_index for a in acts] == [0, 1, 2, 3, 4]
    # Per session, the record distance must match the session's own total, not the running
    # total of the file (1.6 km swim, then bike ~40.9 km). The first transition's last record
    # is 5.03 m short of its session total (141.7 m), hence 10 m absolute here.
    for a in acts:
        s = summarise(a)
        assert a.device_distance_m is not None and s.distance_m is not None
        assert abs(s.distance_m - a.device_distance_m) <= max(10.0, 0.01 * a.device_distance_m)


def test_timer_pauses_match_device_elapsed_minus_timer() -> None:
    if not activities_available():
        pytest.skip("corpus absent")
    (act,) = read_activity_file(ACTIVITIES_DIR / "fit" / "garmin_fr945_treadmill_run.fit")
    # three timer stop/start pairs: 118 s + 268 s + 280 s
    assert [round(b - a) for a, b in act.pauses] == [118, 268, 280]
    assert act.device_elapsed_s is not None and act.device_timer_s is not None
    paused = sum(b - a for a, b in act.pauses)
    assert abs(paused - (act.device_elapsed_s - act.device_timer_s)) <= 1.0
