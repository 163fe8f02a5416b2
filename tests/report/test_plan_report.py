"""report.html in headless Chromium: no console errors, no network, charts render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from runlean.domain import Goal, Habits, Person, Preferences
from runlean.planning.plan import make_plan
from runlean.report.plan_report import render_plan_report

CHROMIUM = Path("/usr/bin/chromium")


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


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_report_renders_offline(report: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    errors: list[str] = []
    external: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(("file:", "data:", "about:")):
                r.continue_()  # type: ignore[attr-defined]
            else:
                external.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == 6  # weight, body, leg fat, volume, load, macros
        for i in range(plots.count()):
            assert plots.nth(i).locator("svg.main-svg").count() > 0
        browser.close()
    assert errors == []
    assert external == []


def test_report_names_the_goal_and_marks_the_goal_day(report: Path) -> None:
    html = report.read_text()
    assert "goal: lose 5 kg of fat" in html
    assert "goal day; then maintenance intake" in html
    assert '<td>goal</td>' in html and '<td>maintenance</td>' in html
    assert "Form (TSB = yesterday" in html and "TRIMP\\u002fday" in html  # plotly escapes /
