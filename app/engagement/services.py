"""Engagement rules: who sees which recommendation, report, evidence file and library item; the
recommendations' follow-up (one status machine, every change kept); CSO submissions and their review;
publishing to all CSOs; the library; and the counters the indicators read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import IO, Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload, undefer

from app.auth.models import Governorate, Organisation, OrganisationType, User
from app.auth.permissions import Permission, has_permission
from app.db import LANGUAGES, LocalizedText
from app.engagement.models import (
    ActivityReport,
    Addressee,
    Channel,
    EvidenceFile,
    LibraryFile,
    LibraryItem,
    MaterialKind,
    Priority,
    Recommendation,
    RecommendationChange,
    RecommendationSource,
    RecommendationStatus,
    ReportStatus,
    ViolationKind,
    ViolationReport,
)
from app.engagement.uploads import (
    EVIDENCE_TYPES,
    LIBRARY_TYPES,
    CheckedFile,
    LibraryFileTypeRefused,
    TooManyFiles,
    check_upload,
    evidence_max_bytes,
    evidence_max_files,
    library_max_bytes,
)
from app.errors import DomainError
from app.events.models import Theme, Workshop, workshop_facilitators
from app.events.services import can_view, local_timezone, to_utc, visibility_clause
from app.extensions import db
from app.groupwork.models import BreakoutGroup

RS = RecommendationStatus

# ---------------------------------------------------------------- errors


class TextRequired(DomainError):
    message = _l("Write the recommendation.")


class GroupNotInWorkshop(DomainError):
    message = _l("Choose one of this workshop's groups.")


class WorkshopNotAvailable(DomainError):
    message = _l("Choose a workshop from the list.")


class NoOrganisation(DomainError):
    message = _l("Your account does not belong to an organisation. Ask an administrator to add it to yours.")


class InvalidTransition(DomainError):
    message = _l("The status cannot change this way.")

    def __init__(self, old: RS | ReportStatus, new: RS | ReportStatus) -> None:
        super().__init__(_l("The status cannot change from “%(old)s” to “%(new)s”.", old=old.label, new=new.label))


class ReasonRequired(DomainError):
    message = _l("Write why the recommendation is only partially accepted or not accepted.")


class ResponseRequired(DomainError):
    message = _l("Write the response before marking the report as addressed.")


class NotDeletable(DomainError):
    message = _l("Only a workshop group's recommendation that nobody has reviewed yet can be deleted.")


class DateInFuture(DomainError):
    message = _l("This date is in the future.")


class InvalidParticipants(DomainError):
    message = _l("The numbers of participants cannot be negative.")


class TitleRequired(DomainError):
    message = _l("Enter the title.")


class DescriptionRequired(DomainError):
    message = _l("Describe what happened.")


class InvalidLink(DomainError):
    message = _l("Give a web address that starts with http:// or https://.")


class LibraryItemEmpty(DomainError):
    message = _l("Add a file in at least one language, or a link.")


# ---------------------------------------------------------------- the status machines (the only place)

RECOMMENDATION_TRANSITIONS: dict[RS, frozenset[RS]] = {
    RS.SUBMITTED: frozenset({RS.UNDER_REVIEW}),
    RS.UNDER_REVIEW: frozenset({RS.ACCEPTED, RS.PARTIALLY_ACCEPTED, RS.NOT_ACCEPTED}),
    RS.ACCEPTED: frozenset({RS.IN_PROGRESS}),
    RS.PARTIALLY_ACCEPTED: frozenset({RS.IN_PROGRESS}),
    # A refusal can be reconsidered (new leadership, new budget): it goes back to review.
    RS.NOT_ACCEPTED: frozenset({RS.UNDER_REVIEW}),
    RS.IN_PROGRESS: frozenset({RS.IMPLEMENTED}),
    RS.IMPLEMENTED: frozenset(),
}
NEEDS_REASON = frozenset({RS.PARTIALLY_ACCEPTED, RS.NOT_ACCEPTED})
# Where a partial acceptance's reason still explains the state (what part is carried out).
KEEPS_REASON = NEEDS_REASON | {RS.IN_PROGRESS, RS.IMPLEMENTED}
# Finished one way or the other: never overdue.
CLOSED = frozenset({RS.IMPLEMENTED, RS.NOT_ACCEPTED})
ACCEPTED_STATUSES = frozenset({RS.ACCEPTED, RS.PARTIALLY_ACCEPTED, RS.IN_PROGRESS, RS.IMPLEMENTED})

REPORT_TRANSITIONS: dict[ReportStatus, frozenset[ReportStatus]] = {
    ReportStatus.SUBMITTED: frozenset({ReportStatus.UNDER_REVIEW, ReportStatus.ADDRESSED}),
    ReportStatus.UNDER_REVIEW: frozenset({ReportStatus.ADDRESSED}),
    ReportStatus.ADDRESSED: frozenset({ReportStatus.UNDER_REVIEW}),  # reopened when the CSO adds facts
}


def allowed_statuses(recommendation: Recommendation) -> list[RS]:
    """The current status and those it may move to, in the order of the follow-up."""
    nexts = RECOMMENDATION_TRANSITIONS[recommendation.status]
    return [status for status in RS if status == recommendation.status or status in nexts]


def allowed_report_statuses(report: ActivityReport | ViolationReport) -> list[ReportStatus]:
    nexts = REPORT_TRANSITIONS[report.status]
    return [status for status in ReportStatus if status == report.status or status in nexts]


def is_overdue(recommendation: Recommendation, today: date) -> bool:
    return (recommendation.due_date is not None and recommendation.due_date < today
            and recommendation.status not in CLOSED)


def overdue_clause(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(Recommendation.due_date.is_not(None), Recommendation.due_date < today,
                   Recommendation.status.not_in(CLOSED))


# ---------------------------------------------------------------- who sees what (one clause per model)


def can_follow_up(user: User) -> bool:
    return has_permission(user, Permission.FOLLOW_UP_RECOMMENDATIONS)


def cso_organisation_id(user: User) -> int | None:
    """The organisation a CSO member submits for and sees the items of; None for others."""
    if has_permission(user, Permission.SUBMIT_CSO_ITEMS):
        return user.organisation_id
    return None


def recommendation_visibility(user: User) -> sa.ColumnElement[bool]:
    """Follow-up staff see all; a CSO its own and those published to all CSOs; a facilitator those
    of the workshops assigned to them. Nobody else sees any."""
    if can_follow_up(user):
        return sa.true()
    clauses: list[sa.ColumnElement[bool]] = []
    if has_permission(user, Permission.SUBMIT_CSO_ITEMS):
        clauses.append(Recommendation.published.is_(True))
        if user.organisation_id is not None:  # never `organisation_id IS NULL`: that is every group's
            clauses.append(Recommendation.organisation_id == user.organisation_id)
    if has_permission(user, Permission.RUN_WORKSHOPS):
        assigned = sa.select(workshop_facilitators.c.workshop_id).where(workshop_facilitators.c.user_id == user.id)
        clauses.append(Recommendation.workshop_id.in_(assigned))
    return sa.or_(*clauses) if clauses else sa.false()


def _report_visibility(model: type[ActivityReport] | type[ViolationReport], user: User) -> sa.ColumnElement[bool]:
    if can_follow_up(user):
        return sa.true()
    if not has_permission(user, Permission.SUBMIT_CSO_ITEMS):
        return sa.false()
    if user.organisation_id is None:
        return model.published.is_(True)
    return sa.or_(model.published.is_(True), model.organisation_id == user.organisation_id)


def activity_report_visibility(user: User) -> sa.ColumnElement[bool]:
    return _report_visibility(ActivityReport, user)


def violation_report_visibility(user: User) -> sa.ColumnElement[bool]:
    return _report_visibility(ViolationReport, user)


def evidence_visibility(user: User) -> sa.ColumnElement[bool]:
    """Evidence stays with the organisation that sent it and the follow-up staff, even when the report
    is published: photos and recordings show people who did not agree to be shown to every CSO."""
    if can_follow_up(user):
        return sa.true()
    organisation_id = cso_organisation_id(user)
    if organisation_id is None:
        return sa.false()
    return EvidenceFile.report_id.in_(
        sa.select(ViolationReport.id).where(ViolationReport.organisation_id == organisation_id))


def library_visibility(user: User) -> sa.ColumnElement[bool]:
    if has_permission(user, Permission.MANAGE_LIBRARY):
        return sa.true()
    if getattr(user, "is_authenticated", False):
        return LibraryItem.published.is_(True)
    return sa.false()


def visible_recommendation(user: User, recommendation_id: int) -> Recommendation | None:
    return db.session.scalar(sa.select(Recommendation).where(
        Recommendation.id == recommendation_id, recommendation_visibility(user)))


def visible_activity_report(user: User, report_id: int) -> ActivityReport | None:
    return db.session.scalar(sa.select(ActivityReport).where(
        ActivityReport.id == report_id, activity_report_visibility(user)))


def visible_violation_report(user: User, report_id: int) -> ViolationReport | None:
    return db.session.scalar(sa.select(ViolationReport).where(
        ViolationReport.id == report_id, violation_report_visibility(user)))


def visible_evidence(user: User, file_id: int) -> EvidenceFile | None:
    return db.session.scalar(sa.select(EvidenceFile).options(undefer(EvidenceFile.data)).where(
        EvidenceFile.id == file_id, evidence_visibility(user),
        EvidenceFile.report_id.in_(sa.select(ViolationReport.id).where(violation_report_visibility(user)))))


def visible_library_item(user: User, item_id: int) -> LibraryItem | None:
    return db.session.scalar(sa.select(LibraryItem).where(LibraryItem.id == item_id, library_visibility(user)))


def visible_library_file(user: User, file_id: int) -> LibraryFile | None:
    return db.session.scalar(sa.select(LibraryFile).options(undefer(LibraryFile.data)).where(
        LibraryFile.id == file_id,
        LibraryFile.item_id.in_(sa.select(LibraryItem.id).where(library_visibility(user)))))


def is_own(user: User, item: Recommendation | ActivityReport | ViolationReport) -> bool:
    """The item comes from the user's organisation (it sees the response and the evidence)."""
    organisation_id = cso_organisation_id(user)
    return organisation_id is not None and item.organisation_id == organisation_id


