"""The web app in a real browser (system Chromium, headless), as a new user would use it.

One server and one browser for the module; the tests run in order, each going on from what
the previous one left: first start with a wrong value corrected inline -> plan -> calendar ->
14 days of weights and intakes -> upload of the real activity files (bad ones included) ->
Today with trend, expenditure and load -> edit and delete a log -> what-if. Every page is
checked for console errors, requests to any other host, and charts that did not render;
screenshots of each page at desktop and phone size go to ``tests/web/artifacts/`` (not
committed). Then a phone-size pass and an axe-core accessibility check of every page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from runlean.tracking.logs import local_today
from tests.browser import CHROMIUM, LAUNCH_ARGS
from tests.conftest import ACTIVITIES_DIR, activities_available
from tests.web.conftest import ARTIFACTS
from tests.web.live import LiveServer, start_server

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PAGES = ("/today", "/plan", "/activities", "/logs", "/whatif", "/profile")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Seen:
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[LiveServer]:
    live = start_server(data_dir)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seen() -> Seen:
    return Seen()


def _watch(page: Any, server: LiveServer, seen: Seen) -> None:
    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith((server.url + "/", "data:", "blob:", "about:")):
            r.continue_()
        else:
            seen.foreign.append(url)
            r.abort()

    page.route("**/*", route)
    # A refused input answers 400 on purpose (the form comes back with the message next to
    # the field); Chromium logs every 4xx document as a console error, so only that is let be.
    page.on("console", lambda m: seen.errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and "status of 400 (Bad Request)" not in m.text else None)
    page.on("pageerror", lambda e: seen.errors.append(f"{page.url}: {e}"))
    page.on("dialog", lambda d: d.accept())


@pytest.fixture(scope="module")
def page(browser: Any, server: LiveServer, seen: Seen) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    _watch(pg, server, seen)
    yield pg
    context.close()


def charts_ok(page: Any) -> int:
    """Wait until every chart of the page is drawn; return how many there are."""
    n = page.locator("[data-chart]").count()
    if n:
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every("
            "el => el.querySelector('svg.main-svg'))", timeout=30000)
    return n


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def clean(seen: Seen) -> None:
    assert seen.errors == [], seen.errors
    assert seen.foreign == [], seen.foreign


def test_first_start_with_a_wrong_value_corrected_inline(page: Any, server: LiveServer,
                                                          seen: Seen) -> None:
    page.goto(server.url + "/")
    assert page.url.endswith("/start")
    page.select_option("#f-sex", "female")
    page.fill("#f-age_years", "38")
    page.fill("#f-height_cm", "1.66")  # metres instead of cm: refused next to the field
    page.fill("#f-weight_kg", "78")
    page.fill("#f-resting_hr_bpm", "62")
    page.fill("#f-timezone", "Europe/Paris")
    page.fill("#f-goal_target", "5")
    page.click("button.primary")
    err = page.locator("#e-height_cm")
    assert err.inner_text() == "height_cm: got 1.66; expected between 120 and 230 cm."
    assert page.get_attribute("#f-height_cm", "aria-invalid") == "true"
    assert page.input_value("#f-weight_kg") == "78"  # nothing typed is lost
    shot(page, "start-error-desktop")
    page.fill("#f-height_cm", "166")
    page.click("button.primary")
    page.wait_for_url("**/plan")
    assert "Lose 5 kg of fat by" in page.locator("#h-summary").inner_text()
    clean(seen)


def test_plan_targets_calendar_session_and_charts(page: Any, server: LiveServer,
                                                  seen: Seen) -> None:
    page.goto(server.url + "/plan")
    assert charts_ok(page) == 3
    intake = page.locator(".targets .big").first.inner_text()
    assert 1200 <= int(intake.replace(" ", "")) <= 2500
    first = page.locator("table.month a.session").first
    first.click()
    detail = page.locator("#session-detail .session-card")
    detail.wait_for()
    text = detail.inner_text()
    assert "Effort (RPE)" in text and "kcal added to your day" in text and "Why:" in text
    shot(page, "plan-desktop")
    page.click("text=show as a list")
    assert page.locator("ul.sessions li").count() >= 4
    for name in ("plan.json", "sessions.csv", "plan.ics"):
        with page.expect_download() as dl:
            page.click(f"a[href='/plan/download/{name}']")
        assert Path(dl.value.path()).stat().st_size > 100
    clean(seen)


def test_log_14_days_of_weights_and_intakes(page: Any, server: LiveServer,
                                            seen: Seen) -> None:
    page.goto(server.url + "/today")
    today = local_today()
    for k in range(13, -1, -1):
        day = (today - dt.timedelta(days=k)).isoformat()
        weight = page.locator("#log-weight")
        weight.locator("input[name=weight_kg]").fill(f"{78.0 - 0.08 * (13 - k):.1f}")
        weight.locator("input[name=date]").fill(day)
        weight.locator("button").click()
        page.locator("#log-weight .ok").wait_for()
        intake = page.locator("#log-intake")
        intake.locator("input[name=kcal]").fill(str(1650 + 10 * (k % 3)))
        intake.locator("input[name=protein_g]").fill("120")
        intake.locator("input[name=date]").fill(day)
        intake.locator("button").click()
        page.locator("#log-intake .ok").wait_for()
    # A wrong value is refused in the CLI's words, next to the field, and nothing is lost.
    sleep = page.locator("#log-sleep")
    sleep.locator("input[name=hours]").fill("25")
    sleep.locator("button").click()
    page.locator("#e-hours").wait_for()
    assert page.locator("#e-hours").inner_text() == (
        "hours: got 25.0; expected between 0 and 16 hours of sleep per night.")
    sleep = page.locator("#log-sleep")
    sleep.locator("input[name=hours]").fill("7.5")
    sleep.locator("button").click()
    page.locator("#log-sleep .ok").wait_for()
    clean(seen)


@pytest.mark.skipif(not activities_available(), reason="../shared/data/activities is absent")
def test_upload_real_activity_files(page: Any, server: LiveServer, seen: Seen) -> None:
    files = sorted(str(p) for sub in ("fit", "gpx", "tcx", "bad")
                   for p in (ACTIVITIES_DIR / sub).iterdir() if p.is_file())
    page.goto(server.url + "/activities")
    page.set_input_files("#files", files)
    page.click("#upload button[type=submit]")
    page.locator("#upload-result p.ok").wait_for(timeout=240000)
    items = page.locator("ol.uploads > li")
    assert items.count() == len(files)
    text = page.locator("#upload-result").inner_text()
    assert "FAILED" in text.upper()  # the bad files are reported, the batch went on
    imported = page.locator("ol.uploads .st-imported").count()
    assert imported >= 25
    shot(page, "activities-upload-desktop")
    page.goto(server.url + "/activities")
    assert f"{imported} activities" in page.locator("#activity-table").inner_text()
    # Sort by distance, then open the longest activity: route and charts from its streams.
    page.click("text=Distance")
    page.wait_for_url(re.compile(r".*sort=distance_m.*"))
    page.locator("#activity-table tbody a").first.click()
    page.wait_for_url(re.compile(r".*/activities/\d+$"))
    assert charts_ok(page) >= 2
    shot(page, "activity-desktop")
    clean(seen)


def test_today_shows_trend_expenditure_and_load(page: Any, server: LiveServer,
                                                seen: Seen) -> None:
    page.goto(server.url + "/today")
    assert charts_ok(page) == 1
    where = page.locator("#h-where").locator("xpath=..").inner_text()
    assert "trend weight" in where and "kcal/day expenditure" in where
    assert re.search(r"\(95 %: \d[\d ]* – ?\d", where.replace("–", " – ")) or "95 %" in where
    assert "Fitness (CTL)" in where
    shot(page, "today-desktop")
    clean(seen)


def test_edit_and_delete_a_log(page: Any, server: LiveServer, seen: Seen) -> None:
    page.goto(server.url + "/logs?kind=weight")
    day = (local_today() - dt.timedelta(days=3)).isoformat()
    row = page.locator(f"#row-weight-{day}")
    row.locator("text=Edit").click()
    editing = page.locator(f"#row-weight-{day}.editing")
    editing.wait_for()
    editing.locator("input[name=weight_kg]").fill("500")
    editing.locator("button").click()
    page.locator(f"#row-weight-{day} .error").wait_for()
    assert "weight_kg: got 500.0; expected between 30 and 350 kg." in page.locator(
        f"#row-weight-{day} .error").inner_text()
    page.locator(f"#row-weight-{day} input[name=weight_kg]").fill("77.3")
    page.locator(f"#row-weight-{day} button").click()
    page.locator(f"#row-weight-{day}:not(.editing)").wait_for()
    assert "77.3" in page.locator(f"#row-weight-{day}").inner_text()
    shot(page, "logs-desktop")
    before = page.locator("table.logs tbody tr").count()
    page.locator(f"#row-weight-{day}").locator("text=Delete").click()  # confirm accepted
    page.locator(f"#row-weight-{day}").wait_for(state="detached")
    assert page.locator("table.logs tbody tr").count() == before - 1
    page.goto(server.url + "/logs?kind=weight")
    assert page.locator(f"#row-weight-{day}").count() == 0
    clean(seen)


def test_what_if(page: Any, server: LiveServer, seen: Seen) -> None:
    page.goto(server.url + "/whatif")
    page.fill("#f-intake_change", "-600")
    page.fill("#f-days", "180")
    page.click("#whatif-form button.primary")
    page.locator("#h-res").wait_for()
    assert "After 180 days" in page.locator("#h-res").inner_text()
    assert charts_ok(page) == 3
    shot(page, "whatif-desktop")
    with page.expect_download() as dl:
        page.click("#whatif-result button[value=csv]")
    lines = Path(dl.value.path()).read_text().splitlines()
    assert lines[0].startswith("day,weight_kg") and len(lines) == 182
    clean(seen)


def test_every_page_at_phone_size(browser: Any, server: LiveServer, seen: Seen) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    _watch(pg, server, seen)
    for path in PAGES:
        pg.goto(server.url + path)
        charts_ok(pg)
        overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone screen"
        shot(pg, path.strip("/") + "-phone")
    for path in PAGES:
        pg.set_viewport_size(DESKTOP)
        pg.goto(server.url + path)
        charts_ok(pg)
        shot(pg, path.strip("/") + "-desktop")
        pg.set_viewport_size(PHONE)
    context.close()
    clean(seen)


def test_accessibility_axe_core(page: Any, server: LiveServer, seen: Seen) -> None:
    source = AXE.read_text(encoding="utf-8")
    problems = []  # any violation, minor ones included
    extra = ("/activities/1",) if activities_available() else ()
    for path in (*PAGES, "/start", "/plan?view=list", *extra):
        page.goto(server.url + path)
        charts_ok(page)
        page.evaluate(source + "\n;0")
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))")
        problems += [f"{path}: {v}" for v in violations]
    assert problems == []
    clean(seen)
