"""Engagement with CSOs: recommendations and their follow-up, the CSO portal (submissions and
reports), publishing to all CSOs, and the shared library of materials."""

from flask import Blueprint

bp = Blueprint("engagement", __name__, url_prefix="/engagement")
