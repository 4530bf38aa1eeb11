"""The public self-registration page: capacity, waiting list, approval, closed workshops."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Role, User
from app.events.models import WorkshopStatus
from app.events.services import change_status
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.registration.services import (
    NotPending,
    PersonData,
    SelfRegistrationClosed,
    approve_registration,
    cancel_registration,
    join_token,
    self_register,
    workshop_for_join,
)
from tests import factories
from tests.conftest import submit


def _open_workshop(capacity: int | None = 2, approval: bool = False):
    admin = factories.make_user(Role.ADMIN)
    workshop = factories.make_workshop(days=factories.two_days(), capacity=capacity, self_registration=True,
                                       approval_required=approval, by=admin)
    change_status(workshop, WorkshopStatus.PLANNED, admin)
    change_status(workshop, WorkshopStatus.OPEN, admin)
    return workshop


def test_seats_then_waiting_list_then_promotion(app_ctx) -> None:
    workshop = _open_workshop(capacity=2)
    first, second, third = (self_register(workshop, PersonData(full_name=f"P{n}", phone=f"0770000000{n}"))
                            for n in range(3))
    assert [r.status for r in (first, second, third)] == [
        RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert first.source == "self"
    cancel_registration(first, None)
    assert third.status == RegistrationStatus.CONFIRMED  # the freed seat goes to the waiting list


def test_approval_required(app_ctx) -> None:
    workshop = _open_workshop(capacity=None, approval=True)
    registration = self_register(workshop, PersonData(full_name="Noor"))
    assert registration.status == RegistrationStatus.PENDING
    approve_registration(registration)
    assert registration.status == RegistrationStatus.CONFIRMED
    with pytest.raises(NotPending):
        approve_registration(registration)


def test_closed_when_not_open_or_not_enabled(app_ctx) -> None:
    draft = factories.make_workshop(self_registration=True)
    with pytest.raises(SelfRegistrationClosed):
        self_register(draft, PersonData(full_name="Early"))
    workshop = _open_workshop()
    workshop.self_registration = False
    with pytest.raises(SelfRegistrationClosed):
        self_register(workshop, PersonData(full_name="Late"))


def test_join_links_are_signed(app_ctx) -> None:
    workshop = _open_workshop()
    assert workshop_for_join(join_token(workshop)) is workshop
    assert workshop_for_join(str(workshop.id)) is None
    assert workshop_for_join(join_token(workshop)[:-2] + "zz") is None


def test_public_page_in_arabic_registers_and_shows_the_code(app, client) -> None:
    with app.app_context():
        token = join_token(_open_workshop(capacity=1))
        db.session.commit()
    client.set_cookie("multaqa_lang", "ar")
    url = f"/registration/join/{token}"
    page = client.get(url).get_data(as_text=True)
    assert 'dir="rtl"' in page and "فاطمة" not in page
    form = {"full_name": "زينب حسن", "sex": "female", "age_group": "30_44", "disability": "no",
            "phone": "٠٧٧٠١٢٣٤٥٦٧", "governorate_id": "0", "consent_given": "y"}
    refused = submit(client, url, {**form, "consent_given": ""})
    assert "يتطلب التسجيل موافقتك" in refused.get_data(as_text=True)
    response = submit(client, url, form)
    assert response.status_code == 302 and "/registration/p/" in response.headers["Location"]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "زينب حسن" in shown and "data:image/svg+xml" in shown
    waiting = submit(client, url, {**form, "full_name": "Second", "phone": "07709999999"}, follow_redirects=True)
    assert "قائمة الانتظار" in waiting.get_data(as_text=True)
    with app.app_context():
        registrations = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
        assert [r.status for r in registrations] == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
        assert registrations[0].participant.phone == "07701234567"
        assert registrations[0].participant.locale == "ar"
        assert registrations[0].participant.consent_at is not None


def test_unknown_join_link_is_not_found(client) -> None:
    assert client.get("/registration/join/1").status_code == 404


def test_organiser_confirms_from_the_list(app, client, login_as) -> None:
    login_as("organiser")
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, self_registration=True,
                                           approval_required=True, days=factories.two_days(), by=organiser)
        change_status(workshop, WorkshopStatus.PLANNED, organiser)
        change_status(workshop, WorkshopStatus.OPEN, organiser)
        registration = self_register(workshop, PersonData(full_name="Pending person"))
        db.session.commit()
        workshop_id, registration_id = workshop.id, registration.id
    page = f"/registration/workshops/{workshop_id}/participants"
    html = client.get(page).get_data(as_text=True)
    assert "Waiting for approval" in html and "/registration/join/" in html
    submit(client, page, {}, action=f"/registration/{registration_id}/approve")
    with app.app_context():
        assert db.session.get(Registration, registration_id).status == RegistrationStatus.CONFIRMED
