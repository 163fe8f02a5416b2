"""Open a generated HTML report in headless Chromium (system browser), fully offline.

Every request other than ``file:``, ``data:`` and ``about:`` is blocked and recorded, console
errors and page errors are collected, and the rendered plotly charts are counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Rendered:
    """What the browser saw."""

    errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    charts: int = 0
    charts_with_svg: int = 0


def render_offline(page_path: Path) -> Rendered:
    """Load ``page_path`` with the network blocked; skip the test without Chromium/Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    seen = Rendered()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=LAUNCH_ARGS)
        page = browser.new_page()

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            if url.startswith(("file:", "data:", "about:")):
                r.continue_()  # type: ignore[attr-defined]
            else:
                seen.external_requests.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.goto(page_path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
        plots = page.locator(".js-plotly-plot")
        seen.charts = plots.count()
        seen.charts_with_svg = sum(
            1 for i in range(seen.charts) if plots.nth(i).locator("svg.main-svg").count() > 0)
        browser.close()
    return seen
