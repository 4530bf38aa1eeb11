"""The figures of the results framework, computed from the rows of what happened."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.events.models import WorkshopStatus
from app.auth.models import OrganisationType, User
from app.db import LocalizedText as T
from app.extensions import db
from app.indicators import framework
from app.engagement.models import ActivityReport
from app.indicators.models import Disaggregation, EngagementMeasure, IndicatorKind, MilestoneStatus, Output, Rollup
from app.indicators import services
from app.indicators.services import dashboard, load_programme
from app.registration.models import Participant, Sex
from app.registration.services import check_in, register
from app.surveys.models import QuestionKind, Survey, SurveyStatus
from app.surveys.services import QuestionData, create_test, results, save_question, set_status, submit
from tests import factories
from tests.indicators import report_2012


def _board(report):
    return dashboard(load_programme(report.programme_id), report_2012.period())


def test_output_1_1_of_the_2012_q4_report(app_ctx) -> None:
    report = report_2012.build()
    board = _board(report)
    activities, people, satisfaction, consultants = (board.find(code) for code in ("1.1.8", "1.1.9", "1.1.10", "1.1.11"))
    assert activities.cumulative.value == 8 and round(100 * activities.achieved) == 42
    assert (people.cumulative.value, people.cumulative.male, people.cumulative.female,
            people.cumulative.not_recorded) == (129, 105, 24, 0)
    assert round(100 * people.achieved) == 38
    assert (satisfaction.cumulative.numerator, satisfaction.cumulative.denominator) == (40, 43)
    assert round(satisfaction.cumulative.value) == 93
    assert satisfaction.achieved_capped == 1.0 and satisfaction.achieved > 1
    assert consultants.cumulative.value == 3 and round(100 * consultants.achieved) == 60
    # In the quarter alone: the two workshops of 2012 Q4 and the consultants entered for it.
    assert activities.period.value == 2
    assert people.period.value == 16 + 13
    assert consultants.period.value == 2
    # The trend by quarter ends with the cumulative figure.
    assert [figure.value for _, figure in activities.trend] == [0, 3, 6, 8]
    # Direct beneficiaries: everyone who came to a workshop of the programme, output 1.2 included.
    assert (board.beneficiaries.male, board.beneficiaries.female) == (105 + 6, 24 + 1)


def test_counters_move_at_once_with_check_ins_sex_corrections_and_cancellations(app_ctx) -> None:
    report = report_2012.build()
    workshop_id = report.workshop_ids[-1]
    absent = report_2012.registrations_of(report.workshop_ids[0])[-3]  # "Never came"
    assert absent.participant.full_name == "Never came"
    check_in(absent.workshop, None, registration=absent, day=absent.workshop.days[1])
    people = _board(report).find("1.1.9")
    assert (people.cumulative.value, people.cumulative.male) == (130, 106)

    person = db.session.get(Participant, absent.participant_id)
    person.sex = Sex.NOT_RECORDED
    db.session.flush()
    people = _board(report).find("1.1.9")
    assert (people.cumulative.value, people.cumulative.male, people.cumulative.not_recorded) == (130, 105, 1)

    registrations = report_2012.registrations_of(workshop_id)
    workshop = registrations[0].workshop
    assert workshop.status == WorkshopStatus.COMPLETED
    workshop.status = WorkshopStatus.CANCELLED  # completed workshops cannot be cancelled through the service
    db.session.flush()
    board = _board(report)
    assert board.find("1.1.8").cumulative.value == 7
    assert board.find("1.1.9").cumulative.value == 130 - 13


def test_unique_individuals_count_each_person_once(app_ctx) -> None:
    report = report_2012.build()
    board = _board(report)
    indicator = board.find("1.1.9").indicator
    indicator.settings = {"count": "individuals"}
    first, second = (report_2012.registrations_of(i)[0].workshop for i in report.workshop_ids[-2:])
    # Someone of the first Q3 workshop comes again in Q4: one more participation, no new individual.
    returning = report_2012.registrations_of(report.workshop_ids[0])[0].participant
    second.status = WorkshopStatus.ONGOING  # registered on the day, before the workshop was closed
    again = register(second, returning, None)
    check_in(second, None, registration=again, day=second.days[0])
    second.status = WorkshopStatus.COMPLETED
    db.session.flush()
    row = _board(report).find("1.1.9")
    assert row.cumulative.value == 129
    assert row.period.value == 16 + 13 + 1  # in the quarter, the returning person is one of its attendees
    indicator.settings = {"count": "participations"}
    db.session.flush()
    assert _board(report).find("1.1.9").cumulative.value == 130
    assert first.id != second.id


def test_minimum_share_of_days(app_ctx) -> None:
    report = report_2012.build()
    programme = load_programme(report.programme_id)
    programme.attendance_min_share = 100  # both days
    db.session.flush()
    people = dashboard(programme, report_2012.period()).find("1.1.9")
    one_day_only = sum(sum(1 for n in range(size) if n % 3 == 2) for size in report_2012.SIZES)
    assert people.cumulative.value == 129 - one_day_only


def test_pooled_satisfaction_matches_each_surveys_results(app_ctx) -> None:
    report = report_2012.build()
    surveys = db.session.scalars(sa.select(Survey)).all()
    satisfied = sum(results(survey).satisfaction.satisfied for survey in surveys)
    respondents = sum(results(survey).satisfaction.respondents for survey in surveys)
    row = _board(report).find("1.1.10")
    assert (row.cumulative.numerator, row.cumulative.denominator) == (satisfied, respondents) == (40, 43)


def test_periods_are_calendar_quarters_of_the_programme(app_ctx) -> None:
    report = report_2012.build()
    every = services.periods(load_programme(report.programme_id))
    assert [p.label() for p in every][:2] == ["2012 Q1", "2012 Q2"] and len(every) == 8
    assert every[-1].end == date(2013, 12, 31)


def test_breakdown_and_filter_by_organisation_type_add_up(app_ctx) -> None:
    report = report_2012.build()
    for person in db.session.scalars(sa.select(Participant).where(Participant.full_name.like("W1 person %"))):
        if int(person.full_name.split()[-1]) <= 5:  # persons 1–4 are women, 5 a man
            person.organisation_type = OrganisationType.CSO
    indicator = _board(report).find("1.1.9").indicator
    indicator.disaggregation = Disaggregation.SEX_ORGANISATION_TYPE
    db.session.flush()
    figure = _board(report).find("1.1.9").cumulative
    assert figure.by_group["cso"] == {"male": 1, "female": 4, "not_recorded": 0}
    assert figure.by_group[""] == {"male": 104, "female": 20, "not_recorded": 0}
    indicator.settings = {"count": "participations", "organisation_types": ["cso"]}
    db.session.flush()
    assert _board(report).find("1.1.9").cumulative.value == 5


def test_rollups_are_the_mean_of_capped_percentages(app_ctx) -> None:
    report = report_2012.build()
    board = _board(report)
    output = board.outcomes[0].outputs[0]
    # 8/19, 129/340, 93/80 capped at 100%, 3/5.
    expected = (8 / 19 + 129 / 340 + 1.0 + 3 / 5) / 4
    assert abs(output.rollup.value - expected) < 1e-9 and output.rollup.indicators == 4
    assert board.outcomes[0].outputs[1].rollup.value is None  # output 1.2 has no indicator
    assert abs(board.rollup.value - expected) < 1e-9
    programme = load_programme(report.programme_id)
    programme.rollup = Rollup.WEIGHTED
    board.find("1.1.8").indicator.weight = 3
    db.session.flush()
    weighted = dashboard(programme, report_2012.period()).outcomes[0].outputs[0].rollup.value
    assert abs(weighted - (3 * 8 / 19 + 129 / 340 + 1.0 + 3 / 5) / 6) < 1e-9


def test_milestones_and_latest_manual_figures(app_ctx) -> None:
    report = report_2012.build()
    output = db.session.get(Output, report.output_id)
    milestone = framework.save_indicator(output, framework.IndicatorData(
        "1.1.1", T(en="CoR reporting requirements reviewed"), IndicatorKind.MILESTONE, target_text="Yes"))
    admin = db.session.get(User, report.admin_id)
    framework.enter(milestone, date(2012, 7, 1), framework.EntryData(
        milestone=MilestoneStatus.INITIATED, percent=5, comment="ToR drafted"), admin)
    framework.enter(milestone, date(2012, 10, 1), framework.EntryData(
        milestone=MilestoneStatus.PARTIALLY, percent=30), admin)
    consultants = _board(report).find("1.1.11").indicator
    consultants.settings = {"cumulation": "latest"}
    db.session.flush()
    board = _board(report)
    row = board.find("1.1.1")
    assert row.cumulative.milestone == MilestoneStatus.PARTIALLY and row.achieved == 0.30
    assert board.find("1.1.11").cumulative.value == 2  # the latest figure, not 1 + 2
    # Milestones stay out of the default roll-up.
    assert board.outcomes[0].outputs[0].rollup.indicators == 4
    with pytest.raises(framework.PercentOutOfRange):
        framework.enter(milestone, date(2012, 10, 1), framework.EntryData(percent=130), admin)
    services.freeze(load_programme(report.programme_id), report_2012.period(), admin)
    with pytest.raises(framework.PeriodSubmitted):
        framework.enter(milestone, date(2012, 10, 1), framework.EntryData(percent=40), admin)


def _test_survey(workshop, pre_test=None):
    survey = create_test(workshop, pre_test=pre_test, pass_mark=50)
    for n in range(2):
        save_question(survey, QuestionData(QuestionKind.YES_NO, T(en=f"Question {n + 1}"), correct="yes"))
    set_status(survey, SurveyStatus.OPEN)
    return survey


def test_pooled_pass_rate_of_end_of_training_tests_only(app_ctx) -> None:
    report = report_2012.build()
    output = db.session.get(Output, report.output_id)
    framework.save_indicator(output, framework.IndicatorData(
        "1.1.12", T(en="Percentage of trainees passing the end of training test"), IndicatorKind.PASS_RATE, target=80))
    first, second = (report_2012.registrations_of(i) for i in report.workshop_ids[:2])
    for registrations, right in ((first, [2, 2, 1, 0]), (second, [2, 1, 1, 1, 0, 0])):
        workshop = registrations[0].workshop
        workshop.status = WorkshopStatus.ONGOING  # the tests were taken during the workshop
        pre = _test_survey(workshop)
        post = _test_survey(workshop, pre_test=pre)
        for registration, score in zip(registrations, right, strict=False):
            questions = post.questions
            submit(post, {q.id: ["1" if n < score else "0"] for n, q in enumerate(questions)}, "en", registration)
            submit(pre, {q.id: ["0"] for q in pre.questions}, "en", registration)  # everyone fails the pre-test
        workshop.status = WorkshopStatus.COMPLETED
    db.session.flush()
    row = _board(report).find("1.1.12")
    # 50% pass mark: 3 of 4 and 4 of 6 pass → 7/10 pooled; the pre-tests do not count.
    assert (row.cumulative.numerator, row.cumulative.denominator) == (7, 10)
    tests = [s for s in db.session.scalars(sa.select(Survey)) if s.pre_test_id]
    assert sum(results(s).test.passed for s in tests) == 7


def test_engagement_indicators_count_by_period(app_ctx) -> None:
    report = report_2012.build()
    output = db.session.get(Output, report.output_id)
    framework.save_indicator(output, framework.IndicatorData(
        "1.1.13", T(en="People reached by CSO activities"), IndicatorKind.ENGAGEMENT, target=100,
        measure=EngagementMeasure.ACTIVITY_REPORT_PEOPLE))
    organisation = factories.make_organisation()
    for held_on, female, male in ((date(2012, 8, 1), 10, 20), (date(2012, 11, 3), 5, 7), (date(2013, 2, 1), 50, 50)):
        db.session.add(ActivityReport(organisation_id=organisation.id, title="Voter education session", held_on=held_on,
                                      participants_female=female, participants_male=male,
                                      submitted_by_id=report.admin_id))
    db.session.flush()
    row = _board(report).find("1.1.13")
    assert (row.cumulative.value, row.cumulative.female, row.cumulative.male) == (42, 15, 27)
    assert row.period.value == 12 and row.cumulative.disaggregated
