"""Every indicator figure, computed in one place from the rows of what happened.

The figures of a programme are built from per-workshop facts (which outputs a workshop serves, when it
started, who attended, how its evaluation and tests went), read once by a handful of aggregate queries;
each indicator then picks its workshops and adds their facts up per reporting period. Everything is
additive per period except unique individuals (each person counts in the first period they came) and the
figures entered by hand, so "in the period" and "cumulative to date" always agree, and the trend by
period is computed together with the figure.
"""

from __future__ import annotations

import gc
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import Governorate, User
from app.db import utcnow
from app.errors import DomainError
from app.engagement.services import engagement_series
from app.events.models import Workshop, WorkshopDay, WorkshopStatus, workshop_themes
from app.events.services import local, local_timezone
from app.extensions import db
from app.indicators.models import (
    Disaggregation,
    EngagementMeasure,
    FrozenReport,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorUnit,
    ManualCumulation,
    MilestoneStatus,
    Outcome,
    Output,
    PeopleCount,
    Programme,
    Rollup,
    workshop_outputs,
)
from app.registration.models import CheckIn, Participant, Registration, RegistrationStatus, Sex
from app.surveys.models import Answer, Question, Survey, SurveyKind, SurveyResponse
from app.surveys.services import score_of

# Workshops whose attendees, evaluations and tests count: they took place (or are taking place).
HELD = (WorkshopStatus.ONGOING, WorkshopStatus.COMPLETED)
SEXES = (Sex.MALE, Sex.FEMALE, Sex.NOT_RECORDED)
PERCENT_MEASURES = frozenset({EngagementMeasure.WITH_RESPONSE, EngagementMeasure.IMPLEMENTED,
                              EngagementMeasure.IMPLEMENTED_OF_ACCEPTED})
# Kinds whose figures come from linked workshops (and can be traced to workshops and people).
WORKSHOP_KINDS = frozenset({IndicatorKind.ACTIVITIES, IndicatorKind.PEOPLE, IndicatorKind.SATISFACTION,
                            IndicatorKind.PASS_RATE})


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A reporting period: calendar months, both ends included."""

    start: date
    end: date
    months: int

    @property
    def number(self) -> int:
        """1–4 for quarters, 1–2 for halves, 1 for years, the month for monthly periods."""
        return (self.start.month - 1) // self.months + 1

    @property
    def key(self) -> str:
        return self.start.isoformat()

    def label(self) -> str:
        """"2012 Q4", "2013 H1", "2013", "2013-05" (Latin digits, as the reports write them)."""
        if self.months == 3:
            return f"{self.start.year} Q{self.number}"
        if self.months == 6:
            return f"{self.start.year} H{self.number}"
        if self.months == 12:
            return str(self.start.year)
        return f"{self.start.year}-{self.start.month:02d}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date, months: int) -> Period:
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(start, _add_months(start, months) - timedelta(days=1), months)


def periods(programme: Programme) -> list[Period]:
    """The programme's reporting periods, from the one it starts in to the one it ends in."""
    found = [period_containing(programme.starts_on, programme.period_months)]
    while found[-1].end < programme.ends_on:
        start = found[-1].end + timedelta(days=1)
        found.append(Period(start, _add_months(start, programme.period_months) - timedelta(days=1),
                            programme.period_months))
    return found


def find_period(programme: Programme, key: str | None, today: date | None = None) -> Period:
    """The period a request names by its first day, else the one holding today (clamped to the programme)."""
    every = periods(programme)
    for period in every:
        if period.key == key:
            return period
    today = today or local(utcnow()).date()
    if today < every[0].start:
        return every[0]
    return next((period for period in every if today in period), every[-1])


# ---------------------------------------------------------------- tallies


@dataclass
class Tally:
    """What one period (or a span of periods) adds to an indicator; tallies add up (unique individuals are
    counted before they become tallies, see _workshop_series)."""

    count: float = 0  # activities, participations, records, or a number entered by hand
    by_sex: Counter = field(default_factory=Counter)  # Sex → people
    by_group: dict[str, Counter] = field(default_factory=dict)  # organisation type / governorate → Sex → people
    numerator: int = 0  # satisfied respondents, tests passed, recommendations answered …
    denominator: int = 0

    def add(self, other: Tally) -> None:
        self.count += other.count
        self.numerator += other.numerator
        self.denominator += other.denominator
        _add_counts(self.by_sex, other.by_sex)
        for group, sexes in other.by_group.items():
            if group not in self.by_group:
                self.by_group[group] = Counter()
            _add_counts(self.by_group[group], sexes)


def _add_counts(into: Counter, counts: Counter) -> None:
    """Counter.update without its generic checks: thousands of small tallies are added up per dashboard."""
    for key, number in counts.items():
        into[key] += number


