"""Badges and sign-in sheets through the app: real PDFs with the participants of the workshop."""

from __future__ import annotations

import io

import sqlalchemy as sa
from pypdf import PdfReader

from app.auth.models import User
from app.events.models import Workshop
from app.extensions import db
from app.registration.models import Registration, Sex
from app.registration.services import PersonData, cancel_registration, create_participant, register
from tests import factories


def _workshop_with_people(app, count: int = 9) -> tuple[int, list[str]]:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days(),
                                           venue="Basra Grand Hotel")
        references = []
        for n in range(count):
            name = "زينب حسن" if n == 0 else f"Participant {n}"
            person = create_participant(PersonData(full_name=name, name_latin="Zainab Hassan" if n == 0 else "",
                                                   sex=Sex.FEMALE, organisation_name="Basra Civic Voice"), None)
            references.append(register(workshop, person, None).reference)
        cancelled = register(workshop, create_participant(PersonData(full_name="Cancelled Person"), None), None)
        cancel_registration(cancelled, None)
        db.session.commit()
        return workshop.id, references


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_badge_sheet_for_the_confirmed_participants(app, client, login_as) -> None:
    workshop_id, references = _workshop_with_people(app)
    login_as("organiser")
    response = client.get(f"/registration/workshops/{workshop_id}/badges.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages, text = _text(response.data)
    assert pages == 2  # 9 badges, 8 to an A4 sheet; the cancelled registration has none
    assert f"{references[3][:4]}-{references[3][4:]}" in text and "Zainab Hassan" in text
    assert "Cancelled Person" not in text
    single = client.get(f"/registration/workshops/{workshop_id}/badges.pdf?per_page=1")
    assert _text(single.data)[0] == 9


def test_one_badge_and_not_for_a_cancelled_registration(app, client, login_as) -> None:
    workshop_id, references = _workshop_with_people(app, count=1)
    login_as("organiser")
    with app.app_context():
        ids = {r.participant.full_name: r.id for r in db.session.scalars(sa.select(Registration))}
    response = client.get(f"/registration/{ids['زينب حسن']}/badge.pdf")
    assert response.status_code == 200 and _text(response.data)[0] == 1
    assert client.get(f"/registration/{ids['Cancelled Person']}/badge.pdf").status_code == 404


def test_sign_in_sheets_one_per_day(app, client, login_as) -> None:
    workshop_id, _ = _workshop_with_people(app, count=40)
    login_as("organiser")
    response = client.get(f"/registration/workshops/{workshop_id}/sign-in-sheet.pdf")
    pages, text = _text(response.data)
    assert response.status_code == 200 and pages >= 4  # 40 people and blank rows, for each of two days
    assert "Participant 39" in text and "Signature" in text and "Basra Grand Hotel" in text
    assert text.count("Day 1") >= 2 and "Day 2" in text
    with app.app_context():
        day_two = db.session.get(Workshop, workshop_id).days[1].id
    one_day = client.get(f"/registration/workshops/{workshop_id}/sign-in-sheet.pdf?day={day_two}")
    assert "Day 1" not in _text(one_day.data)[1]
    assert client.get(f"/registration/workshops/{workshop_id}/sign-in-sheet.pdf?day=999999").status_code == 404


def test_documents_need_a_role(app, client, login_as) -> None:
    workshop_id, _ = _workshop_with_people(app, count=1)
    login_as("viewer")
    for url in (f"/registration/workshops/{workshop_id}/badges.pdf",
                f"/registration/workshops/{workshop_id}/sign-in-sheet.pdf"):
        assert client.get(url).status_code in (403, 404)
