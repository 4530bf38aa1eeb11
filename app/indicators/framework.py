"""Editing the results framework: programmes, outcomes, outputs, indicators, their targets, the workshops
linked to outputs and the figures entered by hand. Plain functions: they add and flush, never commit, and
raise domain errors that the pages show beside the field concerned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.permissions import Permission, has_permission
from app.db import LocalizedText
from app.errors import DomainError
from app.events.models import Workshop
from app.events.services import visibility_clause
from app.extensions import db
from app.indicators.models import (
    Disaggregation,
    EngagementMeasure,
    FrozenReport,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorTarget,
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
from app.indicators.services import Period, period_containing, periods

# Lengths of what people type, checked by the forms and the import (the columns allow as much or more).
CODE_MAX_LENGTH = 20
TITLE_MAX_LENGTH = 500
LEAD_AGENCY_MAX_LENGTH = 100
TARGET_TEXT_MAX_LENGTH = 100
# The output page offers the newest workshops not yet linked; older ones are linked from the workshop form.
LINKABLE_LIMIT = 500


class DatesOutOfOrder(DomainError):
    message = _l("The end date must be on or after the start date.")


class CodeTaken(DomainError):
    message = _l("Another item of this programme already has this code.")


class TitleRequired(DomainError):
    message = _l("Write the title in at least one language.")


class UnitDoesNotFit(DomainError):
    message = _l("This unit does not fit the kind of indicator.")


class NotAPeriod(DomainError):
    message = _l("Choose one of the programme's reporting periods.")


class PeriodSubmitted(DomainError):
    message = _l("The report of this period was submitted: its figures are frozen.")


class EntryNotAllowed(DomainError):
    message = _l("Figures are entered by hand only for manual and milestone indicators.")


class PercentOutOfRange(DomainError):
    message = _l("Give a percentage between 0 and 100.")


class OutputOfAnotherProgramme(DomainError):
    message = _l("Choose an output of this programme.")


class ProgrammeReported(DomainError):
    message = _l("A report of this programme was submitted: the programme cannot be deleted.")


# ---------------------------------------------------------------- who may do what


def can_enter_figures(user: User | Any) -> bool:
    """Admins and organisers enter the figures of manual and milestone indicators."""
    return (has_permission(user, Permission.MANAGE_WORKSHOPS)
            or has_permission(user, Permission.MANAGE_RESULTS_FRAMEWORK))


def can_link_workshops(user: User | Any) -> bool:
    """Those who plan workshops say which outputs they serve, as the workshop form does."""
    return (has_permission(user, Permission.MANAGE_WORKSHOPS)
            or has_permission(user, Permission.MANAGE_RESULTS_FRAMEWORK))


# Units each kind may use; the first is the default.
KIND_UNITS: dict[IndicatorKind, tuple[IndicatorUnit, ...]] = {
    IndicatorKind.ACTIVITIES: (IndicatorUnit.NUMBER,),
    IndicatorKind.PEOPLE: (IndicatorUnit.NUMBER,),
    IndicatorKind.SATISFACTION: (IndicatorUnit.PERCENT,),
    IndicatorKind.PASS_RATE: (IndicatorUnit.PERCENT,),
    IndicatorKind.ENGAGEMENT: (IndicatorUnit.NUMBER, IndicatorUnit.PERCENT),
    IndicatorKind.MANUAL: (IndicatorUnit.NUMBER, IndicatorUnit.PERCENT),
    IndicatorKind.MILESTONE: (IndicatorUnit.MILESTONE,),
}
PERCENT_MEASURES = frozenset({EngagementMeasure.WITH_RESPONSE, EngagementMeasure.IMPLEMENTED,
                              EngagementMeasure.IMPLEMENTED_OF_ACCEPTED})


def _require_title(title: LocalizedText) -> None:
    if not title:
        raise TitleRequired()


# ---------------------------------------------------------------- programmes


@dataclass
class ProgrammeData:
    title: LocalizedText
    starts_on: date
    ends_on: date
    donor: str = ""
    period_months: int = 3
    satisfaction_threshold: int = 4
    attendance_min_share: int = 0
    rollup: Rollup = Rollup.MEAN_QUANTITATIVE
    beneficiaries_target_male: int | None = None
    beneficiaries_target_female: int | None = None


def save_programme(data: ProgrammeData, programme: Programme | None = None) -> Programme:
    _require_title(data.title)
    if data.ends_on < data.starts_on:
        raise DatesOutOfOrder()
    programme = programme or Programme()
    for name, value in vars(data).items():
        setattr(programme, name, value)
    db.session.add(programme)
    db.session.flush()
    return programme


def _codes_in(programme: Programme) -> dict[str, object]:
    found: dict[str, object] = {}
    for outcome in programme.outcomes:
        found[outcome.code] = outcome
        for output in outcome.outputs:
            found[output.code] = output
            for indicator in output.indicators:
                found[indicator.code] = indicator
    return found


def items_by_code(programme: Programme) -> dict[str, Outcome | Output | Indicator]:
    """Every outcome, output and indicator of the programme by its code (codes are unique in a programme)."""
    return _codes_in(programme)  # type: ignore[return-value]


def normalise_code(code: str) -> str:
    """A code as it is stored: "1.1.8." and " 1.1.8" are "1.1.8"."""
    return code.strip().rstrip(".")


def _check_code(programme: Programme, code: str, item: object | None) -> str:
    code = code.strip().rstrip(".")
    holder = _codes_in(programme).get(code)
    if holder is not None and holder is not item:
        raise CodeTaken()
    return code


# ---------------------------------------------------------------- outcomes and outputs


@dataclass
class OutcomeData:
    code: str
    title: LocalizedText
    lead_agency: str = ""


def save_outcome(programme: Programme, data: OutcomeData, outcome: Outcome | None = None) -> Outcome:
    _require_title(data.title)
    code = _check_code(programme, data.code, outcome)
    if outcome is None:
        outcome = Outcome(position=len(programme.outcomes))
        programme.outcomes.append(outcome)
    outcome.code, outcome.title, outcome.lead_agency = code, data.title, data.lead_agency.strip()
    db.session.flush()
    return outcome


@dataclass
class OutputData:
    code: str
    title: LocalizedText
    lead_agency: str = ""


def save_output(outcome: Outcome, data: OutputData, output: Output | None = None) -> Output:
    _require_title(data.title)
    code = _check_code(outcome.programme, data.code, output)
    if output is None:
        output = Output(position=len(outcome.outputs))
        outcome.outputs.append(output)
    output.code, output.title, output.lead_agency = code, data.title, data.lead_agency.strip()
    db.session.flush()
    return output


# ---------------------------------------------------------------- indicators


@dataclass
class IndicatorData:
    code: str
    title: LocalizedText
    kind: IndicatorKind
    unit: IndicatorUnit | None = None  # None: the kind's usual unit
    target: float | None = None
    target_text: str = ""
    baseline: float | None = None
    disaggregation: Disaggregation | None = None  # None: by sex for people, none otherwise
    weight: float = 1.0
    activity_type_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    count: PeopleCount = PeopleCount.PARTICIPATIONS
    organisation_types: list[str] = field(default_factory=list)
    measure: EngagementMeasure = EngagementMeasure.RECOMMENDATIONS
    cumulation: ManualCumulation = ManualCumulation.SUM


def _settings(data: IndicatorData) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if data.kind in (IndicatorKind.ACTIVITIES, IndicatorKind.PEOPLE, IndicatorKind.SATISFACTION,
                     IndicatorKind.PASS_RATE):
        if data.activity_type_ids:
            settings["activity_type_ids"] = sorted(data.activity_type_ids)
        if data.theme_ids:
            settings["theme_ids"] = sorted(data.theme_ids)
    if data.kind == IndicatorKind.PEOPLE:
        settings["count"] = data.count.value
        if data.organisation_types:
            settings["organisation_types"] = sorted(data.organisation_types)
    if data.kind == IndicatorKind.ENGAGEMENT:
        settings["measure"] = data.measure.value
    if data.kind == IndicatorKind.MANUAL:
        settings["cumulation"] = data.cumulation.value
    return settings


def _unit(data: IndicatorData) -> IndicatorUnit:
    allowed = KIND_UNITS[data.kind]
    if data.kind == IndicatorKind.ENGAGEMENT:
        allowed = (IndicatorUnit.PERCENT,) if data.measure in PERCENT_MEASURES else (IndicatorUnit.NUMBER,)
    unit = data.unit or allowed[0]
    if unit not in allowed:
        raise UnitDoesNotFit()
    return unit


def save_indicator(output: Output, data: IndicatorData, indicator: Indicator | None = None) -> Indicator:
    _require_title(data.title)
    code = _check_code(output.programme, data.code, indicator)
    unit = _unit(data)
    if indicator is None:
        indicator = Indicator(position=len(output.indicators))
        output.indicators.append(indicator)
    elif indicator.output is not output:
        indicator.output = output
    by_sex = data.kind == IndicatorKind.PEOPLE or (
        data.kind == IndicatorKind.ENGAGEMENT and data.measure == EngagementMeasure.ACTIVITY_REPORT_PEOPLE)
    disaggregation = data.disaggregation or (Disaggregation.SEX if by_sex else Disaggregation.NONE)
    indicator.code, indicator.title, indicator.kind, indicator.unit = code, data.title, data.kind, unit
    indicator.target, indicator.target_text, indicator.baseline = data.target, data.target_text.strip(), data.baseline
    indicator.disaggregation, indicator.weight, indicator.settings = disaggregation, data.weight, _settings(data)
    db.session.flush()
    return indicator


def _programme_period(programme: Programme, day: date) -> date:
    start = period_containing(day, programme.period_months).start
    if start not in {period.start for period in periods(programme)}:
        raise NotAPeriod()
    return start


def set_period_target(indicator: Indicator, period_start: date, target: float | None) -> None:
    """Set (or with None, remove) an indicator's target for one reporting period."""
    start = _programme_period(indicator.output.programme, period_start)
    existing = next((item for item in indicator.period_targets if item.period_start == start), None)
    if target is None:
        if existing is not None:
            indicator.period_targets.remove(existing)
    elif existing is None:
        indicator.period_targets.append(IndicatorTarget(period_start=start, target=target))
    else:
        existing.target = target
    db.session.flush()