@dataclass
class Figure:
    """An indicator's value over a span, ready to show: a number (with sex), a share, or a milestone."""

    unit: IndicatorUnit
    value: float | None  # None: nothing to show yet ("–", never 0%)
    male: int = 0
    female: int = 0
    not_recorded: int = 0
    numerator: int | None = None
    denominator: int | None = None
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    milestone: MilestoneStatus | None = None
    comment: str = ""
    source: str = ""
    disaggregated: bool = False  # shows "N (x male/y female)"

    @property
    def people(self) -> int:
        return self.male + self.female + self.not_recorded

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.value, "value": self.value, "male": self.male, "female": self.female,
            "not_recorded": self.not_recorded, "numerator": self.numerator, "denominator": self.denominator,
            "milestone": self.milestone.value if self.milestone else None, "comment": self.comment,
            "source": self.source, "disaggregated": self.disaggregated, "by_group": self.by_group,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        values = dict(data)
        values["unit"] = IndicatorUnit(values["unit"])
        values["milestone"] = MilestoneStatus(values["milestone"]) if values.get("milestone") else None
        return cls(**values)


def achievement(value: float | None, target: float | None) -> float | None:
    """Actual ÷ target, uncapped (None when either is missing or the target is 0)."""
    if value is None or not target:
        return None
    return value / target


def capped(ratio: float | None) -> float | None:
    """The reports' "% of planned": never above 100%."""
    return None if ratio is None else min(ratio, 1.0)


# ---------------------------------------------------------------- facts read from the database


class Attendee(NamedTuple):
    """One attendee of a workshop (a tuple: a large programme has a hundred thousand)."""

    workshop_id: int
    registration_id: int
    participant_id: int
    sex: str  # a Sex value
    organisation_type: str  # "" when not recorded
    governorate_id: int | None


@dataclass
class WorkshopFacts:
    id: int
    status: WorkshopStatus
    activity_type_id: int
    governorate_id: int | None
    day: date | None  # the first day, in Baghdad time: the workshop counts in that period
    output_ids: set[int] = field(default_factory=set)
    theme_ids: set[int] = field(default_factory=set)
    attendees: list[Attendee] = field(default_factory=list)
    by_sex: Counter = field(default_factory=Counter)  # attendees by sex
    satisfied: int = 0
    respondents: int = 0
    passed: int = 0
    tested: int = 0
    # What the workshop adds to people indicators, by (organisation types kept, breakdown): shared by indicators.
    people: dict[tuple[frozenset[str], str | None], Tally] = field(default_factory=dict)

    @property
    def held(self) -> bool:
        return self.status in HELD


def _linked_workshops(programme: Programme) -> sa.Select:
    return (sa.select(workshop_outputs.c.workshop_id, workshop_outputs.c.output_id)
            .join(Output, Output.id == workshop_outputs.c.output_id).join(Outcome)
            .where(Outcome.programme_id == programme.id))


def _workshop_facts(programme: Programme, needs: set[IndicatorKind], governorate_id: int | None,
                    people_needed: bool) -> dict[int, WorkshopFacts]:
    links = _linked_workshops(programme).subquery()
    first_day = (sa.select(WorkshopDay.workshop_id, sa.func.min(WorkshopDay.starts_at).label("starts_at"),
                           sa.func.count().label("days"))
                 .group_by(WorkshopDay.workshop_id).subquery())
    query = (sa.select(Workshop.id, Workshop.status, Workshop.activity_type_id, Workshop.governorate_id,
                       first_day.c.starts_at, first_day.c.days, links.c.output_id)
             .join(links, links.c.workshop_id == Workshop.id)
             .join(first_day, first_day.c.workshop_id == Workshop.id))
    if governorate_id is not None:
        query = query.where(Workshop.governorate_id == governorate_id)
    facts: dict[int, WorkshopFacts] = {}
    days: dict[int, int] = {}
    tz = local_timezone()
    for workshop_id, status, type_id, gov_id, starts_at, day_count, output_id in db.session.execute(query):
        item = facts.get(workshop_id)
        if item is None:
            item = facts[workshop_id] = WorkshopFacts(workshop_id, status, type_id, gov_id,
                                                      starts_at.astimezone(tz).date())
            days[workshop_id] = day_count
        item.output_ids.add(output_id)
    if not facts:
        return facts
    held = sa.select(links.c.workshop_id).join(Workshop, Workshop.id == links.c.workshop_id).where(
        Workshop.status.in_(HELD))
    if governorate_id is not None:
        held = held.where(Workshop.governorate_id == governorate_id)
    held = held.distinct()

    for workshop_id, theme_id in db.session.execute(
            sa.select(workshop_themes.c.workshop_id, workshop_themes.c.theme_id)
            .where(workshop_themes.c.workshop_id.in_(sa.select(links.c.workshop_id)))):
        if workshop_id in facts:
            facts[workshop_id].theme_ids.add(theme_id)

    if people_needed:
        share = programme.attendance_min_share
        # Sex and organisation type as plain strings: the Enum result processor costs more than the query here.
        query = (sa.select(Registration.workshop_id, Registration.id.label("registration_id"),
                           Registration.participant_id, sa.type_coerce(Participant.sex, sa.String).label("sex"),
                           sa.func.coalesce(sa.type_coerce(Participant.organisation_type, sa.String), "")
                           .label("organisation_type"), Participant.governorate_id)
                 .join(Participant, Participant.id == Registration.participant_id)
                 .where(Registration.workshop_id.in_(held), Registration.status != RegistrationStatus.CANCELLED))
        if share:
            # At most one live check-in per registration and day (uq_check_ins_live): count(*) counts the days.
            attended = (sa.select(CheckIn.registration_id, sa.func.count().label("days"))
                        .join(Registration, Registration.id == CheckIn.registration_id)
                        .where(CheckIn.undone_at.is_(None), Registration.workshop_id.in_(held))
                        .group_by(CheckIn.registration_id).subquery())
            query = query.add_columns(attended.c.days).join(attended, attended.c.registration_id == Registration.id)
        else:
            query = query.where(sa.exists().where(CheckIn.registration_id == Registration.id,
                                                  CheckIn.undone_at.is_(None)))
        needed = {workshop_id: max(1, math.ceil(count * share / 100)) for workshop_id, count in days.items()}
        lists = {workshop_id: item.attendees for workshop_id, item in facts.items()}
        make = Attendee._make
        for row in db.session.connection().execute(query).all():  # Core: plain rows, fetched at once
            if not share or row[6] >= needed[row[0]]:
                lists[row[0]].append(make(row[:6]))
        for item in facts.values():
            item.by_sex = Counter(attendee.sex for attendee in item.attendees)

    if IndicatorKind.SATISFACTION in needs:
        _read_satisfaction(facts, held)
    if IndicatorKind.PASS_RATE in needs:
        _read_tests(facts, held)
    return facts


