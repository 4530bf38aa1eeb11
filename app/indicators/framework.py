"""Editing the results framework: programmes, outcomes, outputs, indicators, their targets, the workshops
linked to outputs and the figures entered by hand. Plain functions: they add and flush, never commit, and
raise domain errors that the pages show beside the field concerned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.db import LocalizedText
from app.errors import DomainError
from app.events.models import Workshop
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
from app.indicators.services import period_containing, periods


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
    disaggregation = data.disaggregation or (
        Disaggregation.SEX if data.kind == IndicatorKind.PEOPLE else Disaggregation.NONE)
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
