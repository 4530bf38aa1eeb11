"""Domain errors raised by services, and the localised error pages (400, 403, 404, 429, 500)."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain was broken; `message` is a localised text for the user."""

    message = _l("This action is not allowed.")

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("Your account does not have permission to open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. Check the link or go back to the home page.")),
    405: (_l("Method not allowed"), _l("This page cannot be used this way.")),
    413: (_l("File too large"), _l("The file you sent is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. Nothing was saved. Please try again; if it happens again, tell the administrator.")),
}
CSRF_MESSAGE = _l(
    "This form has expired or was not sent by this site. Go back, reload the page and try again."
)


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    title, default_message = ERROR_PAGES.get(code, ERROR_PAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    ), code


def register_errorhandlers(app: Flask) -> None:
    def handle_http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_error(code if code in ERROR_PAGES else 500)

    def handle_csrf(error: CSRFError) -> tuple[str, int]:
        return render_error(400, CSRF_MESSAGE)

    app.register_error_handler(CSRFError, handle_csrf)
    # Unhandled exceptions reach this as a 500 (Flask logs them; tests see them propagate).
    app.register_error_handler(HTTPException, handle_http)


def show_on_form(form: object, error: DomainError, field_for: dict[type[DomainError], str]) -> None:
    """Put a service's error under the form field it concerns, else at the top of the form."""
    name = next((field for kind, field in field_for.items() if isinstance(error, kind)), None)
    errors = getattr(form, name).errors if name else form.form_errors  # type: ignore[attr-defined]
    errors.append(str(error.message))
