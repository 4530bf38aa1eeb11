"""Locale selection, the language switch and locale-aware formatting, through the app."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import render_template_string

from app.auth.models import User
from app.extensions import db
from tests.conftest import login, submit


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_english_by_default(client) -> None:
    html = _html(client.get("/"))
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html and "bootstrap.rtl.min.css" not in html


def test_accept_language_arabic_gives_rtl_and_the_rtl_bootstrap(client) -> None:
    html = _html(client.get("/", headers={"Accept-Language": "ar-IQ,ar;q=0.9,en;q=0.5"}))
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "تسجيل الدخول" in html


def test_switching_language_works_logged_out_and_keeps_the_page(client) -> None:
    response = submit(client, "/auth/login", {"language": "ckb", "next": "/auth/login?next=%2F"},
                      action="/i18n/language")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2F"
    html = _html(client.get("/auth/login"))
    assert '<html lang="ckb" dir="rtl">' in html
    assert "چوونەژوورەوە" in html


def test_switch_refuses_an_unknown_language_and_foreign_redirects(client) -> None:
    assert submit(client, "/", {"language": "fr", "next": "/"}, action="/i18n/language").status_code == 400
    response = submit(client, "/", {"language": "ar", "next": "https://evil.example/"}, action="/i18n/language")
    assert response.headers["Location"] == "/"
    response = submit(client, "/", {"language": "ar", "next": "//evil.example/"}, action="/i18n/language")
    assert response.headers["Location"] == "/"


def test_switch_without_csrf_token_is_refused(client) -> None:
    response = client.post("/i18n/language", data={"language": "ar", "next": "/"})
    assert response.status_code == 400
    assert "multaqa_lang" not in response.headers.get("Set-Cookie", "")


def test_signed_in_users_choice_is_saved_and_beats_the_cookie(app, client, accounts) -> None:
    login(client, accounts["viewer"])
    submit(client, "/", {"language": "ar", "next": "/"}, action="/i18n/language")
    with app.app_context():
        assert db.session.scalar(sa.select(User.locale).where(User.username == "viewer")) == "ar"
    client.set_cookie("multaqa_lang", "en")
    assert 'dir="rtl"' in _html(client.get("/", headers={"Accept-Language": "en"}))


def test_kurdish_user_gets_kurdish_after_login(app, client, accounts) -> None:
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "cso").values(locale="ckb"))
        db.session.commit()
    login(client, accounts["cso"])
    html = _html(client.get("/"))
    assert 'lang="ckb"' in html and "بەخێربێیت" in html


def test_numbers_dates_and_percentages_follow_the_locale(app) -> None:
    when = datetime(2023, 6, 13, 6, 30, tzinfo=UTC)  # 09:30 in Baghdad
    template = "{{ 1234.5|number }}|{{ 0.38|percent }}|{{ when|date('long') }}|{{ when|datetime('short') }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(template, when=when) == "1,234.5|38%|June 13, 2023|6/13/23, 9:30\u202fAM"
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        rendered = render_template_string(template, when=when)
        assert "13 حزيران 2023" in rendered  # Iraqi month names, not يونيو
        assert "9:30" in rendered
        # Latin digits take Latin separators: "4٫86" would read "86٫4" in right-to-left text.
        assert render_template_string("{{ 4.86|number }}|{{ 1234.5|number }}") == "4.86|1,234.5"
    with app.test_request_context(headers={"Accept-Language": "ckb"}):
        assert "حوزەیران" in render_template_string(template, when=when)


def test_native_digits_when_configured(app) -> None:
    app.config["NUMBERING_SYSTEM"] = "arab"
    try:
        with app.test_request_context(headers={"Accept-Language": "ckb"}):
            assert render_template_string("{{ 129|number }}") == "١٢٩"
            assert render_template_string("{{ 4.86|number }}") == "٤٫٨٦"
        with app.test_request_context(headers={"Accept-Language": "en"}):
            assert render_template_string("{{ 129|number }}") == "129"
    finally:
        app.config["NUMBERING_SYSTEM"] = "latn"
