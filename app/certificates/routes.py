"""Certificate pages: settings and eligibility, issuing and revoking, bulk export, public verification."""

from __future__ import annotations

from flask import render_template

from app.certificates import bp, verify_bp  # noqa: F401
from app.certificates.services import certificate_for_code


@verify_bp.get("/verify/<code>")
def verify(code: str) -> tuple[str, int]:
    """Public: whether a certificate is real. Name, workshop and dates only — nothing else about the person."""
    certificate = certificate_for_code(code)
    return render_template("certificates/verify.html", certificate=certificate), 200 if certificate else 404
