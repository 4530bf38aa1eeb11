"""Offline check-ins synced later: roster, batch idempotency, order, conflicts, several devices."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.events.models import Workshop
from app.extensions import db
from app.registration.models import CheckIn, Participant, Registration, Scan
from app.registration.services import PersonData, cancel_registration, code_for, create_participant, register
from tests import factories
from tests.conftest import csrf_token, submit

T0 = datetime(2023, 6, 13, 6, 0, tzinfo=UTC)  # 09:00 in Baghdad, first day


def _setup(app, people: int = 3) -> tuple[int, list[str], list[int]]:
    with app.app_context():
        facilitator = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days(),
                                           facilitators=[facilitator])
        registrations = [register(workshop, create_participant(PersonData(full_name=f"Person {n}",
                                                                          phone=f"0770000000{n}"), None), None)
                         for n in range(people)]
        db.session.commit()
        return workshop.id, [code_for(r) for r in registrations], [r.id for r in registrations]


def _item(code: str, at: datetime, nonce: str | None = None, device_result: str = "ok") -> dict:
    return {"nonce": nonce or uuid.uuid4().hex, "code": code, "scanned_at": at.isoformat(),
            "device_result": device_result}


def _sync(client, workshop_id: int, items: list[dict], device: str = "door-1"):
    token = csrf_token(client.get(f"/registration/workshops/{workshop_id}/scanner").get_data(as_text=True))
    return client.post(f"/registration/api/workshops/{workshop_id}/sync", json={"device": device, "items": items},
                       headers={"X-CSRFToken": token})


def test_roster_has_what_the_door_needs_and_nothing_more(app, client, login_as) -> None:
    workshop_id, codes, ids = _setup(app)
    login_as("facilitator")
    roster = client.get(f"/registration/api/workshops/{workshop_id}/roster").json
    assert [r["name"] for r in roster["registrations"]] == ["Person 0", "Person 1", "Person 2"]
    assert set(roster["registrations"][0]) == {"id", "token_id", "reference", "name", "organisation", "status"}
    assert "0770" not in str(roster)  # no phone numbers on the device
    assert len(roster["days"]) == 2 and roster["public_key"] and roster["expires_at"] > roster["taken_at"]
    viewer = app.test_client()
    submit(viewer, "/auth/login", {"username": "viewer", "password": factories.PASSWORD})
    assert viewer.get(f"/registration/api/workshops/{workshop_id}/roster").status_code == 404
    assert app.test_client().get(f"/registration/api/workshops/{workshop_id}/roster").status_code == 302


def test_a_batch_applied_twice_counts_once(app, client, login_as) -> None:
    workshop_id, codes, _ = _setup(app)
    login_as("facilitator")
    items = [_item(codes[0], T0 + timedelta(minutes=5)), _item(codes[1], T0 + timedelta(minutes=6))]
    first = _sync(client, workshop_id, items).json["results"]
    again = _sync(client, workshop_id, items).json["results"]
    assert [r["result"] for r in first] == ["ok", "ok"] and again == first
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 2
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 2
        scan = db.session.scalars(sa.select(Scan)).first()
        assert scan.offline and scan.device_result == "ok" and scan.scanned_at == T0 + timedelta(minutes=5)


def test_the_earliest_scan_gets_the_check_in_whatever_the_order(app, client, login_as) -> None:
    workshop_id, codes, ids = _setup(app)
    login_as("facilitator")
    later = _sync(client, workshop_id, [_item(codes[0], T0 + timedelta(minutes=30))], device="door-2").json
    earlier = _sync(client, workshop_id, [_item(codes[0], T0 + timedelta(minutes=2))], device="door-1").json
    assert later["results"][0]["result"] == "ok" and earlier["results"][0]["result"] == "ok"
    with app.app_context():
        check_ins = db.session.scalars(sa.select(CheckIn)).all()
        assert len(check_ins) == 1 and check_ins[0].checked_in_at == T0 + timedelta(minutes=2)
        assert db.session.get(Scan, check_ins[0].scan_id).device == "door-1"


def test_conflicts_are_answered_and_flagged_for_review(app, client, login_as) -> None:
    workshop_id, codes, ids = _setup(app)
    with app.app_context():
        cancel_registration(db.session.get(Registration, ids[2]), None)
        db.session.commit()
    login_as("facilitator")
    results = _sync(client, workshop_id, [
        _item(codes[0], T0), _item(codes[0], T0 + timedelta(minutes=1), device_result="already_checked_in"),
        _item(codes[2], T0 + timedelta(minutes=2)), _item("x" * 108, T0 + timedelta(minutes=3)),
        {"nonce": "no-time-1234", "code": codes[1]},
    ]).json["results"]
    assert [r.get("result", r.get("error")) for r in results] == [
        "ok", "already_checked_in", "cancelled", "invalid", "bad_request"]
    page = client.get(f"/registration/workshops/{workshop_id}/scans").get_data(as_text=True)
    assert 'id="to-review"' in page and "Person 2" in page
    export = client.get(f"/registration/workshops/{workshop_id}/scans.csv").get_data(as_text=True)
    assert export.count(",yes,ok,yes") == 2  # cancelled and invalid, let in offline


def test_several_devices_syncing_at_once(app, accounts) -> None:
    """Four devices scanned the same six people offline at different times; they sync together."""
    workshop_id, codes, ids = _setup(app, people=6)
    batches = [[_item(code, T0 + timedelta(minutes=device * 7 + n)) for n, code in enumerate(codes)]
               for device in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def device(number: int) -> None:
        try:
            client = app.test_client()
            submit(client, "/auth/login", {"username": "facilitator", "password": factories.PASSWORD},
                   environ_base={"REMOTE_ADDR": f"10.1.0.{number}"})
            barrier.wait(timeout=10)
            response = _sync(client, workshop_id, batches[number], device=f"door-{number}")
            assert response.status_code == 200, response.data
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=device, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        check_ins = db.session.scalars(sa.select(CheckIn).order_by(CheckIn.registration_id)).all()
        assert [c.registration_id for c in check_ins] == ids  # exactly one each
        assert [c.checked_in_at for c in check_ins] == [T0 + timedelta(minutes=n) for n in range(6)]  # device 0's
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 24
        workshop = db.session.get(Workshop, workshop_id)
        assert all(c.day_id == workshop.days[0].id for c in check_ins)


def _walk_in(name: str, phone: str, at: datetime, nonce: str | None = None) -> dict:
    return {"nonce": nonce or uuid.uuid4().hex, "scanned_at": at.isoformat(), "device_result": "ok",
            "walk_in": {"full_name": name, "phone": phone, "sex": "male", "organisation_name": "Youth forum"}}


def test_offline_walk_ins_are_created_once_and_duplicates_flagged(app, client, login_as) -> None:
    workshop_id, codes, ids = _setup(app)  # Person 1 has the phone 07700000001
    login_as("facilitator")
    items = [_walk_in("Hawre Karim", "0750 111 2222", T0 + timedelta(minutes=3)),
             _walk_in("P. One", "+964 770 000 0001", T0 + timedelta(minutes=4))]
    first = _sync(client, workshop_id, items).json["results"]
    replay = _sync(client, workshop_id, items).json["results"]
    assert [r["result"] for r in first] == ["ok", "ok"] and replay == first
    with app.app_context():
        people = {p.full_name: p for p in db.session.scalars(sa.select(Participant))}
        assert len(people) == 5  # three registered, two walk-ins: none doubled by the replay
        assert people["Hawre Karim"].duplicate_of_id is None
        assert people["P. One"].duplicate_of_id == people["Person 1"].id  # flagged, not merged
        walk_in = db.session.scalar(sa.select(Registration).where(Registration.participant_id == people["P. One"].id))
        assert walk_in.source == "walk_in" and len(walk_in.check_ins) == 1
    page = client.get(f"/registration/workshops/{workshop_id}/participants").get_data(as_text=True)
    assert "Same phone as Person 1" in page


def test_merging_a_flagged_walk_in_keeps_one_check_in(app, client, login_as) -> None:
    workshop_id, codes, ids = _setup(app)
    login_as("facilitator")
    _sync(client, workshop_id, [_item(codes[1], T0 + timedelta(minutes=10)),
                                _walk_in("P. One", "07700000001", T0 + timedelta(minutes=2))])
    with app.app_context():
        duplicate = db.session.scalar(sa.select(Registration).join(Participant).where(Participant.full_name == "P. One"))
        duplicate_id = duplicate.id
    organiser = app.test_client()
    submit(organiser, "/auth/login", {"username": "organiser", "password": factories.PASSWORD})
    page = f"/registration/workshops/{workshop_id}/participants"
    assert submit(organiser, page, {}, action=f"/registration/{duplicate_id}/merge").status_code == 302
    with app.app_context():
        live = db.session.scalars(sa.select(CheckIn).where(CheckIn.undone_at.is_(None))).all()
        assert [c.registration_id for c in live] == [ids[1]]  # one person, one check-in for the day
        assert live[0].checked_in_at == T0 + timedelta(minutes=2)  # the earliest scan keeps it
        merged = db.session.scalar(sa.select(Participant).where(Participant.full_name == "P. One"))
        assert merged.merged_into_id is not None and merged.duplicate_of_id is None
        assert db.session.get(Registration, duplicate_id).status.value == "cancelled"
    again = submit(organiser, page, {}, action=f"/registration/{duplicate_id}/merge", follow_redirects=True)
    assert "not flagged as a possible duplicate" in again.get_data(as_text=True)
