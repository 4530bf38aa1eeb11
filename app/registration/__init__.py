"""Participants, registrations, signed QR codes, check-in at the door and daily attendance."""

from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/registration")
