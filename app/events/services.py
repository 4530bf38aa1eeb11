"""Workshop rules: who sees and manages what, dates and agendas, status changes, conflicts,
duplication, lists and the month calendar."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import Governorate, Organisation, Role, User
from app.auth.permissions import Permission, has_permission
from app.db import LocalizedText, utcnow
from app.errors import DomainError
from app.events.models import (
    ActivityType,
    AgendaItem,
    AgendaKind,
    DeliveryMode,
    Series,
    Theme,
    Workshop,
    WorkshopChange,
    WorkshopDay,
    WorkshopStatus,
    workshop_facilitators,
    workshop_themes,
)
from app.extensions import db
from app.i18n.formatting import format_date_range
from app.indicators.models import Output

# ---------------------------------------------------------------- errors


class TitleRequired(DomainError):
    message = _l("Enter the title in at least one language.")


class EndBeforeStart(DomainError):
    message = _l("The end must be after the start.")


class DayOverlap(DomainError):
    message = _l("Two days of this workshop overlap.")


class AgendaItemOutsideDay(DomainError):
    message = _l("The agenda item must fall within the hours of its day.")


class NegativeCapacity(DomainError):
    message = _l("The capacity cannot be negative.")


class InvalidPlannedPeriod(DomainError):
    message = _l("Give a planned month or a planned quarter (not both), with its year.")


class InvalidTransition(DomainError):
    message = _l("The workshop cannot move to this status from its current one.")


class ReasonRequired(DomainError):
    message = _l("Give a reason for cancelling or postponing.")


class DatesRequired(DomainError):
    message = _l("Fix the dates of the workshop first.")


class NotStartedYet(DomainError):
    message = _l("A workshop can only be marked completed once it has started.")


class TooManyDays(DomainError):
    message = _l("A workshop can have at most %(max)d days.", max=31)


MAX_DAYS = 31

# ---------------------------------------------------------------- time zone


def local_timezone() -> ZoneInfo:
    """Workshops happen in Iraq: times are typed and shown in Asia/Baghdad (configurable)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def local(moment: datetime, tz: ZoneInfo | None = None) -> datetime:
    return moment.astimezone(tz or local_timezone())


def workshop_line(workshop: Workshop, lang: str) -> str:
    """"Title · 13–14 June 2023 · venue" in `lang`, as the headings of printed documents give it."""
    parts = [workshop.title.get(lang)]
    if workshop.days:
        parts.append(format_date_range(workshop.starts_at, workshop.ends_at))
    if workshop.venue:
        parts.append(workshop.venue)
    return " · ".join(part for part in parts if part)


# ---------------------------------------------------------------- who sees and manages what


def visibility_clause(user: User) -> sa.ColumnElement[bool]:
    """Which workshops `user` may see, as a WHERE clause (one rule for lists, calendar and feeds)."""
    not_draft = Workshop.status != WorkshopStatus.DRAFT
    if user.role == Role.ADMIN:
        return sa.true()
    if user.role == Role.VIEWER:
        return not_draft
    if user.role == Role.ORGANISER:
        return sa.or_(not_draft, Workshop.organisation_id == user.organisation_id)
    if user.role == Role.FACILITATOR:
        assigned = sa.select(workshop_facilitators.c.workshop_id).where(workshop_facilitators.c.user_id == user.id)
        return Workshop.id.in_(assigned)
    if user.role == Role.CSO:
        return sa.and_(not_draft, Workshop.published_to_csos.is_(True))
    return sa.false()


def can_view(user: User, workshop: Workshop) -> bool:
    return bool(db.session.scalar(
        sa.select(sa.literal(True)).where(Workshop.id == workshop.id, visibility_clause(user))
    ))


def can_manage(user: User, workshop: Workshop | None = None) -> bool:
    """Admins manage every workshop; organisers those of their own organisation."""
    if not has_permission(user, Permission.MANAGE_WORKSHOPS):
        return False
    if user.role == Role.ADMIN or workshop is None:
        return True
    return workshop.organisation_id == user.organisation_id


# ---------------------------------------------------------------- input


