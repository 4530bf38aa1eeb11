"""Editing the results framework (admins): programmes, outcomes, outputs, indicators, targets, entries, import."""

from app.indicators import bp  # noqa: F401
