"""End to end in chromium: sign in, switch to Arabic and to Kurdish, see right-to-left pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests import factories

pytestmark = pytest.mark.browser


def test_sign_in_and_switch_to_arabic_and_kurdish(page, live_server: str, accounts) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))

    page.goto("/auth/login")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.fill("#username", accounts["organiser"])
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit]:has-text('Sign in')")
    page.wait_for_url(f"{live_server}/")
    assert "Welcome, Test Organiser" in page.inner_text("h1")

    page.click("button[data-language=ar]")
    page.wait_for_selector("html[dir=rtl][lang=ar]")
    assert "مرحبًا" in page.inner_text("h1")
    assert page.locator("link[href*='bootstrap.rtl.min.css']").count() == 1
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The navigation starts on the right in RTL: the brand sits right of the language buttons.
    brand = page.locator(".navbar-brand").bounding_box()
    switch = page.locator(".language-switch").bounding_box()
    assert brand["x"] > switch["x"]
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"Noto Sans Arabic\"', 'م'))")

    page.click("button[data-language=ckb]")
    page.wait_for_selector("html[dir=rtl][lang=ckb]")
    assert "بەخێربێیت" in page.inner_text("h1")
    assert "گۆڕینی وشەی نهێنی" in page.inner_text("main")

    # The choice is remembered for the account: a new browser session opens in Kurdish.
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.fill("#username", accounts["organiser"])
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit].w-100")
    page.wait_for_selector("html[dir=rtl][lang=ckb]")

    page.click("button[data-language=en]")
    page.wait_for_selector("html[dir=ltr][lang=en]")
    assert hosts == {"127.0.0.1"}, f"requests left the machine: {hosts}"


def test_logged_out_visitor_switches_language_on_the_login_page(page) -> None:
    page.goto("/auth/login")
    page.click("button[data-language=ar]")
    page.wait_for_selector("html[dir=rtl][lang=ar]")
    assert page.inner_text("h1") == "تسجيل الدخول"
    page.fill("#username", "nobody")
    page.fill("#password", "wrong-password")
    page.click("form button[type=submit].w-100")
    assert "اسم المستخدم أو كلمة المرور غير صحيحة" in page.inner_text(".alert-danger")
