"""Group work pages: breakout groups, the SWOT board, the rapporteur's link and the projector view."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from app.events.models import Workshop
from app.events.services import can_view
from app.extensions import db
from app.groupwork import bp
from app.groupwork import models  # noqa: F401  (the tables, for migrations)
from app.registration.services import can_run


@bp.get("/workshops/<int:workshop_id>")
@login_required
def board(workshop_id: int) -> str:
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)
    return render_template("groupwork/board.html", workshop=workshop)
