"""Survey pages: a workshop's surveys and their editor, the participant's answer form (from their
personal link or the room QR), paper data entry by staff, results and their exports."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.db import LANGUAGES
from app.errors import DomainError, show_on_form
from app.events.models import Workshop
from app.events.services import can_view
from app.extensions import db, limiter
from app.i18n.formatting import format_number, format_percent
from app.registration.models import Registration, Sex
from app.registration.qr import qr_data_uri
from app.registration.services import can_run, registration_for_code, today_in_baghdad
from app.registration.spreadsheets import XLSX_MIMETYPE, table_to_csv, table_to_xlsx
from app.surveys import bp
from app.surveys.exports import response_table, summary_pdf
from app.surveys.forms import CopyForm, IdentifyForm, PaperForm, QuestionForm, SurveySettingsForm
from app.surveys.models import Question, QuestionKind, Survey, SurveyKind, SurveyStatus
from app.surveys.services import (
    AlreadyAnswered,
    AmbiguousPhone,
    HasResponses,
    InvalidAnswers,
    InvalidQuestion,
    NotIdentified,
    NotRegistered,
    PaperAlreadyEntered,
    QuestionData,
    SurveySettings,
    add_sex_question,
    copy_survey,
    create_evaluation,
    create_test,
    delete_question,
    has_answered,
    identify,
    list_surveys,
    move_question,
    response_count,
    results,
    room_token,
    save_question,
    score_of,
    set_status,
    submit,
    survey_for_room,
    surveys_to_copy,
    tests_of,
    typed_correct,
    update_settings,
)


def _run_or_403(workshop: Workshop) -> None:
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)


def _survey_or_403(survey_id: int) -> Survey:
    survey = db.get_or_404(Survey, survey_id)
    _run_or_403(survey.workshop)
    return survey


def _language() -> str:
    return str(get_locale() or "en")


@bp.app_template_global()
def sex_label(value: str) -> str:
    return Sex(value).label


# ---------------------------------------------------------------- the workshop's surveys


@bp.route("/workshops/<int:workshop_id>", methods=["GET", "POST"])
@login_required
def survey_list(workshop_id: int) -> Response | str:
    workshop = db.get_or_404(Workshop, workshop_id)
    _run_or_403(workshop)
    form = FlaskForm()
    copy_form = CopyForm()
    copy_form.source.choices = [SelectChoice(s.id, f"{s.workshop.title} · {s.title}")
                                for s in surveys_to_copy(current_user, workshop)]
    if form.validate_on_submit():
        action = request.form.get("action")
        if action == "evaluation":
            survey = create_evaluation(workshop, anonymous=request.form.get("anonymous") != "no")
            message = _("Activity evaluation added as a draft: adapt it, then open it when participants should answer.")
        elif action == "test":
            survey = create_test(workshop)
            message = _("Test added as a draft: add its questions and right answers.")
        elif action == "copy" and copy_form.validate():
            survey = copy_survey(db.get_or_404(Survey, copy_form.source.data), workshop)
            message = _("Survey copied as a draft.")
        else:
            abort(400)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("surveys.survey_edit", survey_id=survey.id))
    surveys = list_surveys(workshop)
    return render_template("surveys/survey_list.html", workshop=workshop, surveys=surveys, form=form,
                           copy_form=copy_form, counts={survey.id: response_count(survey) for survey in surveys})


@bp.post("/<int:survey_id>/copy")
@login_required
def survey_copy(survey_id: int) -> Response:
    survey = _survey_or_403(survey_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    copy = copy_survey(survey)
    db.session.commit()
    flash(_("Survey copied as a draft."), "success")
    return redirect(url_for("surveys.survey_edit", survey_id=copy.id))


@bp.post("/<int:survey_id>/status")
@login_required
def survey_status(survey_id: int) -> Response:
    survey = _survey_or_403(survey_id)
    if not FlaskForm().validate_on_submit() or request.form.get("status") not in {s.value for s in SurveyStatus}:
        abort(400)
    set_status(survey, SurveyStatus(request.form["status"]))
    db.session.commit()
    flash(_("Survey status: %(status)s.", status=survey.status.label), "success")
    return redirect(request.form.get("back") == "edit" and url_for("surveys.survey_edit", survey_id=survey.id)
                    or url_for("surveys.survey_list", workshop_id=survey.workshop_id))


# ---------------------------------------------------------------- the editor


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def survey_edit(survey_id: int) -> Response | str:
    survey = _survey_or_403(survey_id)
    form = SurveySettingsForm(obj=None if request.method == "POST" else survey)
    if request.method == "GET":
        form.anonymous.data = "yes" if survey.anonymous else "no"
        form.pre_test.data = survey.pre_test_id or 0
    form.pre_test.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(test.id, str(test.title)) for test in tests_of(survey.workshop) if test.id != survey.id]
    if form.validate_on_submit():
        try:
            update_settings(survey, SurveySettings(
                title=form.title.data, anonymous=form.anonymous.data == "yes",
                satisfaction_threshold=form.satisfaction_threshold.data, pass_mark=form.pass_mark.data,
                pre_test=db.session.get(Survey, form.pre_test.data) if form.pre_test.data else None))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {HasResponses: "anonymous", InvalidQuestion: "pre_test"})
        else:
            db.session.commit()
            flash(_("Survey saved."), "success")
            return redirect(url_for("surveys.survey_edit", survey_id=survey.id))
    return render_template("surveys/survey_edit.html", workshop=survey.workshop, survey=survey, form=form,
                           responses=response_count(survey), QuestionKind=QuestionKind, SurveyKind=SurveyKind)


def _question_data(form: QuestionForm) -> QuestionData:
    return QuestionData(
        kind=QuestionKind(form.kind.data), text=form.text.data, options=form.option_texts(),
        low_label=form.low_label.data, high_label=form.high_label.data, required=form.required.data,
        measures=form.measures.data or None, correct=form.correct.data or "",
        points=1 if form.points.data is None else form.points.data)


def _question_page(survey: Survey, question: Question | None) -> Response | str:
    form = QuestionForm(obj=None if request.method == "POST" else question)
    if request.method == "GET" and question is not None:
        form.kind.data = question.kind.value
        form.measures.data = question.measures or ""
        form.correct.data = typed_correct(question)
        for lang in LANGUAGES:
            getattr(form, f"options_{lang}").data = "\n".join(option.get(lang, "") for option in question.options or [])
    if form.validate_on_submit():
        try:
            save_question(survey, _question_data(form), question)
        except InvalidQuestion as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {})
        else:
            db.session.commit()
            flash(_("Question saved."), "success")
            return redirect(url_for("surveys.survey_edit", survey_id=survey.id))
    return render_template("surveys/question_form.html", workshop=survey.workshop, survey=survey, question=question,
                           form=form, responses=response_count(survey))


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
@login_required
def question_new(survey_id: int) -> Response | str:
    return _question_page(_survey_or_403(survey_id), None)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def question_edit(question_id: int) -> Response | str:
    question = db.get_or_404(Question, question_id)
    _run_or_403(question.survey.workshop)
    return _question_page(question.survey, question)


@bp.post("/questions/<int:question_id>/<any(delete, up, down):action>")
@login_required
def question_action(question_id: int, action: str) -> Response:
    question = db.get_or_404(Question, question_id)
    survey = question.survey
    _run_or_403(survey.workshop)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        if action == "delete":
            delete_question(question)
        else:
            move_question(question, -1 if action == "up" else 1)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
    return redirect(url_for("surveys.survey_edit", survey_id=survey.id) + "#questions")


@bp.post("/<int:survey_id>/sex-question")
@login_required
def sex_question(survey_id: int) -> Response:
    survey = _survey_or_403(survey_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        add_sex_question(survey)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
    return redirect(url_for("surveys.survey_edit", survey_id=survey.id) + "#questions")


# ---------------------------------------------------------------- results and exports


@bp.get("/<int:survey_id>/results")
@login_required
def survey_results(survey_id: int) -> str:
    survey = _survey_or_403(survey_id)
    return render_template("surveys/survey_results.html", workshop=survey.workshop, outcome=results(survey),
                           QuestionKind=QuestionKind, languages=LANGUAGES)


def _export_language() -> str:
    lang = request.args.get("lang", _language())
    return lang if lang in LANGUAGES else "en"


@bp.get("/<int:survey_id>/responses.<any(csv, xlsx):kind>")
@login_required
def survey_export(survey_id: int, kind: str) -> Response:
    survey = _survey_or_403(survey_id)
    lang = _export_language()
    header, rows = response_table(survey, lang)
    filename = f"survey-{survey.id}-{lang}.{kind}"
    if kind == "xlsx":
        body, mimetype = table_to_xlsx(header, rows, _("Responses"), right_to_left=lang != "en"), XLSX_MIMETYPE
    else:
        body, mimetype = table_to_csv(header, rows), "text/csv"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<int:survey_id>/summary.pdf")
@login_required
def survey_summary(survey_id: int) -> Response:
    survey = _survey_or_403(survey_id)
    lang = _export_language()
    return Response(summary_pdf(survey, lang, today_in_baghdad()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="survey-{survey.id}-{lang}.pdf"'})


# ---------------------------------------------------------------- answering


def _given(survey: Survey) -> dict[int, list[str]]:
    return {q.id: request.form.getlist(f"q-{q.id}") for q in survey.questions} if request.method == "POST" else {}


def _thanks(survey: Survey, response_values: dict[int, object]) -> str:
    if survey.kind != SurveyKind.TEST:
        return _("Thank you: your answers are saved.")
    earned, possible = score_of(survey, response_values)
    return _("Thank you: your answers are saved. Your score: %(earned)s of %(possible)s points (%(percent)s).",
             earned=format_number(earned), possible=format_number(possible),
             percent=format_percent(earned / possible if possible else 0))


def _answer_page(survey: Survey, registration: Registration, source: str, done_url: str) -> Response | str:
    """The no-JavaScript answer form, shared by the personal link and the room QR."""
    form = FlaskForm()
    errors: dict[int, str] = {}
    given = _given(survey)
    if survey.status != SurveyStatus.OPEN:
        message = _("This survey is not open.")
    elif has_answered(survey, registration):
        message = _("You have already answered this survey. Thank you!")
    else:
        message = None
        if form.validate_on_submit():
            try:
                response = submit(survey, given, _language(), registration, source=source)
            except InvalidAnswers as error:
                db.session.rollback()
                errors = error.errors
            except DomainError as error:
                db.session.rollback()
                message = str(error.message)
            else:
                thanks = _thanks(survey, {a.question_id: a.value for a in response.answers})
                db.session.commit()
                flash(thanks, "success")
                return redirect(done_url)
    return render_template("surveys/survey_answer.html", survey=survey, form=form, errors=errors, given=given,
                           message=message, QuestionKind=QuestionKind)


@bp.route("/p/<code>/<int:survey_id>", methods=["GET", "POST"])
def survey_answer(code: str, survey_id: int) -> Response | str:
    """The participant's form, reached from their personal page: no JavaScript, one response each."""
    registration = registration_for_code(code)
    survey = db.get_or_404(Survey, survey_id)
    if registration is None or registration.workshop_id != survey.workshop_id:
        abort(404)
    return _answer_page(survey, registration, "link", url_for("registration.participant_page", code=code))


