"""Accounts, roles and permissions, organisations, and Iraq's governorates."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
