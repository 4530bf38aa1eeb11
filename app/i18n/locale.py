"""Wiring between the request and the locale rules: Flask-Babel's selector and template globals."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from app.i18n.forms import LanguageForm
from app.i18n.services import choose_locale, html_lang, language_name, text_direction


def select_locale() -> str:
    """Flask-Babel's locale selector: saved choice → cookie → Accept-Language → English."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_choice = current_user.locale if current_user.is_authenticated else None
    return choose_locale(
        supported,
        user_choice,
        request.cookies.get(current_app.config["LANGUAGE_COOKIE"]),
        request.accept_languages,
        current_app.config["BABEL_DEFAULT_LOCALE"],
    )


def template_context() -> dict[str, Any]:
    """What base.html needs on every page: lang, dir, and the language switcher."""
    locale = str(get_locale() or "en")
    return {
        "current_locale": locale,
        "html_lang": html_lang(locale),
        "text_dir": text_direction(locale),
        "available_languages": [
            (code, language_name(code), text_direction(code))
            for code in current_app.config["LANGUAGES"]
        ],
        "language_form": LanguageForm(formdata=None, next=request.full_path.rstrip("?") if has_request_context() else "/"),
    }