def _read_satisfaction(facts: dict[int, WorkshopFacts], held: sa.Select) -> None:
    """Per workshop: respondents of its evaluations who answered every satisfaction question, and those whose
    lowest such answer reaches the survey's threshold (surveys.services.satisfaction_lowest, pooled)."""
    rows = db.session.execute(
        sa.select(Survey.workshop_id, sa.func.count(SurveyResponse.satisfaction_lowest),
                  sa.func.sum(sa.case((SurveyResponse.satisfaction_lowest >= Survey.satisfaction_threshold, 1),
                                      else_=0)))
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.kind == SurveyKind.EVALUATION, Survey.workshop_id.in_(held))
        .group_by(Survey.workshop_id))
    for workshop_id, respondents, satisfied in rows:
        facts[workshop_id].respondents = respondents
        facts[workshop_id].satisfied = int(satisfied or 0)


class _ScoredQuestion(NamedTuple):
    """What scoring reads of a test question (surveys.services.score_of), without the rest of the row."""

    id: int
    kind: str
    correct: Any
    points: int

    @property
    def scored(self) -> bool:
        return self.correct is not None


class _Test(NamedTuple):
    id: int
    workshop_id: int
    pass_mark: int
    questions: list[_ScoredQuestion]


def _read_tests(facts: dict[int, WorkshopFacts], held: sa.Select) -> None:
    """Per workshop: end-of-training test responses and those passed, each scored by surveys.services.score_of.
    A pre-test (one that a post-test names) is not an end-of-training test."""
    pre_tests = sa.select(Survey.pre_test_id).where(Survey.pre_test_id.is_not(None))
    wanted = sa.select(Survey.id).where(Survey.kind == SurveyKind.TEST, Survey.workshop_id.in_(held),
                                        Survey.id.not_in(pre_tests))
    tests = {test_id: _Test(test_id, workshop_id, pass_mark, []) for test_id, workshop_id, pass_mark in
             db.session.execute(sa.select(Survey.id, Survey.workshop_id, Survey.pass_mark).where(Survey.id.in_(wanted)))}
    if not tests:
        return
    for question_id, survey_id, kind, correct, points in db.session.execute(
            sa.select(Question.id, Question.survey_id, sa.type_coerce(Question.kind, sa.String), Question.correct,
                      Question.points).where(Question.survey_id.in_(wanted))):
        tests[survey_id].questions.append(_ScoredQuestion(question_id, kind, correct, points))
    # Answers are few distinct JSON texts ("1", "[0, 2]"): decoded once each.
    decoded: dict[str, Any] = {}
    values: dict[int, dict[int, Any]] = {}
    survey_of: dict[int, int] = {}
    for response_id, survey_id, question_id, text in db.session.connection().execute(
            sa.select(SurveyResponse.id, SurveyResponse.survey_id, Answer.question_id, sa.cast(Answer.value, sa.Text))
            .outerjoin(Answer, Answer.response_id == SurveyResponse.id)
            .where(SurveyResponse.survey_id.in_(wanted))).all():
        survey_of[response_id] = survey_id
        answers = values.setdefault(response_id, {})
        if question_id is not None:
            if text not in decoded:
                decoded[text] = json.loads(text) if text is not None else None
            answers[question_id] = decoded[text]
    for response_id, answers in values.items():
        test = tests[survey_of[response_id]]
        earned, possible = score_of(test, answers)
        item = facts[test.workshop_id]
        item.tested += 1
        item.passed += possible > 0 and 100 * earned / possible >= test.pass_mark


# ---------------------------------------------------------------- figures


