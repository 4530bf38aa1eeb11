"""The language switch: works logged out (cookie) and remembers the choice for a signed-in user."""

from __future__ import annotations

from flask import abort, current_app, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.services import safe_next_url, set_preferred_locale
from app.extensions import db
from app.i18n import bp
from app.i18n.forms import LanguageForm

ONE_YEAR = 365 * 24 * 3600


@bp.post("/language")
def switch_language() -> Response:
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    language = form.language.data
    if current_user.is_authenticated:
        set_preferred_locale(current_user, language)
        db.session.commit()
    response = redirect(safe_next_url(form.next.data) or url_for("main.index"))
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response
