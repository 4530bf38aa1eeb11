"""The results framework and every indicator figure: dashboard, drill-down, frozen quarterly reports, exports."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicators")
