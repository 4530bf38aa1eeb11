"""End-of-training tests: right answers, scores and the pass mark, pre/post gain; the satisfaction
threshold and the breakdown by sex of anonymous surveys."""

from __future__ import annotations

import pytest

from app.db import LocalizedText as T
from app.registration.models import Registration
from app.registration.services import PersonData, create_participant, register
from app.surveys.models import QuestionKind, Survey, SurveyStatus
from app.surveys.services import (
    InvalidQuestion,
    QuestionData,
    SurveySettings,
    create_evaluation,
    create_test,
    results,
    save_question,
    score_of,
    set_status,
    submit,
    update_settings,
)
from tests import factories


def _options(*labels: str) -> list[T]:
    return [T(en=label) for label in labels]


def _test(workshop, pre_test: Survey | None = None) -> Survey:
    """Four scored questions worth 1 + 2 + 1 + 1 = 5 points, and one that is not scored."""
    test = create_test(workshop, pre_test=pre_test, pass_mark=60)
    save_question(test, QuestionData(QuestionKind.SINGLE, T(en="Who registers voters?"),
                                     _options("CSOs", "IHEC", "UN"), correct="2"))
    save_question(test, QuestionData(QuestionKind.MULTIPLE, T(en="Which are observers' rights?"),
                                     _options("Attend the count", "Vote twice", "Get the results form"),
                                     correct="1, ٣", points=2))
    save_question(test, QuestionData(QuestionKind.YES_NO, T(en="Is the ink indelible?"), correct="yes",
                                     required=False))
    save_question(test, QuestionData(QuestionKind.NUMBER, T(en="How many governorates?"), correct="19"))
    save_question(test, QuestionData(QuestionKind.LONG_TEXT, T(en="Comments"), required=False))
    set_status(test, SurveyStatus.OPEN)
    return test


def _people(workshop, count: int) -> list[Registration]:
    return [register(workshop, create_participant(PersonData(full_name=f"Trainee {n}"), None), None)
            for n in range(count)]


def _take(test: Survey, registration: Registration, single: str, multiple: list[str], yes_no: str | None,
          number: str) -> None:
    q = test.questions
    given = {q[0].id: [single], q[1].id: multiple, q[3].id: [number]}
    if yes_no is not None:
        given[q[2].id] = [yes_no]
    submit(test, given, "en", registration)


def test_right_answers_are_stored_as_answers_are(app_ctx) -> None:
    test = _test(factories.make_workshop(days=factories.two_days()))
    assert [q.correct for q in test.questions] == [1, [0, 2], 1, 19.0, None]
    assert [q.scored for q in test.questions] == [True, True, True, True, False]
    assert not test.anonymous  # tests are named: the gain needs the person


@pytest.mark.parametrize(("typed", "stored"), [("نعم", 1), ("لا", 0), ("بەڵێ", 1), ("نەخێر", 0), ("No", 0)])
def test_yes_or_no_right_answers_in_any_language(app_ctx, typed: str, stored: int) -> None:
    test = create_test(factories.make_workshop())
    assert save_question(test, QuestionData(QuestionKind.YES_NO, T(en="Q"), correct=typed)).correct == stored


@pytest.mark.parametrize(("kind", "typed", "field_message"), [
    (QuestionKind.SINGLE, "4", "Give option numbers between 1 and 3."),
    (QuestionKind.SINGLE, "1, 2", "Give one option number."),
    (QuestionKind.YES_NO, "maybe", "Write yes or no."),
    (QuestionKind.SCALE, "5", "This question kind cannot have a right answer."),
])
def test_impossible_right_answers_are_refused(app_ctx, kind, typed, field_message) -> None:
    test = create_test(factories.make_workshop())
    with pytest.raises(InvalidQuestion) as raised:
        save_question(test, QuestionData(kind, T(en="Q"), _options("a", "b", "c"), correct=typed))
    assert raised.value.field == "correct" and raised.value.message == field_message
    assert test.questions == []


