"""End to end: profile, `runlean plan --example`, logs, an imported activity, then
`runlean status` and `runlean report --out DIR` (rendered offline in headless Chromium)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runlean.cli import app

from ..browser import render_offline


def _gpx(day: dt.date) -> str:
    """A 30-minute easy run as GPX (a straight line at 2.8 m/s, with HR)."""
    pts = []
    t0 = dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=dt.UTC)
    for k in range(0, 1801, 10):
        lat = 48.85 + k * 2.8 / 111_195.0
        t = (t0 + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append(f'<trkpt lat="{lat:.6f}" lon="2.35"><ele>35</ele><time>{t}</time>'
                   f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{140 + k % 7}"
                   "</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>")
    return ('<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test" '
            'xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx='
            '"http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>running'
            "</type><trkseg>" + "".join(pts) + "</trkseg></trk></gpx>")


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path]:
    home = tmp_path_factory.mktemp("home")
    env = {"RUNLEAN_HOME": str(home)}
    run = CliRunner().invoke

    def ok(*args: str) -> str:
        res = run(app, list(args), env=env)
        assert res.exit_code == 0, (args, res.output, res.exception)
        return res.output

    ok("profile", "set", "--sex", "female", "--age", "35", "--height-cm", "165",
       "--weight-kg", "72", "--body-fat-pct", "33", "--pal", "1.6")
    # The example is a throwaway; a plan from the stored profile is saved as the active plan.
    ok("plan", "--lose-fat-kg", "3", "--out", str(home / "plan"))
    from runlean.tracking.logs import local_today

    today = local_today()
    for k in range(21, -1, -1):
        d = (today - dt.timedelta(days=k)).isoformat()
        ok("log", "weight", f"{72.0 - 0.05 * (21 - k) + 0.3 * math.sin(k):.1f}", "--date", d)
        if k % 3:
            ok("log", "intake", "1750", "--date", d)
        ok("log", "sleep", "6.5", "--date", d)
    gpx = home / "run.gpx"
    gpx.write_text(_gpx(today - dt.timedelta(days=2)), encoding="utf-8")
    ok("import", str(gpx))
    status = json.loads(ok("status", "--format", "json"))
    ok("report", "--out", str(home / "report"))
    return status, home / "report" / "progress.html"


def test_status_after_plan_logs_and_import(flow: tuple[dict[str, object], Path]) -> None:
    status, _ = flow
    assert status["trend_weight_kg"] is not None
    assert 70.0 < float(status["trend_weight_kg"]) < 72.5  # type: ignore[arg-type]
    est = status["expenditure_estimate_kcal_per_day"]
    assert est is not None and 1500 < float(est) < 3000  # type: ignore[arg-type]
    assert str(status["expenditure_source"]).startswith("logs")
    assert status["ctl"] is not None and float(status["ctl"]) > 0  # type: ignore[arg-type]
    # Leg fat follows whole-body fat (no spot reduction): it starts at the leg share of a
    # 35-year-old woman with the profile's fat mass (72 kg x 33 %) and falls by that share of
    # the fat lost, which is between half and all of the weight lost (72 kg -> trend weight).
    from runlean.science.regional_fat import regional_fat_shares

    share = regional_fat_shares(False, 35.0, 72.0 * 0.33)[0]
    legs0 = share * 72.0 * 0.33
    legs = float(status["leg_fat_kg"])  # type: ignore[arg-type]
    lost = 72.0 - float(status["trend_weight_kg"])  # type: ignore[arg-type]
    assert lost > 0.5
    assert legs0 - share * lost <= legs
    assert legs <= legs0 - 0.5 * share * lost < legs0
    assert status["sleep_avg_h"] == pytest.approx(6.5)
    # one imported run: volume advice follows the plan's schedule, not load history
    rec = " ".join(status["recommendation"])  # type: ignore[arg-type]
    assert "only 3 days of imported activities" in rec and "plan's schedule" in rec
    assert "add up to 10 %" not in rec


def test_progress_report_renders_offline(flow: tuple[dict[str, object], Path]) -> None:
    _, report = flow
    text = report.read_text()
    assert "<script src=" not in text
    seen = render_offline(report)
    ids = text.count('id="chart-')
    assert ids >= 5
    assert seen.charts == ids
    assert seen.charts_with_svg == ids
    assert seen.errors == []
    assert seen.external_requests == []