@dataclass
class IndicatorFigures:
    indicator: Indicator
    period: Figure  # in the selected period
    cumulative: Figure  # from the programme's start to the end of the selected period
    trend: list[tuple[Period, Figure]]  # the cumulative figure at the end of each period so far
    period_target: float | None = None
    workshop_ids: list[int] = field(default_factory=list)  # behind the cumulative figure
    by_workshop: dict[int, dict[str, int]] = field(default_factory=dict)  # what each workshop added
    governorate_filtered: bool = True  # False: the figure does not depend on a governorate

    @property
    def target(self) -> float | None:
        return self.indicator.target

    @property
    def achieved(self) -> float | None:
        """Cumulative actual ÷ overall target, uncapped; milestones give their % estimate."""
        if self.indicator.unit == IndicatorUnit.MILESTONE:
            return None if self.cumulative.value is None else self.cumulative.value / 100
        return achievement(self.cumulative.value, self.indicator.target)

    @property
    def achieved_capped(self) -> float | None:
        return capped(self.achieved)

    @property
    def period_achieved(self) -> float | None:
        return achievement(self.period.value, self.period_target)


@dataclass
class RollupFigure:
    """An output's, outcome's or the programme's roll-up % and how many indicators made it."""

    value: float | None
    indicators: int


@dataclass
class OutputFigures:
    output: Output
    indicators: list[IndicatorFigures]
    rollup: RollupFigure


@dataclass
class OutcomeFigures:
    outcome: Outcome
    outputs: list[OutputFigures]
    rollup: RollupFigure


@dataclass
class Beneficiaries:
    """Direct beneficiaries: people who attended a workshop linked to the programme, each counted once."""

    male: int
    female: int
    not_recorded: int
    target_male: int | None
    target_female: int | None

    @property
    def male_achieved(self) -> float | None:
        return achievement(self.male, self.target_male)

    @property
    def female_achieved(self) -> float | None:
        return achievement(self.female, self.target_female)

    def as_dict(self) -> dict[str, Any]:
        return {"male": self.male, "female": self.female, "not_recorded": self.not_recorded,
                "target_male": self.target_male, "target_female": self.target_female}


@dataclass
class Dashboard:
    programme: Programme
    period: Period
    periods: list[Period]  # up to the selected one
    governorate: Governorate | None
    outcomes: list[OutcomeFigures]
    rollup: RollupFigure
    beneficiaries: Beneficiaries

    @property
    def rows(self) -> list[IndicatorFigures]:
        return [row for outcome in self.outcomes for output in outcome.outputs for row in output.indicators]

    def find(self, code: str) -> IndicatorFigures:
        return next(row for row in self.rows if row.indicator.code == code)


@dataclass(frozen=True)
class _Rule:
    """An indicator's settings, read once: which linked workshops it counts and what it counts of them."""

    output_id: int
    kind: IndicatorKind
    completed_only: bool
    activity_types: frozenset[int]
    themes: frozenset[int]
    organisation_types: frozenset[str]
    group: str | None  # "organisation_type", "governorate" or None
    unique: bool

    @classmethod
    def of(cls, indicator: Indicator) -> _Rule:
        settings = indicator.settings or {}
        group = {Disaggregation.SEX_ORGANISATION_TYPE: "organisation_type",
                 Disaggregation.SEX_GOVERNORATE: "governorate"}.get(indicator.disaggregation)
        return cls(indicator.output_id, indicator.kind, indicator.kind == IndicatorKind.ACTIVITIES,
                   frozenset(settings.get("activity_type_ids") or ()), frozenset(settings.get("theme_ids") or ()),
                   frozenset(settings.get("organisation_types") or ()), group, _unique(indicator))

    def selects(self, workshop: WorkshopFacts) -> bool:
        """Whether a linked workshop counts (its output, status, activity type and themes)."""
        if self.output_id not in workshop.output_ids:
            return False
        if (workshop.status != WorkshopStatus.COMPLETED) if self.completed_only else not workshop.held:
            return False
        if self.activity_types and workshop.activity_type_id not in self.activity_types:
            return False
        return not self.themes or bool(workshop.theme_ids & self.themes)

    def keeps(self, attendee: Attendee) -> bool:
        return not self.organisation_types or attendee.organisation_type in self.organisation_types

    def group_of(self, attendee: Attendee) -> str | None:
        if self.group == "organisation_type":
            return attendee.organisation_type
        if self.group == "governorate":
            return str(attendee.governorate_id or "")
        return None


def _people_tally(rule: _Rule, workshop: WorkshopFacts) -> Tally:
    """What a workshop adds to a people indicator; computed once per kind of rule and shared."""
    key = (rule.organisation_types, rule.group)
    tally = workshop.people.get(key)
    if tally is None:
        tally = workshop.people[key] = Tally()
        if not rule.organisation_types and rule.group is None:
            tally.count, tally.by_sex = sum(workshop.by_sex.values()), workshop.by_sex
        else:
            tally = workshop.people[key] = _people(rule, [a for a in workshop.attendees if rule.keeps(a)])
    return tally


def _workshop_tally(rule: _Rule, workshop: WorkshopFacts) -> Tally:
    """What one workshop adds to an indicator (never changed afterwards: tallies are added into others)."""
    if rule.kind == IndicatorKind.PEOPLE:
        return _people_tally(rule, workshop)
    tally = Tally()
    if rule.kind == IndicatorKind.ACTIVITIES:
        tally.count = 1
    elif rule.kind == IndicatorKind.SATISFACTION:
        tally.numerator, tally.denominator = workshop.satisfied, workshop.respondents
    elif rule.kind == IndicatorKind.PASS_RATE:
        tally.numerator, tally.denominator = workshop.passed, workshop.tested
    return tally


