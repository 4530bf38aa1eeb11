"""The figures of the results framework, computed from the rows of what happened."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.events.models import WorkshopStatus
from app.extensions import db
from app.indicators import services
from app.indicators.services import dashboard, load_programme
from app.registration.models import Participant, Sex
from app.registration.services import check_in, register
from app.surveys.models import Survey
from app.surveys.services import results
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