@dataclass
class WorkshopData:
    title: LocalizedText
    activity_type: ActivityType
    organisation: Organisation
    description: LocalizedText = field(default_factory=LocalizedText)
    objectives: LocalizedText = field(default_factory=LocalizedText)
    target_audience: LocalizedText = field(default_factory=LocalizedText)
    partners: list[Organisation] = field(default_factory=list)
    series: Series | None = None
    themes: list[Theme] = field(default_factory=list)
    mode: DeliveryMode = DeliveryMode.IN_PERSON
    venue: str = ""
    city: str = ""
    governorate: Governorate | None = None
    online_link: str = ""
    planned_year: int | None = None
    planned_month: int | None = None
    planned_quarter: int | None = None
    capacity: int | None = None
    facilitators: list[User] = field(default_factory=list)
    published_to_csos: bool = False
    self_registration: bool = False
    approval_required: bool = False
    outputs: list[Output] | None = None  # None: leave the workshop's outputs as they are


@dataclass(frozen=True)
class DaySlot:
    """One day as typed by an organiser: a date and hours in local time."""

    day: date
    start: time
    end: time


@dataclass
class AgendaItemData:
    start: time
    end: time
    title: LocalizedText
    kind: AgendaKind
    speakers: str = ""


def _check_workshop_data(data: WorkshopData) -> None:
    if not data.title:
        raise TitleRequired()
    if data.capacity is not None and data.capacity < 0:
        raise NegativeCapacity()
    if data.planned_month is not None and data.planned_quarter is not None:
        raise InvalidPlannedPeriod()
    if (data.planned_month is not None or data.planned_quarter is not None) and data.planned_year is None:
        raise InvalidPlannedPeriod()
    if data.planned_month is not None and not 1 <= data.planned_month <= 12:
        raise InvalidPlannedPeriod()
    if data.planned_quarter is not None and not 1 <= data.planned_quarter <= 4:
        raise InvalidPlannedPeriod()


def _apply(workshop: Workshop, data: WorkshopData) -> None:
    workshop.title = data.title
    workshop.description = data.description
    workshop.objectives = data.objectives
    workshop.target_audience = data.target_audience
    workshop.activity_type = data.activity_type
    workshop.organisation = data.organisation
    workshop.partners = [p for p in dict.fromkeys(data.partners) if p is not data.organisation]
    workshop.series = data.series
    workshop.themes = list(dict.fromkeys(data.themes))
    workshop.mode = data.mode
    workshop.venue = data.venue.strip() if data.mode != DeliveryMode.ONLINE else ""
    workshop.city = data.city.strip()
    workshop.governorate = data.governorate
    workshop.online_link = data.online_link.strip() if data.mode != DeliveryMode.IN_PERSON else ""
    workshop.planned_year = data.planned_year
    workshop.planned_month = data.planned_month
    workshop.planned_quarter = data.planned_quarter
    workshop.capacity = data.capacity
    workshop.facilitators = list(dict.fromkeys(data.facilitators))
    workshop.published_to_csos = data.published_to_csos
    workshop.self_registration = data.self_registration
    workshop.approval_required = data.approval_required
    if data.outputs is not None:
        workshop.outputs = list(dict.fromkeys(data.outputs))


def create_workshop(data: WorkshopData, by: User, days: list[DaySlot] | None = None) -> Workshop:
    _check_workshop_data(data)
    workshop = Workshop(status=WorkshopStatus.DRAFT, created_by_id=by.id)
    _apply(workshop, data)
    db.session.add(workshop)
    if days:
        _set_days(workshop, days, local_timezone())
    db.session.flush()
    return workshop


def update_workshop(workshop: Workshop, data: WorkshopData) -> Workshop:
    _check_workshop_data(data)
    _apply(workshop, data)
    db.session.flush()
    return workshop


# ---------------------------------------------------------------- days and agenda


def consecutive_days(first: date, last: date | None, start: time, end: time) -> list[DaySlot]:
    """The same hours on every day from `first` to `last` (13–14 June, 09:00–16:00)."""
    last = last or first
    if last < first:
        raise EndBeforeStart()
    count = (last - first).days + 1
    if count > MAX_DAYS:
        raise TooManyDays()
    return [DaySlot(first + timedelta(days=n), start, end) for n in range(count)]


