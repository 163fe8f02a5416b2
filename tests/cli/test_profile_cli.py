"""``runlean profile set/show`` through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runlean.cli import app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_set_then_partial_update_then_show(tmp_path: Path) -> None:
    d = str(tmp_path)
    code, out = _run("profile", "set", "--sex", "male", "--age", "40", "--height-in", "70",
                     "--weight-lb", "200", "--resting-hr", "55", "--timezone",
                     "Europe/Berlin", "--data-dir", d)
    assert code == 0, out
    code, out = _run("profile", "set", "--sleep-hours", "6", "--data-dir", d)
    assert code == 0, out
    code, out = _run("profile", "show", "--json", "--data-dir", d)
    assert code == 0, out
    data = json.loads(out)
    assert data["person"]["height_cm"] == pytest.approx(177.8)
    assert data["person"]["weight_kg"] == pytest.approx(90.718474)
    assert data["person"]["resting_hr_bpm"] == 55
    assert data["person"]["timezone"] == "Europe/Berlin"
    assert data["habits"]["sleep_hours"] == 6


def test_invalid_values_are_rejected_and_nothing_stored(tmp_path: Path) -> None:
    d = str(tmp_path)
    result = CliRunner().invoke(app, ["profile", "set", "--sex", "female", "--age", "7",
                                      "--height-cm", "160", "--weight-kg", "60",
                                      "--data-dir", d])
    assert result.exit_code != 0
    assert "--age: got 7.0; expected between 18 and 100 years" in str(result.exception)
    result = CliRunner().invoke(app, ["profile", "set", "--pal", "1.4", "--data-dir", d])
    assert result.exit_code != 0  # a new profile needs sex, age, height, weight
    result = CliRunner().invoke(app, ["profile", "show", "--data-dir", d])
    assert result.exit_code != 0
    assert "no profile" in str(result.exception)


def test_show_without_a_store_creates_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNLEAN_DATABASE_URL", raising=False)
    home = tmp_path / "never-used"
    result = CliRunner().invoke(app, ["profile", "show", "--data-dir", str(home)])
    assert result.exit_code != 0
    assert "no profile" in str(result.exception)
    assert not home.exists()