def _require_organisation(user: User) -> int:
    organisation_id = cso_organisation_id(user)
    if organisation_id is None:
        raise NoOrganisation()
    return organisation_id


def _not_in_future(day: date, today: date) -> None:
    if day > today:
        raise DateInFuture()


# ---------------------------------------------------------------- recommendations


@dataclass
class RecommendationData:
    text: str
    addressee: Addressee
    priority: Priority = Priority.MEDIUM
    theme: Theme | None = None


def _record(recommendation: Recommendation, by: User | None, name: str, old: str, new: str) -> None:
    recommendation.changes.append(RecommendationChange(
        user_id=by.id if by else None, field=name, old_value=old, new_value=new))


def _new_recommendation(data: RecommendationData, source: RecommendationSource, by: User | None,
                        **fields: Any) -> Recommendation:
    text = data.text.strip()
    if not text:
        raise TextRequired()
    recommendation = Recommendation(
        text=text, addressee=data.addressee, priority=data.priority, theme=data.theme, source=source,
        submitted_by_id=by.id if by else None, status=RS.SUBMITTED, status_reason="", responsible_unit="",
        response="", published=False, **fields)
    _record(recommendation, by, "status", "", RS.SUBMITTED.value)
    db.session.add(recommendation)
    db.session.flush()
    return recommendation