def _range(slot: DaySlot, tz: ZoneInfo) -> tuple[datetime, datetime]:
    if slot.end <= slot.start:
        raise EndBeforeStart()
    return to_utc(slot.day, slot.start, tz), to_utc(slot.day, slot.end, tz)


def _check_no_overlap(ranges: list[tuple[datetime, datetime]]) -> None:
    if len(ranges) > MAX_DAYS:
        raise TooManyDays()
    ordered = sorted(ranges)
    for (_, previous_end), (next_start, _) in zip(ordered, ordered[1:]):
        if next_start < previous_end:
            raise DayOverlap()


def _days_summary(workshop: Workshop) -> list[list[str]]:
    return [[day.starts_at.isoformat(), day.ends_at.isoformat()] for day in workshop.days]


def _record_dates(workshop: Workshop, old: list[list[str]], by: User, reason: str = "") -> None:
    """Keep the previous dates in the history when dates that were fixed change."""
    db.session.flush()
    new = _days_summary(workshop)
    if old and old != new:
        workshop.changes.append(WorkshopChange(by_id=by.id, kind="dates", old={"days": old},
                                               new={"days": new}, reason=reason.strip()))


def _move_day(day: WorkshopDay, starts_at: datetime, ends_at: datetime, tz: ZoneInfo) -> None:
    """Move a day; its agenda moves by the same number of days and must still fit its hours."""
    shift = local(starts_at, tz).date() - local(day.starts_at, tz).date()
    for item in day.agenda_items:
        item.starts_at += shift
        item.ends_at += shift
        if item.starts_at < starts_at or item.ends_at > ends_at:
            raise AgendaItemOutsideDay()
    day.starts_at, day.ends_at = starts_at, ends_at


def _set_days(workshop: Workshop, days: list[DaySlot], tz: ZoneInfo) -> None:
    """Replace the days, in date order; the first existing day becomes the first new day, etc."""
    ranges = sorted(_range(slot, tz) for slot in days)
    _check_no_overlap(ranges)
    existing = list(workshop.days)
    for index, (starts_at, ends_at) in enumerate(ranges):
        if index < len(existing):
            _move_day(existing[index], starts_at, ends_at, tz)
        else:
            workshop.days.append(WorkshopDay(starts_at=starts_at, ends_at=ends_at))
    for day in existing[len(ranges):]:
        workshop.days.remove(day)
    workshop.days.sort(key=lambda d: d.starts_at)
    if ranges:  # exact dates replace the planned month or quarter
        workshop.planned_year = workshop.planned_month = workshop.planned_quarter = None


def reschedule(workshop: Workshop, days: list[DaySlot], by: User, reason: str = "") -> Workshop:
    """Set new dates for the whole workshop; the old ones stay in its history. A postponed
    workshop that gets new dates is planned again."""
    old = _days_summary(workshop)
    _set_days(workshop, days, local_timezone())
    _record_dates(workshop, old, by, reason)
    if old and old != _days_summary(workshop) and workshop.status == WorkshopStatus.POSTPONED:
        _record_status(workshop, WorkshopStatus.PLANNED, by, reason.strip())
    db.session.flush()
    return workshop


def add_day(workshop: Workshop, slot: DaySlot, by: User) -> WorkshopDay:
    tz = local_timezone()
    starts_at, ends_at = _range(slot, tz)
    _check_no_overlap([(d.starts_at, d.ends_at) for d in workshop.days] + [(starts_at, ends_at)])
    old = _days_summary(workshop)
    day = WorkshopDay(starts_at=starts_at, ends_at=ends_at)
    workshop.days.append(day)
    workshop.days.sort(key=lambda d: d.starts_at)
    workshop.planned_year = workshop.planned_month = workshop.planned_quarter = None
    _record_dates(workshop, old, by)
    return day


def update_day(day: WorkshopDay, slot: DaySlot, by: User, reason: str = "") -> WorkshopDay:
    """Change one day's date or hours."""
    workshop = day.workshop
    tz = local_timezone()
    starts_at, ends_at = _range(slot, tz)
    _check_no_overlap([(d.starts_at, d.ends_at) for d in workshop.days if d is not day] + [(starts_at, ends_at)])
    old = _days_summary(workshop)
    _move_day(day, starts_at, ends_at, tz)
    workshop.days.sort(key=lambda d: d.starts_at)
    _record_dates(workshop, old, by, reason)
    return day


