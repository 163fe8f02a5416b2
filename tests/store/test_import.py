"""Importing the real activity corpus: idempotence, cross-format dedupe, failures, crashes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from runlean.domain import Habits, Person
from runlean.store.activities import get_activity, list_activities, load_streams
from runlean.store.db import open_store
from runlean.store.models import ActivityRow, FailedImportRow, ImportedFileRow
from runlean.store.profile import save_plan, save_profile
from runlean.tracking import importing
from runlean.tracking.importing import import_paths

from ..conftest import REPO

GOOD_DIRS = ("fit", "gpx", "tcx")


def _copy_corpus(activities_dir: Path, dest: Path, subdirs: tuple[str, ...] = GOOD_DIRS) -> Path:
    for sub in subdirs:
        shutil.copytree(activities_dir / sub, dest / sub)
    return dest


def _count(store: Any, model: Any) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _stream_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "streams").iterdir())


def _assert_consistent(data_dir: Path) -> None:
    """Every activity row has its stream file, and every stream file has its row."""
    with open_store(data_dir) as store:
        rows = list_activities(store)
        names = {r["stream_path"] for r in rows if r["stream_path"]}
        files = {p.name for p in _stream_files(data_dir)}
        assert names == files
        # Every imported file's activities are all there (no partial file).
        with store.session() as s:
            for f in s.scalars(select(ImportedFileRow)):
                n = s.scalar(select(func.count()).select_from(ActivityRow)
                             .where(ActivityRow.content_sha256 == f.sha256))
                assert n == f.n_activities


@pytest.fixture
def profile() -> tuple[Person, Habits]:
    return (Person(sex="male", age_years=40, height_cm=180, weight_kg=80, resting_hr_bpm=55,
                   max_hr_bpm=185), Habits())


def test_whole_corpus_twice_second_run_is_all_duplicates(
        activities_dir: Path, tmp_path: Path, profile: tuple[Person, Habits]) -> None:
    src = _copy_corpus(activities_dir, tmp_path / "in")
    n_files = sum(1 for p in src.rglob("*") if p.is_file())
    with open_store(tmp_path / "data") as store:
        save_profile(store, *profile)
        first = import_paths([src], store)
        assert first.files == n_files
        assert first.failed == []
        # The Edge 1000 ride (FIT+GPX+TCX) and the TomTom run (GPX+TCX) are stored once each.
        assert len(first.imported) + len(
            [d for d in first.duplicates if d.kind == "activity"]) >= n_files
        stored = _count(store, ActivityRow)
        second = import_paths([src], store)
        assert second.imported == []
        assert second.failed == []
        assert len(second.duplicates) == n_files
        assert all(d.kind == "file" for d in second.duplicates)
        assert _count(store, ActivityRow) == stored
    _assert_consistent(tmp_path / "data")


@pytest.mark.parametrize("files", [
    ("fit/garmin_edge1000_ride_tiny.fit", "gpx/garmin_connect_ride_tiny.gpx",
     "tcx/garmin_edge1000_ride_tiny.tcx"),
    ("gpx/garmin_connect_ride_tiny.gpx", "tcx/garmin_edge1000_ride_tiny.tcx",
     "fit/garmin_edge1000_ride_tiny.fit"),
    ("gpx/tomtom_run_two_segments.gpx", "tcx/tomtom_run_no_hr.tcx"),
])
def test_same_activity_in_several_formats_is_stored_once(
        activities_dir: Path, tmp_path: Path, files: tuple[str, ...]) -> None:
    with open_store(tmp_path) as store:
        report = import_paths([activities_dir / f for f in files], store)
        assert report.failed == []
        assert len(report.imported) == 1
        assert len(report.duplicates) == len(files) - 1
        first_id = report.imported[0].activity_id
        # The richest format is kept whatever the order given: FIT, else TCX.
        kept = Path(report.imported[0].source).suffix
        assert kept == (".fit" if any(f.endswith(".fit") for f in files) else ".tcx")
        for d in report.duplicates:
            assert d.kind == "activity"
            assert d.duplicate_of.startswith(f"activity {first_id} ")
        assert _count(store, ActivityRow) == 1


def test_bad_files_fail_with_reasons_and_the_rest_imports(
        activities_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(activities_dir / "fit/garmin_fenix5_run_tiny.fit", src)
    shutil.copy(activities_dir / "tcx/garmin_fr620_run_laps.tcx", src)
    (src / "empty.fit").write_bytes(b"")
    (src / "notes.gpx").write_text("this is not a GPX file, just text\n")
    (src / "random.fit").write_bytes(os.urandom(3000))
    with open_store(tmp_path / "data") as store:
        report = import_paths([src], store)
        assert len(report.imported) == 2
        failed = {Path(f.source).name: f.reason for f in report.failed}
        assert set(failed) == {"empty.fit", "notes.gpx", "random.fit"}
        assert all(reason for reason in failed.values())
        assert "empty" in failed["empty.fit"]
        assert _count(store, FailedImportRow) == 3
        assert _count(store, ActivityRow) == 2
        assert _count(store, ImportedFileRow) == 2
    _assert_consistent(tmp_path / "data")


def test_corpus_bad_folder_is_recovered_with_warnings(
        activities_dir: Path, manifest: dict[str, Any], tmp_path: Path) -> None:
    """Both damaged corpus files are stored with what is readable, and a warning says so."""
    entries = {Path(e["file"]).name: e for e in manifest["files"]
               if e["file"].startswith("bad/")}
    assert set(entries) == {"truncated_unexpected_eof.fit", "malformed_namespace.tcx"}
    with open_store(tmp_path / "data") as store:
        report = import_paths([activities_dir / "bad"], store)
        assert report.files == 2 and report.failed == [] and report.duplicates == []
        stored = {Path(i.source).name: get_activity(store, i.activity_id)
                  for i in report.imported}
        assert set(stored) == set(entries)
        assert _count(store, FailedImportRow) == 0 and _count(store, ActivityRow) == 2

        fit = stored["truncated_unexpected_eof.fit"]
        n_before_cut = entries["truncated_unexpected_eof.fit"]["parse"][
            "strict_records_before_error"]
        assert fit["n_samples"] == n_before_cut == 14
        assert len(load_streams(store, fit["id"])["time_s"]) == 14
        assert any("damaged" in w and "14 records" in w for w in fit["warnings_json"])

        tcx = stored["malformed_namespace.tcx"]
        ref = entries["malformed_namespace.tcx"]["reference"]
        assert tcx["n_samples"] == ref["sample_count"] == 384  # every trackpoint recovered
        assert len(tcx["laps_json"]) == ref["num_laps"]
        assert tcx["duration_s"] == pytest.approx(ref["elapsed_time_s"])
        assert tcx["avg_hr_bpm"] == pytest.approx(ref["avg_heart_rate"], abs=0.1)
        assert any("recovery mode" in w for w in tcx["warnings_json"])
    _assert_consistent(tmp_path / "data")


def test_crash_inside_a_file_rolls_that_file_back(
        activities_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _copy_corpus(activities_dir, tmp_path / "in", ("fit",))
    real = importing._activity_row
    calls = {"n": 0}

    def exploding(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        # The triathlon has 5 sessions: fail on a later session of a multi-activity file.
        if args[1].endswith("garmin_fr920xt_triathlon_chained.fit") and args[3] == 3:
            raise RuntimeError("simulated crash mid-file")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "_activity_row", exploding)
    with open_store(tmp_path / "data") as store:
        report = import_paths([src], store)
        failed = [f for f in report.failed if "triathlon" in f.source]
        assert len(failed) == 1 and "simulated crash" in failed[0].reason
        with store.session() as s:
            n = s.scalar(select(func.count()).select_from(ActivityRow)
                         .where(ActivityRow.source_file.like("%triathlon%")))
        assert n == 0
        assert report.imported  # the other files went in
    _assert_consistent(tmp_path / "data")
    # The failed file imports on a retry.
    monkeypatch.setattr(importing, "_activity_row", real)
    with open_store(tmp_path / "data") as store:
        retry = import_paths([src / "fit" / "garmin_fr920xt_triathlon_chained.fit"], store)
        assert len(retry.imported) + len(retry.duplicates) == 5


_KILL_SCRIPT = """
import sys
from pathlib import Path
from runlean.store.db import open_store
from runlean.tracking.importing import import_paths
store = open_store(Path(sys.argv[1]))
for _ in range(1000):
    import_paths([Path(sys.argv[2])], store, progress=lambda n, name: print(n, flush=True))
