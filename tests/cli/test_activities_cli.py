"""``runlean import``, ``runlean activities`` and ``runlean activity`` through the Typer app."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from runlean.cli import app
from runlean.cli._app import console
from runlean.store.activities import LIST_COLUMNS

REQUIRED = {"id", "start_utc", "timezone", "sport", "sub_sport", "duration_s", "moving_time_s",
            "distance_m", "ascent_m", "avg_hr_bpm", "max_hr_bpm", "energy_kcal",
            "energy_method", "device_energy_kcal", "load", "load_method", "source_file"}


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_import_list_and_show(activities_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for f in ("fit/garmin_fr645m_run_hr.fit", "tcx/garmin_fr620_run_laps.tcx",
              "gpx/apple_health_walk.gpx"):
        shutil.copy(activities_dir / f, src)
    (src / "broken.tcx").write_text("<TrainingCenterDatabase><Activities>")
    d = str(tmp_path / "data")
    out = _invoke("import", str(src), "--data-dir", d)
    assert "imported activities" in out and "broken.tcx" in out
    out = _invoke("import", str(src), "--data-dir", d)
    assert "duplicates skipped" in out
    failed = _invoke("import", "--failed", "--data-dir", d)
    assert "broken.tcx" in failed

    rows = json.loads(_invoke("activities", "--format", "json", "--data-dir", d))
    assert len(rows) == 3
    assert set(rows[0]) >= REQUIRED
    starts = [r["start_utc"] for r in rows]
    assert starts == sorted(starts)
    assert all(r["start_utc"].endswith("+00:00") for r in rows)

    parsed = list(csv.DictReader(io.StringIO(_invoke("activities", "--format", "csv",
                                                     "--data-dir", d))))
    assert len(parsed) == 3
    assert list(parsed[0]) == ["id", "start_utc", "start_local", *LIST_COLUMNS[2:]]
    for r in parsed:  # local time = the same instant in the activity's zone
        local = dt.datetime.fromisoformat(r["start_local"])
        assert local == dt.datetime.fromisoformat(r["start_utc"])
        assert local.utcoffset() == local.astimezone(ZoneInfo(r["timezone"])).utcoffset()
    assert float(parsed[0]["duration_s"]) == rows[0]["duration_s"]

    since = json.loads(_invoke("activities", "--since", "2019-01-01", "--format", "json",
                               "--data-dir", d))
    assert {r["id"] for r in since} == {r["id"] for r in rows
                                        if r["start_utc"] >= "2019-01-01"}
    console.width = 160  # a wide terminal: no cell is wrapped
    try:
        table = _invoke("activities", "--data-dir", d)
    finally:
        console.width = 80
    assert "3 activities" in table
    run = next(r for r in parsed if r["sport"] == "running")
    moving = float(run["moving_time_s"] or run["duration_s"])
    per_km = round(moving / (float(run["distance_m"]) / 1000))
    assert f"{per_km // 60}:{per_km % 60:02d} /km" in table  # pace for runs

    detail = _invoke("activity", str(rows[0]["id"]), "--data-dir", d)
    assert "Energy" in detail and "device" in detail
    hr_row = next(r for r in rows if r["avg_hr_bpm"])
    detail = _invoke("activity", str(hr_row["id"]), "--data-dir", d)
    assert "Heart-rate zones" in detail
    assert "start (local)" in detail and hr_row["timezone"] in detail


def test_unknown_activity_and_bad_format_are_errors(tmp_path: Path) -> None:
    d = str(tmp_path)
    result = CliRunner().invoke(app, ["activity", "999", "--data-dir", d])
    assert result.exit_code != 0 and "no activity with id 999" in str(result.exception)
    result = CliRunner().invoke(app, ["activities", "--format", "xml", "--data-dir", d])
    assert result.exit_code == 2 and "'--format'" in result.output and "xml" in result.output


def test_activities_table_is_readable_at_80_columns(activities_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    d = str(tmp_path / "data")
    _invoke("import", str(activities_dir / "fit/suunto_xc_skiing.fit"),
            str(activities_dir / "fit/garmin_fr645m_run_hr.fit"),
            str(activities_dir / "fit/wahoo_elemnt_ride_power.fit"), "--data-dir", d)
    rows = json.loads(_invoke("activities", "--format", "json", "--data-dir", d))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(console, "width", 80)
    out = _invoke("activities", "--data-dir", d)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "start (local)" in line)
    for word in ("id", "start (local)", "sport", "time", "km", "pace", "HR", "kcal",
                 "load"):
        assert word in header.split("  ") or f" {word} " in f" {header} ", word
    for r in rows:  # each date and time whole, on one line, with its kcal
        local = dt.datetime.fromisoformat(r["start_local"])
        line = next(line for line in lines if f"{local:%Y-%m-%d %H:%M}" in line)
        assert f"{r['energy_kcal']:.0f}" in line
    assert "cross_cou…" in out and "skiing" not in out  # shortened, never wrapped

    monkeypatch.setattr(console, "width", 160)
    wide = _invoke("activities", "--wide", "--data-dir", d)
    assert "device kcal" in wide and "wahoo_elemnt_ride_power.fit" in wide


def test_activity_sport_option_corrects_the_sport(activities_dir: Path, tmp_path: Path) -> None:
    d = str(tmp_path / "data")
    _invoke("import", str(activities_dir / "gpx/tomtom_run_two_segments.gpx"), "--data-dir", d)
    (row,) = json.loads(_invoke("activities", "--format", "json", "--data-dir", d))
    assert row["sport"] == "generic"
    shown = json.loads(_invoke("activity", str(row["id"]), "--json", "--data-dir", d))
    assert any(w.startswith("sport unknown") for w in shown["warnings_json"])
    out = _invoke("activity", str(row["id"]), "--sport", "running", "--data-dir", d)
    assert f"Sport of activity {row['id']}: generic -> running" in out
    assert "acsm_speed_grade" in out
    (new,) = json.loads(_invoke("activities", "--format", "json", "--data-dir", d))
    assert new["sport"] == "running" and new["energy_method"] == "acsm_speed_grade"
    assert new["energy_kcal"] != row["energy_kcal"]
    bad = CliRunner().invoke(app, ["activity", str(row["id"]), "--sport", "chess",
                                   "--data-dir", d])
    assert bad.exit_code != 0 and "--sport" in str(bad.exception)


def test_import_exit_code_when_everything_failed(tmp_path: Path) -> None:
    d = str(tmp_path / "data")
    missing = CliRunner().invoke(app, ["import", str(tmp_path / "no-such"), "--data-dir", d])
    assert missing.exit_code == 1, missing.output
    broken = tmp_path / "broken.tcx"
    broken.write_text("<TrainingCenterDatabase><Activities>")
    res = CliRunner().invoke(app, ["import", str(broken), "--data-dir", d])
    assert res.exit_code == 1 and "broken.tcx" in res.output


def test_import_with_some_success_exits_zero(activities_dir: Path, tmp_path: Path) -> None:
    good = activities_dir / "gpx/apple_health_walk.gpx"
    d = str(tmp_path / "data")
    res = CliRunner().invoke(app, ["import", str(good), str(tmp_path / "no-such"),
                                   "--data-dir", d])
    assert res.exit_code == 0, res.output
    assert "no-such" in res.output
    assert len(json.loads(_invoke("activities", "--format", "json", "--data-dir", d))) == 1
    again = CliRunner().invoke(app, ["import", str(good), str(tmp_path / "no-such"),
                                     "--data-dir", d])
    assert again.exit_code == 0 and "1 duplicate skipped" in again.output  # nothing new: fine


@pytest.mark.parametrize("empty", ["", "  "])
def test_import_refuses_empty_path(tmp_path: Path, empty: str) -> None:
    (tmp_path / "run.gpx").write_text("<gpx></gpx>")
    res = CliRunner().invoke(app, ["import", empty, "--data-dir", str(tmp_path / "data")],
                             catch_exceptions=True)
    assert res.exit_code != 0 and "empty path" in str(res.exception)


def _activity_ids(d: str) -> list[int]:
    return [r["id"] for r in json.loads(_invoke("activities", "--format", "json",
                                                "--data-dir", d))]


def test_import_names_its_batch_and_undo_removes_it(tmp_path: Path) -> None:
    from ..store.synthetic_files import write_fit_folder

    write_fit_folder(tmp_path / "alpha", 2)
    write_fit_folder(tmp_path / "bravo", 3, first_day=10)
    d = str(tmp_path / "data")
    out = _invoke("import", str(tmp_path / "alpha"), "--data-dir", d)
    assert "batch 1" in out and "runlean import --undo 1" in out
    out = _invoke("import", str(tmp_path / "bravo"), "--data-dir", d)
    assert "batch 2" in out
    listing = _invoke("import", "--batches", "--data-dir", d)
    assert 0 < listing.index("bravo") < listing.index("alpha")  # newest first
    assert len(_activity_ids(d)) == 5

    refused = CliRunner().invoke(app, ["import", "--undo", "1", "--data-dir", d], input="n\n")
    assert refused.exit_code == 1, refused.output
    assert "2 activities" in refused.output and "Nothing deleted" in refused.output
    assert len(_activity_ids(d)) == 5
    confirmed = CliRunner().invoke(app, ["import", "--undo", "1", "--data-dir", d],
                                   input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Undid import batch 1" in confirmed.output
    assert len(_activity_ids(d)) == 3
    out = _invoke("import", "--undo", "2", "--yes", "--data-dir", d)
    assert "Undid import batch 2: deleted 3 activities" in out
    assert _activity_ids(d) == []
    assert "No import batches" in _invoke("import", "--batches", "--data-dir", d)

    unknown = CliRunner().invoke(app, ["import", "--undo", "7", "--yes", "--data-dir", d])
    assert unknown.exit_code != 0 and "no import batch 7" in str(unknown.exception)
    mixed = CliRunner().invoke(app, ["import", str(tmp_path / "alpha"), "--undo", "2",
                                     "--data-dir", d])
    assert mixed.exit_code != 0 and "--undo" in str(mixed.exception)
    assert _activity_ids(d) == []


def test_activity_delete_asks_then_deletes(tmp_path: Path) -> None:
    from ..store.synthetic_files import fit_bytes

    (tmp_path / "multi.fit").write_bytes(fit_bytes(0, sessions=3))
    d = str(tmp_path / "data")
    _invoke("import", str(tmp_path / "multi.fit"), "--data-dir", d)
    first, *rest = _activity_ids(d)
    refused = CliRunner().invoke(app, ["activity", str(first), "--delete", "--data-dir", d],
                                 input="n\n")
    assert refused.exit_code == 1 and "Nothing deleted" in refused.output
    assert "multi.fit" in refused.output  # it says which activity it would delete
    assert _activity_ids(d) == [first, *rest]
    out = _invoke("activity", str(first), "--delete", "--yes", "--data-dir", d)
    assert f"Deleted activity {first}" in out
    assert _activity_ids(d) == rest
    gone = CliRunner().invoke(app, ["activity", str(first), "--delete", "--yes",
                                    "--data-dir", d])
    assert gone.exit_code != 0 and f"no activity with id {first}" in str(gone.exception)
    both = CliRunner().invoke(app, ["activity", str(rest[0]), "--delete", "--sport",
                                    "running", "--yes", "--data-dir", d])
    assert both.exit_code != 0 and "--delete" in str(both.exception)
    assert _activity_ids(d) == rest
