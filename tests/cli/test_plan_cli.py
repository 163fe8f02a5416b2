"""`runlean plan` as a new user runs it: refusals, files written, stable calendar UIDs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
BASE = ["plan", "--sex", "female", "--age", "30", "--height", "165", "--weight", "70",
        "--start", "2025-03-03"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every run saves into a temporary data directory, never the user's."""
    home = tmp_path / "runlean-home"
    monkeypatch.setenv("RUNLEAN_HOME", str(home))
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    return home


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-m", "runlean", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize(("args", "needle"), [
    (["--target-weight", "43.6"], "BMI of 16.0"),
    (["--age", "15", "--lose-fat-kg", "3"], "under 18"),
    (["--free-days", ",", "--lose-fat-kg", "3"], "0 days"),
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
    assert "earliest safe date" in " ".join(result.stdout.split())


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