"""


def test_sigkill_mid_import_leaves_the_database_consistent(
        activities_dir: Path, tmp_path: Path) -> None:
    src = _copy_corpus(activities_dir, tmp_path / "in")
    data = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(data), str(src)],
                            env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    seen = 0
    while seen < 8 and time.monotonic() < deadline:  # kill part-way through the corpus
        if proc.stdout.readline():
            seen += 1
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert seen >= 8
    _assert_consistent(data)
    # A second import completes the job without duplicates.
    with open_store(data) as store:
        import_paths([src], store)
        ids = [r["id"] for r in list_activities(store)]
        assert len(ids) == len(set(ids))
        with store.session() as s:
            shas = s.scalars(select(ImportedFileRow.sha256)).all()
        assert len(shas) == len(set(shas))
    _assert_consistent(data)


def test_timezone_and_streams_round_trip(activities_dir: Path, tmp_path: Path) -> None:
    f = activities_dir / "fit/garmin_fr645m_run_hr.fit"
    with open_store(tmp_path) as store:
        report = import_paths([f], store)
        (item,) = report.imported
        row = get_activity(store, item.activity_id)
        assert row["start_utc"].tzinfo is not None
        assert row["start_utc"].utcoffset() == dt.timedelta(0)
        assert row["start_utc"] == dt.datetime(2019, 9, 14, 15, 22, 5, tzinfo=dt.UTC)
        assert row["timezone"]
        streams = load_streams(store, item.activity_id)
        assert "time_s" in streams and "hr_bpm" in streams
        assert len(streams["time_s"]) == row["n_samples"]
        assert np.nanmax(streams["hr_bpm"]) == pytest.approx(row["max_hr_bpm"], abs=1)


def test_dst_edge_start_time_round_trips(tmp_path: Path) -> None:
    # 2021-03-28 01:30 UTC is 03:30 CEST in Paris, half an hour after the spring-forward jump.
    from runlean.store.activities import to_aware_utc, to_naive_utc

    start = dt.datetime(2021, 3, 28, 1, 30, 0, tzinfo=dt.UTC)
    with open_store(tmp_path) as store:
        with store.transaction() as s:
            s.add(ActivityRow(
                source_file="x", source_format="fit", content_sha256="0" * 64,
                session_index=0, start_utc=to_naive_utc(start), timezone="Europe/Paris",
                utc_offset_s=7200, sport="running", duration_s=60.0, laps_json=[],
                warnings_json=[], sanitised_json=[], n_samples=0,
                imported_at=to_naive_utc(dt.datetime.now(dt.UTC)) or start))
        (row,) = list_activities(store)
        assert row["start_utc"] == start
        assert row["start_utc"].tzinfo is dt.UTC
        assert row["timezone"] == "Europe/Paris"
        from zoneinfo import ZoneInfo

        local = row["start_utc"].astimezone(ZoneInfo(row["timezone"]))
        assert local.utcoffset() == dt.timedelta(seconds=row["utc_offset_s"])
        assert to_aware_utc(to_naive_utc(start)) == start


def test_energy_methods_and_planned_session(activities_dir: Path, tmp_path: Path,
                                            profile: tuple[Person, Habits]) -> None:
    with open_store(tmp_path) as store:
        save_profile(store, *profile)
        save_plan(store, {"sessions": [
            {"uid": "w1d1", "date": "2014-10-11", "type": "long", "sport": "run",
             "duration_min": 40}]})
        import_paths([activities_dir / "fit/garmin_fr645m_run_hr.fit",
                      activities_dir / "fit/garmin_fr15_run_no_hr.fit",
                      activities_dir / "fit/zwift_virtual_ride_power.fit"], store)
        rows = {r["source_file"].rsplit("/", 1)[-1]: r for r in list_activities(store)}
        hr = rows["garmin_fr645m_run_hr.fit"]
        assert hr["energy_method"] == "keytel_hr"
        assert hr["load_method"] == "banister_trimp"
        no_hr = rows["garmin_fr15_run_no_hr.fit"]
        assert no_hr["energy_method"] == "acsm_speed_grade"
        assert no_hr["load_method"] == "met_minutes"
        assert no_hr["planned_session_uid"] == "w1d1"
        assert hr["planned_session_uid"] is None
        trainer = rows["zwift_virtual_ride_power.fit"]
        assert trainer["energy_method"] == "acsm_cycling_power"  # power, not Compendium
        for r in rows.values():
            assert r["energy_kcal"] > r["net_energy_kcal"] >= 0
            assert r["epoc_kcal"] >= 0
            assert r["load"] > 0
        # ACSM check for the run without HR, independently: 80 kg, speed and grade.
        v = no_hr["distance_m"] / (no_hr["moving_time_s"] / 60.0)
        grade = (no_hr["ascent_m"] or 0.0) / no_hr["distance_m"]
        vo2 = 0.2 * v + 0.9 * v * grade + 3.5
        expected = (vo2 * 80 / 1000 * no_hr["moving_time_s"] / 60 * 5
                    + 3.5 * 80 / 1000 * (no_hr["duration_s"] - no_hr["moving_time_s"]) / 60 * 5)
        assert no_hr["energy_kcal"] == pytest.approx(expected, rel=1e-6)


def test_other_file_kinds_dispatch_to_their_registered_handler(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bytes]] = []

    def csv_handler(ctx: importing.ImportContext, name: str, data: bytes
                    ) -> importing.ImportReport:
        seen.append((name, data))
        return importing.ImportReport()

    monkeypatch.setitem(importing.HANDLERS, ".csv", csv_handler)
    log = tmp_path / "weights.csv"
    log.write_text("date,weight_kg\n2026-01-01,80.0\n")
    with open_store(tmp_path / "data") as store:
        report = import_paths([log], store)
    assert seen == [(str(log), log.read_bytes())]
    assert report.files == 1 and report.failed == []


def test_missing_path_is_a_recorded_failure(tmp_path: Path) -> None:
    with open_store(tmp_path / "data") as store:
        report = import_paths([tmp_path / "nope.fit"], store)
        assert len(report.failed) == 1 and "no such file" in report.failed[0].reason
        assert _count(store, FailedImportRow) == 1
