"""Home page."""

from __future__ import annotations

from flask import render_template

from app.main import bp


@bp.get("/")
def index() -> str:
    return render_template("main/index.html")
