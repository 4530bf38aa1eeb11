"""Languages: locale selection, text direction, the language switch and digit normalisation."""

from flask import Blueprint

bp = Blueprint("i18n", __name__, url_prefix="/i18n")
