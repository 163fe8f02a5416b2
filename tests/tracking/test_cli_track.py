"""CLI: runlean log ... and runlean status, through a subprocess with a temp data dir."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runlean.cli import app

SRC = Path(__file__).resolve().parents[2] / "src"


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC), RUNLEAN_HOME=str(home))
    env.pop("RUNLEAN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "runlean", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_log_and_status_subprocess(tmp_path: Path) -> None:
    r = _run(["log", "weight", "160", "--unit", "lb", "--date", "2024-05-01"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "weight 2024-05-01: 160.0 lb"  # in the unit given
    r = _run(["log", "weight", "72.0", "--date", "2024-05-01"], tmp_path)
    assert "replaced 72.6 kg" in r.stdout  # 160 lb = 72.57 kg
    bad = _run(["log", "weight", "720"], tmp_path)
    assert bad.returncode != 0
    assert "weight: 720 kg is above 350 kg" in bad.stderr and "Traceback" not in bad.stderr
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()  # noqa: DTZ011
    bad = _run(["log", "intake", "1800", "--date", future], tmp_path)
    assert bad.returncode != 0 and "future" in bad.stderr
    r = _run(["status", "--format", "json"], tmp_path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["trend_weight_kg"] == 72.0
    assert d["acwr"] is None and any("intake" in m for m in d["missing"])


def test_cli_runner_logs(tmp_path: Path) -> None:
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path)]
    for args in (["log", "intake", "1850", "--protein", "140", "--date", "2024-05-02"],
                 ["log", "sleep", "7.5", "--date", "2024-05-02"],
                 ["log", "waist", "32", "--unit", "in", "--date", "2024-05-02"],
                 ["log", "neck", "38", "--date", "2024-05-02"]):
        res = runner.invoke(app, [*args, *home])
        assert res.exit_code == 0, res.output
    assert "waist 32.0 in" in runner.invoke(app, ["log", "waist", "32", "--unit", "in",
                                                  *home]).output
    rows = json.loads(runner.invoke(app, ["log", "list", "measurement", "--format", "json",
                                          *home]).output)["rows"]
    assert rows[0]["waist_cm"] == pytest.approx(81.28)  # 32 in
    res = runner.invoke(app, ["status", *home])
    assert res.exit_code == 0, res.output
    assert "Missing:" in res.output and "profile" in res.output
    csv = tmp_path / "w.csv"
    csv.write_text("date,weight_kg\n2024-05-03,71.9\n2024-05-04,71.7\n")
    res = runner.invoke(app, ["log", "import", str(csv), *home])
    assert res.exit_code == 0 and "weight: 2 new" in res.output


def test_negative_values_reach_the_range_check(tmp_path: Path) -> None:
    """``log intake -200`` is a bad value, not an unknown option ``-2``."""
    r = _run(["log", "intake", "-200", "--date", "2024-05-01"], tmp_path)
    assert r.returncode != 0
    assert "kcal: got -200" in r.stderr and "between 0 and 12000" in r.stderr
    assert "No such option" not in r.stderr + r.stdout and "Traceback" not in r.stderr
    runner = CliRunner()
    res = runner.invoke(app, ["log", "sleep", "-1", "--data-dir", str(tmp_path)])
    assert res.exit_code != 0 and "hours" in str(res.exception)
    res = runner.invoke(app, ["log", "weight", "--date", "2024-05-01", "-70",
                              "--data-dir", str(tmp_path)])
    assert res.exit_code != 0 and "weight: -70 kg is below 30 kg" in str(res.exception)
    res = runner.invoke(app, ["status", "--format", "json", "--data-dir", str(tmp_path)])
    d = json.loads(res.output)
    assert d["trend_weight_kg"] is None  # nothing was written
