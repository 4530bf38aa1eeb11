"""Data for the indicators benchmark: one programme of 2021–2024 (16 quarters; 3 outcomes, 12 outputs and
60 indicators of every kind, with targets and figures entered by hand) and, at scale 1, about 60,000
participants, 2,000 two-day workshops linked to its outputs, 100,000 registrations with their check-ins and
scans, 60,000 evaluation responses, a few thousand test responses, and recommendations and CSO reports.

The framework is made through app.indicators.framework (60 rows); the bulk through SQLAlchemy Core inserts in
chunks, as the services would be far too slow for 100,000 rows. Seeded: the same scale gives the same data.
Around what counts, what must not: workshops before the programme or after the period, unlinked, cancelled
(some with check-ins and evaluations), planned; cancelled registrations with check-ins, undone check-ins,
people on one day only, partial survey answers, pre-tests, evaluations with their own threshold, with two
relevance questions or without a usefulness one, and first days just after midnight in Baghdad (the evening
before in UTC) at the start of a quarter.
"""

from __future__ import annotations

import random
import time
from types import SimpleNamespace
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

import sqlalchemy as sa

from app.auth.models import Governorate, Organisation, OrganisationType, Role, User
from app.db import LocalizedText as T
from app.engagement.models import (
    ActivityReport,
    Addressee,
    Channel,
    Priority,
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
    ReportStatus,
    ViolationKind,
    ViolationReport,
)
from app.events.models import ActivityType, DeliveryMode, Theme, Workshop, WorkshopDay, WorkshopStatus, workshop_themes
from app.events.services import local_timezone, to_utc
from app.extensions import db
from app.indicators import framework
from app.indicators.models import (
    Disaggregation,
    EngagementMeasure,
    IndicatorKind,
    IndicatorUnit,
    ManualCumulation,
    MilestoneStatus,
    PeopleCount,
    Programme,
    Rollup,
    workshop_outputs,
)
from app.indicators.services import periods
from app.registration.models import CheckIn, Participant, Registration, RegistrationStatus, Scan, ScanResult, Sex
from app.surveys.models import Answer, Question, QuestionKind, Survey, SurveyKind, SurveyResponse, SurveyStatus
from app.surveys.services import EVALUATION, SEX_QUESTION, satisfaction_lowest
from tests import factories

CHUNK = 5000
PROGRAMME_START = date(2021, 1, 1)
PROGRAMME_END = date(2024, 12, 31)
# First days are drawn over a wider span: some workshops fall before the programme or after its last period.
FIRST_DAY_FROM = date(2020, 11, 1)
FIRST_DAY_TO = date(2025, 2, 28)
PROGRAMME_TITLE = "Benchmark programme: electoral support 2021–2024"


@dataclass(frozen=True)
class Sizes:
    participants: int = 60_000
    workshops: int = 2_000
    registrations: int = 100_000
    evaluation_responses: int = 60_000
    organisations: int = 200
    recommendations: int = 600
    activity_reports: int = 400
    violation_reports: int = 250

    @classmethod
    def scaled(cls, scale: float) -> Sizes:
        full = cls()
        return cls(**{name: max(10, round(value * scale)) for name, value in vars(full).items()})


@dataclass
class Generated:
    programme_id: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def insert(table: sa.Table, rows: Sequence[dict[str, Any]], ids: bool = False) -> list[int]:
    """Insert `rows` in chunks; with `ids`, the new primary keys in the order of the rows."""
    found: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if ids:
            statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
            found.extend(db.session.execute(statement, chunk).scalars())
        else:
            db.session.execute(sa.insert(table), chunk)
    return found


def _weighted(rng: random.Random, choices: dict[Any, float]) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


# ---------------------------------------------------------------- the framework