def add_group_recommendation(workshop: Workshop, group: BreakoutGroup | None, data: RecommendationData,
                             by: User) -> Recommendation:
    """A recommendation as a workshop group presented it (no group: the whole workshop's)."""
    if group is not None and group.workshop_id != workshop.id:
        raise GroupNotInWorkshop()
    return _new_recommendation(data, RecommendationSource.WORKSHOP_GROUP, by, workshop=workshop, group=group)


def submit_cso_recommendation(user: User, data: RecommendationData, workshop: Workshop | None = None
                              ) -> Recommendation:
    """A CSO member's own recommendation, for their organisation, optionally about a workshop it can see."""
    organisation_id = _require_organisation(user)
    if workshop is not None and not can_view(user, workshop):
        raise WorkshopNotAvailable()
    return _new_recommendation(data, RecommendationSource.CSO, user, workshop=workshop,
                               organisation_id=organisation_id)


def delete_group_recommendation(recommendation: Recommendation) -> None:
    """Typed by mistake: removable by the workshop's team until someone reviews it."""
    if recommendation.source != RecommendationSource.WORKSHOP_GROUP or recommendation.status != RS.SUBMITTED:
        raise NotDeletable()
    db.session.delete(recommendation)
    db.session.flush()


@dataclass
class FollowUpData:
    status: RS
    addressee: Addressee
    priority: Priority
    theme: Theme | None = None
    reason: str = ""
    responsible_unit: str = ""
    due_date: date | None = None
    response: str = ""
    published: bool = False


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Theme):
        return str(value.id)
    return str(getattr(value, "value", value))