def _unique(indicator: Indicator) -> bool:
    return (indicator.kind == IndicatorKind.PEOPLE
            and (indicator.settings or {}).get("count") == PeopleCount.INDIVIDUALS.value)


def _figure(indicator: Indicator, tally: Tally) -> Figure:
    unit = indicator.unit
    if indicator.kind in (IndicatorKind.SATISFACTION, IndicatorKind.PASS_RATE) or (
            indicator.kind == IndicatorKind.ENGAGEMENT and _measure(indicator) in PERCENT_MEASURES):
        value = 100 * tally.numerator / tally.denominator if tally.denominator else None
        return Figure(unit, value, numerator=tally.numerator, denominator=tally.denominator)
    by_group = {group: {sex.value: sexes.get(sex, 0) for sex in SEXES} for group, sexes in sorted(tally.by_group.items())}
    disaggregated = indicator.kind == IndicatorKind.PEOPLE or (
        indicator.kind == IndicatorKind.ENGAGEMENT and _measure(indicator) == EngagementMeasure.ACTIVITY_REPORT_PEOPLE)
    return Figure(unit, tally.count, male=tally.by_sex.get(Sex.MALE, 0), female=tally.by_sex.get(Sex.FEMALE, 0),
                  not_recorded=tally.by_sex.get(Sex.NOT_RECORDED, 0), by_group=by_group,
                  disaggregated=disaggregated and indicator.disaggregation != Disaggregation.NONE)


def _measure(indicator: Indicator) -> EngagementMeasure:
    return EngagementMeasure((indicator.settings or {}).get("measure") or EngagementMeasure.RECOMMENDATIONS.value)


def _by_output(workshops: Iterable[WorkshopFacts], every: Sequence[Period]
               ) -> dict[int, list[tuple[int, WorkshopFacts]]]:
    """Each output's workshops in order, with the index of the period they count in (those in none left out)."""
    found: dict[int, list[tuple[int, WorkshopFacts]]] = {}
    for workshop in workshops:
        index = _index(every, workshop.day)
        if index is not None:
            for output_id in workshop.output_ids:
                found.setdefault(output_id, []).append((index, workshop))
    return found


def _workshop_series(indicator: Indicator, workshops: Iterable[tuple[int, WorkshopFacts]], every: Sequence[Period]
                     ) -> tuple[list[Tally], list[Tally], dict[int, Tally]]:
    """Per period: what the period adds, and the cumulative tally at its end; and each workshop's tally.
    `workshops`: the output's in order of their first day, with their period index (_by_output)."""
    rule = _Rule.of(indicator)
    chosen = [(index, workshop) for index, workshop in workshops if rule.selects(workshop)]
    contributions = {workshop.id: _workshop_tally(rule, workshop) for _, workshop in chosen}
    if rule.unique:
        came = _unique_people(rule, chosen, len(every))
        added, cumulative, running, seen = [], [], Tally(), set()
        for people in came:
            added.append(_people(rule, people))
            # Each person counts once, in the first period they came: the cumulative figure adds newcomers.
            newcomers = [attendee for attendee in people if attendee.participant_id not in seen]
            seen.update(attendee.participant_id for attendee in newcomers)
            running.add(_people(rule, newcomers))
            cumulative.append(_copy(running))
        return added, cumulative, contributions
    added = [Tally() for _ in every]
    for index, workshop in chosen:
        added[index].add(contributions[workshop.id])
    cumulative, running = [], Tally()
    for tally in added:
        running.add(tally)
        cumulative.append(_copy(running))
    return added, cumulative, contributions


def _unique_people(rule: _Rule, chosen: Sequence[tuple[int, WorkshopFacts]], periods_count: int
                   ) -> list[list[Attendee]]:
    """Per period, the distinct people who came (each once however many workshops they attended)."""
    by_period: list[dict[int, Attendee]] = [{} for _ in range(periods_count)]
    for index, workshop in chosen:
        people = by_period[index]
        for attendee in workshop.attendees:
            if rule.keeps(attendee):
                people.setdefault(attendee.participant_id, attendee)
    return [list(people.values()) for people in by_period]


def _people(rule: _Rule, attendees: Sequence[Attendee]) -> Tally:
    tally = Tally(count=len(attendees), by_sex=Counter(attendee.sex for attendee in attendees))
    if rule.group is not None:
        groups = tally.by_group
        for attendee in attendees:
            key = rule.group_of(attendee)
            if key not in groups:
                groups[key] = Counter()
            groups[key][attendee.sex] += 1
    return tally


def _copy(tally: Tally) -> Tally:
    copy = Tally()
    copy.add(tally)
    return copy


def _index(every: Sequence[Period], day: date | None) -> int | None:
    if day is None:
        return None
    for index, period in enumerate(every):
        if day in period:
            return index
    return None


