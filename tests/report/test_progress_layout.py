"""progress.html: the plan report's look, empty states, honest labels, readable charts, units.

One store with a profile, an active plan, six weeks of weighings and intake logs and runs every
third day; one with a profile only; one with weighings but no intake logs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from runlean.cli import app
from runlean.domain import Goal, Habits, Person, Preferences
from runlean.io.plan_files import plan_to_json
from runlean.planning.plan import make_plan
from runlean.report.common import Units
from runlean.report.plan_report import render_plan_report
from runlean.report.progress_report import (
    LEGFAT_MIN_SPAN_KG,
    WEIGHT_AHEAD_DAYS,
    WEIGHT_PAD_DAYS,
    axis_range,
    charts,
    render_progress_report,
)
from runlean.store.db import open_store
from runlean.store.profile import save_plan, save_profile
from runlean.tracking import logs
from runlean.tracking.importing import import_paths
from runlean.tracking.status import StatusReport, status
from runlean.units import KG_PER_LB, KM_PER_MILE

from ..tracking.test_flow_cli import _gpx

START = dt.date(2026, 1, 5)
TODAY = START + dt.timedelta(days=41)
PERSON = Person(sex="female", age_years=35, height_cm=165, weight_kg=80)
PHONE_WIDTH = 390


def _weights(days: int) -> list[logs.LogEntry]:
    return [logs.LogEntry("weight", START + dt.timedelta(days=k),
                          {"weight_kg": round(80.6 - 0.07 * k + 0.4 * math.sin(k), 1)})
            for k in range(days)]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Profile, plan (made at 80 kg while the scale says ~80.6), logs and runs."""
    home = tmp_path_factory.mktemp("full")
    with open_store(home / "db") as store:
        save_profile(store, PERSON, Habits())
        plan = make_plan(PERSON, Habits(), Goal(kind="fat_loss_kg", target=5),
                         Preferences(experience="intermediate", running_days_per_week=4), START)
        save_plan(store, plan_to_json(plan))
        logs.log_entries(store, _weights(42) + [
            logs.LogEntry("intake", START + dt.timedelta(days=k), {"kcal": 1750.0})
            for k in range(42) if k % 4], today=TODAY)
        files = []
        for k in range(0, 42, 3):
            f = home / f"run{k}.gpx"
            f.write_text(_gpx(START + dt.timedelta(days=k)), encoding="utf-8")
            files.append(f)
        import_paths(files, store)
    return home / "db"


@pytest.fixture(scope="module")
def profile_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("empty")
    with open_store(home / "db") as store:
        save_profile(store, PERSON, Habits())
    return home / "db"


@pytest.fixture(scope="module")
def weights_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Weighings but no intake logs: expenditure can only come from the profile."""
    home = tmp_path_factory.mktemp("weights")
    with open_store(home / "db") as store:
        save_profile(store, PERSON, Habits())
        logs.log_entries(store, _weights(42), today=TODAY)
    return home / "db"


def _render(db: Path, units: str = "metric") -> str:
    with open_store(db) as store:
        return render_progress_report(store, TODAY, "imperial" if units == "imperial"
                                      else "metric")


@pytest.fixture(scope="module")
def metric_html(full: Path) -> str:
    return _render(full)


@pytest.fixture(scope="module")
def imperial_html(full: Path) -> str:
    return _render(full, "imperial")


@pytest.fixture(scope="module")
def sections(full: Path) -> tuple[dict[str, Any], StatusReport]:
    with open_store(full) as store:
        rep = status(store, TODAY)
        return {c.cid: c for c in charts(store, TODAY, rep)}, rep


def visible(html: str) -> str:
    """The page's text without its scripts and tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S))


def kpi(html: str, key: str) -> tuple[str, str]:
    """(value, label) of the KPI tile of a status figure."""
    m = re.search(rf'id="kpi-{key}"><b>(.*?)</b><span>(.*?)</span>', html)
    assert m, key
    return re.sub(r"<[^>]+>", "", m.group(1)), m.group(2)


def figure_json(html: str, cid: str) -> dict[str, Any]:
    """The plotly figure (data and layout) of chart ``cid`` as the page draws it."""
    m = re.search(rf'Plotly\.newPlot\(\s*"chart-{cid}",\s*(\[.*?\]),\s*(\{{.*?\}}),'
                  r'\s*\{"displaylogo', html, flags=re.S)
    assert m, cid
    return {"data": json.loads(m.group(1)), "layout": json.loads(m.group(2))}


# --------------------------------------------------------------------------------------------


