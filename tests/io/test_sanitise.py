"""The sanitising chain: each rule changes what it should and says so."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from runlean.domain import Activity, Lap
from runlean.io import read_activity_file
from runlean.io.sanitise import ZERO_ENERGY_MAX_DURATION_S, sanitise


def _act(**streams: list[float]) -> Activity:
    return Activity(sport="running", source_format="fit", start_utc=None,
                    streams={k: np.asarray(v, dtype=float) for k, v in streams.items()})


def test_backwards_time_dropped_and_duplicates_merged() -> None:
    a = sanitise(_act(time_s=[0, 1, 1, 3, 2, 4], hr_bpm=[100, 110, 120, 130, 140, 150],
                      distance_m=[0, 1, 2, 3, 2.5, 4]))
    assert np.array_equal(a.streams["time_s"], [0, 1, 3, 4])
    assert np.array_equal(a.streams["hr_bpm"], [100, 115, 130, 150])
    assert np.array_equal(a.streams["distance_m"], [0, 2, 3, 4])
    assert any("backwards time" in s for s in a.sanitised)
    assert any("sharing a timestamp" in s for s in a.sanitised)


def test_distance_clamped_monotone() -> None:
    a = sanitise(_act(time_s=[0, 1, 2, 3], distance_m=[0, 10, 9, np.nan]))
    assert np.array_equal(a.streams["distance_m"][:3], [0, 10, 10])
    assert np.isnan(a.streams["distance_m"][3])
    assert any("clamped" in s for s in a.sanitised)


def test_out_of_range_values_become_nan() -> None:
    a = sanitise(_act(time_s=[0, 1, 2], hr_bpm=[25, 150, 250], speed_m_per_s=[1, 31, 2],
                      power_w=[-1, 0, 3001], cadence_spm=[0, 301, 180],
                      altitude_m=[-600, 100, 9100], lat_deg=[91, 45, 0],
                      lon_deg=[0, 181, 0]))
    s = a.streams
    assert np.isnan(s["hr_bpm"][[0, 2]]).all() and s["hr_bpm"][1] == 150
    assert np.isnan(s["speed_m_per_s"][1])
    assert np.isnan(s["power_w"][[0, 2]]).all() and s["power_w"][1] == 0
    assert np.isnan(s["cadence_spm"][1]) and s["cadence_spm"][0] == 0
    assert np.isnan(s["altitude_m"][[0, 2]]).all()
    assert np.isnan(s["lat_deg"][0]) and np.isnan(s["lon_deg"][1])
    assert len(a.sanitised) == 7


def test_mismatched_lengths_truncated() -> None:
    a = _act(time_s=[0, 1, 2, 3], hr_bpm=[100, 101, 102, 103])
    a.streams["power_w"] = np.array([1.0, 2.0])
    sanitise(a)
    assert all(len(v) == 2 for v in a.streams.values())
    assert any("truncated" in s for s in a.sanitised)


def test_clean_activity_is_untouched() -> None:
    a = sanitise(_act(time_s=[0, 1, 2], hr_bpm=[100, 110, 120], distance_m=[0, 3, 6]))
    assert a.sanitised == []
    assert np.array_equal(a.streams["hr_bpm"], [100, 110, 120])


def test_duplicates_across_segments_are_kept() -> None:
    a = sanitise(_act(time_s=[0, 1, 1, 2], segment=[0, 0, 1, 1], distance_m=[0, 3, 3, 6]))
    assert a.n_samples == 4 and a.sanitised == []


def _timed(seconds: float, energy: float | None) -> Activity:
    t = np.arange(0.0, seconds + 1.0)
    act = Activity(sport="running", source_format="fit", start_utc=None,
                   streams={"time_s": t}, device_energy_kcal=energy)
    act.laps = [Lap(start_utc=None, elapsed_s=seconds, energy_kcal=energy)]
    return act


def test_zero_device_energy_over_minutes_is_not_reported() -> None:
    act = sanitise(_timed(3423.0, 0.0))
    assert act.device_energy_kcal is None
    assert act.laps[0].energy_kcal is None
    assert any("0 kcal over 57 min" in w for w in act.warnings)
    assert any("lap energy not reported" in w for w in act.warnings)


def test_zero_device_energy_of_a_short_activity_is_kept() -> None:
    short = sanitise(_timed(ZERO_ENERGY_MAX_DURATION_S - 60.0, 0.0))
    assert short.device_energy_kcal == 0.0
    assert short.laps[0].energy_kcal == 0.0
    assert short.warnings == []
    real = sanitise(_timed(3423.0, 412.0))
    assert real.device_energy_kcal == 412.0
    assert real.warnings == []


def test_stryd_file_zero_energy_becomes_missing(activities_dir: Path) -> None:
    act = read_activity_file(activities_dir / "fit/stryd_run_power_devfields.fit")[0]
    assert act.device_energy_kcal is None
    assert any("device energy not reported: the file says 0 kcal" in w
               for w in act.warnings)
