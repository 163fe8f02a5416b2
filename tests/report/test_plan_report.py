"""report.html in headless Chromium: no console errors, no network, charts render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.planning.plan import make_plan
from runlean.report.plan_report import render_plan_report

from ..browser import render_offline


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=80)
    plan = make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=5),
                     Preferences(experience="intermediate", running_days_per_week=4),
                     dt.date(2025, 3, 3))
    path = tmp_path_factory.mktemp("r") / "report.html"
    path.write_text(render_plan_report(plan))
    return path


def test_report_is_self_contained(report: Path) -> None:
    html = report.read_text()
    assert "<script src=" not in html and "<link " not in html
    assert html.count("Plotly.newPlot") >= 6
    assert "Can running target leg fat?" in html
    # The projected training load chart, the habitual-running credit and the weekly rate.
    assert 'id="chart-load"' in html and "Projected training load" in html
    assert "which your PAL includes" in html and "fastest projected week" in html


def test_report_renders_offline(report: Path) -> None:
    seen = render_offline(report)
    assert seen.charts == 6  # weight, body, leg fat, volume, load, macros
    assert seen.charts_with_svg == 6
    assert seen.errors == []
    assert seen.external_requests == []


def test_report_names_the_goal_and_marks_the_goal_day(report: Path) -> None:
    html = report.read_text()
    assert "goal: lose 5 kg of fat" in html
    assert "goal day; then maintenance intake" in html
    assert '<td>goal</td>' in html and '<td>maintenance</td>' in html
    assert "Form (TSB = yesterday" in html and "TRIMP\\u002fday" in html  # plotly escapes /