@dataclass
class EntryData:
    value: float | None = None
    milestone: MilestoneStatus | None = None
    percent: int | None = None
    comment: str = ""
    source: str = ""


def _submitted(programme: Programme, start: date) -> bool:
    return db.session.scalar(sa.select(FrozenReport.id).where(
        FrozenReport.programme_id == programme.id, FrozenReport.period_start == start)) is not None


def enter(indicator: Indicator, period_start: date, data: EntryData, by: User | None) -> IndicatorEntry:
    """What was achieved in one period, for indicators entered by hand. A submitted period stays as reported."""
    if indicator.kind not in (IndicatorKind.MANUAL, IndicatorKind.MILESTONE):
        raise EntryNotAllowed()
    programme = indicator.output.programme
    start = _programme_period(programme, period_start)
    if _submitted(programme, start):
        raise PeriodSubmitted()
    if data.percent is not None and not 0 <= data.percent <= 100:
        raise PercentOutOfRange()
    entry = next((item for item in indicator.entries if item.period_start == start), None)
    if entry is None:
        entry = IndicatorEntry(period_start=start)
        indicator.entries.append(entry)
    entry.value = data.value if indicator.kind == IndicatorKind.MANUAL else None
    entry.milestone = data.milestone if indicator.kind == IndicatorKind.MILESTONE else None
    entry.percent = data.percent if indicator.kind == IndicatorKind.MILESTONE else None
    entry.comment, entry.source = data.comment.strip(), data.source.strip()
    entry.entered_by_id = by.id if by else None
    db.session.flush()
    return entry