def follow_up(recommendation: Recommendation, data: FollowUpData, by: User) -> list[RecommendationChange]:
    """Apply a follow-up: the status moves only along RECOMMENDATION_TRANSITIONS, a (partial) refusal
    needs its reason, and each changed field is kept in the history. Returns the new history rows."""
    status = data.status
    if status != recommendation.status and status not in RECOMMENDATION_TRANSITIONS[recommendation.status]:
        raise InvalidTransition(recommendation.status, status)
    reason = data.reason.strip() if status in KEEPS_REASON else ""
    if status in NEEDS_REASON and not reason:
        raise ReasonRequired()
    new_values: dict[str, object] = {
        "status": status, "status_reason": reason, "addressee": data.addressee, "priority": data.priority,
        "theme": data.theme, "responsible_unit": data.responsible_unit.strip(), "due_date": data.due_date,
        "response": data.response.strip(), "published": data.published,
    }
    before = len(recommendation.changes)
    for name, value in new_values.items():
        old, new = _as_text(getattr(recommendation, name)), _as_text(value)
        if old != new:
            _record(recommendation, by, name, old, new)
            setattr(recommendation, name, value)
    db.session.flush()
    return recommendation.changes[before:]


@dataclass(frozen=True)
class HistoryEntry:
    """One change, ready to show: `kind` says how to show the values ("label", "date", "text")."""

    changed_at: datetime
    user: User | None
    field: str
    label: str
    kind: str
    old: Any
    new: Any


FIELD_LABELS = {
    "status": _l("Status"), "status_reason": _l("Reason"), "addressee": _l("Addressee"),
    "priority": _l("Priority"), "theme": _l("Theme"), "responsible_unit": _l("Responsible unit"),
    "due_date": _l("Due date"), "response": _l("Response"), "published": _l("Published to all CSOs"),
}
_ENUM_FIELDS: dict[str, type[Any]] = {"status": RS, "addressee": Addressee, "priority": Priority}


def recommendation_history(recommendation: Recommendation) -> list[HistoryEntry]:
    """The follow-up's history, oldest first, with values in the reader's language."""
    themes = {str(theme.id): theme.name for theme in db.session.scalars(sa.select(Theme))}

    def shown(name: str, value: str) -> tuple[str, Any]:
        if not value:
            return "text", None
        if name in _ENUM_FIELDS:
            return "label", _ENUM_FIELDS[name](value).label
        if name == "theme":
            return "label", str(themes.get(value, ""))
        if name == "due_date":
            return "date", date.fromisoformat(value)
        if name == "published":
            return "label", str(_l("Yes") if value == "yes" else _l("No"))
        return "text", value

    changes = db.session.scalars(
        sa.select(RecommendationChange).where(RecommendationChange.recommendation_id == recommendation.id)
        .options(joinedload(RecommendationChange.user)).order_by(RecommendationChange.id))
    entries = []
    for change in changes:
        kind, old = shown(change.field, change.old_value)
        new_kind, new = shown(change.field, change.new_value)
        entries.append(HistoryEntry(change.changed_at, change.user, change.field,
                                    str(FIELD_LABELS.get(change.field, change.field)),
                                    new_kind if kind == "text" else kind, old, new))
    return entries


@dataclass
class RecommendationFilters:
    status: RS | None = None
    addressee: Addressee | None = None
    theme_id: int | None = None
    workshop_id: int | None = None
    organisation_id: int | None = None
    source: RecommendationSource | None = None
    published: bool | None = None
    overdue: bool = False
    search: str = ""


def recommendations_query(user: User, filters: RecommendationFilters, today: date) -> sa.Select[Any]:
    query = sa.select(Recommendation).where(recommendation_visibility(user))
    for column, value in ((Recommendation.status, filters.status), (Recommendation.addressee, filters.addressee),
                          (Recommendation.theme_id, filters.theme_id),
                          (Recommendation.workshop_id, filters.workshop_id),
                          (Recommendation.organisation_id, filters.organisation_id),
                          (Recommendation.source, filters.source)):
        if value:
            query = query.where(column == value)
    if filters.published is not None:
        query = query.where(Recommendation.published.is_(filters.published))
    if filters.overdue:
        query = query.where(overdue_clause(today))
    if filters.search.strip():
        query = query.where(sa.func.lower(Recommendation.text).like(f"%{filters.search.strip().casefold()}%"))
    return query.options(
        joinedload(Recommendation.workshop), joinedload(Recommendation.group), joinedload(Recommendation.theme),
        joinedload(Recommendation.organisation),
    ).order_by(Recommendation.created_at.desc(), Recommendation.id.desc())


def search_recommendations(user: User, filters: RecommendationFilters, today: date, page: int = 1,
                           per_page: int = 25) -> Pagination:
    return db.paginate(recommendations_query(user, filters, today), page=page, per_page=per_page, error_out=False)


