"""Hostile inputs through the ``runlean`` entry point (issue 13): every command gives its
output or one ``runlean: error:`` line (never a traceback), what a file holds never becomes
Rich markup or a terminal escape sequence, JSON is valid JSON, CSV cells are not formulas,
and the store keeps its invariants (each row has its stream and each stream its row; a
re-import completes the set without duplicates)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from runlean.cli import main
from tests import hostile as h


def run(args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run ``runlean ARGS`` in-process; (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["runlean", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, out + err
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("runlean: error: "), err
    return lines[0]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        return run(list(args), capsys, monkeypatch)

    return call


# ------------------------------------------------------- 4. markup and escape sequences


def test_markup_and_escapes_from_files_never_reach_rich_or_the_terminal(cli: Any,
                                                                         tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.gpx").write_bytes(h.gpx(sport="[/]"))
    (src / "b.fit").write_bytes(h.fit(start=h.T0 + 3600, product=b"[/]\x1b]0;pwned\x07\x1b[2J"))
    (src / "c.tcx").write_bytes(h.tcx(sport="[/]", start="2021-07-01T11:00:00Z",
                                      creator="[bold red]x\x1b[2J"))
    (src / "d.zip").write_bytes(h.zip_bytes({"evil[/].fit": b"junk", "ok[/]\x1b[2J.gpx":
                                             h.gpx(start="2021-07-01T12:00:00Z")}))
    data = str(tmp_path / "data")
    code, out, err = cli("import", str(src), "--data-dir", data)
    assert code == 0, err
    assert "evil[/].fit" in err and "\x1b" not in out + err  # failures: stderr
    rows = h.store_invariants(Path(data))
    assert len(rows) == 4
    code, out, _ = cli("import", "--failed", "--data-dir", data)
    assert code == 0 and "evil[/].fit" in out
    for args in (["activities"], ["activities", "--wide"], ["activities", "--format", "csv"]):
        code, out, err = cli(*args, "--data-dir", data)
        assert code == 0 and "[/]" in out and "\x1b" not in out, err
    for r in rows:
        code, out, err = cli("activity", str(r["id"]), "--data-dir", data)
        assert code == 0 and "\x1b" not in out, err
    fit_row = next(r for r in rows if r["source_format"] == "fit")
    assert "[/]" in str(fit_row["device"]) and "\x1b" not in str(fit_row["device"])
    gpx_row = next(r for r in rows if r["source_file"].endswith("a.gpx"))
    code, out, err = cli("activity", str(gpx_row["id"]), "--sport", "running", "--data-dir",
                         data)
    assert code == 0, err
    assert "Sport of activity" in out and "[/] -> running" in out


# ----------------------------------------- 5. zero durations and subnormal distances


def test_zero_duration_and_subnormal_distance_list_and_show(cli: Any, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "same_time_ride.fit").write_bytes(
        h.fit(times=[h.T0] * 5, distance_cm=[0, 1000, 2000, 3000, 4000], sport=2))
    (src / "same_time_run.fit").write_bytes(
        h.fit(start=h.T0 + 7200, times=[h.T0 + 7200] * 3, distance_cm=[0, 500, 900]))
    (src / "tiny.tcx").write_bytes(h.tcx(distances=["0"] + ["4.9e-324"] * 10,
                                         start="2021-07-02T08:00:00Z"))
    data = str(tmp_path / "data")
    code, _, err = cli("import", str(src), "--data-dir", data)
    assert code == 0, err
    rows = h.store_invariants(Path(data))
    assert len(rows) == 3
    for fmt in ("table", "json", "csv"):
        code, _, err = cli("activities", "--format", fmt, "--data-dir", data)
        assert code == 0, err
    for r in rows:
        code, _, err = cli("activity", str(r["id"]), "--data-dir", data)
        assert code == 0, err
    code, _, err = cli("status", "--format", "json", "--data-dir", data)
    assert code == 0, err


# --------------------------------------------- 6. implausible activities, valid JSON


def test_impossible_files_are_refused_and_json_output_is_valid(cli: Any, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "flip.fit").write_bytes(h.fit(times=[h.T0, h.T0 + 1, h.T0 + 2, 0xFFFFFF00]))
    (src / "far.gpx").write_bytes(h.gpx(times=["2021-07-01T08:00:00Z", "2149-07-01T08:00:10Z"],
                                        lats=[48.0, 48.0]))
    (src / "inf.tcx").write_bytes(h.tcx(distances=["0", "INF", "-3"] + ["90"] * 8,
                                        lap_distance="inf"))
    (src / "neg.tcx").write_bytes(h.tcx(distances=["-5000"] * 11, start="2021-07-03T08:00:00Z"))
    (src / "kcal.fit").write_bytes(h.fit(start=h.T0 + 86_400 * 5, kcal=65_000))
    data = str(tmp_path / "data")
    code, out, err = cli("import", str(src), "--data-dir", data)
    assert code == 0, err
    assert err.count("not imported:") == 2 and "not imported:" not in out  # warnings: stderr
    rows = h.store_invariants(Path(data))
    assert len(rows) == 3
    for r in rows:
        assert r["duration_s"] < 48 * 3600
        assert r["distance_m"] is None or 0 <= r["distance_m"] < 1e6
        assert r["device_energy_kcal"] is None or r["device_energy_kcal"] < 30_000
    code, out, err = cli("activities", "--format", "json", "--data-dir", data)
    assert code == 0 and len(strict_json(out)) == 3, err
    for r in rows:
        code, out, err = cli("activity", str(r["id"]), "--json", "--data-dir", data)
        assert code == 0, err
        strict_json(out)
    code, out, err = cli("status", "--format", "json", "--data-dir", data)
    assert code == 0, err
    strict_json(out)


# ------------------------------------------------------ 9. one bad member, re-import


def test_folder_with_a_damaged_zip_imports_the_rest_and_reimport_completes(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_broken.zip").write_bytes(b"PK\x03\x04 damaged")
    secret = h.mark_encrypted(h.zip_bytes({"secret.gpx": h.gpx(start="2021-07-05T08:00:00Z"),
                                           "z_ok.gpx": h.gpx(start="2021-07-06T08:00:00Z")}),
                              "secret.gpx")
    (src / "b_export.zip").write_bytes(secret)
    (src / "c_run.fit").write_bytes(h.fit())
    (src / "d_big.gpx").write_bytes(h.gpx(start="2021-07-07T08:00:00Z") + b" " * 3000)
    data = str(tmp_path / "data")
    monkeypatch.setenv("RUNLEAN_LIMIT_MAX_FILE_BYTES", "3000")
    code, out, err = cli("import", str(src), "--data-dir", data)
    assert code == 0, err
    assert "Import of 5 file(s)" in out
    rows = h.store_invariants(Path(data))
    assert sorted(Path(r["source_file"]).name.rsplit("!", 1)[-1] for r in rows) == [
        "c_run.fit", "z_ok.gpx"]
    code, out, _ = cli("import", "--failed", "--data-dir", data)
    for name in ("a_broken.zip", "secret.gpx", "d_big.gpx"):
        assert name in out
    # The user repairs what failed and imports the folder again: the set is completed.
    monkeypatch.delenv("RUNLEAN_LIMIT_MAX_FILE_BYTES")
    (src / "a_broken.zip").write_bytes(h.zip_bytes({"fixed.gpx":
                                                    h.gpx(start="2021-07-08T08:00:00Z")}))
    (src / "b_export.zip").write_bytes(h.zip_bytes({
        "secret.gpx": h.gpx(start="2021-07-05T08:00:00Z"),
        "z_ok.gpx": h.gpx(start="2021-07-06T08:00:00Z")}))
    code, out, err = cli("import", str(src), "--data-dir", data)
    assert code == 0, err
    rows = h.store_invariants(Path(data))
    assert len(rows) == 5
    assert len({(r["start_utc"], r["sport"]) for r in rows}) == 5  # no duplicates
    code, out, _ = cli("import", "--failed", "--data-dir", data)
    assert "No failed imports recorded." in out


# ------------------------------------------------------------- 14. formula injection


def test_csv_export_neutralises_formulas_but_keeps_numbers(cli: Any, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "=cmd.gpx").write_bytes(h.gpx(sport='=HYPERLINK("http://x.example","y")'))
    (src / "@sum.tcx").write_bytes(h.tcx(sport="@SUM(A1)", start="2021-07-02T08:00:00Z"))
    data = str(tmp_path / "data")
    assert cli("import", str(src), "--data-dir", data)[0] == 0
    code, out, err = cli("activities", "--format", "csv", "--data-dir", data)
    assert code == 0, err
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert {r["sport"] for r in parsed} == {"'=hyperlink(\"http://x.example\",\"y\")",
                                            "'@sum(a1)"}
    assert {Path(r["source_file"]).name for r in parsed} == {"=cmd.gpx", "@sum.tcx"}
    for r in parsed:
        for value in r.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), r
        assert float(r["distance_m"]) > 0


def test_simulate_csv_keeps_negative_numbers(cli: Any, tmp_path: Path) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"person": {"sex": "female", "age_years": 35,
                                               "height_cm": 165, "weight_kg": 80},
                                    "days": 3, "intake_change_kcal_per_day": -500}))
    code, out, err = cli("simulate", str(scenario))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert float(rows[1]["adaptive_thermogenesis_kcal_per_day"]) < 0


# ---------------------------------------------------- 11. unbounded values, one line


@pytest.mark.parametrize(("content", "message"), [
    ('{"person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 80}, '
     '"days": ' + "9" * 5000 + "}", "a number of 5,000 digits"),
    ("[" * 200_000 + "]" * 200_000, "nested more than 32 levels deep"),
    ('{"person": {"sex": "male", "age_years": 30, "height_cm": 180, "weight_kg": 80}, '
     '"days": 10, "parameter_set": ["bw"]}', "parameter_set: got ['bw']; expected one of"),
])
def test_unbounded_scenarios_are_one_line_errors(cli: Any, tmp_path: Path, content: str,
                                                 message: str) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(content)
    code, out, err = cli("simulate", str(scenario))
    assert code == 2 and out == ""
    assert message in one_error_line(err)


def test_huge_activity_id_is_a_one_line_error(cli: Any, tmp_path: Path) -> None:
    code, _, err = cli("activity", "99999999999999999999", "--data-dir", str(tmp_path))
    assert code == 2 and "ACTIVITY_ID" in one_error_line(err)
    code, _, err = cli("activity", "0", "--data-dir", str(tmp_path))
    assert code == 2 and "a whole number from 1" in one_error_line(err)


@pytest.mark.parametrize(("body", "message"), [
    ("date,weight_kg\n2024-05-07," + "x" * 200_000 + "\n", "not a readable CSV file"),
    ("date,weight_kg\n2024-05-07<script>,70\n", "is not a date"),
    ("date,weight_kg\n2024-05-07,7_2\n", "is not a number"),
    ("date,weight_kg,date\n2024-05-07,70,2024-05-08\n", "appears more than once"),
])
def test_log_import_of_hostile_csv(cli: Any, tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(body)
    data = str(tmp_path / "data")
    code, _, err = cli("log", "import", str(path), "--data-dir", data)
    assert code == 2 and message in one_error_line(err)
    code, out, _ = cli("status", "--format", "json", "--data-dir", data)
    assert strict_json(out)["trend_weight_kg"] is None  # nothing was written


def test_log_import_of_a_device_is_refused(cli: Any, tmp_path: Path) -> None:
    code, _, err = cli("log", "import", "/dev/zero", "--data-dir", str(tmp_path))
    assert code == 2 and "not a regular file" in one_error_line(err)


@pytest.mark.parametrize("value", ["7_2", "\u0667\u0662", "72,5", "nan", "1e400"])
def test_log_values_are_parsed_strictly(cli: Any, tmp_path: Path, value: str) -> None:
    code, _, err = cli("log", "weight", value, "--data-dir", str(tmp_path))
    assert code == 2 and "weight: got" in one_error_line(err)


# ------------------------------------------- 12. simulate outside the validity range


@pytest.mark.parametrize(("person", "change", "field", "what"), [
    ({"sex": "male", "age_years": 40, "height_cm": 180, "weight_kg": 350}, 6000,
     "intake_change_kcal_per_day: got 6000", "glycogen_kg became negative"),
    ({"sex": "female", "age_years": 40, "height_cm": 150, "weight_kg": 30}, -1100,
     "intake_change_kcal_per_day: got -1100", "the lowest compatible with survival"),
])
def test_simulate_outside_the_model_validity_range(cli: Any, tmp_path: Path,
                                                   person: dict[str, Any], change: float,
                                                   field: str, what: str) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"person": person, "days": 60,
                                    "intake_change_kcal_per_day": change}))
    for fmt in ("csv", "json"):
        code, out, err = cli("simulate", str(scenario), "--format", fmt)
        assert code == 2 and out == ""
        line = one_error_line(err)
        assert field in line and what in line and "on day " in line


def test_file_names_with_markup_are_printed_literally(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "[red]x.csv"  # as markup, Rich would swallow "[red]"
    path.write_text("date,weight_kg\n2023-05-01,72.4\n")
    code, out, err = cli("log", "import", str(path), "--data-dir", str(tmp_path / "d"))
    out = " ".join(out.split())  # the console wraps at 80 columns, where depends on the path
    assert code == 0 and "[red]x.csv:" in out and "weight: 1 new" in out, err
