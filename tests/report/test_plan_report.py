"""report.html: its content, and in headless Chromium (offline, on a phone-sized screen)."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from runlean.domain import Goal, Habits, Person, Plan, Preferences, RaceResult
from runlean.planning.plan import make_plan
from runlean.planning.policy import pace_text
from runlean.report.plan_report import (
    COLOURS,
    DASHES,
    Units,
    _figures,
    calendar_weeks,
    render_plan_report,
)
from runlean.units import KG_PER_LB

from ..browser import CHROMIUM, LAUNCH_ARGS, render_offline

START = dt.date(2025, 3, 3)
PHONE_WIDTH = 390


@pytest.fixture(scope="module")
def runner() -> Plan:
    person = Person(sex="female", age_years=35, height_cm=165, weight_kg=80)
    return make_plan(person, Habits(), Goal(kind="fat_loss_kg", target=5),
                     Preferences(experience="intermediate", running_days_per_week=4), START)


@pytest.fixture(scope="module")
def walker() -> Plan:
    """BMI 40, no running: medical clearance advised, walking first."""
    return make_plan(Person(sex="male", age_years=40, height_cm=180, weight_kg=130),
                     Habits(), Goal(kind="fat_loss_kg", target=4),
                     Preferences(experience="none", running_days_per_week=3), START)


@pytest.fixture(scope="module")
def athlete() -> Plan:
    """A lean runner with a race result and long runs that need fuelling."""
    return make_plan(Person(sex="female", age_years=35, height_cm=168, weight_kg=66,
                            body_fat_pct=24, race=RaceResult(distance_m=10000, time_s=50 * 60)),
                     Habits(), Goal(kind="fat_loss_kg", target=2),
                     Preferences(experience="advanced", running_days_per_week=5,
                                 weekly_running_min=360, longest_recent_run_min=95,
                                 longest_session_min=120), START)


@pytest.fixture(scope="module")
def report(runner: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("r") / "report.html"
    path.write_text(render_plan_report(runner))
    return path


@pytest.fixture(scope="module")
def imperial_report(walker: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("r") / "report.html"
    path.write_text(render_plan_report(walker, "imperial"))
    return path


def visible_html(html: str) -> str:
    """The page without its scripts (plotly.js and the figures' data)."""
    return re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)


# --------------------------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------------------------

def test_report_is_self_contained(report: Path) -> None:
    html = report.read_text()
    assert "<script src=" not in html and "<link " not in html
    assert html.count("Plotly.newPlot") >= 6
    assert "Can running burn fat off my legs (spot reduction)?" in html
    assert 'id="chart-load"' in html and "Projected training load" in html


@pytest.mark.parametrize("which", ["report", "imperial_report"])
def test_no_internal_file_names(which: str, request: pytest.FixtureRequest) -> None:
    html = request.getfixturevalue(which).read_text()
    page = visible_html(html)
    for internal in ("physiology", ".md", "DESIGN", "§", "hall_model"):
        assert internal not in page, internal


def test_report_names_the_goal_and_marks_the_goal_day(report: Path) -> None:
    html = report.read_text()
    assert "goal: lose 5 kg of fat" in html
    assert "goal day; then maintenance intake" in html
    assert '<td>goal</td>' in html and '<td>maintenance</td>' in html
    assert "Form (TSB = yesterday" in html and "TRIMP\\u002fday" in html  # plotly escapes /


def test_population_rules_and_screening_come_first(walker: Plan) -> None:
    html = render_plan_report(walker)
    assert walker.screening_clearance and walker.warnings
    assert 'id="clearance"' in html and "medical clearance" in html
    first = visible_html(html).index('id="read-first"')
    assert first < visible_html(html).index('id="targets"')
    for w in walker.warnings:
        assert w.replace("'", "&#39;") in html
    assert "Adult with overweight or obesity" in html
    assert walker.assumptions[0] in html


def test_intake_by_day_type_never_below_the_floor(runner: Plan, walker: Plan) -> None:
    for plan in (runner, walker):
        t = plan.targets
        html = render_plan_report(plan)
        kcal = [int(x) for x in re.findall(r'class="kpi day-intake"><b>(\d+) kcal', html)]
        assert kcal, "no intake by day type"
        assert all(k >= round(t["min_day_intake_kcal"]) for k in kcal)
        assert f"≥ {t['min_day_intake_kcal']:.0f} kcal</b><span>on every day" in html
    # The runner has long-run days; their intake is shown.
    assert f"{runner.targets['intake_kcal_hard_day']:.0f} kcal</b><span>Long-run or interval " \
           "day" in render_plan_report(runner)