def list_recommendations(user: User, filters: RecommendationFilters, today: date) -> list[Recommendation]:
    """All rows of a filtered list (its spreadsheet)."""
    return list(db.session.scalars(recommendations_query(user, filters, today)).unique())


def recommendations_of_workshop(workshop: Workshop) -> list[Recommendation]:
    """A workshop's recommendations, group by group (the whole workshop's last)."""
    group_position = sa.select(BreakoutGroup.position).where(
        BreakoutGroup.id == Recommendation.group_id).correlate(Recommendation).scalar_subquery()
    return list(db.session.scalars(
        sa.select(Recommendation).where(Recommendation.workshop_id == workshop.id)
        .options(joinedload(Recommendation.group), joinedload(Recommendation.theme),
                 joinedload(Recommendation.organisation))
        .order_by(Recommendation.group_id.is_(None), group_position, Recommendation.group_id, Recommendation.id)
    ))


def workshop_groups(workshop: Workshop) -> list[BreakoutGroup]:
    return list(db.session.scalars(sa.select(BreakoutGroup).where(BreakoutGroup.workshop_id == workshop.id)
                                   .order_by(BreakoutGroup.position, BreakoutGroup.name)))


def workshops_with_recommendations() -> list[Workshop]:
    return list(db.session.scalars(sa.select(Workshop).where(
        Workshop.id.in_(sa.select(Recommendation.workshop_id))).order_by(Workshop.id.desc())))


def workshops_for_cso(user: User) -> list[Workshop]:
    """The workshops a CSO member may attach a recommendation to: those it can see."""
    return list(db.session.scalars(sa.select(Workshop).where(visibility_clause(user)).order_by(Workshop.id.desc())))


def cso_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.type == OrganisationType.CSO)
                                   .order_by(Organisation.acronym, Organisation.id)))


# ---------------------------------------------------------------- CSO reports


@dataclass
class ActivityReportData:
    title: str
    held_on: date
    governorate: Governorate | None
    place: str = ""
    participants_female: int = 0
    participants_male: int = 0
    description: str = ""


@dataclass
class ViolationReportData:
    kind: ViolationKind
    observed_on: date
    channel: Channel
    description: str
    governorate: Governorate | None = None


@dataclass(frozen=True)
class Upload:
    """A file as received: the name it was sent with (used for the download name only) and its bytes."""

    filename: str
    stream: IO[bytes]


def submit_activity_report(user: User, data: ActivityReportData, today: date) -> ActivityReport:
    organisation_id = _require_organisation(user)
    if not data.title.strip():
        raise TitleRequired()
    _not_in_future(data.held_on, today)
    if data.participants_female < 0 or data.participants_male < 0:
        raise InvalidParticipants()
    report = ActivityReport(
        organisation_id=organisation_id, submitted_by_id=user.id, title=data.title.strip(), held_on=data.held_on,
        place=data.place.strip(), governorate=data.governorate, participants_female=data.participants_female,
        participants_male=data.participants_male, description=data.description.strip(),
        status=ReportStatus.SUBMITTED, response="", published=False)
    db.session.add(report)
    db.session.flush()
    return report


def check_evidence(uploads: Sequence[Upload], already: int = 0) -> list[CheckedFile]:
    """Every file checked before anything is stored: one refused file refuses the whole submission."""
    limit = evidence_max_files()
    if already + len(uploads) > limit:
        raise TooManyFiles(limit)
    max_bytes = evidence_max_bytes()
    return [check_upload(upload.stream, upload.filename, EVIDENCE_TYPES, max_bytes) for upload in uploads]


def _evidence(checked: CheckedFile) -> EvidenceFile:
    return EvidenceFile(filename=checked.filename, content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256, data=checked.data)


def submit_violation_report(user: User, data: ViolationReportData, uploads: Sequence[Upload],
                            today: date) -> ViolationReport:
    organisation_id = _require_organisation(user)
    if not data.description.strip():
        raise DescriptionRequired()
    _not_in_future(data.observed_on, today)
    files = check_evidence(uploads)
    report = ViolationReport(
        organisation_id=organisation_id, submitted_by_id=user.id, kind=data.kind, observed_on=data.observed_on,
        governorate=data.governorate, channel=data.channel, description=data.description.strip(),
        status=ReportStatus.SUBMITTED, response="", published=False)
    report.evidence.extend(_evidence(checked) for checked in files)
    db.session.add(report)
    db.session.flush()
    return report


def add_evidence(report: ViolationReport, uploads: Sequence[Upload]) -> list[EvidenceFile]:
    """More evidence for a report already sent (the CSO found a second photo)."""
    files = [_evidence(checked) for checked in check_evidence(uploads, already=len(report.evidence))]
    report.evidence.extend(files)
    db.session.flush()
    return files