def _indicator_templates(types: dict[str, int], themes: dict[str, int]) -> list[dict[str, Any]]:
    """Twenty kinds of indicator; each output takes five, so every one appears three times."""
    kind = IndicatorKind
    return [
        {"title": "Capacity-building activities held", "kind": kind.ACTIVITIES, "target": 90},
        {"title": "Trainings and workshops held", "kind": kind.ACTIVITIES, "target": 60,
         "activity_type_ids": [types["training"], types["workshop"]]},
        {"title": "Participations (male/female)", "kind": kind.PEOPLE, "target": 3500},
        {"title": "Individuals trained (each once)", "kind": kind.PEOPLE, "target": 2500,
         "count": PeopleCount.INDIVIDUALS},
        {"title": "Participants satisfied with relevance and usefulness", "kind": kind.SATISFACTION, "target": 80},
        {"title": "Participants passing the end-of-training test", "kind": kind.PASS_RATE, "target": 75},
        {"title": "CSO and media participants, by type of organisation", "kind": kind.PEOPLE, "target": 900,
         "organisation_types": [OrganisationType.CSO.value, OrganisationType.MEDIA.value],
         "disaggregation": Disaggregation.SEX_ORGANISATION_TYPE},
        {"title": "Activities on voter education or misinformation", "kind": kind.ACTIVITIES, "target": 30,
         "theme_ids": [themes["voter_education"], themes["misinformation"]]},
        {"title": "Recommendations recorded", "kind": kind.ENGAGEMENT, "target": 400,
         "measure": EngagementMeasure.RECOMMENDATIONS},
        {"title": "Guidelines and manuals produced", "kind": kind.MANUAL, "target": 20},
        {"title": "Individuals in trainings, by governorate", "kind": kind.PEOPLE, "target": 1500,
         "count": PeopleCount.INDIVIDUALS, "activity_type_ids": [types["training"]],
         "disaggregation": Disaggregation.SEX_GOVERNORATE},
        {"title": "Satisfaction with trainings and seminars", "kind": kind.SATISFACTION, "target": 85,
         "activity_type_ids": [types["training"], types["seminar"]]},
        {"title": "Electoral law amendments drafted", "kind": kind.MILESTONE, "target_text": "Yes"},
        {"title": "Recommendations with a written response", "kind": kind.ENGAGEMENT, "target": 70,
         "measure": EngagementMeasure.WITH_RESPONSE},
        {"title": "Participations in gender sessions, by governorate", "kind": kind.PEOPLE, "target": 800,
         "theme_ids": [themes["gender"]], "disaggregation": Disaggregation.SEX_GOVERNORATE},
        {"title": "People reached by CSO activities", "kind": kind.ENGAGEMENT, "target": 20000,
         "measure": EngagementMeasure.ACTIVITY_REPORT_PEOPLE},
        {"title": "Consultants in post", "kind": kind.MANUAL, "target": 6, "cumulation": ManualCumulation.LATEST},
        {"title": "Accepted recommendations implemented", "kind": kind.ENGAGEMENT, "target": 50,
         "measure": EngagementMeasure.IMPLEMENTED_OF_ACCEPTED},
        {"title": "Test pass rate in integrity trainings", "kind": kind.PASS_RATE, "target": 70,
         "theme_ids": [themes["electoral_integrity"], themes["voter_registration"]]},
        {"title": "CSO activity and violation reports", "kind": kind.ENGAGEMENT, "target": 300,
         "measure": EngagementMeasure.ACTIVITY_REPORTS},
    ]


# Engagement measures taken by the repeats of the last template, so every measure appears.
OTHER_MEASURES = [EngagementMeasure.ACTIVITY_REPORTS, EngagementMeasure.VIOLATION_REPORTS,
                  EngagementMeasure.IMPLEMENTED]
MILESTONES = [MilestoneStatus.NOT_YET_INITIATED, MilestoneStatus.INITIATED, MilestoneStatus.PARTIALLY,
              MilestoneStatus.COMPLETED]


