"""Registration pages and the check-in API through the client: roles, CSRF, duplicates, the
participant's page, result codes, retries, attendance and exports."""

from __future__ import annotations

import io
import re
from datetime import time

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.auth.models import User
from app.events.models import Workshop, WorkshopStatus
from app.events.services import DaySlot, change_status
from app.extensions import db
from app.registration.models import CheckIn, Participant, Registration, Scan
from app.registration.services import PersonData, code_for, create_participant, register, today_in_baghdad
from tests import factories
from tests.conftest import csrf_token, submit


def _workshop(app, today: bool = True, facilitator: bool = True) -> int:
    """A workshop of the demo organiser's organisation, with a session today, the facilitator assigned."""
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        people = [db.session.scalar(sa.select(User).where(User.username == "facilitator"))] if facilitator else []
        days = [DaySlot(today_in_baghdad(), time(0, 0), time(23, 59))] if today else factories.two_days()
        workshop = factories.make_workshop(organisation=organiser.organisation, days=days, facilitators=people)
        change_status(workshop, WorkshopStatus.PLANNED, organiser)
        db.session.commit()
        return workshop.id


def _registered(app, workshop_id: int, name: str = "زينب حسن") -> tuple[int, str, str]:
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        registration = register(workshop, create_participant(PersonData(full_name=name, phone="07701234567"), None), None)
        db.session.commit()
        return registration.id, code_for(registration), registration.reference


def _api(client, workshop_id: int, payload: dict, page: str | None = None):
    token = csrf_token(client.get(page or f"/registration/workshops/{workshop_id}/scanner").get_data(as_text=True))
    return client.post(f"/registration/api/workshops/{workshop_id}/check-ins", json=payload,
                       headers={"X-CSRFToken": token})


PAGES = ["/registration/workshops/{id}/participants", "/registration/workshops/{id}/participants/new",
         "/registration/workshops/{id}/scanner", "/registration/workshops/{id}/attendance",
         "/registration/workshops/{id}/attendance.csv", "/registration/workshops/{id}/scans",
         "/registration/workshops/{id}/search?q=x"]


@pytest.mark.parametrize("role,expected", [("admin", 200), ("organiser", 200), ("facilitator", 200),
                                           ("viewer", 403), ("cso", 404)])
def test_who_runs_the_door(app, client, login_as, role: str, expected: int) -> None:
    workshop_id = _workshop(app)
    login_as(role)
    for page in PAGES:
        assert client.get(page.format(id=workshop_id)).status_code == expected, page


def test_a_facilitator_not_assigned_cannot_run_the_door(app, client, login_as) -> None:
    workshop_id = _workshop(app, facilitator=False)
    login_as("facilitator")
    assert client.get(f"/registration/workshops/{workshop_id}/scanner").status_code == 404