def test_same_look_as_the_plan_report(metric_html: str) -> None:
    """Header, cards and KPI tiles with the plan report's style sheet."""
    plan_page = render_plan_report(make_plan(PERSON, Habits(), Goal(kind="fat_loss_kg",
                                                                    target=5),
                                             Preferences(), START))
    style = re.search(r"<style>(.*?)</style>", plan_page, flags=re.S)
    assert style and style.group(1).strip() in metric_html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in metric_html
    assert re.search(r"<header>\s*<h1>Your progress</h1>", metric_html)
    assert metric_html.count('<div class="kpi"') >= 10
    for cid in ("weight", "intake", "expenditure", "legfat", "load", "volume"):
        assert f'<section id="section-{cid}"><h2>' in metric_html
        assert f'id="chart-{cid}"' in metric_html


def test_expenditure_labelled_from_logs_only_when_it_is(metric_html: str,
                                                        weights_only: Path,
                                                        profile_only: Path) -> None:
    value, label = kpi(metric_html, "expenditure_estimate_kcal_per_day")
    assert label == "Expenditure, estimated from your logs" and value.endswith("kcal/day")
    assert "Expenditure [kcal/day] (± 1 SD), estimated from your logs</h2>" in metric_html
    for db in (weights_only, profile_only):
        page = _render(db)
        _, label = kpi(page, "expenditure_estimate_kcal_per_day")
        assert label == "Expenditure, estimated from your profile"
        assert "estimated from your logs" not in visible(page)
        assert "Expenditure is estimated from your profile" in page  # the notes
    page = _render(weights_only)
    assert "Expenditure [kcal/day] (± 1 SD), estimated from your profile</h2>" in page
    assert "Expenditure estimated from your profile" in page  # the header's badge


def test_empty_states_instead_of_empty_charts(profile_only: Path, weights_only: Path) -> None:
    page = _render(profile_only)
    for cid, words in (("weight", "No weighings yet"), ("intake", "No intake logged yet"),
                       ("expenditure", "No weighings yet"), ("legfat", "No weighings yet"),
                       ("load", "No activities imported and no plan yet"),
                       ("volume", "No runs imported")):
        m = re.search(rf'<p class="empty" id="empty-{cid}">([^<]*)</p>', page)
        assert m and m.group(1).startswith(words), cid
        assert f'id="chart-{cid}"' not in page
    assert "Plotly.newPlot" not in page
    # A chart appears as soon as there is something to draw.
    page = _render(weights_only)
    assert 'id="chart-weight"' in page and 'id="empty-weight"' not in page
    assert 'id="empty-intake"' in page and 'id="empty-volume"' in page


def test_weight_chart_opens_around_the_data(sections: tuple[dict[str, Any],
                                                            StatusReport]) -> None:
    charts_by_id, rep = sections
    fig = charts_by_id["weight"].fig
    lo, hi = (dt.date.fromisoformat(str(v)[:10]) for v in fig.layout.xaxis.range)
    assert lo == START - dt.timedelta(days=WEIGHT_PAD_DAYS)
    assert hi == TODAY + dt.timedelta(days=WEIGHT_AHEAD_DAYS)
    assert rep.goal_date is not None and rep.goal_date > hi  # the plan runs on past the view
    traces = {t.name: t for t in fig.data}
    trend, plan = traces["Trend"], traces["Plan, from your trend"]
    # the plan starts at the trend on its first day (not at the profile's 80 kg)
    assert dt.date.fromisoformat(str(plan.x[0])[:10]) == START
    assert plan.y[0] == pytest.approx(trend.y[0], abs=1e-6)
    assert abs(plan.y[0] - PERSON.weight_kg) > 0.2
    # the y axis covers every point shown, not the plan's whole course
    y0, y1 = fig.layout.yaxis.range
    shown = [y for t in fig.data for x, y in zip(t.x, t.y, strict=True)
             if lo <= dt.date.fromisoformat(str(x)[:10]) <= hi]
    assert y0 < min(shown) and max(shown) < y1
    assert y1 - y0 < 6.0
    assert min(plan.y) < y0  # the plan's later weeks are outside the opening view


def test_reprojection_agrees_with_the_projected_goal_date(
        sections: tuple[dict[str, Any], StatusReport]) -> None:
    charts_by_id, rep = sections
    line = next(t for t in charts_by_id["weight"].fig.data
                if t.name == "Re-projected from today")
    assert dt.date.fromisoformat(str(line.x[0])[:10]) == TODAY
    assert rep.trend_weight_kg is not None and rep.goal_weight_kg is not None
    assert line.y[0] == pytest.approx(rep.trend_weight_kg, abs=0.3)
    assert rep.projected_goal_date is not None
    reached = next(dt.date.fromisoformat(str(x)[:10]) for x, y in zip(line.x, line.y,
                                                                       strict=True)
                   if y <= rep.goal_weight_kg)
    assert reached == rep.projected_goal_date
    assert "the plan's intake" in charts_by_id["weight"].note


