"""Survey pages through the app: the editor, the room QR, paper data entry, exports and roles."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.auth.models import User
from app.extensions import db
from app.registration.models import Registration
from app.registration.services import PersonData, code_for, create_participant, register
from app.surveys.models import Question, Survey, SurveyResponse, SurveyStatus, TokenUse
from app.surveys.services import create_evaluation, set_status, submit
from tests import factories
from tests.conftest import submit as submit_form


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def workshop_id(app) -> int:
    """A workshop of the organiser's organisation with two participants and a draft anonymous evaluation."""
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days())
        register(workshop, create_participant(PersonData(full_name="Zainab Ali", phone="0770 123 4567"), None), None)
        register(workshop, create_participant(PersonData(full_name="هێمن", phone="07501112233"), None), None)
        create_evaluation(workshop, anonymous=True)
        db.session.commit()
        return workshop.id


def _survey(app) -> tuple[int, list[int]]:
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey).order_by(Survey.id)).first()
        return survey.id, [q.id for q in survey.questions]


def _good_answers(questions: list[int]) -> dict[str, str]:
    return {f"q-{qid}": "4" for qid in questions[:5]} | {f"q-{questions[7]}": "1"}


def test_editor_adds_edits_moves_and_deletes_questions(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, questions = _survey(app)
    new = f"/surveys/{survey_id}/questions/new"
    refused = submit_form(client, new, {"kind": "single", "measures": "", "text-en": "Which governorate?",
                                         "options_en": "Basrah"})
    assert refused.status_code == 200 and "Give between 2 and 12 options, one per line." in refused.get_data(as_text=True)
    with app.app_context():
        assert _count(Question) == 9
    added = submit_form(client, new, {
        "kind": "single", "measures": "", "text-en": "Which governorate?", "text-ar": "أي محافظة؟", "required": "y",
        "options_en": "Basrah\nErbil", "options_ar": "البصرة\nأربيل", "options_ckb": "بەسرە\nهەولێر"})
    assert added.status_code == 302
    with app.app_context():
        question = db.session.scalars(sa.select(Question).order_by(Question.id.desc())).first()
        assert question.position == 10 and [o["ckb"] for o in question.options] == ["بەسرە", "هەولێر"]
        new_id = question.id
    edit = f"/surveys/questions/{questions[2]}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert "The facilitation was good." in page
    client.set_cookie("multaqa_lang", "ar")
    assert "مقياس من 1 إلى 5" in client.get(edit).get_data(as_text=True)  # the kinds in the page's language
    client.set_cookie("multaqa_lang", "en")
    assert submit_form(client, edit, {"kind": "scale", "measures": "", "text-en": "The trainers were good.", "required": "y",
                                      "low_label-en": "No", "high_label-en": "Yes"}).status_code == 302
    submit_form(client, f"/surveys/{survey_id}/edit", {}, action=f"/surveys/questions/{new_id}/up")
    submit_form(client, f"/surveys/{survey_id}/edit", {}, action=f"/surveys/questions/{questions[6]}/delete")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        texts = [q.text.en for q in survey.questions]
        assert texts[2] == "The trainers were good." and survey.questions[2].high_label.en == "Yes"
        assert "What should be improved?" not in texts
        assert texts[-2:] == ["Which governorate?", "You are:"] and [q.position for q in survey.questions] == list(
            range(1, 10))


def test_questions_are_locked_once_answered_but_wording_can_change(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, questions = _survey(app)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        set_status(survey, SurveyStatus.OPEN)
        first = db.session.scalars(sa.select(Registration)).first()
        submit(survey, {int(k[2:]): [v] for k, v in _good_answers(questions).items()}, "en", first)
        db.session.commit()
    page = submit_form(client, f"/surveys/{survey_id}/edit", {}, action=f"/surveys/questions/{questions[5]}/delete")
    assert page.status_code == 302
    listing = client.get(f"/surveys/{survey_id}/edit").get_data(as_text=True)
    assert "Copy the survey to change them." in listing
    added = submit_form(client, f"/surveys/{survey_id}/questions/new", {"kind": "short_text", "measures": "", "text-en": "New?"})
    assert "Copy the survey to change them." in added.get_data(as_text=True)
    reworded = submit_form(client, f"/surveys/questions/{questions[5]}/edit", {
        "kind": "long_text", "measures": "", "text-en": "What helped you most?"})
    assert reworded.status_code == 302
    anonymous = submit_form(client, f"/surveys/{survey_id}/edit", {
        "title-en": "Evaluation", "anonymous": "no", "satisfaction_threshold": "4", "pass_mark": "70",
        "pre_test": "0"})
    assert "Copy the survey to change them." in anonymous.get_data(as_text=True)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert len(survey.questions) == 9 and survey.anonymous
        assert survey.questions[5].text.en == "What helped you most?"
        assert _count(SurveyResponse) == 1


def test_copies_start_as_drafts_in_this_or_another_workshop(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, _ = _survey(app)
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        other = factories.make_workshop(organisation=organiser.organisation).id
        db.session.commit()
    assert submit_form(client, f"/surveys/workshops/{other}", {"action": "copy", "source": str(survey_id)}).status_code == 302
    assert submit_form(client, f"/surveys/workshops/{workshop_id}", {}, action=f"/surveys/{survey_id}/copy").status_code == 302
    with app.app_context():
        copies = db.session.scalars(sa.select(Survey).where(Survey.id != survey_id).order_by(Survey.id)).all()
        assert [c.workshop_id for c in copies] == [other, workshop_id]
        assert all(c.status == SurveyStatus.DRAFT and len(c.questions) == 9 for c in copies)


def test_room_qr_identifies_by_badge_code_or_phone(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, questions = _survey(app)
    with app.app_context():
        set_status(db.session.get(Survey, survey_id), SurveyStatus.OPEN)
        db.session.commit()
    display = client.get(f"/surveys/{survey_id}/room").get_data(as_text=True)
    assert "data:image/svg+xml" in display
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        token = survey.room_token
        zainab, hemin = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
        reference = zainab.reference
    assert len(token) >= 20 and f"/surveys/r/{token}" in display
    phone = app.test_client()
    phone.set_cookie("multaqa_lang", "ar")
    assert phone.get(f"/surveys/r/{token[:-2]}xx").status_code == 404
    unknown = submit_form(phone, f"/surveys/r/{token}", {"code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 422 and "invalid-feedback" in unknown.get_data(as_text=True)
    assert phone.get(f"/surveys/r/{token}/answer").status_code == 302  # not identified yet
    badge = reference[:4].lower() + "-" + reference[4:]
    assert submit_form(phone, f"/surveys/r/{token}", {"code": badge}).status_code == 302
    assert submit_form(phone, f"/surveys/r/{token}/answer", _good_answers(questions)).status_code == 302
    again = submit_form(phone, f"/surveys/r/{token}", {"code": reference})
    assert again.status_code == 302
    assert 'name="q-' not in phone.get(f"/surveys/r/{token}/answer").get_data(as_text=True)
    other_phone = app.test_client()
    assert submit_form(other_phone, f"/surveys/r/{token}", {"code": "+964 ٧٥٠ ١١١ ٢٢٣٣"}).status_code == 302
    assert submit_form(other_phone, f"/surveys/r/{token}/answer", _good_answers(questions)).status_code == 302
    with app.app_context():
        assert [r.source for r in db.session.scalars(sa.select(SurveyResponse))] == ["room", "room"]
        assert {u.registration_id for u in db.session.scalars(sa.select(TokenUse))} == {zainab.id, hemin.id}
        assert all(r.registration_id is None for r in db.session.scalars(sa.select(SurveyResponse)))
    submit_form(client, f"/surveys/{survey_id}/room", {}, action=f"/surveys/{survey_id}/room/renew")
    assert app.test_client().get(f"/surveys/r/{token}").status_code == 404


def test_room_identification_is_rate_limited(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, _ = _survey(app)
    client.get(f"/surveys/{survey_id}/room")
    with app.app_context():
        token = db.session.get(Survey, survey_id).room_token
    app.config["ROOM_IDENTIFY_RATE_LIMIT"] = "3 per minute"
    try:
        guesser = app.test_client()
        codes = [submit_form(guesser, f"/surveys/r/{token}", {"code": f"0770000000{n}"}).status_code for n in range(5)]
    finally:
        app.config["ROOM_IDENTIFY_RATE_LIMIT"] = "20 per minute;200 per hour"
    assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]


def test_paper_forms_are_typed_once_each(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id, questions = _survey(app)
    paper = f"/surveys/{survey_id}/paper"
    with app.app_context():
        set_status(db.session.get(Survey, survey_id), SurveyStatus.OPEN)
        db.session.commit()
    form = {"paper_number": "17", "language": "ar", **_good_answers(questions)}
    assert submit_form(client, paper, form).status_code == 302
    twice = submit_form(client, paper, form)
    assert twice.status_code == 200 and "already entered" in twice.get_data(as_text=True)
    missing = submit_form(client, paper, {"paper_number": "18", f"q-{questions[0]}": "4"})
    assert "This question needs an answer." in missing.get_data(as_text=True)
    with app.app_context():
        set_status(db.session.get(Survey, survey_id), SurveyStatus.CLOSED)  # typed after the workshop
        db.session.commit()
    assert submit_form(client, paper, {**form, "paper_number": "18"}).status_code == 302
    with app.app_context():
        responses = db.session.scalars(sa.select(SurveyResponse).order_by(SurveyResponse.id)).all()
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        assert [(r.source, r.paper_number, r.language, r.entered_by_id) for r in responses] == [
            ("paper", "17", "ar", organiser.id), ("paper", "18", "ar", organiser.id)]


def test_named_paper_forms_need_the_badge_code(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    with app.app_context():
        workshop = db.session.get(Survey, _survey(app)[0]).workshop
        named = create_evaluation(workshop, anonymous=False)
        set_status(named, SurveyStatus.OPEN)
        reference = db.session.scalars(sa.select(Registration)).first().reference
        db.session.commit()
        survey_id, questions = named.id, [q.id for q in named.questions]
    paper = f"/surveys/{survey_id}/paper"
    nobody = submit_form(client, paper, _good_answers(questions))
    assert "needs the participant" in nobody.get_data(as_text=True)
    assert submit_form(client, paper, {"reference": reference, **_good_answers(questions)}).status_code == 302
    twice = submit_form(client, paper, {"reference": reference, **_good_answers(questions)})
    assert "already answered" in twice.get_data(as_text=True)
    with app.app_context():
        assert _count(SurveyResponse) == 1


def _answered_survey(app) -> int:
    with app.app_context():
        survey_id, questions = _survey(app)
        survey = db.session.get(Survey, survey_id)
        set_status(survey, SurveyStatus.OPEN)
        first, second = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
        given = {qid: ["4"] for qid in questions[:5]} | {questions[7]: ["1"], questions[8]: ["0"]}
        submit(survey, given | {questions[5]: ["=HYPERLINK(\"http://evil\")"]}, "en", first)
        submit(survey, given | {questions[0]: ["5"], questions[6]: ["المزيد من الوقت"]}, "ar", second)
        db.session.commit()
        return survey_id


def test_exports_label_answers_in_the_chosen_language(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id = _answered_survey(app)
    response = client.get(f"/surveys/{survey_id}/responses.csv?lang=ar")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) == 3
    assert "1. كانت المواضيع ذات صلة بعملي." in rows[0]
    assert rows[1][rows[0].index("9. أنت:")] == "أنثى" and "نعم" in rows[1]
    assert "'=HYPERLINK(\"http://evil\")" in rows[1]  # never a formula in a spreadsheet
    assert "المزيد من الوقت" in rows[2]
    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey_id}/responses.xlsx?lang=ckb").data))
    sheet = workbook.active
    assert sheet.sheet_view.rightToLeft and sheet.max_row == 3
    formula = next(cell for cell in sheet[2] if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert sheet.cell(1, 6).value.startswith("1. بابەتەکان")
    pdf = client.get(f"/surveys/{survey_id}/summary.pdf?lang=en")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_exports_and_editor_are_for_the_workshop_team_only(app, client, login_as, workshop_id) -> None:
    survey_id, questions = _survey(app)
    login_as("viewer")
    for url in (f"/surveys/{survey_id}/edit", f"/surveys/{survey_id}/responses.csv", f"/surveys/{survey_id}/summary.pdf",
                f"/surveys/{survey_id}/paper", f"/surveys/{survey_id}/room", f"/surveys/questions/{questions[0]}/edit"):
        assert client.get(url).status_code in (403, 404), url
    cso = app.test_client()
    submit_form(cso, "/auth/login", {"username": "cso", "password": factories.PASSWORD})
    assert cso.get(f"/surveys/{survey_id}/results").status_code in (403, 404)


def test_the_results_page_shows_the_test_and_the_sex_breakdown(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    survey_id = _answered_survey(app)
    page = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert 'data-satisfied="2" data-respondents="2"' in page and 'id="satisfaction-by-sex"' in page
    with app.app_context():
        code = code_for(db.session.scalars(sa.select(Registration)).first())
    participant = app.test_client()
    assert f"/surveys/p/{code}/{survey_id}" not in participant.get(f"/registration/p/{code}").get_data(as_text=True)