def test_scores_pass_rate_and_partial_answers(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    test = _test(workshop)
    empty = results(test).test
    assert empty.scores == [] and empty.pass_rate is None and empty.average is None and empty.possible == 5
    first, second, third = _people(workshop, 3)
    _take(test, first, "1", ["0", "2"], "1", "١٩")  # all right: 5 of 5
    _take(test, second, "1", ["0"], None, "18")  # single only (multiple half right earns nothing): 1 of 5
    _take(test, third, "1", ["0", "2"], "0", "19")  # 4 of 5
    outcome = results(test).test
    assert [(s.earned, s.possible) for s in outcome.scores] == [(5, 5), (1, 5), (4, 5)]
    assert [s.passed for s in outcome.scores] == [True, False, True]  # pass mark 60%
    assert outcome.passed == 2 and outcome.pass_rate == pytest.approx(2 / 3)
    assert outcome.average == pytest.approx((100 + 20 + 80) / 3)
    by_question = results(test).questions
    assert [r.correct for r in by_question[:4]] == [3, 2, 1, 2]
    assert score_of(test, {}) == (0, 5)


def test_gain_per_participant_from_pre_to_post_test(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    pre = _test(workshop)
    post = _test(workshop, pre_test=pre)
    first, second, third = _people(workshop, 3)
    _take(pre, first, "0", ["0"], "0", "10")  # 0%
    _take(pre, second, "1", ["0"], "1", "10")  # 40%
    _take(pre, third, "1", ["0", "2"], "1", "19")  # 100%, but no post-test: no pair
    _take(post, first, "1", ["0", "2"], "1", "10")  # 80%
    _take(post, second, "1", ["0", "2"], "1", "19")  # 100%
    outcome = results(post).test
    assert [(g.name, g.pre, g.post, g.gain) for g in outcome.gains] == [
        ("Trainee 0", 0, 80, 80), ("Trainee 1", 40, 100, 60)]
    assert outcome.average_gain == pytest.approx(70)
    assert outcome.pre_test_average == pytest.approx(140 / 3)


def test_a_post_test_needs_a_test_of_the_same_workshop(app_ctx) -> None:
    workshop = factories.make_workshop()
    post = create_test(workshop)
    evaluation = create_evaluation(workshop)
    other = create_test(factories.make_workshop())
    for wrong in (evaluation, other, post):
        with pytest.raises(InvalidQuestion):
            update_settings(post, SurveySettings(title=post.title, anonymous=False, pre_test=wrong))
    assert post.pre_test is None


def _evaluate(survey: Survey, registration: Registration, relevance: str, usefulness: str,
              sex: str | None = None) -> None:
    q = survey.questions
    given = {q[0].id: [relevance], q[1].id: [usefulness], q[2].id: ["4"], q[3].id: ["4"], q[4].id: ["4"],
             q[7].id: ["1"]}
    if sex is not None:
        given[q[8].id] = [sex]
    submit(survey, given, "ar", registration)


def test_threshold_is_configurable_and_anonymous_surveys_break_down_by_the_sex_question(app, app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    app.config["SATISFACTION_THRESHOLD"] = 5
    try:
        strict = create_evaluation(workshop)
    finally:
        app.config["SATISFACTION_THRESHOLD"] = 4
    assert strict.satisfaction_threshold == 5
    update_settings(strict, SurveySettings(title=strict.title, anonymous=True, satisfaction_threshold=4))
    set_status(strict, SurveyStatus.OPEN)
    people = _people(workshop, 4)
    _evaluate(strict, people[0], "5", "5", sex="0")  # female, satisfied
    _evaluate(strict, people[1], "4", "3", sex="0")  # female, not satisfied
    _evaluate(strict, people[2], "4", "4", sex="1")  # male, satisfied
    _evaluate(strict, people[3], "5", "4")  # did not say
    outcome = results(strict)
    assert (outcome.satisfaction.satisfied, outcome.satisfaction.respondents) == (3, 4)
    assert {sex: (p.satisfied, p.respondents) for sex, p in outcome.satisfaction_by_sex.items()} == {
        "female": (1, 2), "male": (1, 1)}
    assert outcome.respondents_by_sex == {"female": 2, "male": 1}
    update_settings(strict, SurveySettings(title=strict.title, anonymous=True, satisfaction_threshold=5))
    assert results(strict).satisfaction.satisfied == 1  # only 5 and 5 counts now


def test_partial_answers_count_only_with_both_measures(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    survey = create_evaluation(workshop)
    save_question(survey, QuestionData(QuestionKind.SCALE, survey.questions[1].text, required=False,
                                       measures="usefulness"), survey.questions[1])
    set_status(survey, SurveyStatus.OPEN)
    first, second = _people(workshop, 2)
    q = survey.questions
    submit(survey, {q[0].id: ["5"], q[2].id: ["4"], q[3].id: ["4"], q[4].id: ["4"], q[7].id: ["1"]}, "en", first)
    _evaluate(survey, second, "5", "5")
    outcome = results(survey)
    assert outcome.responses == 2
    assert (outcome.satisfaction.satisfied, outcome.satisfaction.respondents) == (1, 1)