# ---------------------------------------------------------------- workshops and outputs


def link_workshop(output: Output, workshop: Workshop) -> None:
    if workshop not in output.workshops:
        output.workshops.append(workshop)
        db.session.flush()


def unlink_workshop(output: Output, workshop: Workshop) -> None:
    if workshop in output.workshops:
        output.workshops.remove(workshop)
        db.session.flush()


def outputs_of(workshop: Workshop) -> list[Output]:
    return list(db.session.scalars(
        sa.select(Output).join(workshop_outputs, workshop_outputs.c.output_id == Output.id)
        .where(workshop_outputs.c.workshop_id == workshop.id).order_by(Output.code)))


def set_workshop_outputs(workshop: Workshop, outputs: list[Output]) -> None:
    """The workshop form's choice: exactly these outputs."""
    for output in outputs_of(workshop):
        if output not in outputs:
            output.workshops.remove(workshop)
    for output in outputs:
        if workshop not in output.workshops:
            output.workshops.append(workshop)
    db.session.flush()


def output_choices() -> list[Output]:
    """Every output of every programme, for the workshop form."""
    return list(db.session.scalars(sa.select(Output).join(Outcome).join(Programme)
                                   .order_by(Programme.starts_on.desc(), Programme.id, Output.code)))


def _visible_to(user: User | None) -> sa.ColumnElement[bool]:
    return visibility_clause(user) if user is not None else sa.true()


