"""The results dashboard in chromium: Arabic, right to left, on a narrow screen, and the drill-down."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests import factories
from tests.indicators import report_2012

pytestmark = pytest.mark.browser


def test_arabic_dashboard_reads_right_to_left_and_drills_down(browser, live_server: str, app, accounts) -> None:
    with app.app_context():
        report = report_2012.build()
        db.session.commit()
    context = browser.new_context(base_url=live_server, locale="ar", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/auth/login")
        page.fill("#username", accounts["viewer"])
        page.fill("#password", factories.PASSWORD)
        page.press("#password", "Enter")
        page.wait_for_url(f"{live_server}/")
        page.goto(f"/indicators/programmes/{report.programme_id}/dashboard?period={report_2012.Q4_2012.key}")
        page.wait_for_selector("html[dir=rtl]")
        row = page.locator("tr[data-code='1.1.9']")
        assert row.locator("td.target").inner_text().strip() == "340"
        assert row.locator("td.actual a").inner_text().startswith("129 (")
        # Right to left: the indicator's title is right of its target.
        assert row.locator("td").nth(0).bounding_box()["x"] > row.locator("td.target").bounding_box()["x"]
        # The progress bar of 38% fills from the right.
        bar = row.locator(".progress-bar").bounding_box()
        track = row.locator(".progress").bounding_box()
        assert abs((bar["x"] + bar["width"]) - (track["x"] + track["width"])) < 2
        assert 0.3 < bar["width"] / track["width"] < 0.45
        row.locator("td.actual a").click()
        page.wait_for_selector("#people")
        assert page.locator("#people tbody tr").count() == 129
        assert page.locator("#workshops tbody tr").count() == 8
    finally:
        context.close()