def _engagement_series(indicator: Indicator, every: Sequence[Period], cache: dict[str, Any]) -> list[Tally]:
    """What each period adds: the engagement counters of all periods are read once and shared by indicators."""
    if "series" not in cache:
        cache["series"] = engagement_series([(period.start, period.end) for period in every])
    measure = _measure(indicator)
    added = []
    for counters in cache["series"]:
        tally = Tally()
        if measure == EngagementMeasure.RECOMMENDATIONS:
            tally.count = counters.recommendations
        elif measure in PERCENT_MEASURES:
            share = {EngagementMeasure.WITH_RESPONSE: counters.with_response,
                     EngagementMeasure.IMPLEMENTED: counters.implemented,
                     EngagementMeasure.IMPLEMENTED_OF_ACCEPTED: counters.implemented_of_accepted}[measure]
            tally.numerator, tally.denominator = share.numerator, share.denominator
        elif measure == EngagementMeasure.ACTIVITY_REPORTS:
            tally.count = counters.activity_reports
        elif measure == EngagementMeasure.ACTIVITY_REPORT_PEOPLE:
            tally.count = counters.participants_total
            tally.by_sex.update({Sex.MALE: counters.participants_male, Sex.FEMALE: counters.participants_female})
        else:
            tally.count = counters.violation_reports
        added.append(tally)
    return added


def _manual_series(indicator: Indicator, every: Sequence[Period]) -> tuple[list[Figure], list[Figure]]:
    entries = {entry.period_start: entry for entry in indicator.entries}
    latest_only = indicator.kind == IndicatorKind.MILESTONE or (
        (indicator.settings or {}).get("cumulation") == ManualCumulation.LATEST.value)
    in_period, cumulative = [], []
    total: float | None = None
    last: IndicatorEntry | None = None
    for period in every:
        entry = entries.get(period.start)
        in_period.append(_entry_figure(indicator, entry, entry.value if entry else None))
        if entry is not None:
            last = entry
            if entry.value is not None and not latest_only:
                total = (total or 0) + entry.value
        value = (last.value if last else None) if latest_only else total
        cumulative.append(_entry_figure(indicator, last, value))
    return in_period, cumulative


def _entry_figure(indicator: Indicator, entry: IndicatorEntry | None, value: float | None) -> Figure:
    if indicator.kind == IndicatorKind.MILESTONE:
        return Figure(IndicatorUnit.MILESTONE, float(entry.percent) if entry and entry.percent is not None else None,
                      milestone=entry.milestone if entry else None, comment=entry.comment if entry else "",
                      source=entry.source if entry else "")
    return Figure(indicator.unit, value, comment=entry.comment if entry else "", source=entry.source if entry else "")


def _rollup(programme: Programme, rows: Sequence[IndicatorFigures]) -> RollupFigure:
    if programme.rollup == Rollup.MEAN_ALL:
        values = [(row.achieved_capped, 1.0) for row in rows if row.achieved_capped is not None]
    else:
        weights = programme.rollup == Rollup.WEIGHTED
        values = [(row.achieved_capped, row.indicator.weight if weights else 1.0) for row in rows
                  if row.indicator.quantitative and row.achieved_capped is not None]
    total = sum(weight for _, weight in values)
    value = sum(share * weight for share, weight in values) / total if total else None
    return RollupFigure(value, len(values))


def load_programme(programme_id: int) -> Programme | None:
    """A programme with its outcomes, outputs, indicators, targets and entries, in few queries."""
    return db.session.scalar(sa.select(Programme).where(Programme.id == programme_id).options(
        selectinload(Programme.outcomes).selectinload(Outcome.outputs).selectinload(Output.indicators)
        .selectinload(Indicator.period_targets),
        selectinload(Programme.outcomes).selectinload(Outcome.outputs).selectinload(Output.indicators)
        .selectinload(Indicator.entries)))


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Figures build some 10^5 short-lived tuples and counters, none of them in reference cycles: left on, the
    cyclic collector would walk all of the application's objects again and again for nothing (a fifth of the
    time of a large dashboard). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def dashboard(programme: Programme, period: Period, governorate: Governorate | None = None) -> Dashboard:
    """Every figure of a programme up to the end of `period`: each indicator in the period, cumulative to date
    and by period (the trend), the roll-ups and the direct beneficiaries."""
    with _without_cycle_collection():
        return _dashboard(programme, period, governorate)


def _dashboard(programme: Programme, period: Period, governorate: Governorate | None) -> Dashboard:
    every = [p for p in periods(programme) if p.start <= period.start]
    indicators = [indicator for output in programme.outputs for indicator in output.indicators]
    needs = {indicator.kind for indicator in indicators}
    facts = _workshop_facts(programme, needs, governorate.id if governorate else None, people_needed=True)
    workshops = sorted(facts.values(), key=lambda item: (item.day or date.min, item.id))
    by_output = _by_output(workshops, every)
    engagement_cache: dict[str, Any] = {}
    outcomes = []
    for outcome in programme.outcomes:
        outputs = []
        for output in outcome.outputs:
            rows = [_indicator_figures(indicator, by_output.get(output.id, []), every, engagement_cache, governorate)
                    for indicator in output.indicators]
            outputs.append(OutputFigures(output, rows, _rollup(programme, rows)))
        outcome_rows = [row for item in outputs for row in item.indicators]
        outcomes.append(OutcomeFigures(outcome, outputs, _rollup(programme, outcome_rows)))
    all_rows = [row for item in outcomes for output in item.outputs for row in output.indicators]
    return Dashboard(programme, period, every, governorate, outcomes, _rollup(programme, all_rows),
                     _beneficiaries(programme, workshops, every))


