"""Group work at a workshop: breakout groups, the SWOT board and its projector view."""

from flask import Blueprint

bp = Blueprint("groupwork", __name__, url_prefix="/groupwork")
