"""``runlean simulate`` through the real entry point (subprocess, this worktree's src)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "runlean", "simulate", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_example_csv() -> None:
    res = run("--example")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("day,weight_kg,fat_kg,fat_free_kg")
    assert len(lines) == 1 + 366


def test_file_to_json_out(tmp_path: Path) -> None:
    scen = tmp_path / "s.json"
    scen.write_text(json.dumps({
        "person": {"sex": "male", "age_years": 30, "height_cm": 175, "weight_kg": 85},
        "days": 10, "intake_change_kcal_per_day": -300}))
    out = tmp_path / "o.json"
    res = run(str(scen), "--format", "json", "--out", str(out))
    assert res.returncode == 0, res.stderr
    data = json.loads(out.read_text())
    assert data["day"] == list(range(11))
    assert data["weight_kg"][-1] < 85


def test_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    unknown = tmp_path / "u.json"
    unknown.write_text(json.dumps({"person": {"sex": "male", "age_years": 30,
                                              "height_cm": 175, "weight_kg": 720}, "days": 3}))
    for args in ([str(tmp_path / "missing.json")], [str(bad)], [str(unknown)],
                 ["--example", "--format", "xml"]):
        res = run(*args)
        assert res.returncode != 0
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert "Traceback" not in res.stderr
    assert "person.weight_kg" in run(str(unknown)).stderr