def remove_day(day: WorkshopDay, by: User) -> None:
    workshop = day.workshop
    old = _days_summary(workshop)
    workshop.days.remove(day)
    _record_dates(workshop, old, by)


def _item_times(day: WorkshopDay, data: AgendaItemData) -> tuple[datetime, datetime]:
    tz = local_timezone()
    on = local(day.starts_at, tz).date()
    starts_at, ends_at = to_utc(on, data.start, tz), to_utc(on, data.end, tz)
    if ends_at <= starts_at:
        raise EndBeforeStart()
    if starts_at < day.starts_at or ends_at > day.ends_at:
        raise AgendaItemOutsideDay()
    if not data.title:
        raise TitleRequired()
    return starts_at, ends_at


def add_agenda_item(day: WorkshopDay, data: AgendaItemData) -> AgendaItem:
    starts_at, ends_at = _item_times(day, data)
    item = AgendaItem(starts_at=starts_at, ends_at=ends_at, title=data.title, kind=data.kind,
                      speakers=data.speakers.strip())
    day.agenda_items.append(item)
    day.agenda_items.sort(key=lambda i: i.starts_at)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, data: AgendaItemData) -> AgendaItem:
    item.starts_at, item.ends_at = _item_times(item.day, data)
    item.title, item.kind, item.speakers = data.title, data.kind, data.speakers.strip()
    db.session.flush()
    return item


def delete_agenda_item(item: AgendaItem) -> None:
    item.day.agenda_items.remove(item)
    db.session.flush()


# ---------------------------------------------------------------- status


TRANSITIONS: dict[WorkshopStatus, frozenset[WorkshopStatus]] = {
    WorkshopStatus.DRAFT: frozenset({WorkshopStatus.PLANNED, WorkshopStatus.CANCELLED}),
    WorkshopStatus.PLANNED: frozenset({WorkshopStatus.DRAFT, WorkshopStatus.OPEN, WorkshopStatus.ONGOING,
                                       WorkshopStatus.POSTPONED, WorkshopStatus.CANCELLED}),
    WorkshopStatus.OPEN: frozenset({WorkshopStatus.PLANNED, WorkshopStatus.ONGOING, WorkshopStatus.POSTPONED,
                                    WorkshopStatus.CANCELLED}),
    WorkshopStatus.ONGOING: frozenset({WorkshopStatus.COMPLETED, WorkshopStatus.POSTPONED,
                                       WorkshopStatus.CANCELLED}),
    WorkshopStatus.POSTPONED: frozenset({WorkshopStatus.PLANNED, WorkshopStatus.OPEN, WorkshopStatus.CANCELLED}),
    WorkshopStatus.COMPLETED: frozenset(),
    WorkshopStatus.CANCELLED: frozenset(),
}
NEEDS_REASON = frozenset({WorkshopStatus.CANCELLED, WorkshopStatus.POSTPONED})
NEEDS_DATES = frozenset({WorkshopStatus.OPEN, WorkshopStatus.ONGOING, WorkshopStatus.COMPLETED})


def allowed_transitions(workshop: Workshop) -> list[WorkshopStatus]:
    return [status for status in WorkshopStatus if status in TRANSITIONS[workshop.status]]


def _record_status(workshop: Workshop, status: WorkshopStatus, by: User, reason: str) -> None:
    workshop.changes.append(WorkshopChange(by_id=by.id, kind="status", old={"status": workshop.status.value},
                                           new={"status": status.value}, reason=reason))
    workshop.status = status
    workshop.status_reason = reason if status in NEEDS_REASON else ""


def change_status(workshop: Workshop, status: WorkshopStatus, by: User, reason: str = "",
                  now: datetime | None = None) -> Workshop:
    reason = reason.strip()
    if status not in TRANSITIONS[workshop.status]:
        raise InvalidTransition()
    if status in NEEDS_REASON and not reason:
        raise ReasonRequired()
    if status in NEEDS_DATES and not workshop.days:
        raise DatesRequired()
    if status == WorkshopStatus.COMPLETED and workshop.starts_at > (now or utcnow()):
        raise NotStartedYet()
    _record_status(workshop, status, by, reason)
    db.session.flush()
    return workshop


