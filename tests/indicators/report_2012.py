"""The rows of Output 1.1 of the 2012 Q4 quarterly report, built from raw workshops, registrations,
check-ins and survey responses (../shared/examples/quarterly-progress-report-2012-q4.txt):

    1.1.8  activities       target 19   actual 8                        42%
    1.1.9  people           target 340  actual 129 (105 male/24 female) 38%
    1.1.10 satisfaction     target 80%  actual 93%
    1.1.11 manual           target 5    actual 3                        60%

Around them, what must not count: a cancelled workshop with check-ins, a workshop of 2013 Q1, one of another
output, a registration never checked in, an undone check-in and a cancelled registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa

from app.auth.models import Role, User
from app.db import LocalizedText as T
from app.events.models import Workshop, WorkshopStatus
from app.events.services import DaySlot, change_status
from app.extensions import db
from app.indicators import framework
from app.indicators.models import IndicatorKind, Output, Programme
from app.indicators.services import Period, period_containing
from app.registration.models import Registration, Sex
from app.registration.services import PersonData, cancel_registration, check_in, create_participant, register, undo_check_in
from app.surveys.models import SurveyStatus
from app.surveys.services import create_evaluation, set_status, submit
from tests import factories

Q4_2012 = period_containing(date(2012, 10, 1), 3)
# Attendees per counted workshop (129 in all) and the first day of each, all in 2012.
SIZES = [20, 18, 16, 15, 17, 14, 16, 13]
FIRST_DAYS = [date(2012, 4, 10), date(2012, 5, 15), date(2012, 6, 20), date(2012, 7, 9), date(2012, 8, 13),
              date(2012, 9, 17), date(2012, 10, 22), date(2012, 11, 26)]
FEMALE_PER_WORKSHOP = [4, 3, 3, 3, 3, 3, 3, 2]  # 24 women, 105 men


@dataclass
class Report2012:
    programme_id: int
    output_id: int
    other_output_id: int
    workshop_ids: list[int]
    cancelled_id: int
    later_id: int
    admin_id: int


def _days(first: date) -> list[DaySlot]:
    return [DaySlot(first, time(9), time(15)), DaySlot(first.replace(day=first.day + 1), time(9), time(15))]


def _workshop(title: str, first: date, by: User, output: Output) -> Workshop:
    """A workshop under way (it takes registrations and check-ins); completed by the caller."""
    workshop = factories.make_workshop(by=by, days=_days(first), title=title)
    framework.link_workshop(output, workshop)
    change_status(workshop, WorkshopStatus.PLANNED, by)
    change_status(workshop, WorkshopStatus.ONGOING, by)
    return workshop


def _attend(workshop: Workshop, by: User, females: int, total: int, prefix: str) -> list[Registration]:
    registrations = []
    for n in range(total):
        sex = Sex.FEMALE if n < females else Sex.MALE
        person = create_participant(PersonData(full_name=f"{prefix} {n + 1}", sex=sex), by)
        registration = register(workshop, person, by)
        # Most come both days; every third comes on the first day only (still an attendee).
        for day in workshop.days[: 1 if n % 3 == 2 else 2]:
            check_in(workshop, by, registration=registration, day=day)
        registrations.append(registration)
    return registrations


def _evaluate(workshop: Workshop, registrations: list[Registration], unhappy: int, respondents: int) -> None:
    survey = create_evaluation(workshop, anonymous=True)
    set_status(survey, SurveyStatus.OPEN)
    questions = survey.questions
    for n in range(respondents):
        relevance = "3" if n < unhappy else "5"
        answers = {questions[0].id: [relevance], questions[1].id: ["4"], questions[2].id: ["4"],
                   questions[3].id: ["4"], questions[4].id: ["4"], questions[7].id: ["1"]}
        submit(survey, answers, "en", registrations[n])


def build() -> Report2012:
    admin = factories.make_user(Role.ADMIN)
    programme = framework.save_programme(framework.ProgrammeData(
        title=T(en="Support to the electoral commission", ar="دعم المفوضية"), donor="EU",
        starts_on=date(2012, 1, 1), ends_on=date(2013, 12, 31)))
    outcome = framework.save_outcome(programme, framework.OutcomeData("1", T(en="Institutional development"), "UNDP"))
    output = framework.save_output(outcome, framework.OutputData(
        "1.1", T(en="IHEC has improved institutional transparency and accountability"), "UNDP"))
    other = framework.save_output(outcome, framework.OutputData(
        "1.2", T(en="IHEC has improved institutional management structures and practices"), "UNDP"))
    framework.save_indicator(output, framework.IndicatorData(
        "1.1.8", T(en="Number of capacity building activities organised on transparency, accountability and "
                      "legal framework"), IndicatorKind.ACTIVITIES, target=19))
    framework.save_indicator(output, framework.IndicatorData(
        "1.1.9", T(en="Number of personnel (male/female) engaged in capacity building activities on transparency, "
                      "accountability and legal framework"), IndicatorKind.PEOPLE, target=340))
    framework.save_indicator(output, framework.IndicatorData(
        "1.1.10", T(en="Percentage of participants satisfied with the relevance and usefulness of the activity"),
        IndicatorKind.SATISFACTION, target=80))
    consultants = framework.save_indicator(output, framework.IndicatorData(
        "1.1.11", T(en="Number of consultants providing technical support to IHEC on improved transparency and "
                       "accountability"), IndicatorKind.MANUAL, target=5))
    framework.enter(consultants, date(2012, 7, 1), framework.EntryData(value=1, source="Contract list"), admin)
    framework.enter(consultants, date(2012, 10, 1), framework.EntryData(value=2, source="Contract list"), admin)

    workshops, registrations = [], []
    for n, (first, size, females) in enumerate(zip(FIRST_DAYS, SIZES, FEMALE_PER_WORKSHOP, strict=True)):
        workshop = _workshop(f"Transparency workshop {n + 1}", first, admin, output)
        registrations.append(_attend(workshop, admin, females, size, f"W{n + 1} person"))
        workshops.append(workshop)
    # Pooled satisfaction 40/43 = 93% (the mean of the workshops' percentages would be 95%).
    _evaluate(workshops[0], registrations[0], unhappy=0, respondents=10)
    _evaluate(workshops[1], registrations[1], unhappy=1, respondents=11)
    _evaluate(workshops[2], registrations[2], unhappy=2, respondents=16)
    _evaluate(workshops[3], registrations[3], unhappy=0, respondents=6)

    # What must not count.
    first = workshops[0]
    absent = register(first, create_participant(PersonData(full_name="Never came", sex=Sex.MALE), admin), admin)
    assert absent.id
    undone = register(first, create_participant(PersonData(full_name="Scanned by mistake", sex=Sex.FEMALE), admin),
                      admin)
    outcome_ = check_in(first, admin, registration=undone, day=first.days[0])
    undo_check_in(outcome_.check_in, admin)
    leaving = register(first, create_participant(PersonData(full_name="Cancelled later", sex=Sex.MALE), admin), admin)
    check_in(first, admin, registration=leaving, day=first.days[0])
    cancel_registration(leaving, admin)

    for workshop in workshops:
        change_status(workshop, WorkshopStatus.COMPLETED, admin)

    cancelled = _workshop("Cancelled workshop", date(2012, 11, 5), admin, output)
    _attend(cancelled, admin, 2, 6, "Cancelled")
    change_status(cancelled, WorkshopStatus.CANCELLED, admin, reason="Security situation")
    later = _workshop("Workshop of 2013", date(2013, 1, 14), admin, output)
    _attend(later, admin, 1, 5, "Later")
    elsewhere = _workshop("Management workshop", date(2012, 10, 15), admin, other)
    _attend(elsewhere, admin, 1, 7, "Elsewhere")
    for workshop in (later, elsewhere):
        change_status(workshop, WorkshopStatus.COMPLETED, admin)
    db.session.flush()
    return Report2012(programme.id, output.id, other.id, [w.id for w in workshops], cancelled.id, later.id, admin.id)


def programme(report: Report2012) -> Programme:
    return db.session.get(Programme, report.programme_id)


def period() -> Period:
    return Q4_2012


def registrations_of(workshop_id: int) -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration).where(Registration.workshop_id == workshop_id)
                                   .order_by(Registration.id)))