def test_register_with_duplicate_check(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    _registered(app, _workshop(app), "فاطمة حسين")  # the same person, at another workshop
    login_as("organiser")
    url = f"/registration/workshops/{workshop_id}/participants/new"
    form = {"full_name": "فاطمه حسين", "sex": "female", "phone": "+964 770 123 4567", "organisation_id": "0",
            "organisation_name": "Basra Civic Voice", "age_group": "30_44", "disability": "no",
            "organisation_type": "cso", "governorate_id": "0", "locale": "ar", "consent_given": "y"}
    first = submit(client, url, form)
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert 'id="possible-duplicates"' in html and "same phone" in html
    with app.app_context():
        existing = db.session.scalar(sa.select(Participant.id).where(Participant.full_name == "فاطمة حسين"))
    response = submit(client, url, {**form, "same_person": str(existing)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 1  # one person, two workshops
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 2
    again = submit(client, url, {**form, "same_person": str(existing)})
    assert "already registered for this workshop" in again.get_data(as_text=True)
    new_person = submit(client, url, {**form, "same_person": "new"})
    assert new_person.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 2


def test_overlong_name_is_refused(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    login_as("organiser")
    response = submit(client, f"/registration/workshops/{workshop_id}/participants/new", {
        "full_name": "ا" * 201, "sex": "female", "organisation_id": "0", "age_group": "not_recorded",
        "disability": "not_recorded", "organisation_type": "", "governorate_id": "0", "locale": "ar"})
    assert response.status_code == 200 and "At most 200 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_participant_page_shows_the_qr_and_reference(app, client, accounts) -> None:
    workshop_id = _workshop(app)
    _, code, reference = _registered(app, workshop_id)
    response = client.get(f"/registration/p/{code}", headers={"Accept-Language": "ar"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'dir="rtl"' in html
    assert "data:image/svg+xml" in html and f"{reference[:4]}-{reference[4:]}" in html
    assert client.get(f"/registration/p/{code[:-2]}AA").status_code == 404


def test_check_in_api_result_codes(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    registration_id, code, reference = _registered(app, workshop_id)
    login_as("facilitator")
    ok = _api(client, workshop_id, {"code": code, "nonce": "n-0000001", "device": "door-1"})
    assert ok.status_code == 200 and ok.json["result"] == "ok"
    assert ok.json["participant"]["name"] == "زينب حسن"
    retry = _api(client, workshop_id, {"code": code, "nonce": "n-0000001"})
    assert retry.json == ok.json  # same nonce: same answer, nothing new
    again = _api(client, workshop_id, {"reference": reference.lower(), "nonce": "n-0000002"})
    assert again.json["result"] == "already_checked_in"
    assert "Already checked in today at" in again.json["message"] and "Test Facilitator" in again.json["message"]
    assert _api(client, workshop_id, {"code": "A" * 108}).json["result"] == "invalid"
    assert _api(client, workshop_id, {"reference": "ZZZZ-ZZZZ"}).json["result"] == "invalid"
    other_id = _workshop(app)
    assert _api(client, other_id, {"code": code}).json["result"] == "other_workshop"
    past = _workshop(app, today=False)
    past_registration, past_code, _ = _registered(app, past, "Old")
    assert _api(client, past, {"code": past_code}).json["result"] == "not_today"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 6


def test_check_in_api_refuses_bad_requests(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    login_as("facilitator")
    assert _api(client, workshop_id, {"nonce": "short"}).status_code == 400
    assert _api(client, workshop_id, {}).status_code == 400
    assert _api(client, workshop_id, {"code": "x", "day_id": 999999}).status_code == 400
    token = csrf_token(client.get(f"/registration/workshops/{workshop_id}/scanner").get_data(as_text=True))
    response = client.post(f"/registration/api/workshops/{workshop_id}/check-ins", data="not json",
                           headers={"X-CSRFToken": token, "Content-Type": "application/json"})
    assert response.status_code == 400


def test_check_in_api_needs_csrf_and_a_role(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    _, code, _ = _registered(app, workshop_id)
    login_as("facilitator")
    no_token = client.post(f"/registration/api/workshops/{workshop_id}/check-ins", json={"code": code})
    assert no_token.status_code == 400
    viewer = app.test_client()
    submit(viewer, "/auth/login", {"username": "viewer", "password": factories.PASSWORD})
    assert _api(viewer, workshop_id, {"code": code}, page="/").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 0


def test_cancel_makes_the_code_stop_working(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    registration_id, code, _ = _registered(app, workshop_id)
    login_as("organiser")
    page = f"/registration/workshops/{workshop_id}/participants"
    assert submit(client, page, {}, action=f"/registration/{registration_id}/cancel").status_code == 302
    assert _api(client, workshop_id, {"code": code}).json["result"] == "cancelled"


def test_reissue_from_the_list(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    registration_id, code, _ = _registered(app, workshop_id)
    login_as("organiser")
    page = f"/registration/workshops/{workshop_id}/participants"
    submit(client, page, {}, action=f"/registration/{registration_id}/reissue")
    assert _api(client, workshop_id, {"code": code}).json["result"] == "invalid"
    link = client.get(f"/registration/workshops/{workshop_id}/codes/{registration_id}")
    assert link.status_code == 302 and "/registration/p/" in link.headers["Location"]


def test_walk_in_attendance_undo_and_exports(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    login_as("facilitator")
    response = submit(client, f"/registration/workshops/{workshop_id}/scanner",
                      {"full_name": "Hawre Karim", "sex": "male", "phone": "", "organisation_id": "0",
                       "organisation_name": "Erbil youth network"},
                      action=f"/registration/workshops/{workshop_id}/walk-in", follow_redirects=True)
    assert "Hawre Karim registered at the door: Checked in." in response.get_data(as_text=True)
    page = client.get(f"/registration/workshops/{workshop_id}/attendance").get_data(as_text=True)
    assert 'data-attended="1"' in page and "0 female, 1 male, 0 not recorded" in page
    csv_body = client.get(f"/registration/workshops/{workshop_id}/attendance.csv").get_data(as_text=True)
    assert csv_body.startswith("\ufeffName,") and "Hawre Karim" in csv_body and "Erbil youth network" in csv_body
    xlsx = client.get(f"/registration/workshops/{workshop_id}/attendance.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Name" and sheet["A2"].value == "Hawre Karim" and sheet["C2"].value == "Male"
    assert client.get(f"/registration/workshops/{workshop_id}/attendance.pdf").status_code == 404
    with app.app_context():
        check_in_id = db.session.scalar(sa.select(CheckIn.id))
    submit(client, f"/registration/workshops/{workshop_id}/attendance", {},
           action=f"/registration/check-ins/{check_in_id}/undo")
    assert 'data-attended="0"' in client.get(f"/registration/workshops/{workshop_id}/attendance").get_data(as_text=True)
    log = client.get(f"/registration/workshops/{workshop_id}/scans").get_data(as_text=True)
    assert len(re.findall(r'data-result="ok"', log)) == 1


def test_search_endpoint(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    _registered(app, workshop_id, "أحمد علي")
    login_as("facilitator")
    results = client.get(f"/registration/workshops/{workshop_id}/search?q=احمد").json["results"]
    assert [r["name"] for r in results] == ["أحمد علي"]


def test_edit_a_participant(app, client, login_as) -> None:
    workshop_id = _workshop(app)
    registration_id, _, _ = _registered(app, workshop_id, "زينب حسن")
    login_as("organiser")
    url = f"/registration/{registration_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="زينب حسن"' in page
    response = submit(client, url, {"full_name": "زينب حسن علي", "sex": "female", "phone": "07701234567",
                                    "organisation_id": "0", "organisation_name": "Tammuz", "age_group": "30_44",
                                    "disability": "no", "organisation_type": "cso", "governorate_id": "0",
                                    "locale": "ckb", "name_latin": "Zainab Hassan Ali"})
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(Registration, registration_id).participant
        assert person.full_name == "زينب حسن علي" and person.locale == "ckb" and person.sex.value == "female"
    other = app.test_client()
    submit(other, "/auth/login", {"username": "viewer", "password": factories.PASSWORD})
    assert other.get(url).status_code == 403
