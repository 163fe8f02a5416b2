"""`runlean plan` as a new user runs it: refusals, files written, stable calendar UIDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import Result, run_cli

BASE = ["plan", "--sex", "female", "--age", "30", "--height", "165", "--weight", "70",
        "--start", "2025-03-03"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every run saves into a temporary data directory, never the user's."""
    home = tmp_path / "runlean-home"
    monkeypatch.setenv("RUNLEAN_HOME", str(home))
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    return home


def run(*args: str) -> Result:
    return run_cli(*args)


@pytest.mark.parametrize(("args", "needle"), [
    (["--target-weight", "43.6"], "BMI of 16.0"),
    (["--age", "15", "--lose-fat-kg", "3"], "under 18"),
    (["--free-days", ",", "--lose-fat-kg", "3"], "0 days"),
    (["--lose-fat-kg", "3", "--target-weight", "65"], "exactly one of"),
    (["--lose-fat-kg", "3", "--by", "2024-01-01"], "after the start (2025-03-03)"),
    (["--lose-fat-kg", "3", "--by", "9999-12-31"], "within 5 years"),
    (["--lose-fat-kg", "3", "--start", "0001-01-01"], "a date from 1990-01-01"),
    (["--lose-fat-kg", "3", "--free-days", "monkey,satan"], "--free-days: got 'monkey'"),
    (["--lose-fat-kg", "3", "--pal", "1.3"], "between 1.4 and 2.5"),
    (["--target-leg-fat", "40"], "below your current leg fat"),
    (["--body-fat", "16", "--lose-fat-kg", "2.5"], "below the safe minimum of 14 %"),
])
def test_refusals(tmp_path: Path, args: list[str], needle: str) -> None:
    out = tmp_path / "out"
    result = run(*BASE, *args, "--out", str(out))
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_too_fast_goal_offers_earliest_safe_date(tmp_path: Path) -> None:
    result = run(*BASE, "--lose-fat-kg", "10", "--weeks", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "earliest safe goal date" in " ".join(result.stderr.split())  # warnings: stderr
    assert "starts in the past" in " ".join(result.stderr.split())


def test_example_writes_files_and_ics_uids_are_stable(tmp_path: Path) -> None:
    from icalendar import Calendar

    uids = []
    for name in ("a", "b"):
        result = run("plan", "--example", "--start", "2025-03-03", "--out",
                     str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        cal = Calendar.from_ical((tmp_path / name / "plan.ics").read_bytes())
        events = list(cal.walk("VEVENT"))
        ids = [str(e["UID"]) for e in events]
        assert len(ids) == len(set(ids)) > 0
        assert all("DTSTAMP" in e and "SEQUENCE" in e for e in events)
        zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
        assert {e["DTSTART"].params["TZID"] for e in events} == zones == {"Europe/Paris"}
        assert all("Intensity: RPE" in str(e["DESCRIPTION"]) and "Why: " in
                   str(e["DESCRIPTION"]) for e in events)
        uids.append(ids)
    assert uids[0] == uids[1]
    names = {p.name for p in (tmp_path / "a").iterdir()}
    assert names == {"plan.json", "sessions.csv", "plan.ics", "report.html"}


def test_race_result_prints_daniels_paces() -> None:
    result = run(*BASE, "--lose-fat-kg", "3", "--race-distance", "5", "--race-time",
                 "0:19:57", "--experience", "intermediate")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "VDOT 50.0" in text and "T 4:15 /km" in text


def test_plan_is_saved_as_the_active_plan(tmp_path: Path, _data_dir: Path) -> None:
    from runlean.store.db import open_store
    from runlean.store.profile import load_active_plan, load_profile

    data = tmp_path / "data"
    result = run(*BASE, "--lose-fat-kg", "3", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    with open_store(data) as store:
        saved = load_active_plan(store)
        profile = load_profile(store)
    assert saved is not None and profile is not None
    assert profile[0].weight_kg == 70
    assert saved["start_date"] == "2025-03-03"
    sessions = saved["sessions"]
    assert sessions
    need = {"uid", "date", "type", "sport", "duration_min", "running_min", "energy_kcal"}
    for s in sessions:
        assert need <= set(s)
        assert s["type"] == s["kind"] and s["energy_kcal"] == s["gross_kcal"] > 0
    assert len({s["uid"] for s in sessions}) == len(sessions)
    assert not _data_dir.exists()  # --data-dir wins over $RUNLEAN_HOME


def test_no_save_and_runlean_home(_data_dir: Path) -> None:
    result = run(*BASE, "--lose-fat-kg", "3", "--no-save")
    assert result.returncode == 0, result.stderr
    assert not _data_dir.exists()
    result = run(*BASE, "--lose-fat-kg", "3")
    assert result.returncode == 0, result.stderr
    assert (_data_dir / "runlean.db").exists()


PROFILE_TOML = """\
[person]
sex = "female"
age_years = 30
height_cm = 165
weight_kg = 70

[preferences]
running_days_per_week = 3
free_weekdays = ["mon", "wed", "sat"]
strength_sessions_per_week = 1

[goal]
lose_fat_kg = 3
"""
PROFILE_JSON = """{"person": {"sex": "female", "age_years": 30, "height_cm": 165,
"weight_kg": 70}, "preferences": {"running_days_per_week": 3,
"free_weekdays": ["mon", "wed", "sat"], "strength_sessions_per_week": 1},
"goal": {"lose_fat_kg": 3}}"""


def _plan_json(out: Path) -> dict[str, object]:
    import json

    data: dict[str, object] = json.loads((out / "plan.json").read_text())
    return data


def test_toml_and_json_profiles_give_the_same_plan(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(PROFILE_TOML)
    (tmp_path / "p.json").write_text(PROFILE_JSON)
    plans = []
    for name in ("p.toml", "p.json"):
        out = tmp_path / f"out-{name}"
        result = run("plan", "--profile", str(tmp_path / name), "--start", "2025-03-03",
                     "--out", str(out), "--no-save")
        assert result.returncode == 0, result.stderr
        plans.append(_plan_json(out))
    assert plans[0]["targets"] == plans[1]["targets"]
    assert plans[0]["preferences"]["free_weekdays"] == [0, 2, 5]  # type: ignore[index]


@pytest.mark.parametrize(("content", "suffix", "field"), [
    (PROFILE_TOML.replace("weight_kg = 70", "weight_kg = 70\nshoe_size = 39"), ".toml",
     "shoe_size"),
    (PROFILE_TOML.replace("age_years = 30", 'age_years = "thirty"'), ".toml", "age_years"),
    (PROFILE_TOML.replace("lose_fat_kg = 3", 'lose_fat_kg = "lots"'), ".toml",
     "goal.lose_fat_kg"),
    (PROFILE_TOML.replace("lose_fat_kg = 3", "lose_fat_kg = 3\nspeed = 1"), ".toml",
     "goal.speed"),
    (PROFILE_TOML + "\n[extras]\nx = 1\n", ".toml", "extras"),
    (PROFILE_JSON.replace('"running_days_per_week": 3', '"running_days_per_week": "three"'),
     ".json", "running_days_per_week"),
    (PROFILE_JSON.replace('"person": {', '"person": 3, "x": {'), ".json", "person"),
    ('{"person": ', ".json", "--profile"),
    ("[person\nsex =", ".toml", "--profile"),
])
def test_bad_profile_files_give_one_line_naming_the_field(tmp_path: Path, content: str,
                                                          suffix: str, field: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    result = run("plan", "--profile", str(path), "--start", "2025-03-03", "--no-save")
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"runlean: error: {field}:") and "Traceback" not in lines[0]


@pytest.mark.parametrize(("content", "suffix", "needle"), [
    (b"[1]", ".json", "a JSON object"),
    (b'"person"', ".json", "a JSON object"),
    (b"\xff\xfe[person]\n", ".toml", "UTF-8"),
    (b'{"person": "\xe9"}', ".json", "UTF-8"),
])
def test_profile_not_an_object_or_not_utf8(tmp_path: Path, content: bytes, suffix: str,
                                           needle: str) -> None:
    path = tmp_path / f"p{suffix}"
    path.write_bytes(content)
    result = run("plan", "--profile", str(path), "--start", "2025-03-03", "--no-save")
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    assert lines[0].startswith("runlean: error: --profile:") and needle in lines[0]


def test_out_that_is_a_file_gives_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    result = run("plan", "--example", "--out", str(blocker), "--no-save")
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    assert lines[0].startswith("runlean: error: --out:") and "a folder" in lines[0]
    assert blocker.read_text() == "keep me"
    assert result.stdout == ""  # refused before any planning, not after printing a plan
    nested = run("plan", "--example", "--out", str(blocker / "sub"), "--no-save")
    assert nested.returncode != 0 and "part of the path is a file" in nested.stderr
    assert nested.stdout == ""


def test_unreadable_profile_file(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.toml", tmp_path):
        result = run("plan", "--profile", str(path), "--no-save")
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert result.returncode != 0 and len(lines) == 1
        assert lines[0].startswith("runlean: error: --profile:") and "readable" in lines[0]


@pytest.mark.parametrize(("option", "value"), [
    ("--start", "03/03/2025"), ("--by", "next year"), ("--race-time", "fast")])
def test_bad_option_values_give_one_line(option: str, value: str) -> None:
    extra = ["--race-distance", "5"] if option == "--race-time" else []
    result = run(*BASE, "--lose-fat-kg", "3", *extra, option, value, "--no-save")
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1
    assert lines[0].startswith(f"runlean: error: {option}:")


def test_imperial_units_match_metric(tmp_path: Path) -> None:
    lb_per_kg = 1 / 0.45359237
    metric = run("plan", "--sex", "male", "--age", "40", "--height", "180", "--weight", "90",
                 "--lose-fat-kg", "4", "--weekly-distance", "16.09344", "--experience",
                 "intermediate", "--race-distance", "5", "--race-time", "0:22:00",
                 "--start", "2025-03-03", "--out", str(tmp_path / "m"), "--no-save")
    imperial = run("plan", "--units", "imperial", "--sex", "male", "--age", "40",
                   "--height", str(180 / 2.54), "--weight", str(90 * lb_per_kg),
                   "--lose-fat-kg", str(4 * lb_per_kg), "--weekly-distance", "10",
                   "--experience", "intermediate", "--race-distance", str(5 / 1.609344),
                   "--race-time", "0:22:00", "--start", "2025-03-03",
                   "--out", str(tmp_path / "i"), "--no-save")
    assert metric.returncode == 0, metric.stderr
    assert imperial.returncode == 0, imperial.stderr
    pm, pi = _plan_json(tmp_path / "m"), _plan_json(tmp_path / "i")
    assert pi["person"]["weight_kg"] == pytest.approx(90)  # type: ignore[index]
    assert pi["person"]["height_cm"] == pytest.approx(180)  # type: ignore[index]
    assert pi["preferences"]["weekly_running_km"] == pytest.approx(16.09344)  # type: ignore[index]
    assert pi["goal"]["target"] == pytest.approx(4)  # type: ignore[index]
    assert pi["targets"]["intake_kcal_per_day"] == pytest.approx(  # type: ignore[index]
        pm["targets"]["intake_kcal_per_day"], abs=1)  # type: ignore[index]
    out_m, out_i = " ".join(metric.stdout.split()), " ".join(imperial.stdout.split())
    assert " lb" in out_i and " kg" not in out_i and " lb" not in out_m
    assert "/mi" in out_i and "/km" in out_m and "/mi" not in out_m


def test_terminal_summary_is_labelled_and_table_uses_short_titles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run(*BASE, "--lose-fat-kg", "4", "--no-save")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    for label in ("Eat", "Macros", "Pace", "Safety", "Result", "Afterwards"):
        assert f"{label} " in text
    assert "Strength 45 min, whole body + legs" in text
    assert "Romanian deadlifts" not in text  # the exercise list is in the report and files
    assert "│ goal" in result.stdout


def test_nothing_printed_or_written_names_an_internal_file(tmp_path: Path) -> None:
    """Terminal, plan.json and report.html cite public sources, never a file users lack."""
    for i, args in enumerate((["--example", "--units", "imperial"],
                              [*BASE[1:], "--lose-fat-kg", "3"])):
        out = tmp_path / str(i)
        result = run("plan", *args, "--out", str(out), "--no-save")
        assert result.returncode == 0, result.stderr
        texts = [result.stdout, result.stderr, (out / "plan.json").read_text(),
                 (out / "report.html").read_text()]
        for text in texts:
            for name in ("physiology.md", "DESIGN.md", "hall_model.md", "ecosystem.md", "§"):
                assert name not in text
