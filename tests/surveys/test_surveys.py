"""Satisfaction surveys: the ready evaluation, checking answers, one response per registration
(named or anonymous, also when two submissions race), the satisfaction arithmetic, and the pages."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.registration.models import Registration, Sex
from app.registration.services import (
    PersonData,
    cancel_registration,
    check_in,
    code_for,
    create_participant,
    register,
)
from app.surveys.models import Survey, SurveyResponse, SurveyStatus, TokenUse
from app.surveys.services import (
    AlreadyAnswered,
    InvalidAnswers,
    NotRegistered,
    SurveyClosed,
    create_evaluation,
    results,
    set_status,
    submit,
)
from tests import factories
from tests.conftest import submit as submit_form


def _survey(anonymous: bool = True, people: int = 3) -> tuple[Survey, list[Registration]]:
    workshop = factories.make_workshop(days=factories.two_days())
    survey = create_evaluation(workshop, anonymous=anonymous)
    set_status(survey, SurveyStatus.OPEN)
    registrations = [register(workshop, create_participant(PersonData(full_name=f"P{n}"), None), None)
                     for n in range(people)]
    return survey, registrations


def _answers(survey: Survey, relevance: str, usefulness: str, **extra: str) -> dict[int, list[str]]:
    q = survey.questions
    given = {q[0].id: [relevance], q[1].id: [usefulness], q[2].id: ["4"], q[3].id: ["٥"], q[4].id: ["4"],
             q[7].id: ["1"]}
    for position, value in extra.items():
        given[q[int(position[1:])].id] = [value]
    return given


def test_the_ready_evaluation_in_three_languages(app_ctx) -> None:
    survey, _ = _survey()
    assert len(survey.questions) == 9  # anonymous: the eight questions and the sex question
    assert all(q.text.en and q.text.ar and q.text.ckb for q in survey.questions)
    assert [q.measures for q in survey.questions[:2]] == ["relevance", "usefulness"]
    assert survey.questions[-1].measures == "sex" and not survey.questions[-1].required
    assert survey.status == SurveyStatus.OPEN
    assert len(_survey(anonymous=False)[0].questions) == 8


def test_one_response_per_registration_and_anonymous_keeps_no_link(app_ctx) -> None:
    survey, (first, *_rest) = _survey(anonymous=True)
    response = submit(survey, _answers(survey, "5", "4"), "ar", first)
    assert response.registration_id is None  # anonymous: only the fact of answering is kept
    assert db.session.get(TokenUse, (survey.id, first.id)) is not None
    with pytest.raises(AlreadyAnswered):
        submit(survey, _answers(survey, "1", "1"), "ar", first)
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1


def test_named_surveys_keep_the_registration(app_ctx) -> None:
    survey, (first, *_rest) = _survey(anonymous=False)
    assert submit(survey, _answers(survey, "5", "5"), "en", first).registration_id == first.id


@pytest.mark.parametrize(
    ("change", "message"),
    [({"q0": ""}, "This question needs an answer."), ({"q0": "6"}, "Choose one of the options."),
     ({"q1": "very"}, "Enter a number."), ({"q7": "2"}, "Choose one of the options."),
     ({"q6": "x" * 2001}, "At most 2000 characters.")],
)
def test_bad_answers_store_nothing(app_ctx, change: dict[str, str], message: str) -> None:
    survey, (first, *_rest) = _survey()
    with pytest.raises(InvalidAnswers) as raised:
        submit(survey, _answers(survey, "5", "4", **change), "en", first)
    assert message in raised.value.errors.values()
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0
    assert db.session.get(TokenUse, (survey.id, first.id)) is None


def test_closed_surveys_and_strangers_are_refused(app_ctx) -> None:
    survey, (first, second, _third) = _survey()
    cancel_registration(second, None)
    with pytest.raises(NotRegistered):
        submit(survey, _answers(survey, "5", "5"), "en", second)
    other = register(factories.make_workshop(), create_participant(PersonData(full_name="X"), None), None)
    with pytest.raises(NotRegistered):
        submit(survey, _answers(survey, "5", "5"), "en", other)
    set_status(survey, SurveyStatus.CLOSED)
    with pytest.raises(SurveyClosed):
        submit(survey, _answers(survey, "5", "5"), "en", first)


def test_satisfaction_is_pooled_over_respondents(app_ctx) -> None:
    survey, registrations = _survey(people=4)
    assert results(survey).satisfaction.share is None  # no response yet: no figure, not 0%
    submit(survey, _answers(survey, "5", "4"), "en", registrations[0])  # satisfied
    submit(survey, _answers(survey, "4", "3"), "ar", registrations[1])  # useful? no
    submit(survey, _answers(survey, "4", "4", q5="Group work", q6="More time"), "ckb", registrations[2])
    outcome = results(survey)
    assert (outcome.satisfaction.satisfied, outcome.satisfaction.respondents) == (2, 3)
    assert outcome.satisfaction.share == pytest.approx(2 / 3)
    relevance = outcome.questions[0]
    assert relevance.counts == {5: 1, 4: 2} and relevance.mean == pytest.approx(13 / 3)
    assert outcome.questions[3].counts == {5: 3}  # typed as ٥
    assert outcome.questions[5].texts == [("ckb", "Group work")]
    assert outcome.questions[7].counts == {1: 3}


def test_two_submissions_racing_store_one(app) -> None:
    with app.app_context():
        survey, (first, *_rest) = _survey()
        db.session.commit()
        survey_id, registration_id = survey.id, first.id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def send() -> None:
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            registration = db.session.get(Registration, registration_id)
            answers = _answers(survey, "5", "5")
            barrier.wait(timeout=10)
            try:
                submit(survey, answers, "en", registration)
                db.session.commit()
                outcomes.append("stored")
            except AlreadyAnswered:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused"] * 3 + ["stored"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1


def test_pages_answer_results_and_roles(app, client, login_as) -> None:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days())
        registration = register(workshop, create_participant(PersonData(full_name="زينب"), None), None)
        db.session.commit()
        workshop_id, code = workshop.id, code_for(registration)
    login_as("organiser")
    listing = f"/surveys/workshops/{workshop_id}"
    assert submit_form(client, listing, {"anonymous": "yes", "action": "evaluation"}).status_code == 302
    with app.app_context():
        survey = db.session.scalars(sa.select(Survey)).one()
        survey_id, questions = survey.id, [q.id for q in survey.questions]
    participant = app.test_client()
    participant.set_cookie("multaqa_lang", "ckb")
    closed = participant.get(f"/surveys/p/{code}/{survey_id}").get_data(as_text=True)
    assert 'dir="rtl"' in closed and "ئەم ڕاپرسییە کراوە نییە" in closed  # a draft: not open yet
    submit_form(client, listing, {"status": "open"}, action=f"/surveys/{survey_id}/status")
    page = participant.get(f"/registration/p/{code}").get_data(as_text=True)
    assert f"/surveys/p/{code}/{survey_id}" in page
    form = participant.get(f"/surveys/p/{code}/{survey_id}").get_data(as_text=True)
    assert "بابەتەکان پەیوەندییان بە کارەکەمەوە هەبوو" in form
    missing = submit_form(participant, f"/surveys/p/{code}/{survey_id}", {f"q-{questions[0]}": "5"})
    assert missing.status_code == 200 and 'class="text-danger small mt-1"' in missing.get_data(as_text=True)
    answers = {f"q-{qid}": "4" for qid in questions[:5]} | {f"q-{questions[7]}": "1"}
    assert submit_form(participant, f"/surveys/p/{code}/{survey_id}", answers).status_code == 302
    again = participant.get(f"/surveys/p/{code}/{survey_id}").get_data(as_text=True)
    assert "پێشتر وەڵامی ئەم ڕاپرسییەت داوەتەوە" in again and 'name="q-' not in again
    result = client.get(f"/surveys/{survey_id}/results").get_data(as_text=True)
    assert 'data-satisfied="1" data-respondents="1"' in result and "100%" in result
    viewer = app.test_client()
    submit_form(viewer, "/auth/login", {"username": "viewer", "password": factories.PASSWORD})
    assert viewer.get(f"/surveys/{survey_id}/results").status_code in (403, 404)
    assert app.test_client().get(f"/surveys/p/{code[:-2]}AA/{survey_id}").status_code == 404


def test_response_rate_and_satisfaction_by_sex_for_named_surveys(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    survey = create_evaluation(workshop, anonymous=False)
    set_status(survey, SurveyStatus.OPEN)
    people = [register(workshop, create_participant(PersonData(full_name=f"P{n}", sex=sex), None), None)
              for n, sex in enumerate([Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.MALE])]
    for registration in people:
        check_in(workshop, None, registration=registration, day=workshop.days[0])
    submit(survey, _answers(survey, "5", "5"), "ar", people[0])
    submit(survey, _answers(survey, "2", "5"), "ar", people[1])
    submit(survey, _answers(survey, "4", "4"), "ar", people[2])
    outcome = results(survey)
    assert outcome.attendees == 4 and outcome.response_rate == pytest.approx(0.75)
    by_sex = {sex: (part.satisfied, part.respondents) for sex, part in outcome.satisfaction_by_sex.items()}
    assert by_sex == {"female": (1, 2), "male": (1, 1)}
