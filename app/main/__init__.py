"""The home page: a short welcome when signed out, the user's starting points when signed in."""

from flask import Blueprint

bp = Blueprint("main", __name__)
