"""Survey pages: a workshop's surveys, the participant's answer form (from their code), results."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.errors import DomainError
from app.events.models import Workshop
from app.events.services import can_view
from app.extensions import db
from app.registration.models import Sex
from app.registration.services import can_run, registration_for_code
from app.surveys import bp
from app.surveys.models import QuestionKind, Survey, SurveyStatus
from app.surveys.services import (
    InvalidAnswers,
    create_evaluation,
    has_answered,
    list_surveys,
    results,
    set_status,
    submit,
)


def _run_or_403(workshop: Workshop) -> None:
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)


@bp.app_template_global()
def sex_label(value: str) -> str:
    return Sex(value).label


@bp.route("/workshops/<int:workshop_id>", methods=["GET", "POST"])
@login_required
def survey_list(workshop_id: int) -> Response | str:
    workshop = db.get_or_404(Workshop, workshop_id)
    _run_or_403(workshop)
    form = FlaskForm()
    if form.validate_on_submit():
        create_evaluation(workshop, anonymous=request.form.get("anonymous") != "no")
        db.session.commit()
        flash(_("Activity evaluation added as a draft: open it when participants should answer."), "success")
        return redirect(url_for("surveys.survey_list", workshop_id=workshop.id))
    surveys = list_surveys(workshop)
    return render_template("surveys/survey_list.html", workshop=workshop, surveys=surveys, form=form,
                           counts={survey.id: results(survey).responses for survey in surveys})


@bp.post("/<int:survey_id>/status")
@login_required
def survey_status(survey_id: int) -> Response:
    survey = db.get_or_404(Survey, survey_id)
    _run_or_403(survey.workshop)
    if not FlaskForm().validate_on_submit() or request.form.get("status") not in {s.value for s in SurveyStatus}:
        abort(400)
    set_status(survey, SurveyStatus(request.form["status"]))
    db.session.commit()
    flash(_("Survey status: %(status)s.", status=survey.status.label), "success")
    return redirect(url_for("surveys.survey_list", workshop_id=survey.workshop_id))


@bp.get("/<int:survey_id>/results")
@login_required
def survey_results(survey_id: int) -> str:
    survey = db.get_or_404(Survey, survey_id)
    _run_or_403(survey.workshop)
    return render_template("surveys/survey_results.html", workshop=survey.workshop, outcome=results(survey),
                           QuestionKind=QuestionKind)


@bp.route("/p/<code>/<int:survey_id>", methods=["GET", "POST"])
def survey_answer(code: str, survey_id: int) -> Response | str:
    """The participant's form, reached from their personal page: no JavaScript, one response each."""
    registration = registration_for_code(code)
    survey = db.get_or_404(Survey, survey_id)
    if registration is None or registration.workshop_id != survey.workshop_id:
        abort(404)
    form = FlaskForm()
    errors: dict[int, str] = {}
    given = {q.id: request.form.getlist(f"q-{q.id}") for q in survey.questions} if request.method == "POST" else {}
    if survey.status != SurveyStatus.OPEN:
        message = _("This survey is not open.")
    elif has_answered(survey, registration):
        message = _("You have already answered this survey. Thank you!")
    else:
        message = None
        if form.validate_on_submit():
            try:
                submit(survey, given, str(get_locale() or "en"), registration)
            except InvalidAnswers as error:
                db.session.rollback()
                errors = error.errors
            except DomainError as error:
                db.session.rollback()
                message = str(error.message)
            else:
                db.session.commit()
                flash(_("Thank you: your answers are saved."), "success")
                return redirect(url_for("registration.participant_page", code=code))
    return render_template("surveys/survey_answer.html", survey=survey, form=form, errors=errors, given=given,
                           message=message, QuestionKind=QuestionKind, code=code)
