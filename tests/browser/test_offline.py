"""End to end in chromium: the scanner prepared for offline, the network cut, people checked in on
the device, the network back, the queue synced; the server's attendance matches exactly, and replaying
the same queue from a second browser changes nothing."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.events.models import WorkshopStatus
from app.events.services import DaySlot, change_status
from app.extensions import db
from app.registration.models import CheckIn, Registration, Scan
from app.registration.services import PersonData, cancel_registration, create_participant, register, today_in_baghdad
from tests import factories

pytestmark = pytest.mark.browser


def _door(app) -> tuple[int, list[str], str]:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        workshop = factories.make_workshop(organisation=organiser.organisation, facilitators=[facilitator],
                                           days=[DaySlot(today_in_baghdad(), time(0, 0), time(23, 59))])
        change_status(workshop, WorkshopStatus.PLANNED, organiser)
        people = [register(workshop, create_participant(PersonData(full_name=name), None), None)
                  for name in ("زينب حسن", "Ahmed Ali", "Hawre Karim")]
        cancelled = register(workshop, create_participant(PersonData(full_name="Cancelled Person"), None), None)
        cancel_registration(cancelled, None)
        db.session.commit()
        return workshop.id, [p.reference for p in people], cancelled.reference


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/auth/login")
    page.fill("#username", "facilitator")
    page.fill("#password", factories.PASSWORD)
    page.click("form button[type=submit].w-100")
    page.wait_for_url(f"{live_server}/")


def _type(page, reference: str, expected: str) -> None:
    page.fill("#reference", reference)
    page.click("#reference-form button")
    page.wait_for_selector(f"#result[data-result={expected}][data-offline=yes]")


def test_offline_check_in_then_sync_then_replay(app, browser, live_server: str, accounts) -> None:
    workshop_id, references, cancelled = _door(app)
    scanner = f"{live_server}/registration/workshops/{workshop_id}/scanner"
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server)
    page.goto(scanner)
    page.click("#prepare-offline")
    page.wait_for_function("document.getElementById('roster-time').textContent !== document.getElementById('roster-time').dataset.none")
    page.evaluate("navigator.serviceWorker.ready")

    context.set_offline(True)
    page.reload()  # the page itself now comes from the service worker's cache
    page.wait_for_selector("#scanner")
    assert page.inner_text("#network-state") == "Offline"
    _type(page, references[0], "ok")
    assert "زينب حسن" in page.inner_text("#result")
    _type(page, references[0], "already_checked_in")
    _type(page, references[1].lower(), "ok")
    _type(page, cancelled, "cancelled")
    _type(page, "ZZZZ-ZZZZ", "invalid")
    page.click("#scanner details summary")  # a walk-in, registered with no network
    page.fill("#full_name", "Shilan Mahmood")
    page.fill("#phone", "07509998877")
    page.click("form[action$='/walk-in'] button[type=submit]")
    page.wait_for_selector("#result[data-result=ok][data-offline=yes]")
    page.wait_for_function("document.getElementById('pending-count').textContent === '6'")
    queue = page.evaluate("window.multaqaScanner.queued()")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 0  # nothing reached the server yet

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.getElementById('pending-count').textContent === '0'")
    with app.app_context():
        present = set(db.session.scalars(sa.select(Registration.reference).join(CheckIn)))
        walk_in = db.session.scalar(sa.select(Registration).where(Registration.source == "walk_in"))
        assert walk_in.participant.full_name == "Shilan Mahmood"
        assert present == {references[0], references[1], walk_in.reference}
        scans = db.session.scalars(sa.select(Scan)).all()
        assert len(scans) == 6 and all(scan.offline for scan in scans)
        assert sorted(s.device_result for s in scans) == sorted(
            ["ok", "already_checked_in", "ok", "cancelled", "invalid", "ok"])

    # A second browser replays the very same queue: the server answers from its log, nothing new.
    other = browser.new_context()
    second = other.new_page()
    second.set_default_timeout(15_000)
    _sign_in(second, live_server)
    second.goto(scanner)
    second.evaluate("async (items) => { for (const item of items) await window.multaqaScanner.enqueue(item); }", queue)
    second.evaluate("window.multaqaScanner.sync()")
    second.wait_for_function("document.getElementById('pending-count').textContent === '0'")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 3
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 6
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 5  # no walk-in created twice
    other.close()
    context.close()


def test_online_scan_falls_back_to_the_device_when_the_server_does_not_answer(app, browser, live_server: str,
                                                                              accounts) -> None:
    workshop_id, references, _ = _door(app)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    _sign_in(page, live_server)
    page.goto(f"{live_server}/registration/workshops/{workshop_id}/scanner")
    page.click("#prepare-offline")
    page.wait_for_function("document.getElementById('roster-time').textContent !== document.getElementById('roster-time').dataset.none")
    # The check-in API hangs: the page must not stall the queue at the door.
    page.route("**/check-ins", lambda route: None)
    _type(page, references[2], "ok")
    page.unroute("**/check-ins")
    page.evaluate("window.multaqaScanner.sync()")
    page.wait_for_function("document.getElementById('pending-count').textContent === '0'")
    with app.app_context():
        assert set(db.session.scalars(sa.select(Registration.reference).join(CheckIn))) == {references[2]}
    context.close()