def test_deficit_against_the_guideline_band_and_the_pace_definition(runner: Plan) -> None:
    html = render_plan_report(runner)
    s = runner.safety
    assert (f"guideline for you: {s['dietary_deficit_band_low_kcal_per_day']:.0f}–"
            f"{s['dietary_deficit_band_high_kcal_per_day']:.0f} kcal") in html
    inside = (s["dietary_deficit_band_low_kcal_per_day"] - 0.5
              <= runner.targets["dietary_deficit_kcal_per_day"]
              <= s["dietary_deficit_band_high_kcal_per_day"] + 0.5)
    assert ("kcal (within it)" in html) == inside
    pace = pace_text(s)
    assert pace in html.replace("&#39;", "'")
    assert f"fastest week {s['fastest_week_loss_pct']:.2f} % (week {s['fastest_week']:.0f}; " \
           "week 1 counted without its first-days water and glycogen drop" in pace
    assert "final partial week judged on the plan's last 7 days" in pace


def test_calendar_has_every_week_and_every_session(walker: Plan, runner: Plan) -> None:
    for plan in (walker, runner):
        html = render_plan_report(plan)
        days = (plan.goal_date - plan.start_date).days
        weeks = [int(w) for w in re.findall(r'<tr class="week[^"]*" data-week="(\d+)"', html)]
        assert weeks == list(range(1, math.ceil(days / 7) + 1))
        assert html.count('<span class="ses kind-') == len(plan.sessions)
        for w in calendar_weeks(plan, Units()):
            assert all(s.session.week == w.week for s in w.sessions)
            assert w.start <= min((s.session.date for s in w.sessions), default=w.start)
            assert max((s.session.date for s in w.sessions), default=w.end) <= w.end
    html = render_plan_report(walker)
    assert "kind-walk" in html and "Brisk walk" in html


def test_distances_in_km_and_miles(walker: Plan) -> None:
    s = next(s for s in walker.sessions if s.distance_m)
    assert f"{s.distance_m / 1000:.1f}\u00a0km" in render_plan_report(walker)
    assert f"{s.distance_m / 1609.344:.1f}\u00a0mi" in render_plan_report(walker, "imperial")


def test_fuelling_advice_on_long_sessions(athlete: Plan) -> None:
    fuelled = [s for s in athlete.sessions if s.fuelling]
    assert fuelled
    html = render_plan_report(athlete)
    assert html.count('<span class="tag fuel">fuel</span>') == len(fuelled) + 1  # + the key
    assert "30-60 g of carbohydrate per hour" in html
    assert "Training paces" in html and "VDOT" in html


def test_scenario_lines_can_be_told_apart(runner: Plan) -> None:
    figs = {cid: fig for cid, _title, fig in _figures(runner, Units())}
    lines = {t.name: t.line for t in figs["weight"].data}
    plan, no_rt = lines["The plan (diet + training)"], lines["The plan without strength training"]
    assert plan.color != no_rt.color and plan.dash != no_rt.dash
    assert len(set(COLOURS.values())) == len(COLOURS) and len(set(DASHES.values())) == len(DASHES)


def test_every_line_differs_in_dash_and_colour(runner: Plan) -> None:
    """Body composition and training load: no two lines share a colour or a dash style."""
    figs = {cid: fig for cid, _title, fig in _figures(runner, Units())}
    for cid in ("weight", "composition", "load"):
        lines = [t for t in figs[cid].data
                 if t.type == "scatter" and t.fill is None and t.legendgroup != "legs"]
        assert len(lines) >= 3, cid
        dashes = [t.line.dash or "solid" for t in lines]
        colours = [t.line.color for t in lines]
        assert None not in colours, cid
        assert len(set(dashes)) == len(dashes) and len(set(colours)) == len(colours), cid


