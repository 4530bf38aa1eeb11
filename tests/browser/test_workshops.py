"""End to end in chromium: an organiser creates a two-day workshop in the Arabic UI and finds it
on the month calendar."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.browser


def test_create_a_two_day_workshop_in_arabic_and_see_it_on_the_calendar(page, live_server: str, accounts) -> None:
    page.goto("/auth/login")
    page.click("button[data-language=ar]")
    page.wait_for_selector("html[dir=rtl][lang=ar]")
    page.fill("#username", accounts["organiser"])
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit].w-100")
    page.wait_for_url(f"{live_server}/")

    page.goto("/events/new")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#title-ar").get_attribute("dir") == "rtl"
    assert page.locator("#title-en").get_attribute("dir") == "ltr"
    page.fill("#title-ar", "ورشة التثقيف الانتخابي في البصرة")
    page.fill("#title-en", "Voter education workshop in Basra")
    page.select_option("#activity_type_id", label="ورشة عمل")
    page.select_option("#governorate_id", label="البصرة")
    page.fill("#venue", "فندق البصرة الدولي")
    page.fill("#capacity", "٣٥")
    page.fill("#first_day", "2023-06-13")
    page.fill("#last_day", "2023-06-14")
    page.fill("#day_start", "09:00")
    page.fill("#day_end", "16:00")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_selector("#workshop-when")

    heading = page.inner_text("h1")
    assert heading == "ورشة التثقيف الانتخابي في البصرة"
    assert "حزيران 2023" in page.inner_text("#workshop-when")
    assert "35" in page.inner_text("main")  # typed as ٣٥, stored and shown as a number
    assert page.locator("section[id^=day-]").count() == 2

    page.goto("/events/calendar?year=2023&month=6")
    assert "حزيران 2023" in page.inner_text("#calendar-title")
    for day in ("2023-06-13", "2023-06-14"):
        cell = page.locator(f"td[data-date='{day}']")
        assert "ورشة التثقيف الانتخابي في البصرة" in cell.inner_text()
    assert "ورشة التثقيف" not in page.locator("td[data-date='2023-06-15']").inner_text()
    # In the right-to-left calendar, Saturday (the first day of the week) is the rightmost column.
    saturday = page.locator("thead th").nth(0).bounding_box()
    friday = page.locator("thead th").nth(6).bounding_box()
    assert saturday["x"] > friday["x"]
    page.locator("td[data-date='2023-06-13'] a").first.click()
    page.wait_for_selector("#workshop-when")
    assert page.inner_text("h1") == "ورشة التثقيف الانتخابي في البصرة"