@dataclass
class ReviewData:
    status: ReportStatus
    response: str = ""
    published: bool = False


def review_report(report: ActivityReport | ViolationReport, data: ReviewData) -> ActivityReport | ViolationReport:
    if data.status != report.status and data.status not in REPORT_TRANSITIONS[report.status]:
        raise InvalidTransition(report.status, data.status)
    response = data.response.strip()
    if data.status == ReportStatus.ADDRESSED and not response:
        raise ResponseRequired()
    report.status, report.response, report.published = data.status, response, data.published
    db.session.flush()
    return report


@dataclass
class ReportFilters:
    status: ReportStatus | None = None
    organisation_id: int | None = None
    governorate_id: int | None = None
    kind: ViolationKind | None = None
    channel: Channel | None = None
    published: bool | None = None
    exclude_organisation_id: int | None = None


def _report_query(model: type[ActivityReport] | type[ViolationReport], user: User,
                  filters: ReportFilters) -> sa.Select[Any]:
    query = sa.select(model).where(_report_visibility(model, user))
    for column, value in ((model.status, filters.status), (model.organisation_id, filters.organisation_id),
                          (model.governorate_id, filters.governorate_id)):
        if value:
            query = query.where(column == value)
    if model is ViolationReport:
        if filters.kind:
            query = query.where(ViolationReport.kind == filters.kind)
        if filters.channel:
            query = query.where(ViolationReport.channel == filters.channel)
    if filters.published is not None:
        query = query.where(model.published.is_(filters.published))
    if filters.exclude_organisation_id:
        query = query.where(model.organisation_id != filters.exclude_organisation_id)
    return query.options(joinedload(model.organisation), joinedload(model.governorate)).order_by(
        model.created_at.desc(), model.id.desc())


def search_activity_reports(user: User, filters: ReportFilters, page: int = 1, per_page: int = 25) -> Pagination:
    return db.paginate(_report_query(ActivityReport, user, filters), page=page, per_page=per_page, error_out=False)


def search_violation_reports(user: User, filters: ReportFilters, page: int = 1, per_page: int = 25) -> Pagination:
    query = _report_query(ViolationReport, user, filters).options(selectinload(ViolationReport.evidence))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


# ---------------------------------------------------------------- the CSO's home page


@dataclass
class PublishedItem:
    kind: str  # "recommendation", "activity" or "violation"
    item: Recommendation | ActivityReport | ViolationReport

    @property
    def updated_at(self) -> datetime:
        return self.item.updated_at


@dataclass
class CsoOverview:
    recommendations: Pagination
    activities: Pagination
    violations: Pagination
    published: list[PublishedItem] = field(default_factory=list)


def cso_overview(user: User, today: date, limit: int = 10) -> CsoOverview:
    """Its own latest items of each kind (with their totals), and the latest published to all CSOs
    by other organisations or from workshops."""
    organisation_id = _require_organisation(user)
    own_reports = ReportFilters(organisation_id=organisation_id)
    others = ReportFilters(published=True, exclude_organisation_id=organisation_id)
    published_recommendations = db.session.scalars(
        recommendations_query(user, RecommendationFilters(published=True), today)
        .where(sa.or_(Recommendation.organisation_id.is_(None), Recommendation.organisation_id != organisation_id))
        .limit(limit)).unique()
    published = [PublishedItem("recommendation", item) for item in published_recommendations]
    published += [PublishedItem("activity", item)
                  for item in db.session.scalars(_report_query(ActivityReport, user, others).limit(limit)).unique()]
    published += [PublishedItem("violation", item)
                  for item in db.session.scalars(_report_query(ViolationReport, user, others).limit(limit)).unique()]
    published.sort(key=lambda entry: entry.updated_at, reverse=True)
    return CsoOverview(
        recommendations=search_recommendations(
            user, RecommendationFilters(organisation_id=organisation_id), today, per_page=limit),
        activities=search_activity_reports(user, own_reports, per_page=limit),
        violations=search_violation_reports(user, own_reports, per_page=limit),
        published=published[:limit],
    )


# ---------------------------------------------------------------- library


@dataclass
class LibraryItemData:
    title: LocalizedText
    kind: MaterialKind
    description: LocalizedText = field(default_factory=LocalizedText)
    theme: Theme | None = None
    url: str = ""
    published: bool = True