def linkable_workshops(output: Output, user: User | None = None) -> list[Workshop]:
    """Workshops not yet linked to `output` (those `user` may see), the newest first (at most LINKABLE_LIMIT)."""
    linked = sa.select(workshop_outputs.c.workshop_id).where(workshop_outputs.c.output_id == output.id)
    return list(db.session.scalars(
        sa.select(Workshop).where(Workshop.id.not_in(linked), _visible_to(user))
        .options(selectinload(Workshop.days))
        .order_by(Workshop.created_at.desc(), Workshop.id.desc()).limit(LINKABLE_LIMIT)))


def linked_workshops(output: Output, user: User | None = None) -> list[Workshop]:
    """The workshops linked to `output` (those `user` may see) with their days and governorate, newest first."""
    return list(db.session.scalars(
        sa.select(Workshop).join(workshop_outputs, workshop_outputs.c.workshop_id == Workshop.id)
        .where(workshop_outputs.c.output_id == output.id, _visible_to(user))
        .options(selectinload(Workshop.days), selectinload(Workshop.governorate))
        .order_by(Workshop.created_at.desc(), Workshop.id.desc())))


# ---------------------------------------------------------------- deleting


def delete_programme(programme: Programme) -> None:
    """A programme with a submitted report stays: the report must remain reproducible."""
    if db.session.scalar(sa.select(FrozenReport.id).where(FrozenReport.programme_id == programme.id).limit(1)):
        raise ProgrammeReported()
    db.session.delete(programme)
    db.session.flush()


def delete_outcome(outcome: Outcome) -> None:
    outcome.programme.outcomes.remove(outcome)
    db.session.flush()


def delete_output(output: Output) -> None:
    """With its indicators, their targets and entries; the workshops stay, unlinked."""
    output.outcome.outputs.remove(output)
    db.session.flush()


def delete_indicator(indicator: Indicator) -> None:
    indicator.output.indicators.remove(indicator)
    db.session.flush()


# ---------------------------------------------------------------- per-period targets and entries


def indicator_data(indicator: Indicator) -> IndicatorData:
    """An indicator as `save_indicator` takes it, to change a few fields and keep the others."""
    settings = indicator.settings or {}
    return IndicatorData(
        code=indicator.code, title=indicator.title, kind=indicator.kind, unit=indicator.unit,
        target=indicator.target, target_text=indicator.target_text, baseline=indicator.baseline,
        disaggregation=indicator.disaggregation, weight=indicator.weight,
        activity_type_ids=list(settings.get("activity_type_ids", [])), theme_ids=list(settings.get("theme_ids", [])),
        count=PeopleCount(settings.get("count", PeopleCount.PARTICIPATIONS.value)),
        organisation_types=list(settings.get("organisation_types", [])),
        measure=EngagementMeasure(settings.get("measure", EngagementMeasure.RECOMMENDATIONS.value)),
        cumulation=ManualCumulation(settings.get("cumulation", ManualCumulation.SUM.value)),
    )


def unit_of(data: IndicatorData) -> IndicatorUnit:
    """The unit `save_indicator` would give; raises UnitDoesNotFit as it would (checked before saving)."""
    return _unit(data)


def period_targets(indicator: Indicator) -> list[tuple[Period, float | None]]:
    """Every reporting period of the programme with the indicator's target for it (None: none set)."""
    targets = {item.period_start: item.target for item in indicator.period_targets}
    return [(period, targets.get(period.start)) for period in periods(indicator.output.programme)]


def set_period_targets(indicator: Indicator, targets: Mapping[date, float | None]) -> None:
    """The per-period targets table: each period's target set, or removed with None."""
    for start, target in targets.items():
        set_period_target(indicator, start, target)


def submitted_periods(programme: Programme) -> set[date]:
    return set(db.session.scalars(sa.select(FrozenReport.period_start)
                                  .where(FrozenReport.programme_id == programme.id)))


@dataclass
class PeriodEntry:
    period: Period
    entry: IndicatorEntry | None
    submitted: bool  # the period's report was submitted: its figures stay as reported


def entries_by_period(indicator: Indicator) -> list[PeriodEntry]:
    """Every reporting period of the programme with what was entered for it."""
    programme = indicator.output.programme
    entries = {entry.period_start: entry for entry in indicator.entries}
    submitted = submitted_periods(programme)
    return [PeriodEntry(period, entries.get(period.start), period.start in submitted)
            for period in periods(programme)]