def test_leg_fat_axis_does_not_magnify_small_changes(
        sections: tuple[dict[str, Any], StatusReport], imperial_html: str) -> None:
    fig = sections[0]["legfat"].fig
    y = list(fig.data[0].y)
    assert max(y) - min(y) < LEGFAT_MIN_SPAN_KG  # the change is small ...
    y0, y1 = fig.layout.yaxis.range
    assert y1 - y0 == pytest.approx(LEGFAT_MIN_SPAN_KG)  # ... and drawn at its size
    assert y0 < min(y) and max(y) < y1 and y0 >= 0
    lb = figure_json(imperial_html, "legfat")["layout"]["yaxis"]["range"]
    assert lb[1] - lb[0] == pytest.approx(LEGFAT_MIN_SPAN_KG / KG_PER_LB)
    assert axis_range([0.1, 0.2], 2.0, floor=0.0) == (0.0, 2.0)
    assert axis_range([10.0, 20.0], 2.0) == pytest.approx((9.0, 21.0))


def test_lines_can_be_told_apart(metric_html: str) -> None:
    for cid in ("weight", "load", "expenditure"):
        lines = [t for t in figure_json(metric_html, cid)["data"]
                 if "lines" in t.get("mode", "lines") and t.get("showlegend", True)]
        styles = [(t["line"]["color"], t["line"].get("dash", "solid")) for t in lines]
        assert len(set(styles)) == len(styles), cid
        if cid != "expenditure":
            assert len({d for _c, d in styles}) == len(styles), cid  # dashes alone differ
        assert all(t.get("name") for t in lines)
        assert figure_json(metric_html, cid)["layout"]["legend"]["orientation"] == "h"


def test_imperial_report_in_pounds_and_miles(imperial_html: str,
                                             sections: tuple[dict[str, Any],
                                                             StatusReport]) -> None:
    text = visible(imperial_html)
    assert re.findall(r"\d\s?kg\b", text) == [] and re.findall(r"\d\s?km\b", text) == []
    assert not re.search(r"\[(kg|km)\]", text)
    rep = sections[1]
    assert rep.trend_weight_kg is not None
    assert kpi(imperial_html, "trend_weight_kg")[0] == f"{rep.trend_weight_kg / KG_PER_LB:.1f} lb"
    assert kpi(imperial_html, "weight_rate_kg_per_week")[0].endswith(" lb/week")
    assert "Weight [lb]" in text and "Weekly running volume [mi]" in text
    weight = figure_json(imperial_html, "weight")
    assert weight["layout"]["yaxis"]["title"]["text"] == "lb"
    trend = next(t for t in weight["data"] if t["name"] == "Trend")
    metric_trend = next(t for t in sections[0]["weight"].fig.data if t.name == "Trend")
    assert trend["y"][-1] == pytest.approx(metric_trend.y[-1] / KG_PER_LB)
    volume = figure_json(imperial_html, "volume")
    km = list(sections[0]["volume"].fig.data[0].y)
    assert volume["data"][0]["y"] == pytest.approx([v / KM_PER_MILE for v in km])
    assert volume["layout"]["yaxis"]["title"]["text"] == "mi"
    for cid in ("weight", "legfat", "volume"):
        lay = json.dumps(figure_json(imperial_html, cid)["layout"])
        assert '"kg"' not in lay and '"km"' not in lay


def test_report_cli_units(full: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    res = run(app, ["report", "--out", str(tmp_path / "i"), "--units", "imperial",
                    "--data-dir", str(full)])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "i" / "progress.html").read_text()
    assert re.search(r'id="kpi-trend_weight_kg"><b>\d+\.\d <small>lb</small>', page)
    res = run(app, ["report", "--out", str(tmp_path / "f"), "--units", "furlongs",
                    "--data-dir", str(full)])
    assert res.exit_code != 0 and "--units" in res.output + str(res.exception)


def test_units_text_keeps_ratios() -> None:
    u = Units("imperial")
    assert u.text("run of 2026-01-01: 12.0 km is 130 %") == "run of 2026-01-01: 7.5 mi is 130 %"
    assert u.text("1.6 g per kg") == "1.6 g per kg"


# --------------------------------------------------------------------------------------------
# In the browser (one page load)
# --------------------------------------------------------------------------------------------


def test_phone_width_has_no_horizontal_scroll(imperial_html: str, tmp_path: Path) -> None:
    from .test_plan_report import phone_view

    path = tmp_path / "progress.html"
    path.write_text(imperial_html, encoding="utf-8")
    seen = phone_view(path)
    assert seen["errors"] == [] and seen["requests"] == []
    assert seen["scrollWidth"] == seen["innerWidth"] == PHONE_WIDTH
    # HTML elements only: plotly's SVG paths run on past a zoomed axis, clipped by the plot
    assert [e for e in seen["overflowing"] if not e.split(" ")[0].islower()] == []  # type: ignore[attr-defined]
    assert seen["charts"] == seen["chartsWithSvg"] == 6
    text, svg = str(seen["text"]), str(seen["svgText"])
    assert not re.search(r"\d\s?kg\b", text) and re.search(r"\d lb\b", text)
    assert "lb" in svg and not re.search(r"\bkg\b|\bkm\b", svg)