# ---------------------------------------------------------------- duplicate


def duplicate_workshop(workshop: Workshop, by: User, first_day: date | None = None,
                       governorate: Governorate | None = None) -> Workshop:
    """A new draft with the same content, to run the activity again elsewhere. With a first day,
    the days and agenda are copied, moved to start then; without, the copy has no dates yet."""
    copy = Workshop(status=WorkshopStatus.DRAFT, created_by_id=by.id)
    _apply(copy, WorkshopData(
        title=workshop.title, activity_type=workshop.activity_type, organisation=workshop.organisation,
        description=workshop.description, objectives=workshop.objectives,
        target_audience=workshop.target_audience, partners=list(workshop.partners), series=workshop.series,
        themes=list(workshop.themes), mode=workshop.mode, capacity=workshop.capacity,
        governorate=governorate or workshop.governorate, online_link=workshop.online_link,
        city="" if governorate and governorate is not workshop.governorate else workshop.city,
        venue="" if governorate and governorate is not workshop.governorate else workshop.venue,
    ))
    db.session.add(copy)
    if first_day and workshop.days:
        tz = local_timezone()
        shift = first_day - local(workshop.days[0].starts_at, tz).date()
        for day in workshop.days:
            new_day = WorkshopDay(starts_at=day.starts_at + shift, ends_at=day.ends_at + shift)
            new_day.agenda_items = [
                AgendaItem(starts_at=item.starts_at + shift, ends_at=item.ends_at + shift, title=item.title,
                           kind=item.kind, speakers=item.speakers)
                for item in day.agenda_items
            ]
            copy.days.append(new_day)
    db.session.flush()
    return copy


# ---------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class Conflict:
    kind: str  # "venue" or "facilitator"
    other: Workshop
    facilitator: User | None = None


def _normalise_place(text: str) -> str:
    return " ".join(text.casefold().split())


def _overlaps(a: Workshop, b: Workshop) -> bool:
    return any(x.starts_at < y.ends_at and y.starts_at < x.ends_at for x in a.days for y in b.days)


def find_conflicts(workshop: Workshop) -> list[Conflict]:
    """Other live workshops booked in the same venue, or with a shared facilitator, at overlapping
    times. A warning only: organisers decide."""
    if not workshop.days or workshop.status in (WorkshopStatus.CANCELLED, WorkshopStatus.POSTPONED):
        return []
    overlapping_days = (
        sa.select(WorkshopDay.workshop_id)
        .where(WorkshopDay.starts_at < workshop.ends_at, WorkshopDay.ends_at > workshop.starts_at)
    )
    candidates = db.session.scalars(
        sa.select(Workshop).where(
            Workshop.id != workshop.id,
            Workshop.id.in_(overlapping_days),
            Workshop.status.not_in([WorkshopStatus.CANCELLED, WorkshopStatus.POSTPONED]),
        ).order_by(Workshop.id)
    ).all()
    conflicts = []
    venue = _normalise_place(workshop.venue)
    place = (_normalise_place(workshop.city), workshop.governorate_id)
    facilitators = set(workshop.facilitators)
    for other in candidates:
        if not _overlaps(workshop, other):
            continue
        if venue and venue == _normalise_place(other.venue) and place == (
                _normalise_place(other.city), other.governorate_id):
            conflicts.append(Conflict("venue", other))
        for person in sorted(facilitators & set(other.facilitators), key=lambda u: u.id):
            conflicts.append(Conflict("facilitator", other, person))
    return conflicts


# ---------------------------------------------------------------- lists and calendar


@dataclass
class WorkshopFilters:
    start: date | None = None
    end: date | None = None
    governorate_id: int | None = None
    activity_type_id: int | None = None
    status: WorkshopStatus | None = None
    organisation_id: int | None = None
    series_id: int | None = None
    theme_id: int | None = None
    search: str = ""
    view: str = "all"  # "all", "upcoming" or "week"


