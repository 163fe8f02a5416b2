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
    assert (f'id="kpi-trend_weight_kg"><b>{trend:.1f} <small>kg</small></b>'
            "<span>Trend weight</span>") in text  # labelled, with units


def test_report_cli_empty_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "o"),
                                   "--data-dir", str(tmp_path / "db")])
    assert res.exit_code == 0, res.output
    assert "Missing data" in (tmp_path / "o" / "progress.html").read_text()


def test_load_window_recent_weeks_or_plan_start() -> None:
    from runlean.report.progress_report import (
        LOAD_AHEAD_DAYS,
        LOAD_MIN_HISTORY_DAYS,
        LOAD_WINDOW_DAYS,
        load_window,
    )

    today = dt.date(2026, 6, 1)
    old = dt.date(2015, 1, 1)
    end = today + dt.timedelta(days=200)
    days = dt.timedelta
    # years of history, no plan: the last LOAD_WINDOW_DAYS plus the planned weeks ahead
    assert load_window(old, end, today, None) == (today - days(LOAD_WINDOW_DAYS),
                                                  today + days(LOAD_AHEAD_DAYS))
    # a plan started 60 days ago: from its start
    assert load_window(old, end, today, today - days(60))[0] == today - days(60)
    # a plan that started yesterday still shows some weeks of history
    assert load_window(old, end, today, today - days(1))[0] == \
        today - days(LOAD_MIN_HISTORY_DAYS)
    # a plan older than the window does not widen it
    assert load_window(old, end, today, old)[0] == today - days(LOAD_WINDOW_DAYS)
    # clipped to the series
    assert load_window(today - days(3), today + days(5), today, None) == \
        (today - days(3), today + days(5))


def test_load_chart_opens_on_recent_weeks_and_titles_once(tmp_path: Path) -> None:
    from runlean.report.progress_report import LOAD_WINDOW_DAYS, _figures
    from runlean.tracking.status import status

    from ..tracking.test_flow_cli import _gpx

    today = dt.date(2026, 6, 1)
    home = tmp_path / "db"
    for k, day in enumerate((dt.date(2019, 3, 2), today - dt.timedelta(days=3))):
        f = tmp_path / f"run{k}.gpx"
        f.write_text(_gpx(day), encoding="utf-8")
        res = CliRunner().invoke(app, ["import", str(f), "--data-dir", str(home)])
        assert res.exit_code == 0, res.output
    with open_store(home) as store:
        figs = {cid: (title, fig) for cid, title, fig in
                _figures(store, today, status(store, today))}
        path = write_progress_report(store, tmp_path / "out", today)
    title, fig = figs["load"]
    lo, hi = (dt.date.fromisoformat(str(v)[:10]) for v in fig.layout.xaxis.range)
    assert lo == today - dt.timedelta(days=LOAD_WINDOW_DAYS)
    assert hi > today
    # the 2019 run is still in the data (zoom out to see it)
    assert min(dt.date.fromisoformat(str(x)[:10]) for x in fig.data[0].x) <= dt.date(2019, 3, 2)
    # the visible y range covers the visible curves
    y0, y1 = fig.layout.yaxis.range
    assert y0 < 0 < y1
    text = path.read_text()
    assert text.count(title) == 1
    for _, f in figs.values():
        assert not f.layout.title.text


def test_report_out_that_is_a_file_gives_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    for out in (blocker, blocker / "sub"):
        res = subprocess.run([sys.executable, "-m", "runlean", "report", "--out", str(out),
                              "--data-dir", str(tmp_path / "db")],
                             capture_output=True, text=True, env=env, timeout=120)
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        assert res.returncode != 0 and len(lines) == 1, res.stderr
        assert lines[0].startswith("runlean: error: --out:") and "a folder" in lines[0]
    assert blocker.read_text() == "keep me"
