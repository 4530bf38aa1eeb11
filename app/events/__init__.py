"""Workshops: capacity-building activities with their days, agendas, series, calendar and iCalendar."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")
