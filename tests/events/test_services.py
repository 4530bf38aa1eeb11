"""Workshop rules without HTTP: dates and agendas, status changes, conflicts, duplication,
visibility, lists, calendar and iCalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from app.auth.models import Role
from app.db import LocalizedText
from app.events.ical import workshops_to_ics
from app.events.models import AgendaKind, DeliveryMode, WorkshopStatus
from app.events.services import (
    AgendaItemData,
    AgendaItemOutsideDay,
    CodeTaken,
    DatesRequired,
    DayOverlap,
    DaySlot,
    EndBeforeStart,
    InvalidPlannedPeriod,
    InvalidTransition,
    NegativeCapacity,
    NotStartedYet,
    ReasonRequired,
    TitleRequired,
    WorkshopData,
    WorkshopFilters,
    add_agenda_item,
    add_day,
    calendar_month,
    can_manage,
    can_view,
    change_status,
    consecutive_days,
    duplicate_workshop,
    feed_token,
    feed_workshops,
    find_conflicts,
    organisation_for_feed,
    remove_day,
    reschedule,
    save_activity_type,
    save_theme,
    search_workshops,
    update_day,
    update_workshop,
)
from app.extensions import db
from tests import factories


def _agenda(start: str, end: str, title: str = "Opening session", kind: AgendaKind = AgendaKind.OPENING):
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return AgendaItemData(time(h1, m1), time(h2, m2), LocalizedText(en=title), kind)


def test_days_are_stored_in_utc_from_baghdad_time(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    first = workshop.days[0]
    assert first.starts_at == datetime(2023, 6, 13, 6, 0, tzinfo=UTC)  # 09:00 in Baghdad (UTC+3)
    assert first.ends_at == datetime(2023, 6, 13, 13, 0, tzinfo=UTC)
    assert len(workshop.days) == 2 and workshop.ends_at == datetime(2023, 6, 14, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "error"),
    [
        ([DaySlot(date(2023, 6, 13), time(16), time(9))], EndBeforeStart),
        ([DaySlot(date(2023, 6, 13), time(9), time(16)), DaySlot(date(2023, 6, 13), time(15), time(18))], DayOverlap),
    ],
)
def test_bad_days_are_refused_and_nothing_is_saved(app_ctx, days, error) -> None:
    workshop = factories.make_workshop()
    by = factories.make_user(Role.ADMIN)
    db.session.commit()
    with pytest.raises(error):
        reschedule(workshop, days, by)
    db.session.rollback()
    assert db.session.get(type(workshop), workshop.id).days == []


def test_consecutive_days_need_the_end_after_the_start() -> None:
    assert len(consecutive_days(date(2023, 6, 13), date(2023, 6, 14), time(9), time(16))) == 2
    with pytest.raises(EndBeforeStart):
        consecutive_days(date(2023, 6, 14), date(2023, 6, 13), time(9), time(16))


def test_workshop_content_rules(app_ctx) -> None:
    workshop = factories.make_workshop()
    base = dict(activity_type=workshop.activity_type, organisation=workshop.organisation)
    with pytest.raises(TitleRequired):
        update_workshop(workshop, WorkshopData(title=LocalizedText(en=" ", ar="", ckb=""), **base))
    with pytest.raises(NegativeCapacity):
        update_workshop(workshop, WorkshopData(title=LocalizedText(en="x"), capacity=-1, **base))
    with pytest.raises(InvalidPlannedPeriod):
        update_workshop(workshop, WorkshopData(title=LocalizedText(en="x"), planned_year=2012, planned_month=5,
                                               planned_quarter=2, **base))
    with pytest.raises(InvalidPlannedPeriod):
        update_workshop(workshop, WorkshopData(title=LocalizedText(en="x"), planned_month=5, **base))


def test_agenda_items_must_fit_their_day(app_ctx) -> None:
    workshop = factories.make_workshop(days=factories.two_days())
    day = workshop.days[0]
    add_agenda_item(day, _agenda("09:00", "09:45"))
    with pytest.raises(AgendaItemOutsideDay):
        add_agenda_item(day, _agenda("08:00", "09:30"))
    with pytest.raises(AgendaItemOutsideDay):
        add_agenda_item(day, _agenda("15:30", "16:30"))
    with pytest.raises(EndBeforeStart):
        add_agenda_item(day, _agenda("11:00", "10:00"))
    with pytest.raises(TitleRequired):
        add_agenda_item(day, _agenda("11:00", "12:00", title=""))
    assert [item.title.en for item in day.agenda_items] == ["Opening session"]


def test_rescheduling_moves_the_agenda_and_keeps_the_old_dates(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(days=factories.two_days(), by=by)
    add_agenda_item(workshop.days[1], _agenda("10:00", "11:00", "Misinformation", AgendaKind.PRESENTATION))
    reschedule(workshop, factories.two_days(date(2023, 7, 2)), by, "Eid holidays")
    item = workshop.days[1].agenda_items[0]
    assert item.starts_at == datetime(2023, 7, 3, 7, 0, tzinfo=UTC)
    change = workshop.changes[-1]
    assert change.kind == "dates" and change.reason == "Eid holidays"
    assert change.old["days"][0][0].startswith("2023-06-13")
    assert change.new["days"][0][0].startswith("2023-07-02")


def test_shorter_hours_that_would_cut_the_agenda_are_refused(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(days=factories.two_days(), by=by)
    add_agenda_item(workshop.days[0], _agenda("14:00", "16:00"))
    with pytest.raises(AgendaItemOutsideDay):
        update_day(workshop.days[0], DaySlot(date(2023, 6, 13), time(9), time(13)), by)


def test_single_days_added_changed_and_removed(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(days=factories.two_days(), by=by)
    add_day(workshop, DaySlot(date(2023, 6, 15), time(9), time(12)), by)
    assert len(workshop.days) == 3
    with pytest.raises(DayOverlap):
        add_day(workshop, DaySlot(date(2023, 6, 15), time(11), time(13)), by)
    update_day(workshop.days[2], DaySlot(date(2023, 6, 16), time(9), time(12)), by, "venue busy")
    assert workshop.days[2].starts_at.date() == date(2023, 6, 16)
    remove_day(workshop.days[2], by)
    assert len(workshop.days) == 2
    assert [c.kind for c in workshop.changes] == ["dates", "dates", "dates"]


def test_exact_dates_replace_the_planned_month(app_ctx) -> None:
    workshop = factories.make_workshop(planned_year=2012, planned_month=5)
    reschedule(workshop, factories.two_days(date(2012, 5, 20)), factories.make_user(Role.ADMIN))
    assert workshop.planned_year is None and workshop.planned_month is None
    assert workshop.changes == []  # fixing dates for the first time is not a rescheduling


def test_status_goes_through_its_steps(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(by=by)
    with pytest.raises(InvalidTransition):
        change_status(workshop, WorkshopStatus.COMPLETED, by)
    change_status(workshop, WorkshopStatus.PLANNED, by)
    with pytest.raises(DatesRequired):
        change_status(workshop, WorkshopStatus.OPEN, by)
    reschedule(workshop, factories.two_days(date(2030, 1, 5)), by)
    change_status(workshop, WorkshopStatus.OPEN, by)
    change_status(workshop, WorkshopStatus.ONGOING, by)
    with pytest.raises(NotStartedYet):
        change_status(workshop, WorkshopStatus.COMPLETED, by, now=datetime(2029, 12, 1, tzinfo=UTC))
    change_status(workshop, WorkshopStatus.COMPLETED, by, now=datetime(2030, 1, 6, tzinfo=UTC))
    with pytest.raises(InvalidTransition):
        change_status(workshop, WorkshopStatus.CANCELLED, by, "too late")
    assert [c.new["status"] for c in workshop.changes if c.kind == "status"] == [
        "planned", "open", "ongoing", "completed"]


def test_cancelling_and_postponing_need_a_reason(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(by=by, days=factories.two_days(date(2030, 3, 1)))
    change_status(workshop, WorkshopStatus.PLANNED, by)
    with pytest.raises(ReasonRequired):
        change_status(workshop, WorkshopStatus.POSTPONED, by, "  ")
    change_status(workshop, WorkshopStatus.POSTPONED, by, "Curfew in the governorate")
    assert workshop.status_reason == "Curfew in the governorate"
    reschedule(workshop, factories.two_days(date(2030, 4, 1)), by, "new dates after curfew")
    assert workshop.status == WorkshopStatus.PLANNED  # new dates end the postponement
    assert workshop.status_reason == ""


def test_conflicts_for_venue_and_facilitator_are_found(app_ctx) -> None:
    facilitator = factories.make_user(Role.FACILITATOR)
    basra = factories.governorate("basra")
    first = factories.make_workshop(days=factories.two_days(), venue="Grand Hotel", city="Basra",
                                    governorate=basra, facilitators=[facilitator])
    second = factories.make_workshop(days=[DaySlot(date(2023, 6, 14), time(13), time(17))],
                                     venue="  grand   hotel ", city="basra", governorate=basra)
    third = factories.make_workshop(days=[DaySlot(date(2023, 6, 13), time(10), time(12))],
                                    venue="Sheraton", facilitators=[facilitator])
    elsewhere = factories.make_workshop(days=[DaySlot(date(2023, 6, 20), time(9), time(12))],
                                        venue="Grand Hotel", city="Basra", governorate=basra,
                                        facilitators=[facilitator])
    conflicts = find_conflicts(first)
    assert {(c.kind, c.other.id) for c in conflicts} == {("venue", second.id), ("facilitator", third.id)}
    assert find_conflicts(elsewhere) == []
    by = factories.make_user(Role.ADMIN)
    change_status(second, WorkshopStatus.CANCELLED, by, "merged")
    assert {(c.kind, c.other.id) for c in find_conflicts(first)} == {("facilitator", third.id)}


def test_duplicate_copies_content_and_agenda_to_new_dates(app_ctx) -> None:
    by = factories.make_user(Role.ADMIN)
    original = factories.make_workshop(days=factories.two_days(), by=by, venue="Basra Hotel",
                                       governorate=factories.governorate("basra"), capacity=40)
    add_agenda_item(original.days[0], _agenda("09:00", "09:45"))
    change_status(original, WorkshopStatus.PLANNED, by)
    copy = duplicate_workshop(original, by, date(2023, 9, 3), factories.governorate("erbil"))
    assert copy.id != original.id and copy.status == WorkshopStatus.DRAFT
    assert copy.title == original.title and copy.capacity == 40
    assert copy.governorate.code == "erbil" and copy.venue == ""  # a new place: venue to be decided
    assert [d.starts_at.date() for d in copy.days] == [date(2023, 9, 3), date(2023, 9, 4)]
    assert copy.days[0].agenda_items[0].starts_at == datetime(2023, 9, 3, 6, 0, tzinfo=UTC)
    assert len(original.days[0].agenda_items) == 1


def test_who_sees_and_manages_what(app_ctx) -> None:
    own = factories.make_organisation()
    other = factories.make_organisation()
    organiser = factories.make_user(Role.ORGANISER, organisation=own)
    facilitator = factories.make_user(Role.FACILITATOR)
    cso = factories.make_user(Role.CSO)
    viewer = factories.make_user(Role.VIEWER)
    draft = factories.make_workshop(organisation=own)
    others_draft = factories.make_workshop(organisation=other, facilitators=[facilitator])
    published = factories.make_workshop(organisation=other, published_to_csos=True)
    change_status(published, WorkshopStatus.PLANNED, factories.make_user(Role.ADMIN))
    assert can_view(organiser, draft) and can_manage(organiser, draft)
    assert not can_view(organiser, others_draft) and not can_manage(organiser, published)
    assert can_view(organiser, published)
    assert can_view(facilitator, others_draft) and not can_view(facilitator, published)
    assert not can_manage(facilitator, others_draft)
    assert can_view(cso, published) and not can_view(cso, draft)
    assert can_view(viewer, published) and not can_view(viewer, draft) and not can_manage(viewer, published)


def test_filters_search_and_periods(app_ctx) -> None:
    admin = factories.make_user(Role.ADMIN)
    training = factories.activity_type("training")
    basra = factories.make_workshop(title="Voter education in Basra", days=factories.two_days(),
                                    governorate=factories.governorate("basra"))
    erbil = factories.make_workshop(title="BRIDGE training", activity_type=training,
                                    days=factories.two_days(date(2012, 11, 18)), governorate=factories.governorate("erbil"))
    planned = factories.make_workshop(title="Network meeting", planned_year=2012, planned_month=5)
    quarter = factories.make_workshop(title="ToT", planned_year=2012, planned_quarter=2)

    def titles(**filters) -> set[str]:
        return {w.title.en for w in search_workshops(admin, WorkshopFilters(**filters)).items}

    assert titles() == {"Voter education in Basra", "BRIDGE training", "Network meeting", "ToT"}
    assert titles(activity_type_id=training.id) == {"BRIDGE training"}
    assert titles(governorate_id=basra.governorate_id) == {"Voter education in Basra"}
    assert titles(search="bridge") == {"BRIDGE training"}
    assert titles(start=date(2012, 1, 1), end=date(2012, 12, 31)) == {"BRIDGE training", "Network meeting", "ToT"}
    assert titles(start=date(2012, 6, 1), end=date(2012, 6, 30)) == {"ToT"}  # Q2 covers June
    assert titles(start=date(2023, 6, 14), end=date(2023, 6, 14)) == {"Voter education in Basra"}
    assert erbil.id and planned.id and quarter.id


def test_upcoming_and_this_week(app_ctx) -> None:
    admin = factories.make_user(Role.ADMIN)
    today = datetime.now(ZoneInfo("Asia/Baghdad")).date()  # the app's today, not the machine's
    factories.make_workshop(title="Past", days=[DaySlot(today - timedelta(days=30), time(9), time(12))])
    factories.make_workshop(title="Soon", days=[DaySlot(today + timedelta(days=60), time(9), time(12))])
    factories.make_workshop(title="Now", days=[DaySlot(today, time(0, 1), time(23, 59))])
    upcoming = [w.title.en for w in search_workshops(admin, WorkshopFilters(view="upcoming")).items]
    assert upcoming == ["Now", "Soon"]
    assert [w.title.en for w in search_workshops(admin, WorkshopFilters(view="week")).items] == ["Now"]


def test_search_finds_arabic_titles(app_ctx) -> None:
    admin = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(title="x")
    workshop.title = LocalizedText(en="x", ar="ورشة التثقيف الانتخابي")
    db.session.flush()
    assert [w.id for w in search_workshops(admin, WorkshopFilters(search="التثقيف")).items] == [workshop.id]


def test_month_calendar_places_each_day_and_lists_undated_plans(app_ctx) -> None:
    admin = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(days=factories.two_days())
    planned = factories.make_workshop(planned_year=2023, planned_month=6)
    month = calendar_month(admin, 2023, 6)
    cells = {cell.day: cell for week in month.weeks for cell in week}
    assert [w.id for w, _ in cells[date(2023, 6, 13)].entries] == [workshop.id]
    assert [w.id for w, _ in cells[date(2023, 6, 14)].entries] == [workshop.id]
    assert cells[date(2023, 6, 15)].entries == []
    assert month.weeks[0][0].day.weekday() == 5  # weeks start on Saturday
    assert [w.id for w in month.undated] == [planned.id]
    assert month.previous == (2023, 5) and month.next == (2023, 7)


def test_ics_has_one_event_per_day_in_baghdad_time(app_ctx) -> None:
    workshop = factories.make_workshop(title="Dialogue", days=factories.two_days(), venue="Basra Hotel",
                                       governorate=factories.governorate("basra"))
    add_agenda_item(workshop.days[0], _agenda("09:00", "09:45"))
    calendar = Calendar.from_ical(workshops_to_ics([workshop], locale="en", host="multaqa.test"))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Dialogue (1/2)", "Dialogue (2/2)"]
    start = events[0].decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Baghdad" and start.hour == 9
    assert start.astimezone(UTC).hour == 6
    assert "09:00–09:45 Opening session" in str(events[0]["description"])
    assert str(events[0]["location"]) == "Basra Hotel, Basra"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Baghdad"
    assert len({str(e["uid"]) for e in events}) == 2


def test_organisation_feed_token_is_signed(app_ctx) -> None:
    organisation = factories.make_organisation()
    published = factories.make_workshop(organisation=organisation, days=factories.two_days())
    factories.make_workshop(organisation=organisation, days=factories.two_days())  # stays a draft
    change_status(published, WorkshopStatus.PLANNED, factories.make_user(Role.ADMIN))
    token = feed_token(organisation)
    assert organisation_for_feed(token) is organisation
    assert organisation_for_feed(token[:-2] + "xx") is None
    assert organisation_for_feed("1") is None
    assert [w.id for w in feed_workshops(organisation)] == [published.id]


def test_online_workshops_have_no_venue(app_ctx) -> None:
    workshop = factories.make_workshop(mode=DeliveryMode.ONLINE, venue="Hotel", online_link="https://meet.example/x")
    assert workshop.venue == "" and not workshop.venue_to_be_decided
    assert workshop.online_link == "https://meet.example/x"


def test_new_list_entries_get_a_unique_code(app_ctx) -> None:
    theme = save_theme(LocalizedText(en="Youth participation", ar="مشاركة الشباب"), active=True)
    assert theme.code == "youth_participation"
    with pytest.raises(CodeTaken):
        save_theme(LocalizedText(en="Youth  Participation"), active=True)
    with pytest.raises(CodeTaken):
        save_activity_type(LocalizedText(en="Training"), capacity_building=True, active=True)  # seeded already
    kind = save_activity_type(LocalizedText(ar="محاكاة انتخابية"), capacity_building=False, active=True)
    assert kind.code == "محاكاة_انتخابية" and kind.sort_order == 10