@bp.route("/<int:survey_id>/room")
@login_required
def room_display(survey_id: int) -> str:
    """Full screen on the projector: the QR of the survey's room link."""
    survey = _survey_or_403(survey_id)
    url = url_for("surveys.room_identify", token=room_token(survey), _external=True)
    db.session.commit()
    return render_template("surveys/room_display.html", survey=survey, url=url, qr=qr_data_uri(url, scale=10))


@bp.post("/<int:survey_id>/room/renew")
@login_required
def room_renew(survey_id: int) -> Response:
    survey = _survey_or_403(survey_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    room_token(survey, renew=True)
    db.session.commit()
    flash(_("New room link: the old QR no longer works."), "success")
    return redirect(url_for("surveys.room_display", survey_id=survey.id))


def _room_limit() -> str:
    return current_app.config["ROOM_IDENTIFY_RATE_LIMIT"]


def _room_identify_failed(response: Response) -> bool:
    return request.method == "POST" and response.status_code != 302


def _room_key(survey: Survey) -> str:
    return f"survey-room-{survey.id}"


@bp.route("/r/<token>", methods=["GET", "POST"])
@limiter.limit(_room_limit, methods=["POST"], deduct_when=_room_identify_failed)
def room_identify(token: str) -> Response | str:
    """From the room QR: the participant gives their badge code or phone, then answers."""
    survey = survey_for_room(token)
    if survey is None:
        abort(404)
    form = IdentifyForm()
    if form.validate_on_submit():
        try:
            registration = identify(survey, form.code.data)
        except DomainError as error:
            show_on_form(form, error, {DomainError: "code"})
        else:
            session[_room_key(survey)] = registration.id
            return redirect(url_for("surveys.room_answer", token=token))
    status = 200 if not form.errors else 422
    return render_template("surveys/room_identify.html", survey=survey, form=form), status


@bp.route("/r/<token>/answer", methods=["GET", "POST"])
def room_answer(token: str) -> Response | str:
    survey = survey_for_room(token)
    if survey is None:
        abort(404)
    registration = db.session.get(Registration, session.get(_room_key(survey)) or 0)
    if registration is None or registration.workshop_id != survey.workshop_id:
        return redirect(url_for("surveys.room_identify", token=token))
    return _answer_page(survey, registration, "room", url_for("surveys.room_identify", token=token))


@bp.route("/<int:survey_id>/paper", methods=["GET", "POST"])
@login_required
def paper_entry(survey_id: int) -> Response | str:
    """Staff type a paper form: the same questions, the sheet's number, the badge code when named."""
    survey = _survey_or_403(survey_id)
    form = PaperForm()
    errors: dict[int, str] = {}
    given = _given(survey)
    if form.validate_on_submit():
        try:
            registration = identify(survey, form.reference.data) if form.reference.data else None
            if registration is None and not survey.anonymous:
                raise InvalidQuestion(_("A named survey needs the participant's badge code."), "reference")
            language = request.form.get("language", _language())
            submit(survey, given, language if language in LANGUAGES else "en", registration, source="paper",
                   entered_by=current_user, paper_number=form.paper_number.data or "")
        except InvalidAnswers as error:
            db.session.rollback()
            errors = error.errors
        except InvalidQuestion as error:
            db.session.rollback()
            form.reference.errors.append(error.message)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {PaperAlreadyEntered: "paper_number", NotIdentified: "reference",
                                       AmbiguousPhone: "reference", AlreadyAnswered: "reference",
                                       NotRegistered: "reference"})
        else:
            db.session.commit()
            flash(_("Paper form saved. Next one:"), "success")
            return redirect(url_for("surveys.paper_entry", survey_id=survey.id))
    return render_template("surveys/paper_entry.html", workshop=survey.workshop, survey=survey, form=form,
                           errors=errors, given=given, QuestionKind=QuestionKind, languages=LANGUAGES,
                           responses=response_count(survey))
