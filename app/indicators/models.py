"""The results framework: programmes, outcomes, outputs and indicators, their targets, the figures entered
by hand (numbers and milestones), the workshops linked to outputs, and the frozen quarterly reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import LabelledEnum, LocalizedText, TimestampMixin, enum_column, set_labels, utcnow
from app.events.models import Workshop
from app.extensions import db


class IndicatorKind(LabelledEnum):
    ACTIVITIES = "activities"  # completed workshops linked to the output
    PEOPLE = "people"  # attendees of those workshops, by sex
    SATISFACTION = "satisfaction"  # pooled share of satisfied respondents
    PASS_RATE = "pass_rate"  # pooled share of end-of-training tests passed
    ENGAGEMENT = "engagement"  # recommendations, CSO activity and violation reports
    MANUAL = "manual"  # a number entered per period, with its source of verification
    MILESTONE = "milestone"  # not yet initiated / initiated / partially / completed, with a % estimate


class IndicatorUnit(LabelledEnum):
    NUMBER = "number"
    PERCENT = "percent"
    MILESTONE = "milestone"


class Disaggregation(LabelledEnum):
    NONE = "none"
    SEX = "sex"
    SEX_ORGANISATION_TYPE = "sex_organisation_type"
    SEX_GOVERNORATE = "sex_governorate"


class PeopleCount(LabelledEnum):
    PARTICIPATIONS = "participations"  # one person at two workshops counts twice
    INDIVIDUALS = "individuals"  # counts once


class EngagementMeasure(LabelledEnum):
    RECOMMENDATIONS = "recommendations"
    WITH_RESPONSE = "with_response"  # share of recommendations with a written response
    IMPLEMENTED = "implemented"  # share implemented
    IMPLEMENTED_OF_ACCEPTED = "implemented_of_accepted"
    ACTIVITY_REPORTS = "activity_reports"
    ACTIVITY_REPORT_PEOPLE = "activity_report_people"  # people reached by CSO activities, by sex
    VIOLATION_REPORTS = "violation_reports"


class ManualCumulation(LabelledEnum):
    SUM = "sum"  # e.g. documents produced: each period adds
    LATEST = "latest"  # e.g. consultants in post: the latest figure is the state


class MilestoneStatus(LabelledEnum):
    NOT_YET_INITIATED = "not_yet_initiated"
    INITIATED = "initiated"
    PARTIALLY = "partially"
    COMPLETED = "completed"


class Rollup(LabelledEnum):
    MEAN_QUANTITATIVE = "mean_quantitative"  # mean of the quantitative indicators' capped %
    MEAN_ALL = "mean_all"  # the same, with the milestones' % estimates
    WEIGHTED = "weighted"  # quantitative indicators weighted by their weight


set_labels({
    IndicatorKind.ACTIVITIES: _l("Activities held"), IndicatorKind.PEOPLE: _l("People engaged"),
    IndicatorKind.SATISFACTION: _l("Satisfaction"), IndicatorKind.PASS_RATE: _l("Test pass rate"),
    IndicatorKind.ENGAGEMENT: _l("Engagement"), IndicatorKind.MANUAL: _l("Number entered by hand"),
    IndicatorKind.MILESTONE: _l("Milestone"),
})
set_labels({IndicatorUnit.NUMBER: _l("Number"), IndicatorUnit.PERCENT: _l("Percentage"),
            IndicatorUnit.MILESTONE: _l("Milestone")})
set_labels({
    Disaggregation.NONE: _l("None"), Disaggregation.SEX: _l("By sex"),
    Disaggregation.SEX_ORGANISATION_TYPE: _l("By sex and type of organisation"),
    Disaggregation.SEX_GOVERNORATE: _l("By sex and governorate"),
})
set_labels({PeopleCount.PARTICIPATIONS: _l("Participations (a person at two activities counts twice)"),
            PeopleCount.INDIVIDUALS: _l("Individuals (each person counts once)")})
set_labels({
    EngagementMeasure.RECOMMENDATIONS: _l("Recommendations recorded"),
    EngagementMeasure.WITH_RESPONSE: _l("Share of recommendations with a written response"),
    EngagementMeasure.IMPLEMENTED: _l("Share of recommendations implemented"),
    EngagementMeasure.IMPLEMENTED_OF_ACCEPTED: _l("Share of accepted recommendations implemented"),
    EngagementMeasure.ACTIVITY_REPORTS: _l("CSO activity reports"),
    EngagementMeasure.ACTIVITY_REPORT_PEOPLE: _l("People reached by CSO activities"),
    EngagementMeasure.VIOLATION_REPORTS: _l("Violation and misinformation reports"),
})
set_labels({ManualCumulation.SUM: _l("Add the periods up"),
            ManualCumulation.LATEST: _l("The latest figure is the state to date")})
set_labels({
    MilestoneStatus.NOT_YET_INITIATED: _l("Not yet initiated"), MilestoneStatus.INITIATED: _l("Initiated"),
    MilestoneStatus.PARTIALLY: _l("Partially"), MilestoneStatus.COMPLETED: _l("Completed"),
})
set_labels({
    Rollup.MEAN_QUANTITATIVE: _l("Mean of the quantitative indicators (capped at 100%)"),
    Rollup.MEAN_ALL: _l("Mean of all indicators, milestones included (capped at 100%)"),
    Rollup.WEIGHTED: _l("Weighted mean of the quantitative indicators (capped at 100%)"),
})


class Programme(TimestampMixin, db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[LocalizedText]
    donor: Mapped[str] = mapped_column(sa.String(200), default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Reporting periods are calendar periods of this many months: 3 = quarters, 6 = halves, 12 = years.
    period_months: Mapped[int] = mapped_column(default=3, server_default="3")
    # The default satisfaction threshold of the evaluations of linked workshops (4 = "agree").
    satisfaction_threshold: Mapped[int] = mapped_column(default=4, server_default="4")
    # An attendee checked in on at least this share of the workshop's days; 0 = at least once.
    attendance_min_share: Mapped[int] = mapped_column(default=0, server_default="0")
    rollup: Mapped[Rollup] = mapped_column(
        enum_column(Rollup, 30), default=Rollup.MEAN_QUANTITATIVE, server_default=Rollup.MEAN_QUANTITATIVE.value)
    beneficiaries_target_male: Mapped[int | None]
    beneficiaries_target_female: Mapped[int | None]

    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="programme", order_by="(Outcome.position, Outcome.id)", cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint("period_months IN (1, 3, 6, 12)", name="period_months_allowed"),
        sa.CheckConstraint("attendance_min_share BETWEEN 0 AND 100", name="attendance_min_share_range"),
    )

    @property
    def outputs(self) -> list[Output]:
        return [output for outcome in self.outcomes for output in outcome.outputs]


class Outcome(db.Model):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[LocalizedText]
    lead_agency: Mapped[str] = mapped_column(sa.String(100), default="")
    position: Mapped[int] = mapped_column(default=0)

    programme: Mapped[Programme] = relationship(back_populates="outcomes")
    outputs: Mapped[list[Output]] = relationship(
        back_populates="outcome", order_by="(Output.position, Output.id)", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("programme_id", "code"),)


workshop_outputs = sa.Table(
    "workshop_outputs",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("output_id", sa.ForeignKey("outputs.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Output(db.Model):
    __tablename__ = "outputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))  # "1.1"
    title: Mapped[LocalizedText]
    lead_agency: Mapped[str] = mapped_column(sa.String(100), default="")  # "UNDP lead w UNOPS"
    position: Mapped[int] = mapped_column(default=0)

    outcome: Mapped[Outcome] = relationship(back_populates="outputs")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="output", order_by="(Indicator.position, Indicator.id)", cascade="all, delete-orphan")
    workshops: Mapped[list[Workshop]] = relationship(secondary=workshop_outputs, order_by="Workshop.id",
                                                     back_populates="outputs")

    __table_args__ = (sa.UniqueConstraint("outcome_id", "code"),)

    @property
    def programme(self) -> Programme:
        return self.outcome.programme


class Indicator(db.Model):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    output_id: Mapped[int] = mapped_column(sa.ForeignKey("outputs.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))  # "1.1.8"
    title: Mapped[LocalizedText]
    kind: Mapped[IndicatorKind] = mapped_column(enum_column(IndicatorKind, 20))
    unit: Mapped[IndicatorUnit] = mapped_column(enum_column(IndicatorUnit, 20), default=IndicatorUnit.NUMBER)
    baseline: Mapped[float | None] = mapped_column(sa.Float)
    target: Mapped[float | None] = mapped_column(sa.Float)  # percentages in percent: 80 = 80%
    # A target that is not a number, as the reports write it: "Yes", "All", "tbd by IHEC".
    target_text: Mapped[str] = mapped_column(sa.String(100), default="")
    disaggregation: Mapped[Disaggregation] = mapped_column(
        enum_column(Disaggregation, 30), default=Disaggregation.NONE)
    # What the kind counts: activity_type_ids, theme_ids (activities, people, satisfaction, pass rate),
    # count (PeopleCount), organisation_types (people), measure (EngagementMeasure), cumulation (manual).
    settings: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    weight: Mapped[float] = mapped_column(sa.Float, default=1.0, server_default="1")
    position: Mapped[int] = mapped_column(default=0)

    output: Mapped[Output] = relationship(back_populates="indicators")
    period_targets: Mapped[list[IndicatorTarget]] = relationship(
        back_populates="indicator", order_by="IndicatorTarget.period_start", cascade="all, delete-orphan")
    entries: Mapped[list[IndicatorEntry]] = relationship(
        back_populates="indicator", order_by="IndicatorEntry.period_start", cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("output_id", "code"),
        sa.CheckConstraint("weight >= 0", name="weight_not_negative"),
    )

    @property
    def quantitative(self) -> bool:
        return self.unit != IndicatorUnit.MILESTONE


class IndicatorTarget(db.Model):
    """A target for one reporting period, beside the overall target."""

    __tablename__ = "indicator_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date]
    target: Mapped[float] = mapped_column(sa.Float)

    indicator: Mapped[Indicator] = relationship(back_populates="period_targets")

    __table_args__ = (sa.UniqueConstraint("indicator_id", "period_start"),)


class IndicatorEntry(TimestampMixin, db.Model):
    """What was entered by hand for one period: a number, or a milestone's state, with its source."""

    __tablename__ = "indicator_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date]
    value: Mapped[float | None] = mapped_column(sa.Float)
    milestone: Mapped[MilestoneStatus | None] = mapped_column(enum_column(MilestoneStatus, 30))
    percent: Mapped[int | None]  # the milestone's estimate of progress
    comment: Mapped[str] = mapped_column(sa.String(1000), default="")
    source: Mapped[str] = mapped_column(sa.String(1000), default="")  # source of verification
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    indicator: Mapped[Indicator] = relationship(back_populates="entries")
    entered_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "period_start"),
        sa.CheckConstraint("percent IS NULL OR percent BETWEEN 0 AND 100", name="percent_range"),
    )


class FrozenReport(db.Model):
    """A submitted quarterly report: its figures as reported and what they were computed from."""

    __tablename__ = "frozen_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(1000), default="")
    # {"indicators": {id: figure}, "sources": {id: {...}}, "beneficiaries": {...}}: see services.freeze().
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)

    programme: Mapped[Programme] = relationship()
    submitted_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("programme_id", "period_start"),)