def make_programme(rng: random.Random, admin: User, attendance_min_share: int) -> Programme:
    types = dict(db.session.execute(sa.select(ActivityType.code, ActivityType.id)).all())
    themes = dict(db.session.execute(sa.select(Theme.code, Theme.id)).all())
    programme = framework.save_programme(framework.ProgrammeData(
        title=T(en=PROGRAMME_TITLE, ar="برنامج الدعم الانتخابي", ckb="بەرنامەی پشتگیری هەڵبژاردن"), donor="EU",
        starts_on=PROGRAMME_START, ends_on=PROGRAMME_END, attendance_min_share=attendance_min_share,
        rollup=Rollup.MEAN_QUANTITATIVE, beneficiaries_target_male=30_000, beneficiaries_target_female=20_000))
    every = periods(programme)
    templates = _indicator_templates(types, themes)
    number = 0
    for o in range(3):
        outcome = framework.save_outcome(programme, framework.OutcomeData(str(o + 1), T(en=f"Outcome {o + 1}"), "UNDP"))
        for p in range(4):
            output = framework.save_output(outcome, framework.OutputData(
                f"{o + 1}.{p + 1}", T(en=f"Output {o + 1}.{p + 1}"), "UNDP"))
            for i in range(5):
                spec = dict(templates[number % len(templates)])
                if number % len(templates) == len(templates) - 1:
                    spec["measure"] = OTHER_MEASURES[number // len(templates)]
                if number == 56:  # the last repeat of "consultants in post": a percentage, the latest counts
                    spec.update(title="Share of polling staff trained", unit=IndicatorUnit.PERCENT, target=90)
                title = spec.pop("title")
                data = framework.IndicatorData(f"{o + 1}.{p + 1}.{i + 1}", T(en=title), weight=1 + number % 3, **spec)
                indicator = framework.save_indicator(output, data)
                if data.target is not None and number % 2 == 0:
                    for period in every:
                        framework.set_period_target(indicator, period.start, round(data.target / len(every), 1))
                if data.kind == IndicatorKind.MANUAL:
                    for period in every:
                        if rng.random() < 0.8:
                            value = (rng.randint(0, 3) if data.cumulation == ManualCumulation.SUM
                                     else rng.randint(10, 95) if data.unit == IndicatorUnit.PERCENT
                                     else rng.randint(2, 6))
                            framework.enter(indicator, period.start, framework.EntryData(
                                value=value, source="Contract list"), admin)
                elif data.kind == IndicatorKind.MILESTONE:
                    for index, period in enumerate(every):
                        step = min(3, index * 4 // len(every) + (number // len(templates)) % 2)
                        framework.enter(indicator, period.start, framework.EntryData(
                            milestone=MILESTONES[step], percent=min(100, 10 * index), comment="On track"), admin)
                number += 1
    return programme


# ---------------------------------------------------------------- the rows


def _first_day(rng: random.Random) -> tuple[date, clock]:
    """A first day and its start time in Baghdad; one in twenty starts at half past midnight on the first day
    of a quarter (still the previous quarter in UTC)."""
    if rng.random() < 0.05:
        year = rng.randint(FIRST_DAY_FROM.year, FIRST_DAY_TO.year)
        day = date(year, rng.choice((1, 4, 7, 10)), 1)
        if FIRST_DAY_FROM <= day <= FIRST_DAY_TO:
            return day, clock(0, 30)
    span = (FIRST_DAY_TO - FIRST_DAY_FROM).days
    return FIRST_DAY_FROM + timedelta(days=rng.randrange(span)), clock(9)


def _sizes(rng: random.Random, count: int, total: int, low: int, high: int) -> list[int]:
    """`count` random sizes between low and high adding up to `total` (as nearly as the bounds allow)."""
    sizes = [rng.randint(low, high) for _ in range(count)]
    scale = total / sum(sizes)
    sizes = [max(1, min(high, round(size * scale))) for size in sizes]
    while sum(sizes) != total:
        index = rng.randrange(count)
        if sum(sizes) < total and sizes[index] < high:
            sizes[index] += 1
        elif sum(sizes) > total and sizes[index] > 1:
            sizes[index] -= 1
    return sizes


def generate(scale: float = 1.0, seed: int = 2026, attendance_min_share: int = 0) -> Generated:
    """Write the benchmark's data into the (migrated, empty) database of the app context, and commit."""
    started = time.perf_counter()
    rng = random.Random(seed)
    sizes = Sizes.scaled(scale)
    tz = local_timezone()
    now = datetime.now(UTC)
    admin = factories.make_user(Role.ADMIN, username="bench-admin")
    admin_id = admin.id
    governorates = list(db.session.scalars(sa.select(Governorate.id).order_by(Governorate.id)))
    types = dict(db.session.execute(sa.select(ActivityType.code, ActivityType.id)).all())
    theme_ids = list(db.session.scalars(sa.select(Theme.id).order_by(Theme.id)))
    rows: dict[str, int] = {}

    programme = make_programme(rng, admin, attendance_min_share)
    output_ids = [output.id for output in programme.outputs]
    programme_id = programme.id

    # Organisations and participants.
    org_types = {OrganisationType.ELECTORAL_COMMISSION_NATIONAL: 10, OrganisationType.ELECTORAL_OFFICE_GOVERNORATE: 20,
                 OrganisationType.CSO: 35, OrganisationType.GOVERNMENT: 10, OrganisationType.INTERNATIONAL: 5,
                 OrganisationType.ACADEMIA: 8, OrganisationType.MEDIA: 10, OrganisationType.OTHER: 2}
    organisations = [{"name": T(en=f"Organisation {n}"), "acronym": f"O{n}", "type": _weighted(rng, org_types),
                      "governorate_id": rng.choice(governorates), "active": True, "created_at": now, "updated_at": now}
                     for n in range(sizes.organisations)]
    organisation_ids = insert(Organisation.__table__, organisations, ids=True)
    organisation_type = {oid: row["type"] for oid, row in zip(organisation_ids, organisations, strict=True)}
    cso_ids = [oid for oid, kind in organisation_type.items() if kind == OrganisationType.CSO]
    rows["organisations"] = len(organisations)

    sexes = {Sex.MALE: 55, Sex.FEMALE: 38, Sex.NOT_RECORDED: 7}
    people = []
    for n in range(sizes.participants):
        pick = rng.random()
        org_id = rng.choice(organisation_ids) if pick < 0.85 else None
        kind = organisation_type[org_id] if org_id else (
            _weighted(rng, org_types) if pick < 0.95 else None)  # some with a typed organisation, some unknown
        people.append({
            "full_name": f"Participant {n}", "name_latin": "", "name_key": f"participant {n}",
            "sex": _weighted(rng, sexes), "organisation_id": org_id,
            "organisation_name": "" if org_id else (f"Group {n % 97}" if kind else ""), "organisation_type": kind,
            "governorate_id": rng.choice(governorates) if rng.random() < 0.9 else None,
            "phone": "", "email": "", "locale": "ar", "consent_given": True, "created_by_id": admin_id,
            "created_at": now, "updated_at": now})
    participant_ids = insert(Participant.__table__, people, ids=True)
    rows["participants"] = len(people)
    del people

    # Workshops, their days, themes and outputs.
    statuses = {WorkshopStatus.COMPLETED: 86, WorkshopStatus.ONGOING: 4, WorkshopStatus.CANCELLED: 4,
                WorkshopStatus.PLANNED: 3, WorkshopStatus.POSTPONED: 1, WorkshopStatus.OPEN: 2}
    activity_types = {types["training"]: 35, types["workshop"]: 30, types["seminar"]: 10, types["roundtable"]: 8,
                      types["study_visit"]: 4, types["lessons_learned"]: 3, types["consultation"]: 5,
                      types["network_meeting"]: 3, types["conference"]: 2}
    workshops, starts = [], []
    for n in range(sizes.workshops):
        first, at = _first_day(rng)
        starts.append((first, at))
        workshops.append({
            "title": T(en=f"Benchmark workshop {n}"), "activity_type_id": _weighted(rng, activity_types),
            "organisation_id": rng.choice(organisation_ids), "status": _weighted(rng, statuses),
            "mode": DeliveryMode.IN_PERSON, "venue": f"Hall {n % 11}", "city": "",
            "governorate_id": rng.choice(governorates) if rng.random() < 0.95 else None,
            "created_by_id": admin_id, "created_at": now, "updated_at": now})
    workshop_ids = insert(Workshop.__table__, workshops, ids=True)
    status_of = {wid: row["status"] for wid, row in zip(workshop_ids, workshops, strict=True)}
    rows["workshops"] = len(workshops)

    days = []
    for wid, (first, at) in zip(workshop_ids, starts, strict=True):
        begin = to_utc(first, at, tz)
        days.append({"workshop_id": wid, "starts_at": begin, "ends_at": begin + timedelta(hours=6)})
        second = to_utc(first + timedelta(days=1), clock(9), tz)
        days.append({"workshop_id": wid, "starts_at": second, "ends_at": second + timedelta(hours=6)})
    day_ids = insert(WorkshopDay.__table__, days, ids=True)
    days_of = {wid: (day_ids[2 * i], day_ids[2 * i + 1]) for i, wid in enumerate(workshop_ids)}
    start_of = {wid: days[2 * i]["starts_at"] for i, wid in enumerate(workshop_ids)}
    rows["workshop_days"] = len(days)

    themes = []
    for wid in workshop_ids:
        for theme_id in rng.sample(theme_ids, _weighted(rng, {0: 30, 1: 50, 2: 20})):
            themes.append({"workshop_id": wid, "theme_id": theme_id})
    insert(workshop_themes, themes)
    rows["workshop_themes"] = len(themes)

    links = []
    for wid in workshop_ids:
        for output_id in rng.sample(output_ids, _weighted(rng, {0: 2, 1: 70, 2: 28})):
            links.append({"workshop_id": wid, "output_id": output_id})
    insert(workshop_outputs, links)
    rows["workshop_outputs"] = len(links)

    # Registrations: every workshop has some, drawn from the participants without repeats.
    registration_statuses = {RegistrationStatus.CONFIRMED: 90, RegistrationStatus.CANCELLED: 6,
                             RegistrationStatus.PENDING: 2, RegistrationStatus.WAITLISTED: 2}
    registrations = []
    for wid, size in zip(workshop_ids, _sizes(rng, len(workshop_ids), sizes.registrations, 20, 80), strict=True):
        for person in rng.sample(participant_ids, min(size, len(participant_ids))):
            status = _weighted(rng, registration_statuses)
            number = len(registrations)
            registrations.append({
                "workshop_id": wid, "participant_id": person, "status": status, "source": "import",
                "reference": f"B{number:07d}", "token_id": f"bench{number:027d}",
                "cancelled_at": now if status == RegistrationStatus.CANCELLED else None,
                "cancelled_by_id": admin_id if status == RegistrationStatus.CANCELLED else None,
                "created_by_id": admin_id, "created_at": now, "updated_at": now})
    registration_ids = insert(Registration.__table__, registrations, ids=True)
    rows["registrations"] = len(registrations)

    # Check-ins, each made by a scan. Held workshops, and a third of the cancelled ones (cancelled half-way).
    held = {WorkshopStatus.ONGOING, WorkshopStatus.COMPLETED}
    with_check_ins = {wid for wid, status in status_of.items()
                      if status in held or (status == WorkshopStatus.CANCELLED and rng.random() < 0.35)}
    plans: list[tuple[int, int, int, bool]] = []  # registration, workshop, day index, undone
    attendees: dict[int, list[int]] = {}  # workshop → registrations with a live check-in
    for rid, row in zip(registration_ids, registrations, strict=True):
        wid = row["workshop_id"]
        if wid not in with_check_ins:
            continue
        pick = rng.random()
        if row["status"] == RegistrationStatus.CANCELLED:
            plan = [(0, False)] if pick < 0.3 else []  # came on the first day, cancelled later
        elif row["status"] != RegistrationStatus.CONFIRMED:
            plan = [(0, False), (1, False)] if pick < 0.2 else []
        elif pick < 0.78:
            plan = [(0, False), (1, False)]
        elif pick < 0.88:
            plan = [(0, False)]  # the first day only
        elif pick < 0.91:
            plan = [(1, False)]
        elif pick < 0.93:
            plan = [(0, True)]  # scanned by mistake, undone: not an attendee
        elif pick < 0.95:
            plan = [(0, True), (0, False), (1, False)]  # undone, then scanned again
        else:
            plan = []
        for day_index, undone in plan:
            plans.append((rid, wid, day_index, undone))
        if row["status"] != RegistrationStatus.CANCELLED and any(not undone for _, undone in plan):
            attendees.setdefault(wid, []).append(rid)
    scans, check_ins = [], []
    for rid, wid, day_index, undone in plans:
        at = start_of[wid] + timedelta(days=day_index, minutes=rng.randint(-30, 90))
        scans.append({"workshop_id": wid, "day_id": days_of[wid][day_index], "registration_id": rid,
                      "result": ScanResult.OK, "method": "qr", "device": f"door-{wid % 3}", "user_id": admin_id,
                      "scanned_at": at, "received_at": at, "client_nonce": None, "offline": False,
                      "device_result": None})
    scan_ids = insert(Scan.__table__, scans, ids=True)
    for scan_id, (rid, wid, day_index, undone), scan in zip(scan_ids, plans, scans, strict=True):
        check_ins.append({"registration_id": rid, "day_id": days_of[wid][day_index], "scan_id": scan_id,
                          "checked_in_at": scan["scanned_at"], "by_id": admin_id,
                          "undone_at": scan["scanned_at"] + timedelta(minutes=2) if undone else None,
                          "undone_by_id": admin_id if undone else None})
    insert(CheckIn.__table__, check_ins)
    rows["scans"], rows["check_ins"] = len(scans), len(check_ins)
    del scans, check_ins, plans

    evaluation = _evaluations(rng, sizes, status_of, with_check_ins, attendees, start_of, now)
    rows.update(evaluation)
    rows.update(_tests(rng, status_of, attendees, start_of, now))
    rows.update(_engagement(rng, sizes, workshop_ids, cso_ids, governorates, admin_id, tz))
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # As autovacuum would do before anyone reads the figures (VACUUM cannot run inside a transaction).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return Generated(programme_id, rows, time.perf_counter() - started)


SCALE_ANSWERS = {1: 3, 2: 5, 3: 15, 4: 40, 5: 37}


def _question_rows(survey_id: int, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"survey_id": survey_id, "position": position, "kind": spec["kind"], "text": spec["text"],
             "options": list(spec.get("options", [])), "low_label": spec.get("low_label", T()),
             "high_label": spec.get("high_label", T()), "required": spec.get("required", True),
             "measures": spec.get("measures"), "correct": spec.get("correct"), "points": spec.get("points", 1)}
            for position, spec in enumerate(specs, start=1)]


def _evaluations(rng: random.Random, sizes: Sizes, status_of: dict[int, WorkshopStatus], with_check_ins: set[int],
                 attendees: dict[int, list[int]], start_of: dict[int, datetime], now: datetime) -> dict[str, int]:
    """One evaluation per held workshop (a few have two, a few none), the standard questions, and responses
    adding up to sizes.evaluation_responses, in proportion to each workshop's attendees."""
    surveys, plans = [], []
    for wid in sorted(with_check_ins):
        if not attendees.get(wid):
            continue
        count = 0 if rng.random() < 0.05 else (2 if rng.random() < 0.03 else 1)
        for _ in range(count):
            anonymous = rng.random() < 0.85
            specs = list(EVALUATION) + ([SEX_QUESTION] if anonymous else [])
            variant = rng.random()
            if variant < 0.05:  # a second relevance question: the lowest answer counts
                specs.append(dict(EVALUATION[0]))
            elif variant < 0.07:  # no usefulness question: relevance alone decides
                specs[1] = {**specs[1], "measures": None}
            surveys.append({"workshop_id": wid, "title": T(en="Activity evaluation"), "anonymous": anonymous,
                            "status": SurveyStatus.CLOSED, "kind": SurveyKind.EVALUATION,
                            "satisfaction_threshold": 3 if rng.random() < 0.1 else 4, "pass_mark": 70,
                            "pre_test_id": None, "room_token": None, "created_at": now, "updated_at": now})
            plans.append(specs)
    survey_ids = insert(Survey.__table__, surveys, ids=True)
    questions = [row for sid, specs in zip(survey_ids, plans, strict=True) for row in _question_rows(sid, specs)]
    question_ids = insert(Question.__table__, questions, ids=True)
    by_survey: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for qid, row in zip(question_ids, questions, strict=True):
        by_survey.setdefault(row["survey_id"], []).append((qid, row))

    weights = [len(attendees[row["workshop_id"]]) * rng.uniform(0.5, 1.0) for row in surveys]
    total = sum(weights) or 1
    responses, answer_plans = [], []
    for sid, row, weight in zip(survey_ids, surveys, weights, strict=True):
        present = attendees[row["workshop_id"]]
        count = min(len(present), round(sizes.evaluation_responses * weight / total))
        named = rng.sample(present, count)
        for n in range(count):
            responses.append({"survey_id": sid, "registration_id": None if row["anonymous"] else named[n],
                              "language": rng.choice(("ar", "ar", "ckb", "en")), "source": "link",
                              "submitted_at": start_of[row["workshop_id"]] + timedelta(days=1, hours=7),
                              "entered_by_id": None, "paper_number": None})
            answer_plans.append(sid)
    planned: list[list[tuple[int, Any]]] = []
    for response, sid in zip(responses, answer_plans, strict=True):
        mood = rng.random()
        given: list[tuple[int, Any]] = []
        for qid, question in by_survey[sid]:
            kind, measures = question["kind"], question["measures"]
            if measures == "usefulness" and mood < 0.03 or measures == "relevance" and mood > 0.99:
                continue  # partial answers: this respondent does not count for satisfaction
            if kind == QuestionKind.SCALE:
                value: Any = _weighted(rng, SCALE_ANSWERS)
            elif kind == QuestionKind.YES_NO:
                value = int(rng.random() < 0.85)
            elif kind == QuestionKind.SINGLE:  # the sex question
                if rng.random() < 0.1:
                    continue
                value = rng.randrange(2)
            elif rng.random() < 0.2:
                value = "The group work was the most useful part."
            else:
                continue
            given.append((qid, value))
        # As surveys.services.submit writes it with the answers.
        response["satisfaction_lowest"] = satisfaction_lowest(
            [SimpleNamespace(id=qid, measures=question["measures"]) for qid, question in by_survey[sid]], dict(given))
        planned.append(given)
    response_ids = insert(SurveyResponse.__table__, responses, ids=True)
    answers = [{"response_id": response_id, "question_id": qid, "value": value}
               for response_id, given in zip(response_ids, planned, strict=True) for qid, value in given]
    insert(Answer.__table__, answers)
    return {"evaluation_surveys": len(surveys), "evaluation_questions": len(questions),
            "evaluation_responses": len(responses), "evaluation_answers": len(answers)}


TEST_QUESTIONS = [
    {"kind": QuestionKind.SINGLE, "text": T(en="Who registers voters?"), "points": 1, "correct": 1,
     "options": [{"en": "The courts"}, {"en": "The commission"}, {"en": "The parties"}]},
    {"kind": QuestionKind.YES_NO, "text": T(en="May observers enter polling stations?"), "points": 2, "correct": 1},
    {"kind": QuestionKind.MULTIPLE, "text": T(en="Which are offences?"), "points": 1, "correct": [0, 2],
     "options": [{"en": "Vote buying"}, {"en": "Campaigning"}, {"en": "Intimidation"}, {"en": "Observing"}]},
    {"kind": QuestionKind.NUMBER, "text": T(en="How many days may a complaint wait?"), "points": 1, "correct": 3.0},
    {"kind": QuestionKind.SINGLE, "text": T(en="Who counts the ballots?"), "points": 3, "correct": 0,
     "options": [{"en": "Polling staff"}, {"en": "Party agents"}]},
    {"kind": QuestionKind.LONG_TEXT, "text": T(en="Comments"), "required": False},
]
WRONG = {0: 2, 1: 0, 2: [0], 3: 5, 4: 1}


def _tests(rng: random.Random, status_of: dict[int, WorkshopStatus], attendees: dict[int, list[int]],
           start_of: dict[int, datetime], now: datetime) -> dict[str, int]:
    """End-of-training tests in one held workshop in twelve (a quarter of them after a pre-test, which does
    not count), a few in cancelled workshops; named responses of attendees."""
    surveys = []
    for wid in sorted(attendees):
        if rng.random() >= (0.08 if status_of[wid] != WorkshopStatus.CANCELLED else 0.3):
            continue
        pass_mark = rng.choice((60, 70, 80))
        if rng.random() < 0.25:
            surveys.append({"workshop_id": wid, "title": T(en="Pre-test"), "pass_mark": pass_mark, "pre": True})
        surveys.append({"workshop_id": wid, "title": T(en="End-of-training test"), "pass_mark": pass_mark,
                        "pre": False})
    rows = [{"workshop_id": row["workshop_id"], "title": row["title"], "anonymous": False,
             "status": SurveyStatus.CLOSED, "kind": SurveyKind.TEST, "satisfaction_threshold": 4,
             "pass_mark": row["pass_mark"], "pre_test_id": None, "room_token": None, "created_at": now,
             "updated_at": now} for row in surveys]
    survey_ids = insert(Survey.__table__, rows, ids=True)
    for index, row in enumerate(surveys):
        if not row["pre"] and index and surveys[index - 1]["pre"] and surveys[index - 1]["workshop_id"] == row["workshop_id"]:
            db.session.execute(sa.update(Survey.__table__).where(Survey.__table__.c.id == survey_ids[index])
                               .values(pre_test_id=survey_ids[index - 1], title=T(en="Post-test")))
    questions = [q for sid in survey_ids for q in _question_rows(sid, TEST_QUESTIONS)]
    question_ids = insert(Question.__table__, questions, ids=True)
    responses, plans = [], []
    for sid, row in zip(survey_ids, surveys, strict=True):
        present = attendees[row["workshop_id"]]
        for rid in rng.sample(present, min(len(present), rng.randint(10, 30))):
            responses.append({"survey_id": sid, "registration_id": rid, "language": "ar", "source": "link",
                              "submitted_at": start_of[row["workshop_id"]] + timedelta(days=1, hours=6),
                              "entered_by_id": None, "paper_number": None})
            plans.append((sid, row["pre"]))
    response_ids = insert(SurveyResponse.__table__, responses, ids=True)
    size = len(TEST_QUESTIONS)
    questions_of = {sid: question_ids[i * size:(i + 1) * size] for i, sid in enumerate(survey_ids)}
    answers = []
    for response_id, (sid, pre) in zip(response_ids, plans, strict=True):
        if rng.random() < 0.01:
            continue  # handed in blank: scores nothing, still counts as tested
        skill = rng.uniform(0.2, 0.8) if pre else rng.uniform(0.45, 0.98)
        skipped = rng.randrange(6) if rng.random() < 0.05 else None
        for position, spec in enumerate(TEST_QUESTIONS):
            if position == skipped:
                continue
            if spec["kind"] == QuestionKind.LONG_TEXT:
                if rng.random() < 0.3:
                    answers.append({"response_id": response_id, "question_id": questions_of[sid][position],
                                    "value": "Clear and useful."})
                continue
            value = spec["correct"] if rng.random() < skill else WRONG[position]
            answers.append({"response_id": response_id, "question_id": questions_of[sid][position], "value": value})
    insert(Answer.__table__, answers)
    return {"tests": len(surveys), "test_questions": len(questions), "test_responses": len(responses),
            "test_answers": len(answers)}


def _engagement(rng: random.Random, sizes: Sizes, workshop_ids: list[int], cso_ids: list[int],
                governorates: list[int], admin_id: int, tz: Any) -> dict[str, int]:
    """Recommendations, CSO activity reports and violation reports over the programme's span and beyond."""
    span = (FIRST_DAY_TO - FIRST_DAY_FROM).days
    statuses = {RecommendationStatus.SUBMITTED: 20, RecommendationStatus.UNDER_REVIEW: 15,
                RecommendationStatus.ACCEPTED: 15, RecommendationStatus.PARTIALLY_ACCEPTED: 10,
                RecommendationStatus.NOT_ACCEPTED: 10, RecommendationStatus.IN_PROGRESS: 10,
                RecommendationStatus.IMPLEMENTED: 20}
    recommendations = []
    for n in range(sizes.recommendations):
        day = FIRST_DAY_FROM + timedelta(days=rng.randrange(span))
        # Some recorded late in the evening: the next day (maybe the next quarter) in Baghdad.
        at = to_utc(day, clock(10), tz) if rng.random() < 0.9 else datetime.combine(day, clock(22, 30), UTC)
        from_group = rng.random() < 0.6
        recommendations.append({
            "text": f"Recommendation {n}", "addressee": rng.choice(list(Addressee)), "theme_id": None,
            "priority": rng.choice(list(Priority)),
            "source": RecommendationSource.WORKSHOP_GROUP if from_group else RecommendationSource.CSO,
            "workshop_id": rng.choice(workshop_ids) if from_group else None, "group_id": None,
            "organisation_id": None if from_group or not cso_ids else rng.choice(cso_ids),
            "submitted_by_id": admin_id, "status": _weighted(rng, statuses), "status_reason": "",
            "responsible_unit": "", "due_date": None, "response": "Noted." if rng.random() < 0.5 else "",
            "published": False, "created_at": at, "updated_at": at})
    insert(Recommendation.__table__, recommendations)
    owners = cso_ids or [None]
    reports = [{
        "organisation_id": rng.choice(owners), "submitted_by_id": admin_id, "title": f"Awareness session {n}",
        "held_on": FIRST_DAY_FROM + timedelta(days=rng.randrange(span)), "place": "",
        "governorate_id": rng.choice(governorates), "participants_female": rng.randint(0, 60),
        "participants_male": rng.randint(0, 60), "description": "", "status": ReportStatus.SUBMITTED,
        "response": "", "published": False, "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC),
    } for n in range(sizes.activity_reports)]
    insert(ActivityReport.__table__, reports)
    violations = [{
        "organisation_id": rng.choice(owners), "submitted_by_id": admin_id, "kind": rng.choice(list(ViolationKind)),
        "observed_on": FIRST_DAY_FROM + timedelta(days=rng.randrange(span)),
        "governorate_id": rng.choice(governorates), "channel": rng.choice(list(Channel)),
        "description": f"Report {n}", "status": ReportStatus.SUBMITTED, "response": "", "published": False,
        "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC),
    } for n in range(sizes.violation_reports)]
    insert(ViolationReport.__table__, violations)
    return {"recommendations": len(recommendations), "activity_reports": len(reports),
            "violation_reports": len(violations)}
