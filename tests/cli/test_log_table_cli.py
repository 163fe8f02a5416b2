"""CLI: runlean log list / delete / export (in process, with a temp data directory)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runlean.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RUNLEAN_HOME", str(tmp_path))
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    for day, kg in (("2024-05-01", "72.4"), ("2024-05-02", "72.1")):
        r = runner.invoke(app, ["log", "weight", kg, "--date", day])
        assert r.exit_code == 0, r.output
    return tmp_path


def test_list_json_and_table(home: Path) -> None:
    r = runner.invoke(app, ["log", "list", "weight", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["total"] == 2 and data["rows"][0]["date"] == "2024-05-02"
    assert data["rows"][0]["weight_kg"] == 72.1
    r = runner.invoke(app, ["log", "list", "weight"])
    assert "2024-05-01" in r.output and "72.4" in r.output
    r = runner.invoke(app, ["log", "list", "mood"])
    assert r.exit_code != 0


def test_delete_and_export(home: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["log", "delete", "weight", "--date", "2024-05-01"])
    assert r.exit_code == 0 and "deleted weight 2024-05-01: 72.4 kg" in r.output
    r = runner.invoke(app, ["log", "delete", "weight", "--date", "2024-05-01"])
    assert r.exit_code != 0
    out = tmp_path / "logs.csv"
    r = runner.invoke(app, ["log", "export", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().splitlines()[1].startswith("2024-05-02,72.1,")