def test_leg_fat_is_a_filled_band(runner: Plan) -> None:
    p = runner.projection["plan"]
    for cid in ("composition", "legfat"):
        fig = {c: f for c, _t, f in _figures(runner, Units())}[cid]
        names = [t.name for t in fig.data]
        slow = fig.data[names.index("Leg fat, slower rule (k = 0.87)")]
        prop = fig.data[names.index("Leg fat, in proportion (k = 1)")]
        assert prop.fill == "tonexty"
        assert names.index("Leg fat, slower rule (k = 0.87)") + 1 == names.index(
            "Leg fat, in proportion (k = 1)")
        if cid == "composition":
            assert list(prop.y) == pytest.approx(p["leg_fat_kg"])
            assert list(slow.y) == pytest.approx(p["leg_fat_kg_allometric"])
    html = render_plan_report(runner)
    d = (runner.goal_date - runner.start_date).days
    assert (f"{p['leg_fat_kg'][d]:.1f}–{p['leg_fat_kg_allometric'][d]:.1f} kg") in html


def test_imperial_charts_are_in_pounds(walker: Plan) -> None:
    figs = {cid: fig for cid, _title, fig in _figures(walker, Units("imperial"))}
    assert figs["weight"].layout.yaxis.title.text == "lb"
    plan_line = next(t for t in figs["weight"].data if t.name == "The plan (diet + training)")
    assert plan_line.y[0] == pytest.approx(walker.person.weight_kg / KG_PER_LB)
    assert figs["legfat"].layout.xaxis.title.text == "total fat [lb]"


def test_imperial_text_conversion() -> None:
    u = Units("imperial")
    assert u.text("at most 1 kg a week") == "at most 2 lb a week"
    assert u.text("a first goal of 5-10 % (6-13 kg)") == "a first goal of 5-10 % (13-29 lb)"
    assert u.text("5.0 km and 2.5 kg/m² and per kg") == "3.1 mi and 2.5 kg/m² and per kg"
    assert Units().text("1 kg") == "1 kg"


# --------------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------------

def test_report_renders_offline(report: Path) -> None:
    seen = render_offline(report)
    assert seen.charts == 6  # weight, body, leg fat, volume, load, macros
    assert seen.charts_with_svg == 6
    assert seen.errors == []
    assert seen.external_requests == []


def phone_view(page_path: Path) -> dict[str, object]:
    """Open a report at phone width with the network blocked; what overflows, what shows."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 844})

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(("file:", "data:", "about:")):
                r.continue_()  # type: ignore[attr-defined]
            else:
                requests.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
        out = page.evaluate("""() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            overflowing: [...document.querySelectorAll('body *')]
                .filter(e => !(e.parentElement && e.parentElement.closest('.scroll')))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40)),
            tablesOutsideScroll: [...document.querySelectorAll('table')]
                .filter(t => !t.parentElement.classList.contains('scroll')).length,
            scrollBoxes: [...document.querySelectorAll('.scroll')]
                .map(e => getComputedStyle(e).overflowX),
            charts: document.querySelectorAll('.js-plotly-plot').length,
            chartsWithSvg: [...document.querySelectorAll('.js-plotly-plot')]
                .filter(e => e.querySelector('svg.main-svg')).length,
            text: document.body.innerText,
            svgText: [...document.querySelectorAll('svg text')].map(t => t.textContent)
                .join(' | '),
        })""")
        browser.close()
    return out | {"requests": requests, "errors": errors}


def test_phone_width_has_no_horizontal_scroll(report: Path) -> None:
    seen = phone_view(report)
    assert seen["errors"] == [] and seen["requests"] == []
    assert seen["scrollWidth"] == seen["innerWidth"] == PHONE_WIDTH
    assert seen["overflowing"] == []
    assert seen["tablesOutsideScroll"] == 0
    assert set(seen["scrollBoxes"]) == {"auto"}  # type: ignore[arg-type]
    assert seen["charts"] == seen["chartsWithSvg"] == 6


def test_imperial_report_shows_pounds_and_miles(imperial_report: Path) -> None:
    seen = phone_view(imperial_report)
    assert seen["errors"] == [] and seen["requests"] == []
    assert seen["scrollWidth"] == PHONE_WIDTH and seen["overflowing"] == []
    text, svg = str(seen["text"]), str(seen["svgText"])
    assert re.findall(r"\d\s?kg\b", text) == [] and re.findall(r"\d\s?km\b", text) == []
    assert re.search(r"\d lb\b", text) and re.search(r"\d\s?mi\b", text)
    assert "lb" in svg and not re.search(r"\bkg\b", svg)
    assert "goal: lose 8.8 lb of fat" in text