def check_link(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise InvalidLink()
    return url


def save_library_item(data: LibraryItemData, uploads: dict[str, Upload], by: User,
                      item: LibraryItem | None = None, remove: Sequence[str] = ()) -> LibraryItem:
    """Create or edit an item: a new file for a language replaces the old one; `remove` drops files."""
    if not data.title:
        raise TitleRequired()
    url = check_link(data.url)
    max_bytes = library_max_bytes()
    checked = {lang: check_upload(upload.stream, upload.filename, LIBRARY_TYPES, max_bytes, LibraryFileTypeRefused)
               for lang, upload in uploads.items() if lang in LANGUAGES}
    item = item or LibraryItem(added_by_id=by.id)
    kept = [f for f in item.files if f.language not in checked and f.language not in remove]
    if not url and not kept and not checked:
        raise LibraryItemEmpty()
    item.title, item.description, item.kind, item.theme = data.title, data.description, data.kind, data.theme
    item.url, item.published = url, data.published
    for old in [f for f in item.files if f not in kept]:
        item.files.remove(old)
    db.session.add(item)
    db.session.flush()  # the replaced files go before their successors take the same (item, language)
    for lang, upload in checked.items():
        item.files.append(LibraryFile(language=lang, filename=upload.filename, content_type=upload.content_type,
                                      size=upload.size, sha256=upload.sha256, data=upload.data))
    db.session.flush()
    return item


def set_library_published(item: LibraryItem, published: bool) -> LibraryItem:
    item.published = published
    db.session.flush()
    return item


@dataclass
class LibraryFilters:
    kind: MaterialKind | None = None
    theme_id: int | None = None
    language: str | None = None


def search_library(user: User, filters: LibraryFilters, page: int = 1, per_page: int = 20) -> Pagination:
    """Newest first. A language keeps the items with a file in it, and links (whose language we do not know)."""
    query = sa.select(LibraryItem).where(library_visibility(user))
    if filters.kind:
        query = query.where(LibraryItem.kind == filters.kind)
    if filters.theme_id:
        query = query.where(LibraryItem.theme_id == filters.theme_id)
    if filters.language in LANGUAGES:
        query = query.where(sa.or_(LibraryItem.files.any(LibraryFile.language == filters.language),
                                   LibraryItem.url != ""))
    query = query.options(selectinload(LibraryItem.files), joinedload(LibraryItem.theme)).order_by(
        LibraryItem.created_at.desc(), LibraryItem.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


# ---------------------------------------------------------------- counters for the indicators


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def ratio(self) -> float | None:
        """None when there is nothing to divide by (shown as "–", never as 0%)."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class GovernorateCount:
    governorate: Governorate | None  # None: not tied to one governorate (online, national)
    by_kind: dict[ViolationKind, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class EngagementCounters:
    period_start: date | None
    period_end: date | None
    recommendations: int
    by_source: dict[RecommendationSource, int]
    by_addressee: dict[Addressee, int]
    by_status: dict[RS, int]
    with_response: Share  # recommendations with a written response / all
    implemented: Share  # implemented / all
    implemented_of_accepted: Share  # implemented / accepted in full or in part (incl. in progress)
    activity_reports: int
    participants_female: int
    participants_male: int
    violation_reports: int
    violations_by_kind: dict[ViolationKind, int]
    violations_by_governorate: list[GovernorateCount]

    @property
    def participants_total(self) -> int:
        return self.participants_female + self.participants_male


Period = tuple[date | None, date | None]


def engagement_counters(period_start: date | None = None, period_end: date | None = None) -> EngagementCounters:
    """Every engagement figure of the indicators, by aggregate queries over the rows. The period (both
    ends included, days in Baghdad time) selects recommendations by the day they were recorded,
    activity reports by the day of the activity and violation reports by the day observed."""
    return engagement_series([(period_start, period_end)])[0]


def engagement_series(periods: Sequence[Period]) -> list[EngagementCounters]:
    """engagement_counters for several periods that do not overlap (the reporting periods of a programme), in
    three grouped queries whatever the number of periods: each row is put in its period by a CASE."""
    tz = local_timezone()

    def bucket(bounds: Any) -> Any:
        whens = [(sa.and_(sa.true(), *bounds(start, end)), index) for index, (start, end) in enumerate(periods)]
        return sa.case(*whens, else_=None).label("period")

    def recorded(start: date | None, end: date | None) -> list[sa.ColumnElement[bool]]:
        return [clause for clause in (
            Recommendation.created_at >= to_utc(start, time(0), tz) if start else None,
            Recommendation.created_at < to_utc(end + timedelta(days=1), time(0), tz) if end else None)
            if clause is not None]

    def on_days(column: Any) -> Any:
        return lambda start, end: [clause for clause in (column >= start if start else None,
                                                         column <= end if end else None) if clause is not None]

    answered = sa.case((sa.func.length(Recommendation.response) > 0, 1), else_=0)
    period = bucket(recorded)
    recommendations = db.session.execute(
        sa.select(period, Recommendation.status, Recommendation.source, Recommendation.addressee, answered,
                  sa.func.count()).group_by(period, Recommendation.status, Recommendation.source,
                                            Recommendation.addressee, answered))
    tallies = [{"status": dict.fromkeys(RS, 0), "source": dict.fromkeys(RecommendationSource, 0),
                "addressee": dict.fromkeys(Addressee, 0), "responded": 0} for _ in periods]
    for index, status, source, addressee, has_response, number in recommendations:
        if index is None:
            continue
        tally = tallies[index]
        tally["status"][status] += number
        tally["source"][source] += number
        tally["addressee"][addressee] += number
        tally["responded"] += number * has_response

    period = bucket(on_days(ActivityReport.held_on))
    activities = {index: (count, female, male) for index, count, female, male in db.session.execute(
        sa.select(period, sa.func.count(), sa.func.coalesce(sa.func.sum(ActivityReport.participants_female), 0),
                  sa.func.coalesce(sa.func.sum(ActivityReport.participants_male), 0)).group_by(period))}

    period = bucket(on_days(ViolationReport.observed_on))
    violations: list[dict[int | None, dict[ViolationKind, int]]] = [{} for _ in periods]
    for index, governorate_id, kind, number in db.session.execute(
            sa.select(period, ViolationReport.governorate_id, ViolationReport.kind, sa.func.count())
            .group_by(period, ViolationReport.governorate_id, ViolationReport.kind)):
        if index is not None:
            violations[index].setdefault(governorate_id, dict.fromkeys(ViolationKind, 0))[kind] = number
    ids = {i for found in violations for i in found if i is not None}
    governorates = {g.id: g for g in db.session.scalars(sa.select(Governorate).where(Governorate.id.in_(ids)))} \
        if ids else {}

    found = []
    for index, (start, end) in enumerate(periods):
        tally = tallies[index]
        by_status = tally["status"]
        total = sum(by_status.values())
        accepted = sum(by_status[status] for status in ACCEPTED_STATUSES)
        count, female, male = activities.get(index, (0, 0, 0))
        per_governorate = violations[index]
        ordered = sorted(per_governorate, key=lambda i: (i is None, governorates[i].sort_order if i else 0))
        by_governorate = [GovernorateCount(governorates.get(i) if i else None, per_governorate[i]) for i in ordered]
        by_kind = {kind: sum(row.by_kind[kind] for row in by_governorate) for kind in ViolationKind}
        found.append(EngagementCounters(
            period_start=start, period_end=end, recommendations=total,
            by_source=tally["source"], by_addressee=tally["addressee"], by_status=by_status,
            with_response=Share(tally["responded"], total), implemented=Share(by_status[RS.IMPLEMENTED], total),
            implemented_of_accepted=Share(by_status[RS.IMPLEMENTED], accepted),
            activity_reports=count, participants_female=int(female), participants_male=int(male),
            violation_reports=sum(by_kind.values()), violations_by_kind=by_kind,
            violations_by_governorate=by_governorate,
        ))
    return found


def recommendation_table(recommendations: Sequence[Recommendation], today: date
                         ) -> tuple[list[str], list[list[object]]]:
    """The follow-up list as a spreadsheet: a header and one row per recommendation, in the reader's language."""
    header = [str(label) for label in (
        _l("Number"), _l("Recorded on"), _l("Source"), _l("Group or organisation"), _l("Workshop"),
        _l("Recommendation"), _l("Addressed to"), _l("Theme"), _l("Priority"), _l("Status"), _l("Reason"),
        _l("Responsible unit"), _l("Due date"), _l("Overdue"), _l("Response"), _l("Published to all CSOs"))]
    yes, no = str(_l("Yes")), str(_l("No"))
    rows: list[list[object]] = []
    for item in recommendations:
        origin = item.group.name if item.group else str(item.organisation.name) if item.organisation else ""
        rows.append([
            item.id, item.created_at.astimezone(local_timezone()).date(), item.source.label, origin,
            str(item.workshop.title) if item.workshop else "", item.text, item.addressee.label,
            str(item.theme.name) if item.theme else "", item.priority.label, item.status.label, item.status_reason,
            item.responsible_unit, item.due_date, yes if is_overdue(item, today) else no, item.response,
            yes if item.published else no,
        ])
    return header, rows
