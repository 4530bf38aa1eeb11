"""Satisfaction surveys: questions in three languages, one response per registration, results."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
