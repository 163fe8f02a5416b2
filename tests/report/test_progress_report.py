"""Offline progress report: self-contained HTML with the expected charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from runlean.cli import app
from runlean.domain import Habits, Person
from runlean.report.progress_report import write_progress_report
from runlean.store.db import open_store
from runlean.store.profile import save_profile
from runlean.tracking import logs

from ..tracking.synthetic import START, simulate


def test_report_is_offline_and_has_charts(tmp_path: Path) -> None:
    s = simulate(2)
    today = START + dt.timedelta(days=27)
    with open_store(tmp_path / "db") as store:
        save_profile(store, Person(sex=s.sex, age_years=s.age, height_cm=s.height_cm,
                                   weight_kg=s.weight0_kg, body_fat_pct=s.body_fat_pct),
                     Habits())
        logs.log_entries(store, [logs.LogEntry("weight", d, {"weight_kg": w})
                                 for d, w in s.weights]
                         + [logs.LogEntry("intake", d, {"kcal": k}) for d, k in s.intakes],
                         today=today)
        path = write_progress_report(store, tmp_path / "out", today)
        from runlean.tracking.status import status
        trend = status(store, today).trend_weight_kg
    text = path.read_text()
    for cid in ("weight", "expenditure", "legfat", "intake"):
        assert f'id="chart-{cid}"' in text
    assert "<script src=" not in text  # plotly.js is inline, no network
    assert trend is not None
    assert f"<th>Trend weight</th><td>{trend:.1f} kg</td>" in text  # labelled, with units


def test_report_cli_empty_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "o"),
                                   "--data-dir", str(tmp_path / "db")])
    assert res.exit_code == 0, res.output
    assert "Missing data" in (tmp_path / "o" / "progress.html").read_text()