def _period(filters: WorkshopFilters, today: date) -> tuple[date | None, date | None]:
    if filters.view == "upcoming":
        return today, None
    if filters.view == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    return filters.start, filters.end


def _planned_in(start: date | None, end: date | None) -> sa.ColumnElement[bool]:
    """Undated workshops whose planned month or quarter touches [start, end]."""
    month_index = Workshop.planned_year * 12 + Workshop.planned_month - 1
    quarter_first = Workshop.planned_year * 12 + (Workshop.planned_quarter - 1) * 3
    clauses = []
    low = start.year * 12 + start.month - 1 if start else None
    high = end.year * 12 + end.month - 1 if end else None
    month_ok = [Workshop.planned_month.is_not(None)]
    quarter_ok = [Workshop.planned_quarter.is_not(None)]
    if low is not None:
        month_ok.append(month_index >= low)
        quarter_ok.append(quarter_first + 2 >= low)
    if high is not None:
        month_ok.append(month_index <= high)
        quarter_ok.append(quarter_first <= high)
    clauses.append(sa.and_(*month_ok))
    clauses.append(sa.and_(*quarter_ok))
    return sa.and_(~Workshop.days.any(), sa.or_(*clauses))


def workshops_query(user: User, filters: WorkshopFilters, today: date | None = None) -> sa.Select[Any]:
    tz = local_timezone()
    today = today or datetime.now(tz).date()
    query = sa.select(Workshop).where(visibility_clause(user))
    start, end = _period(filters, today)
    if start or end:
        day_clause = []
        if start:
            day_clause.append(WorkshopDay.ends_at > to_utc(start, time(0), tz))
        if end:
            day_clause.append(WorkshopDay.starts_at < to_utc(end + timedelta(days=1), time(0), tz))
        query = query.where(sa.or_(Workshop.days.any(sa.and_(*day_clause)), _planned_in(start, end)))
    for column, value in (
        (Workshop.governorate_id, filters.governorate_id),
        (Workshop.activity_type_id, filters.activity_type_id),
        (Workshop.status, filters.status),
        (Workshop.organisation_id, filters.organisation_id),
        (Workshop.series_id, filters.series_id),
    ):
        if value:
            query = query.where(column == value)
    if filters.theme_id:
        query = query.where(Workshop.id.in_(
            sa.select(workshop_themes.c.workshop_id).where(workshop_themes.c.theme_id == filters.theme_id)))
    if filters.search.strip():
        pattern = f"%{filters.search.strip().casefold()}%"
        query = query.where(sa.or_(
            sa.func.lower(sa.cast(Workshop.title, sa.String)).like(pattern),
            sa.func.lower(Workshop.venue).like(pattern),
            sa.func.lower(Workshop.city).like(pattern),
        ))
    first_day = (
        sa.select(sa.func.min(WorkshopDay.starts_at)).where(WorkshopDay.workshop_id == Workshop.id)
        .correlate(Workshop).scalar_subquery()
    )
    order = first_day.asc() if filters.view in ("upcoming", "week") else first_day.desc()
    # What every list row shows, loaded in a few queries rather than a few per row.
    return query.options(
        selectinload(Workshop.days), joinedload(Workshop.activity_type), joinedload(Workshop.organisation),
        joinedload(Workshop.governorate),
    ).order_by(first_day.is_(None), order, Workshop.planned_year, Workshop.id.desc())


def search_workshops(user: User, filters: WorkshopFilters, page: int = 1, per_page: int = 25) -> Pagination:
    return db.paginate(workshops_query(user, filters), page=page, per_page=per_page, error_out=False)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    entries: list[tuple[Workshop, WorkshopDay]] = field(default_factory=list)