def _indicator_figures(indicator: Indicator, workshops: Sequence[tuple[int, WorkshopFacts]], every: Sequence[Period],
                       engagement_cache: dict[str, Any], governorate: Governorate | None) -> IndicatorFigures:
    targets = {target.period_start: target.target for target in indicator.period_targets}
    period_target = targets.get(every[-1].start)
    if indicator.kind in (IndicatorKind.MANUAL, IndicatorKind.MILESTONE):
        in_period, cumulative = _manual_series(indicator, every)
        return IndicatorFigures(indicator, in_period[-1], cumulative[-1], list(zip(every, cumulative, strict=True)),
                                period_target, governorate_filtered=governorate is None)
    if indicator.kind == IndicatorKind.ENGAGEMENT:
        added = _engagement_series(indicator, every, engagement_cache)
        running, cumulative_tallies = Tally(), []
        for tally in added:
            running.add(tally)
            cumulative_tallies.append(_copy(running))
        cumulative = [_figure(indicator, tally) for tally in cumulative_tallies]
        return IndicatorFigures(indicator, _figure(indicator, added[-1]), cumulative[-1],
                                list(zip(every, cumulative, strict=True)), period_target,
                                governorate_filtered=governorate is None)
    added, cumulative_tallies, contributions = _workshop_series(indicator, workshops, every)
    cumulative = [_figure(indicator, tally) for tally in cumulative_tallies]
    by_workshop = {workshop_id: _contribution(tally) for workshop_id, tally in contributions.items()}
    return IndicatorFigures(indicator, _figure(indicator, added[-1]), cumulative[-1],
                            list(zip(every, cumulative, strict=True)), period_target,
                            workshop_ids=list(contributions), by_workshop=by_workshop)


def _contribution(tally: Tally) -> dict[str, int]:
    return {"count": int(tally.count), "male": tally.by_sex.get(Sex.MALE, 0),
            "female": tally.by_sex.get(Sex.FEMALE, 0), "not_recorded": tally.by_sex.get(Sex.NOT_RECORDED, 0),
            "numerator": tally.numerator, "denominator": tally.denominator}


def _beneficiaries(programme: Programme, workshops: Sequence[WorkshopFacts], every: Sequence[Period]) -> Beneficiaries:
    counted = [workshop for workshop in workshops if workshop.held and _index(every, workshop.day) is not None]
    people = {attendee.participant_id: attendee.sex for workshop in counted for attendee in workshop.attendees}
    sexes = Counter(people.values())
    return Beneficiaries(sexes.get(Sex.MALE, 0), sexes.get(Sex.FEMALE, 0), sexes.get(Sex.NOT_RECORDED, 0),
                         programme.beneficiaries_target_male, programme.beneficiaries_target_female)


# ---------------------------------------------------------------- drill-down


@dataclass
class WorkshopSource:
    workshop: Workshop
    day: date | None
    contribution: dict[str, int]


@dataclass
class PersonSource:
    registration: Registration
    participant: Participant
    workshop: Workshop
    days_attended: int


@dataclass
class Sources:
    """The source of verification of one figure: the workshops behind it and the people who attended."""

    indicator: Indicator
    figures: IndicatorFigures
    workshops: list[WorkshopSource]
    people: list[PersonSource]


def sources(programme: Programme, indicator: Indicator, period: Period, governorate: Governorate | None = None,
            cumulative: bool = True) -> Sources:
    """The workshops and attendees behind an indicator's figure (in the period, or cumulative to its end)."""
    every = [p for p in periods(programme) if p.start <= period.start]
    facts = _workshop_facts(programme, {indicator.kind}, governorate.id if governorate else None,
                            people_needed=indicator.kind == IndicatorKind.PEOPLE)
    ordered = sorted(facts.values(), key=lambda item: (item.day or date.min, item.id))
    figures = _indicator_figures(indicator, _by_output(ordered, every).get(indicator.output_id, []), every, {},
                                 governorate)
    if indicator.kind not in WORKSHOP_KINDS:
        return Sources(indicator, figures, [], [])
    chosen = [facts[workshop_id] for workshop_id in figures.workshop_ids
              if cumulative or (facts[workshop_id].day and facts[workshop_id].day in period)]
    models = {w.id: w for w in db.session.scalars(sa.select(Workshop).where(Workshop.id.in_([f.id for f in chosen]))
                                                  .options(selectinload(Workshop.days)))}
    workshop_rows = [WorkshopSource(models[item.id], item.day, figures.by_workshop[item.id]) for item in chosen]
    people: list[PersonSource] = []
    if indicator.kind == IndicatorKind.PEOPLE:
        org_types = set((indicator.settings or {}).get("organisation_types") or [])
        wanted = {attendee.registration_id: item.id for item in chosen for attendee in item.attendees
                  if not org_types or attendee.organisation_type in org_types}
        days = dict(db.session.execute(
            sa.select(CheckIn.registration_id, sa.func.count(sa.distinct(CheckIn.day_id)))
            .where(CheckIn.registration_id.in_(list(wanted)), CheckIn.undone_at.is_(None))
            .group_by(CheckIn.registration_id)).all()) if wanted else {}
        registrations = db.session.scalars(sa.select(Registration).where(Registration.id.in_(list(wanted)))
                                           .options(selectinload(Registration.participant))) if wanted else []
        people = sorted((PersonSource(r, r.participant, models[wanted[r.id]], days.get(r.id, 0)) for r in registrations),
                        key=lambda row: (row.workshop.id, row.participant.full_name))
    return Sources(indicator, figures, workshop_rows, people)


