"""Energy method choice of :mod:`runlean.tracking.energy`: power for rides (ACSM leg cycling)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from runlean.domain import Activity, Habits, Person
from runlean.io import read_activity_file
from runlean.io.metrics import summarise
from runlean.science.exercise import acsm_cycling_vo2, vo2_to_kcal
from runlean.tracking.energy import (
    MAX_SAMPLE_GAP_S,
    acsm_cycling_power_kcal,
    estimate_energy_and_load,
    mechanical_work_kj,
    usable_power,
)

START = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
PERSON = Person(sex="male", age_years=35, height_cm=180, weight_kg=75)
KJ_PER_KCAL = 4.184
GROSS_EFFICIENCY = 0.22


def ride(power: np.ndarray, *, hr: np.ndarray | None = None, sport: str = "cycling",
         speed: float | None = 8.0) -> Activity:
    n = len(power)
    streams = {"time_s": np.arange(n, dtype=float), "power_w": power.astype(float)}
    if hr is not None:
        streams["hr_bpm"] = hr.astype(float)
    if speed is not None:
        streams["speed_m_per_s"] = np.full(n, speed)
        streams["distance_m"] = np.arange(n, dtype=float) * speed
    return Activity(sport=sport, source_format="fit", start_utc=START, streams=streams)


def test_constant_power_matches_acsm_by_hand() -> None:
    act = ride(np.full(3601, 150.0))
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method == "acsm_cycling_power"
    # 3600 s of samples at 150 W (the last sample lasts 0 s).
    vo2 = 1.8 * 6.12 * 150.0 / 75.0 + 7.0
    expected = vo2 * 75.0 / 1000.0 * 60.0 * 5.0
    assert est.energy_kcal == pytest.approx(expected, rel=1e-9)
    assert est.energy_kcal == pytest.approx(float(vo2_to_kcal(acsm_cycling_vo2(150.0, 75.0),
                                                              75.0, 60.0)), rel=1e-9)
    # No HR: load from MET-minutes at the power's MET, not the Compendium band.
    assert est.load_method == "met_minutes"


def test_power_beats_heart_rate_for_rides() -> None:
    n = 1801
    act = ride(np.full(n, 200.0), hr=np.full(n, 150.0))
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method == "acsm_cycling_power"
    assert est.load_method == "banister_trimp"  # HR still drives the load


def test_running_power_is_not_used() -> None:
    n = 1801
    act = ride(np.full(n, 250.0), sport="running", speed=3.0)
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method == "acsm_speed_grade"


def test_zero_power_stream_is_not_a_measurement() -> None:
    act = ride(np.zeros(1801))
    assert usable_power(act) is None
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method.startswith("compendium_met:")


def test_stopped_zero_power_is_rest_and_coasting_is_unloaded_cycling() -> None:
    power = np.zeros(601)
    act_coast = ride(power.copy(), speed=8.0)
    act_stop = ride(power.copy(), speed=0.0)
    coast, rec, _ = acsm_cycling_power_kcal(act_coast, act_coast.streams["power_w"], 75.0, 8.0)
    stop, rec2, _ = acsm_cycling_power_kcal(act_stop, act_stop.streams["power_w"], 75.0, 8.0)
    assert rec == rec2 == 600.0
    assert coast == pytest.approx(7.0 * 75 / 1000 * 10 * 5, rel=1e-9)  # 2 MET
    assert stop == pytest.approx(3.5 * 75 / 1000 * 10 * 5, rel=1e-9)  # 1 MET


def test_pause_counts_as_rest_not_as_last_power() -> None:
    t = np.concatenate([np.arange(600.0), 600.0 + 1800.0 + np.arange(600.0)])
    power = np.full(len(t), 200.0)
    act = Activity(sport="cycling", source_format="fit", start_utc=START,
                   streams={"time_s": t, "power_w": power})
    assert mechanical_work_kj(t, power) == pytest.approx(200.0 * (599 + MAX_SAMPLE_GAP_S + 599)
                                                         / 1000.0)
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    vo2 = 1.8 * 6.12 * 200.0 / 75.0 + 7.0
    active_min = (599 + MAX_SAMPLE_GAP_S + 599) / 60.0
    rest_min = (t[-1] - t[0]) / 60.0 - active_min
    expected = (vo2 * active_min + 3.5 * rest_min) * 75.0 / 1000.0 * 5.0
    assert est.energy_kcal == pytest.approx(expected, rel=1e-9)


POWER_FILES = ["fit/garmin_edge810_ride_power.fit", "fit/wahoo_elemnt_ride_power.fit",
               "fit/zwift_virtual_ride_power.fit", "fit/garmin_edge800_indoor_trainer.fit",
               "gpx/strava_ride_power.gpx"]


@pytest.mark.parametrize("name", POWER_FILES)
def test_acsm_agrees_with_mechanical_work_on_real_rides(activities_dir: Path, name: str) -> None:
    act = read_activity_file(activities_dir / name)[0]
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method == "acsm_cycling_power"
    # Compare like with like: work / efficiency counts only pedalling, so the ACSM energy
    # is summed over the pedalling samples (others count 0 via missing_met=0).
    power = act.streams["power_w"]
    pedalling = np.where(np.isfinite(power) & (power > 0), power, np.nan)
    kcal, _, _ = acsm_cycling_power_kcal(act, pedalling, PERSON.weight_kg, 0.0)
    work_kcal = mechanical_work_kj(act.streams["time_s"], power) / KJ_PER_KCAL \
        / GROSS_EFFICIENCY
    assert kcal == pytest.approx(work_kcal, rel=0.25)


def test_zwift_ride_uses_power_not_compendium(activities_dir: Path) -> None:
    act = read_activity_file(activities_dir / "fit/zwift_virtual_ride_power.fit")[0]
    est = estimate_energy_and_load(act, summarise(act), PERSON, None)
    assert est.energy_method == "acsm_cycling_power"
    # The device reports 212 kcal; the Compendium fallback gave 442 (+108 %).
    assert act.device_energy_kcal is not None
    assert est.energy_kcal == pytest.approx(act.device_energy_kcal, rel=0.35)


def test_set_sport_recomputes_energy_and_load(activities_dir: Path, tmp_path: Path) -> None:
    from runlean.errors import InvalidInputError, NotFoundError
    from runlean.io import SPORT_UNKNOWN_WARNING
    from runlean.store.activities import get_activity, list_activities
    from runlean.store.db import open_store
    from runlean.store.profile import save_profile
    from runlean.tracking.energy import set_activity_sport
    from runlean.tracking.importing import import_paths

    with open_store(tmp_path) as store:
        save_profile(store, PERSON, Habits())
        import_paths([activities_dir / "gpx/tomtom_run_two_segments.gpx"], store)
        (before,) = list_activities(store)
        assert before["sport"] == "generic"
        assert before["energy_method"].startswith("compendium_met:")
        assert SPORT_UNKNOWN_WARNING in get_activity(store, before["id"])["warnings_json"]

        with pytest.raises(InvalidInputError, match="--sport"):
            set_activity_sport(store, before["id"], "quidditch")
        with pytest.raises(NotFoundError):
            set_activity_sport(store, 999, "running")
        after = set_activity_sport(store, before["id"], "run")
        assert after == get_activity(store, before["id"])
    assert after["sport"] == "running"
    assert after["energy_method"] == "acsm_speed_grade"
    assert SPORT_UNKNOWN_WARNING not in after["warnings_json"]
    assert "sport set by the user: generic -> running" in after["warnings_json"]
    # Independent ACSM running computation at 75 kg over the stored summary.
    v = after["distance_m"] / (after["moving_time_s"] / 60.0)
    grade = (after["ascent_m"] or 0.0) / after["distance_m"]
    vo2 = 0.2 * v + 0.9 * v * grade + 3.5
    rest_min = (after["duration_s"] - after["moving_time_s"]) / 60.0
    expected = (vo2 * after["moving_time_s"] / 60.0 + 3.5 * rest_min) * 75.0 / 1000.0 * 5.0
    assert after["energy_kcal"] == pytest.approx(expected, rel=1e-9)
    assert after["load"] != before["load"]  # MET-minutes at the running MET now
