"""One option scheme and the user's units everywhere in the terminal (issue 11, items 13-15).

Imperial users see lb, in and miles in ``status``, ``log``, ``activities`` and in error
messages; every command spells the same value the same way and names its options (not the
model's fields) in errors; warnings go to standard error; a closed pipe loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from runlean.cli import app
from runlean.tracking.logs import local_today
from tests import hostile as h
from tests.cli.runner import Result, run_cli

BODY = ["plan", "--sex", "female", "--age", "30"]
PLAN = [*BODY, "--height", "165", "--weight", "70", "--lose-fat", "3", "--no-save"]
#: The same person in imperial units (65 in, 154 lb).
IMPERIAL = [*BODY, "--units", "imperial", "--height", "65", "--weight", "154", "--lose-fat", "6",
            "--no-save"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "runlean-home"
    monkeypatch.setenv("RUNLEAN_HOME", str(home))
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    monkeypatch.delenv("RUNLEAN_UNITS", raising=False)
    return home


def ok(*args: str) -> Result:
    result = run_cli(*args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def error(*args: str) -> str:
    """The one error line of a refused command (exit status 2, nothing on stdout)."""
    result = run_cli(*args)
    assert result.returncode == 2 and result.stdout == "", (args, result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("runlean: error: "), result.stderr
    return lines[0].removeprefix("runlean: error: ")


def _days_ago(n: int) -> str:
    """A date ``n`` days before today on the local clock (the clock ``runlean log`` uses)."""
    return (local_today() - dt.timedelta(days=n)).isoformat()


# --- 13: the user's units ----------------------------------------------------------------


def test_log_echo_is_words_in_the_users_unit() -> None:
    day = _days_ago(1)
    assert ok("log", "weight", "94.5", "--date", day).stdout.strip() == f"weight {day}: 94.5 kg"
    again = ok("log", "weight", "208.3", "--units", "imperial", "--date", day).stdout.strip()
    assert again == f"weight {day}: 208.3 lb (replaced 208.3 lb)"  # 94.5 kg = 208.33 lb
    assert ok("log", "waist", "34", "--units", "imperial", "--date", day).stdout.strip() \
        == f"measurement {day}: waist 34.0 in"
    assert ok("log", "intake", "2100", "--protein", "120", "--date", day).stdout.strip() \
        == f"intake {day}: 2100 kcal, protein 120 g"
    assert ok("log", "sleep", "7.5", "--date", day).stdout.strip() == f"sleep {day}: 7.5 h"
    table = ok("log", "list", "weight", "--units", "imperial").stdout
    assert "weight_lb" in table and "208.3" in table and "94.5" not in table
    table = ok("log", "list", "measurement", "--units", "imperial").stdout
    assert "waist_in" in table and "34.0" in table
    rows = json.loads(ok("log", "list", "weight", "--format", "json", "--units",
                         "imperial").stdout)["rows"]
    assert rows[0]["weight_kg"] == pytest.approx(208.3 * 0.45359237)  # JSON: metric
    deleted = ok("log", "delete", "weight", "--date", day, "--units", "imperial").stdout
    assert deleted.strip() == f"deleted weight {day}: 208.3 lb"
    # The old per-value spelling still works (hidden).
    assert ok("log", "weight", "200", "--unit", "LB", "--date", day).stdout.strip() \
        == f"weight {day}: 200.0 lb"


def test_validation_errors_name_the_option_in_the_users_unit() -> None:
    assert error(*IMPERIAL, "--weight", "10") \
        == "--weight: 10 lb is below 66.2 lb; expected between 66.2 and 771.6 lb."
    assert error(*PLAN, "--height", "300") \
        == "--height: 300 cm is above 230 cm; expected between 120 and 230 cm."
    assert error(*IMPERIAL[:-5], "--weight", "180", "--target-weight", "190").startswith(
        "--target-weight: got 190 lb; expected below your current weight (180 lb)")
    assert error("log", "weight", "10", "--units", "imperial") \
        == "weight: 10 lb is below 66.2 lb; expected between 66.2 and 771.6 lb."
    # The bounds shown are rounded inwards: 66.2 lb is accepted, 66.1 lb (29.98 kg) is not.
    assert error("log", "weight", "66.1", "--units", "imperial").startswith(
        "weight: 66.1 lb is below 66.2 lb;")
    ok("log", "weight", "66.2", "--units", "imperial")
    assert error("log", "waist", "200", "--units", "imperial") \
        == "waist: 200 in is above 98.4 in; expected between 15.8 and 98.4 in."
    assert error("profile", "set", "--units", "imperial", "--sex", "male", "--age", "40",
                 "--height", "70", "--weight", "900") \
        == "--weight: 900 lb is above 771.6 lb; expected between 66.2 and 771.6 lb."


def _falling_weights(units: str = "metric") -> None:
    """21 daily weights falling 0.3 kg a day: a loss too fast, which status warns about."""
    for i in range(21):
        ok("log", "weight", f"{100 - 0.3 * i:.1f}", "--date", _days_ago(20 - i))


def test_status_in_imperial_and_its_warnings_on_stderr() -> None:
    _falling_weights()
    metric = ok("status")
    imperial = ok("status", "--units", "imperial")
    trend = json.loads(ok("status", "--format", "json").stdout)
    kg, rate = trend["trend_weight_kg"], trend["weight_rate_kg_per_week"]
    assert f"Trend weight      {kg:.1f} kg  ({rate:+.2f} kg/week)" in metric.stdout
    assert (f"Trend weight      {kg / 0.45359237:.1f} lb  ({rate / 0.45359237:+.2f} lb/week)"
            in imperial.stdout)
    assert not re.search(r"\d kg", imperial.stdout)
    for result in (metric, imperial):  # the warning: stderr only
        assert "warning: losing" in result.stderr and "losing" not in result.stdout
    assert any(w.startswith("losing") for w in trend["warnings"])  # still in the JSON
    # The JSON keeps its (metric) field names whatever --units says.
    again = json.loads(ok("status", "--format", "JSON", "--units", "imperial").stdout)
    assert again["trend_weight_kg"] == kg


def test_activities_in_miles(tmp_path: Path) -> None:
    mile = 1609.344
    run = tmp_path / "mile.tcx"  # one mile in 8 minutes
    run.write_bytes(h.tcx(distances=[f"{mile * i / 10:.3f}" for i in range(11)],
                          lap_distance=f"{mile:.3f}", step_s=48))
    ok("import", str(run))
    metric = ok("activities").stdout
    imperial = ok("activities", "--units", "imperial").stdout
    assert re.search(r"\bkm\b", metric.splitlines()[1]) and "1.61" in metric
    assert "4:58 /km" in metric
    assert re.search(r"\bmi\b", imperial.splitlines()[1]) and "1.00" in imperial
    assert "8:00 /mi" in imperial and "/km" not in imperial
    row = json.loads(ok("activities", "--format", "json", "--units", "imperial").stdout)[0]
    assert row["distance_m"] == pytest.approx(mile, abs=0.01)  # JSON stays metric
    detail = ok("activity", str(row["id"]), "--units", "imperial").stdout
    assert "1.00 mi" in detail and "8:00 /mi" in detail


# --- 14: one option scheme ---------------------------------------------------------------


def _command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(root, [])
    return paths


def test_help_shows_metavars_not_python_types() -> None:
    paths = _command_paths()
    assert ["log", "weight"] in paths and ["profile", "set"] in paths and len(paths) > 20
    for path in paths:
        text = ok(*path, "--help").stdout
        found = re.findall(r"<(?:float|int|str|path|list|bool|Path)\b[^>]*>", text)
        assert not found, (path, found)
    weight = ok("log", "weight", "--help").stdout
    assert re.search(r"^\s+WEIGHT\s+Scale weight", weight, re.M)
    plan = ok("plan", "--help").stdout
    for needle in ("--longest-session MIN", "--run-days DAYS", "--units <metric|imperial>",
                   "--weight WEIGHT", "--out DIR"):
        assert needle in plan


def test_one_spelling_for_each_value_and_old_spellings_hidden() -> None:
    plan = ok("plan", "--help").stdout
    profile = ok("profile", "set", "--help").stdout
    for option in ("--units", "--height", "--weight", "--body-fat", "--sleep", "--strength"):
        assert re.search(rf"^\s+{option} ", plan, re.M), option
        assert re.search(rf"^\s+{option} ", profile, re.M), option
    for old in ("--height-cm", "--weight-kg", "--weight-lb", "--body-fat-pct",
                "--sleep-hours", "--strength-sessions"):
        assert not re.search(rf"^\s+{old}\b", profile, re.M), old
    assert "--lose-fat-kg" not in plan and "--lose-fat WEIGHT" in plan
    assert "--unit " not in ok("log", "weight", "--help").stdout
    # The old spellings still work, so that scripts keep running.
    ok("profile", "set", "--sex", "female", "--age", "40", "--height-in", "65",
       "--weight-lb", "180", "--body-fat-pct", "30", "--sleep-hours", "7",
       "--strength-sessions", "2")
    shown = json.loads(ok("profile", "show", "--json").stdout)
    assert shown["person"]["weight_kg"] == pytest.approx(180 * 0.45359237)
    assert shown["person"]["height_cm"] == pytest.approx(65 * 2.54)
    assert shown["person"]["body_fat_pct"] == 30 and shown["habits"]["sleep_hours"] == 7
    ok("profile", "set", "--units", "imperial", "--weight", "170", "--body-fat", "29",
       "--sleep", "8", "--strength", "3")
    shown = json.loads(ok("profile", "show", "--format", "json").stdout)
    assert shown["person"]["weight_kg"] == pytest.approx(170 * 0.45359237)
    assert shown["person"]["body_fat_pct"] == 29 and shown["habits"]["sleep_hours"] == 8
    assert shown["habits"]["strength_sessions_per_week"] == 3
    text = ok("profile", "show", "--units", "imperial").stdout
    assert "170.0 lb" in text and "65.0 in" in text
    assert error("profile", "set", "--sleep", "7", "--sleep-hours", "8").startswith(
        "--sleep-hours: got 8.0; expected to be left out when --sleep is given")
    # The profile now says imperial: a metric plan says so (the saved units read 165 as in).
    assert error(*PLAN).startswith("--height: 165 in is above")
    ok(*PLAN[:-3], "--lose-fat-kg", "3", "--no-save", "--units", "metric")


def test_format_json_everywhere_and_json_kept_hidden(tmp_path: Path) -> None:
    run = tmp_path / "run.gpx"
    run.write_bytes(h.gpx())
    ok("import", str(run))
    for command in (["profile", "show"], ["activity", "1"]):
        assert "--format" in ok(*command, "--help").stdout
        assert "--json" not in ok(*command, "--help").stdout
    detail = json.loads(ok("activity", "1", "--format", "json").stdout)
    assert detail == json.loads(ok("activity", "1", "--json").stdout)
    assert detail["id"] == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--run-days", "9"], "--run-days: got 9; expected between 1 and 7 days per week."),
    (["--cross", "Cycling,skating"], "--cross: got 'skating'; expected 'cycling', "
                                     "'swimming', 'elliptical' or 'rowing'."),
    (["--longest-session", "5"], "--longest-session: got 5.0; expected between 10 and 360 "
                                 "minutes."),
    (["--weekly-distance", "300", "--units", "imperial", "--height", "65", "--weight", "154"],
     "--weekly-distance: 300 miles is above 155.3 miles; expected between 0 and 155.3 miles "
     "per week."),
    (["--race-distance", "0.1", "--race-time", "1:00"],
     "--race-distance: 0.1 km is below 0.8 km; expected between 0.8 and 100 km."),
    (["--sleep", "2"], "--sleep: got 2.0; expected between 3 and 14 hours per night."),
])
def test_errors_name_options_not_model_fields(args: list[str], message: str) -> None:
    line = error(*PLAN, *args)
    assert line == message
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", line)  # no field name such as cross_training


def test_choices_ignore_case() -> None:
    result = ok(*IMPERIAL[:2], "Female", *IMPERIAL[3:5], "--units", "IMPERIAL",
                *IMPERIAL[7:], "--experience", "Beginner", "--occupation", "SEATED",
                "--cross", "Cycling")
    assert "lb" in result.stdout and not re.search(r"\d kg", result.stdout)
    assert ok("status", "--format", "Json").stdout.lstrip().startswith("{")
    assert "invalid" not in ok("log", "list", "weight", "--format", "JSON").stdout.lower()
    assert "weight log: 0 of 0" in ok("log", "list", "Weight").stdout
    line = error("plan", "--units", "stone")
    assert line == "Invalid value for '--units': 'stone' is not one of 'metric', 'imperial'."


def test_units_default_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNLEAN_UNITS", "imperial")
    day = _days_ago(1)
    assert ok("log", "weight", "200", "--date", day).stdout.strip() == f"weight {day}: 200.0 lb"
    assert ok("log", "weight", "90", "--date", day, "--units", "metric").stdout.strip() \
        == f"weight {day}: 90.0 kg (replaced 90.7 kg)"


# --- 15: warnings, duplicates, pipes -------------------------------------------------------


def test_intake_with_more_macro_energy_than_calories_warns_on_stderr() -> None:
    day = _days_ago(1)
    # 4 x 150 + 4 x 300 + 9 x 80 = 2520 kcal against 1800 logged: 40 % more.
    result = ok("log", "intake", "1800", "--protein", "150", "--carbs", "300", "--fat", "80",
                "--date", day)
    assert result.stdout.strip() == (f"intake {day}: 1800 kcal, protein 150 g, carbohydrate "
                                     "300 g, fat 80 g")
    assert result.stderr.startswith("warning: the macros hold 2520 kcal")
    assert "40 % more than the 1800 kcal logged" in result.stderr
    # Consistent macros (2000 kcal of 2100) and a small excess (+10 %) do not warn.
    assert ok("log", "intake", "2100", "--protein", "150", "--carbs", "230", "--fat", "60",
              "--date", day).stderr == ""
    assert ok("log", "intake", "2000", "--protein", "150", "--carbs", "250", "--fat", "67",
              "--date", day).stderr == ""
    # The values are logged as given, warning or not.
    rows = json.loads(ok("log", "list", "intake", "--format", "json").stdout)["rows"]
    assert rows[0]["kcal"] == 2000


def test_plan_warnings_including_a_past_start_go_to_stderr() -> None:
    start = _days_ago(14)
    result = ok(*PLAN, "--start", start)
    assert f"This plan starts in the past ({start}, 14 days ago)" in " ".join(
        result.stderr.split())
    assert "starts in the past" not in result.stdout and "Your plan" in result.stdout


def test_reimport_counts_duplicates_in_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"run{i}.gpx").write_bytes(h.gpx(start=f"2021-07-0{i + 1}T08:00:00Z"))
    ok("import", str(src))
    again = ok("import", str(src))
    assert "3 duplicates skipped (already stored); --verbose lists them." in again.stdout
    assert "run0.gpx" not in again.stdout and "Duplicates skipped" not in again.stdout
    verbose = ok("import", str(src), "--verbose")
    assert "3 duplicates skipped (already stored)." in verbose.stdout
    assert all(f"run{i}.gpx" in verbose.stdout for i in range(3))


def test_a_closed_pipe_loses_no_file_and_prints_no_traceback(tmp_path: Path) -> None:
    """``runlean plan ... --out DIR | head -1``: the reader is gone before the first line."""
    out = tmp_path / "plan"
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to stdout now fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "runlean", *PLAN, "--start", _days_ago(0), "--out", str(out)],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
            env={**os.environ, "RUNLEAN_HOME": str(tmp_path / "home")})
    finally:
        os.close(write_end)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["plan.ics", "plan.json", "report.html",
                                                     "sessions.csv"]
    assert json.loads((out / "plan.json").read_text())["sessions"]
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    assert "Exception ignored" not in proc.stderr


def test_plan_refusals_and_warnings_in_imperial() -> None:
    line = error(*IMPERIAL[:-3], "--target-weight", "90")
    # The refusal is written to 0.1 kg (40.8 kg), which is 89.9 lb, not the 90 typed.
    assert re.match(r"No plan: the target weight ends at (89\.9|90\.0) lb, a BMI of 15\.0", line)
    assert "lowest safe weight at your height: 111.1 lb" in line and " kg" not in line
    result = ok(*IMPERIAL[:-3], "--lose-fat", "20", "--no-save")
    warnings = " ".join(result.stderr.split())
    assert "Guidelines suggest a first goal of 5-10 % (7-15 lb)" in warnings
    assert not re.search(r"\d kg", result.stderr + result.stdout)


def test_units_given_once_are_kept_by_every_later_command() -> None:
    """`plan --units imperial` saves the choice with the profile: `log`, `status`, `profile
    show` and the next plan read and print lb without --units; --units still overrides it,
    and `profile set --units metric` switches back."""
    ok(*BODY, "--units", "imperial", "--height", "65", "--weight", "154", "--lose-fat", "6")
    assert ok("log", "weight", "153").stdout.strip().endswith("153.0 lb")
    status = ok("status").stdout
    assert "Trend weight      153.0 lb" in status and " kg" not in status
    assert "154.0 lb" in ok("profile", "show").stdout
    assert json.loads(ok("profile", "show", "--format", "json").stdout)["person"][
        "units"] == "imperial"
    # Typed in the saved units: 153 is lb (not a 153 kg weighing), with no --units.
    listed = json.loads(ok("log", "list", "weight", "--format", "json").stdout)
    assert listed["rows"][0]["weight_kg"] == pytest.approx(153 * 0.45359237, abs=1e-6)
    assert ok("log", "weight", "69.5", "--units", "metric").stdout.strip().endswith(
        "69.5 kg (replaced 69.4 kg)")
    ok("profile", "set", "--units", "metric")
    assert ok("log", "weight", "69.4").stdout.strip().endswith("69.4 kg (replaced 69.5 kg)")
    assert "Trend weight      69.4 kg" in ok("status").stdout