@dataclass
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    undated: list[Workshop]

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def calendar_month(user: User, year: int, month: int, first_weekday: int = 5) -> CalendarMonth:
    """A month grid (weeks start on Saturday, as in Iraq) with each workshop day on its date, and
    the month's planned workshops that have no dates yet."""
    tz = local_timezone()
    grid = month_calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    cells = {d: CalendarDay(d, d.month == month) for week in grid for d in week}
    first, last = grid[0][0], grid[-1][-1]
    days = db.session.execute(
        sa.select(Workshop, WorkshopDay)
        .join(WorkshopDay, WorkshopDay.workshop_id == Workshop.id)
        .where(visibility_clause(user),
               WorkshopDay.starts_at < to_utc(last + timedelta(days=1), time(0), tz),
               WorkshopDay.ends_at > to_utc(first, time(0), tz))
        .order_by(WorkshopDay.starts_at)
    ).all()
    for workshop, day in days:
        on = local(day.starts_at, tz).date()
        if on in cells:
            cells[on].entries.append((workshop, day))
    month_start = date(year, month, 1)
    month_end = date(year, month, month_calendar.monthrange(year, month)[1])
    undated = db.session.scalars(
        sa.select(Workshop).where(visibility_clause(user), _planned_in(month_start, month_end))
        .order_by(Workshop.id)
    ).all()
    return CalendarMonth(year, month, [[cells[d] for d in week] for week in grid], list(undated))


# ---------------------------------------------------------------- reference lists


def list_activity_types(active_only: bool = True) -> list[ActivityType]:
    query = sa.select(ActivityType).order_by(ActivityType.sort_order, ActivityType.id)
    if active_only:
        query = query.where(ActivityType.active.is_(True))
    return list(db.session.scalars(query))


def list_themes(active_only: bool = True) -> list[Theme]:
    query = sa.select(Theme).order_by(Theme.id)
    if active_only:
        query = query.where(Theme.active.is_(True))
    return list(db.session.scalars(query))


def list_series() -> list[Series]:
    return list(db.session.scalars(sa.select(Series).order_by(Series.id.desc())))


def list_assignable_facilitators() -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.role.in_([Role.FACILITATOR, Role.ORGANISER]))
        .order_by(User.full_name)
    ))


class CodeTaken(DomainError):
    message = _l("This code is already used.")


def _slug(text: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())[:40]


def _new_code(model: type[ActivityType] | type[Theme], name: LocalizedText) -> str:
    """A stable code for a new list entry, from its name; refused if another entry has it."""
    code = _slug(name.en or name.ar or name.ckb) or model.__tablename__
    if db.session.scalar(sa.select(model.id).where(model.code == code)):
        raise CodeTaken()
    return code


def save_activity_type(name: LocalizedText, capacity_building: bool, active: bool,
                       activity_type: ActivityType | None = None) -> ActivityType:
    if not name:
        raise TitleRequired()
    if activity_type is None:
        order = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(ActivityType.sort_order), 0))) + 1
        activity_type = ActivityType(code=_new_code(ActivityType, name), sort_order=order)
        db.session.add(activity_type)
    activity_type.name = name
    activity_type.capacity_building = capacity_building
    activity_type.active = active
    db.session.flush()
    return activity_type


def save_theme(name: LocalizedText, active: bool, theme: Theme | None = None) -> Theme:
    if not name:
        raise TitleRequired()
    if theme is None:
        theme = Theme(code=_new_code(Theme, name))
        db.session.add(theme)
    theme.name = name
    theme.active = active
    db.session.flush()
    return theme


def save_series(title: LocalizedText, organisation: Organisation, series: Series | None = None) -> Series:
    if not title:
        raise TitleRequired()
    series = series or Series()
    series.title = title
    series.organisation = organisation
    db.session.add(series)
    db.session.flush()
    return series


# ---------------------------------------------------------------- calendar feeds


def _feed_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="multaqa.events.feed")


def feed_token(organisation: Organisation) -> str:
    """The secret part of an organisation's subscribable calendar address."""
    return _feed_serializer().dumps(organisation.id)


def organisation_for_feed(token: str) -> Organisation | None:
    try:
        organisation_id = _feed_serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None


def feed_workshops(organisation: Organisation) -> list[Workshop]:
    """What a subscriber sees: the organisation's dated, published (not draft) workshops."""
    return list(db.session.scalars(
        sa.select(Workshop).where(
            sa.or_(Workshop.organisation_id == organisation.id,
                   Workshop.partners.any(Organisation.id == organisation.id)),
            Workshop.status != WorkshopStatus.DRAFT,
            Workshop.days.any(),
        ).order_by(Workshop.id)
    ))
