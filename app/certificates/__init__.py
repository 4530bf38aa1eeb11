"""Attendance certificates: templates per organisation, eligibility, issuing, verification, bulk export."""

from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
# The public verification page keeps a short address: /verify/<code> (printed under the QR).
verify_bp = Blueprint("verify", __name__)
