"""Workshop pages through the client: roles, create/edit/duplicate, dates and agenda, status,
bad input, calendar and iCalendar."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.auth.models import Organisation, Role, User
from app.events.models import AgendaItem, Workshop, WorkshopStatus
from app.events.services import change_status, feed_token
from app.extensions import db
from tests import factories
from tests.conftest import csrf_token, submit


def _ids(app) -> dict[str, int]:
    """Organisation of the demo organiser, a basra governorate id, the workshop activity type id."""
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        return {"organisation": organiser.organisation_id, "basra": factories.governorate("basra").id,
                "workshop": factories.activity_type("workshop").id}


def _workshop_form(ids: dict[str, int], **overrides) -> dict[str, str]:
    data = {
        "title-en": "Voter education for CSOs", "title-ar": "التثقيف الانتخابي لمنظمات المجتمع المدني", "title-ckb": "",
        "activity_type_id": str(ids["workshop"]), "organisation_id": str(ids["organisation"]),
        "series_id": "0", "mode": "in_person", "venue": "Basra Grand Hotel", "city": "Basra",
        "governorate_id": str(ids["basra"]), "capacity": "٤٠", "planned_month": "0", "planned_quarter": "0",
        "first_day": "2023-06-13", "last_day": "2023-06-14", "day_start": "09:00", "day_end": "16:00",
    }
    data.update(overrides)
    return data


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _make(app, **fields) -> int:
    with app.app_context():
        organisation = fields.pop("organisation", None) or db.session.scalar(
            sa.select(Organisation).join(User).where(User.username == "organiser"))
        status = fields.pop("status", None)
        workshop = factories.make_workshop(organisation=organisation, **fields)
        if status:
            change_status(workshop, status, factories.make_user(Role.ADMIN))
        db.session.commit()
        return workshop.id


def test_organiser_creates_a_two_day_workshop(app, client, login_as) -> None:
    login_as("organiser")
    response = submit(client, "/events/new", _workshop_form(_ids(app)))
    assert response.status_code == 302
    with app.app_context():
        workshop = db.session.scalars(sa.select(Workshop)).one()
        assert workshop.capacity == 40  # typed with Arabic-Indic digits
        assert workshop.status == WorkshopStatus.DRAFT
        assert [d.starts_at.isoformat() for d in workshop.days] == [
            "2023-06-13T06:00:00+00:00", "2023-06-14T06:00:00+00:00"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Voter education for CSOs" in page and "Basra Grand Hotel" in page
    assert "Jun 13\u2009–\u200914, 2023" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day_start": "16:00", "day_end": "09:00"}, "The end must be after the start."),
        ({"first_day": "2023-06-14", "last_day": "2023-06-13"}, "The end must be after the start."),
        ({"capacity": "-5"}, "The capacity cannot be negative."),
        ({"title-en": "", "title-ar": " "}, "Enter this in at least one language."),
        ({"title-en": "x" * 201}, "at most 200 characters"),
        ({"first_day": "13/06/2023"}, "Enter a date."),
        ({"planned_year": "2012", "planned_month": "5", "planned_quarter": "2", "first_day": ""},
         "Give a planned month or a planned quarter (not both), with its year."),
        ({"online_link": "not a link"}, "Enter a full web address"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(app, client, login_as, overrides, message) -> None:
    login_as("organiser")
    response = submit(client, "/events/new", _workshop_form(_ids(app), **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(app, Workshop) == 0


def test_errors_come_in_the_users_language(app, client, login_as) -> None:
    login_as("organiser")
    client.set_cookie("multaqa_lang", "ar")
    response = submit(client, "/events/new", _workshop_form(_ids(app), day_start="16:00", day_end="09:00"))
    assert "يجب أن تكون النهاية بعد البداية" in response.get_data(as_text=True)


def test_organiser_cannot_create_for_another_organisation(app, client, login_as) -> None:
    login_as("organiser")
    with app.app_context():
        other = factories.make_organisation().id
        db.session.commit()
    response = submit(client, "/events/new", _workshop_form(_ids(app), organisation_id=str(other)))
    assert response.status_code == 200
    assert "Choose one of the options in the list." in response.get_data(as_text=True)
    assert _count(app, Workshop) == 0


@pytest.mark.parametrize("role", ["facilitator", "cso", "viewer"])
def test_only_organisers_and_admins_create(client, login_as, role) -> None:
    login_as(role)
    assert client.get("/events/new").status_code == 403


def test_who_can_open_and_edit_a_workshop(app, client, accounts) -> None:
    own = _make(app)
    with app.app_context():
        other_org = factories.make_organisation()
        facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        db.session.commit()
    others = _make(app, organisation=other_org, facilitators=[facilitator])
    published = _make(app, organisation=other_org, published_to_csos=True, status=WorkshopStatus.PLANNED)
    expectations = {
        # role: (own draft, other org's draft with the facilitator, published planned), as status codes
        "admin": (200, 200, 200), "organiser": (200, 404, 200), "facilitator": (404, 200, 404),
        "cso": (404, 404, 200), "viewer": (404, 404, 200),
    }
    for role, expected in expectations.items():
        browser = app.test_client()
        assert submit(browser, "/auth/login", {"username": role, "password": factories.PASSWORD}).status_code == 302
        got = tuple(browser.get(f"/events/{workshop_id}").status_code for workshop_id in (own, others, published))
        assert got == expected, role
        edit = browser.get(f"/events/{published}/edit").status_code
        assert edit == (200 if role == "admin" else 404 if expected[2] == 404 else 403), role


def test_edit_keeps_the_dates_and_changes_the_content(app, client, login_as) -> None:
    workshop_id = _make(app, days=factories.two_days())
    login_as("organiser")
    form = _workshop_form(_ids(app), **{"title-en": "Renamed", "capacity": "25"})
    for creation_only in ("first_day", "last_day", "day_start", "day_end"):
        form.pop(creation_only)
    response = submit(client, f"/events/{workshop_id}/edit", form)
    assert response.status_code == 302
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop.title.en == "Renamed" and workshop.capacity == 25 and len(workshop.days) == 2


def test_schedule_agenda_and_status_from_the_workshop_page(app, client, login_as) -> None:
    workshop_id = _make(app)
    login_as("organiser")
    page = f"/events/{workshop_id}"
    assert submit(client, page, {"first_day": "2023-06-13", "last_day": "2023-06-14", "day_start": "09:00",
                                 "day_end": "16:00"}, action=f"{page}/schedule").status_code == 302
    with app.app_context():
        day_id = db.session.get(Workshop, workshop_id).days[0].id
    response = submit(client, page, {"start": "09:00", "end": "09:45", "kind": "opening", "title-en": "Opening session",
                                     "title-ar": "الجلسة الافتتاحية", "speakers": "Aous Ali"},
                      action=f"{page}/days/{day_id}/agenda")
    assert response.status_code == 302
    outside = submit(client, page, {"start": "17:00", "end": "18:00", "kind": "panel", "title-en": "Late panel"},
                     action=f"{page}/days/{day_id}/agenda", follow_redirects=True)
    assert "The agenda item must fall within the hours of its day." in outside.get_data(as_text=True)
    assert _count(app, AgendaItem) == 1
    for status in ("planned", "open"):
        assert submit(client, page, {"status": status}, action=f"{page}/status").status_code == 302
    refused = submit(client, page, {"status": "postponed", "reason": ""}, action=f"{page}/status",
                     follow_redirects=True)
    assert "Give a reason for cancelling or postponing." in refused.get_data(as_text=True)
    submit(client, page, {"status": "postponed", "reason": "Elections moved"}, action=f"{page}/status")
    html = client.get(page).get_data(as_text=True)
    assert "Opening session" in html and "Elections moved" in html and 'data-status="postponed"' in html
    assert submit(client, page, {"first_day": "2023-09-10", "day_start": "09:00", "day_end": "16:00",
                                 "reason": "after the elections"}, action=f"{page}/schedule").status_code == 302
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop.status == WorkshopStatus.PLANNED and len(workshop.days) == 1
        assert workshop.days[0].agenda_items[0].starts_at.date() == date(2023, 9, 10)
    assert "after the elections" in client.get(page).get_data(as_text=True)


def test_a_day_of_another_workshop_is_not_found(app, client, login_as) -> None:
    mine = _make(app, days=factories.two_days())
    theirs = _make(app, days=factories.two_days(date(2024, 1, 1)))
    with app.app_context():
        their_day = db.session.get(Workshop, theirs).days[0].id
    login_as("organiser")
    response = submit(client, f"/events/{mine}", {"start": "09:00", "end": "10:00", "kind": "panel", "title-en": "x"},
                      action=f"/events/{mine}/days/{their_day}/agenda")
    assert response.status_code == 404


def test_conflicts_are_shown_but_do_not_block(app, client, login_as) -> None:
    with app.app_context():
        basra = factories.governorate("basra")
        facilitator_id = db.session.scalar(sa.select(User.id).where(User.username == "facilitator"))
    _make(app, days=factories.two_days(), venue="Basra Grand Hotel", city="Basra", governorate=basra, title="First")
    login_as("organiser")
    response = submit(client, "/events/new", _workshop_form(_ids(app), facilitator_ids=str(facilitator_id)),
                      follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(app, Workshop) == 2
    assert "Warning: Basra Grand Hotel is also booked for “First”" in html


def test_duplicate_to_another_governorate(app, client, login_as) -> None:
    workshop_id = _make(app, days=factories.two_days(), title="BRIDGE training")
    login_as("organiser")
    with app.app_context():
        erbil = factories.governorate("erbil").id
    response = submit(client, f"/events/{workshop_id}/duplicate", {"first_day": "2023-10-01", "governorate_id": str(erbil)})
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(sa.select(Workshop).where(Workshop.id != workshop_id)).one()
        assert copy.title.en == "BRIDGE training" and copy.governorate_id == erbil
        assert copy.days[0].starts_at.date() == date(2023, 10, 1)


def test_list_filters_and_calendar(app, client, login_as) -> None:
    _make(app, days=factories.two_days(), title="Basrah dialogue", governorate=None)
    _make(app, planned_year=2023, planned_month=6, title="Undated network meeting")
    login_as("admin")
    html = client.get("/events/?q=basrah").get_data(as_text=True)
    assert "Basrah dialogue" in html and "Undated network meeting" not in html
    html = client.get("/events/?start=2023-06-01&end=2023-06-30").get_data(as_text=True)
    assert "Basrah dialogue" in html and "Planned for June 2023" in html
    assert "Enter a date." in client.get("/events/?start=yesterday").get_data(as_text=True)
    calendar = client.get("/events/calendar?year=2023&month=6").get_data(as_text=True)
    assert calendar.count('title="Basrah dialogue"') == 2  # one entry on each day
    assert "Undated network meeting" in calendar
    assert client.get("/events/calendar?year=2023&month=13").status_code == 404


def test_ics_download_and_organisation_feed(app, client, login_as) -> None:
    workshop_id = _make(app, days=factories.two_days(), title="Dialogue", status=WorkshopStatus.PLANNED)
    login_as("organiser")
    response = client.get(f"/events/{workshop_id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 2 and events[0].decoded("dtstart").hour == 9
    feeds = client.get("/events/feeds").get_data(as_text=True)
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).join(User).where(User.username == "organiser"))
        token = feed_token(organisation)
    assert token in feeds
    anonymous = app.test_client()
    feed = anonymous.get(f"/events/feeds/{token}.ics")
    assert feed.status_code == 200 and b"Dialogue" in feed.data
    assert anonymous.get(f"/events/feeds/{token[:-3]}abc.ics").status_code == 404


def test_reference_lists_are_for_admins(app, client, login_as) -> None:
    login_as("admin")
    assert client.get("/events/settings").status_code == 200
    response = submit(client, "/events/settings/types/new",
                      {"name-en": "Election simulation", "name-ar": "محاكاة انتخابية", "capacity_building": "y",
                       "active": "y"})
    assert response.status_code == 302
    assert "محاكاة انتخابية" in client.get("/events/settings", headers={"Accept-Language": "ar"}).get_data(as_text=True) \
        or "Election simulation" in client.get("/events/settings").get_data(as_text=True)
    other = app.test_client()
    submit(other, "/auth/login", {"username": "organiser", "password": factories.PASSWORD})
    assert other.get("/events/settings").status_code == 403
    assert other.post("/events/settings/types/new", data={
        "csrf_token": csrf_token(other.get("/").get_data(as_text=True)), "name-en": "x"}).status_code == 403