# ---------------------------------------------------------------- frozen reports


def frozen_report(programme: Programme, period: Period) -> FrozenReport | None:
    return db.session.scalar(sa.select(FrozenReport).where(FrozenReport.programme_id == programme.id,
                                                           FrozenReport.period_start == period.start))


def frozen_reports(programme: Programme) -> list[FrozenReport]:
    return list(db.session.scalars(sa.select(FrozenReport).where(FrozenReport.programme_id == programme.id)
                                   .order_by(FrozenReport.period_start)))


class AlreadySubmitted(DomainError):
    message = _l("The report of this period was already submitted.")


def freeze(programme: Programme, period: Period, by: User, note: str = "") -> FrozenReport:
    """Submit a period's report: keep its figures as computed now, and what each came from (per workshop),
    so the report stays reproducible and later differences can be explained."""
    if frozen_report(programme, period) is not None:
        raise AlreadySubmitted()
    board = dashboard(programme, period)
    data = {
        "period": period.key,
        "indicators": {str(row.indicator.id): {
            "code": row.indicator.code, "target": row.indicator.target, "target_text": row.indicator.target_text,
            "period": row.period.as_dict(), "cumulative": row.cumulative.as_dict(), "achieved": row.achieved,
            "by_workshop": {str(key): value for key, value in row.by_workshop.items()},
        } for row in board.rows},
        "outputs": {str(item.output.id): item.rollup.value
                    for outcome in board.outcomes for item in outcome.outputs},
        "rollup": board.rollup.value,
        "beneficiaries": board.beneficiaries.as_dict(),
    }
    report = FrozenReport(programme_id=programme.id, period_start=period.start, submitted_by_id=by.id,
                          note=note, data=data)
    db.session.add(report)
    db.session.flush()
    return report


@dataclass
class Change:
    """Why a live figure differs from the one reported: one workshop's contribution, or the entry."""

    workshop_id: int | None
    before: dict[str, int] | None  # None: the workshop did not count then
    after: dict[str, int] | None  # None: it does not count any more (cancelled, unlinked, …)


@dataclass
class Difference:
    indicator: Indicator
    reported: Figure
    live: Figure
    changes: list[Change]
    workshops: dict[int, Workshop] = field(default_factory=dict)


def _same(first: Figure, second: Figure) -> bool:
    keys = ("value", "male", "female", "not_recorded", "numerator", "denominator", "milestone")
    one, other = first.as_dict(), second.as_dict()
    return all(one[key] == other[key] if not isinstance(one[key], float) or other[key] is None
               else abs(one[key] - (other[key] or 0)) < 1e-9 for key in keys)


def differences(report: FrozenReport, board: Dashboard) -> list[Difference]:
    """Live figures that no longer match the frozen report, each with the workshops whose contribution changed."""
    frozen = report.data.get("indicators", {})
    found = []
    for row in board.rows:
        then = frozen.get(str(row.indicator.id))
        if then is None:
            continue
        reported = Figure.from_dict(then["cumulative"])
        if _same(reported, row.cumulative):
            continue
        before = {int(key): value for key, value in then.get("by_workshop", {}).items()}
        after = row.by_workshop
        changes = [Change(workshop_id, before.get(workshop_id), after.get(workshop_id))
                   for workshop_id in sorted(set(before) | set(after)) if before.get(workshop_id) != after.get(workshop_id)]
        found.append(Difference(row.indicator, reported, row.cumulative, changes))
    ids = {change.workshop_id for item in found for change in item.changes if change.workshop_id}
    if ids:
        workshops = {w.id: w for w in db.session.scalars(sa.select(Workshop).where(Workshop.id.in_(ids)))}
        for item in found:
            item.workshops = workshops
    return found


def governorates() -> list[Governorate]:
    return list(db.session.scalars(sa.select(Governorate).order_by(Governorate.sort_order, Governorate.id)))


def programmes() -> list[Programme]:
    return list(db.session.scalars(sa.select(Programme).order_by(Programme.starts_on.desc(), Programme.id)))






@dataclass
class Reported:
    """One indicator's row as a frozen report holds it."""

    code: str
    target: float | None
    target_text: str
    period: Figure
    cumulative: Figure
    achieved: float | None

    @property
    def achieved_capped(self) -> float | None:
        return capped(self.achieved)


def reported(report: FrozenReport) -> dict[int, Reported]:
    """The figures of a submitted report, as they were reported, by indicator id."""
    return {int(key): Reported(item["code"], item["target"], item.get("target_text", ""),
                               Figure.from_dict(item["period"]), Figure.from_dict(item["cumulative"]),
                               item.get("achieved"))
            for key, item in report.data.get("indicators", {}).items()}
