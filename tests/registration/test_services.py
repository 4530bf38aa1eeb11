"""Registration rules without HTTP: signed codes, people and duplicates, search as Iraqi users type,
check-in results, idempotent retries, concurrent scans, undo and attendance."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time

import pytest
import sqlalchemy as sa

from app.auth.models import Role, User
from app.events.models import Workshop, WorkshopStatus
from app.events.services import DaySlot, change_status
from app.extensions import db
from app.i18n.services import search_key
from app.registration import tokens
from app.registration.models import CheckIn, RegistrationStatus, Scan, ScanResult, Sex
from app.registration.services import (
    AlreadyCancelled,
    AlreadyRegistered,
    NameRequired,
    NotCheckedIn,
    PersonData,
    attendance,
    cancel_registration,
    check_in,
    code_for,
    create_participant,
    normalise_phone,
    possible_duplicates,
    register,
    registration_for_code,
    reissue_code,
    search_participants,
    today_in_baghdad,
    undo_check_in,
    walk_in,
)
from tests import factories

DAY_ONE = datetime(2023, 6, 13, 7, 12, tzinfo=UTC)  # 10:12 in Baghdad on the first day
DAY_TWO = datetime(2023, 6, 14, 6, 5, tzinfo=UTC)


def _setup(name: str = "زينب حسن", **person):
    by = factories.make_user(Role.FACILITATOR)
    workshop = factories.make_workshop(days=factories.two_days())
    participant = create_participant(PersonData(full_name=name, **person), by)
    registration = register(workshop, participant, by)
    return by, workshop, registration


# ---------------------------------------------------------------- codes


def test_codes_are_signed_compact_and_verified_offline_with_the_public_key(app_ctx) -> None:
    _, _, registration = _setup()
    code = code_for(registration)
    assert len(code) == tokens.TOKEN_LENGTH == 108
    assert len(bytes.fromhex(registration.token_id)) == 16  # 128 random bits
    assert registration_for_code(code) is registration
    assert registration_for_code(f"https://multaqa.example/registration/p/{code}") is registration
    public = tokens.load_private_key(app_ctx.config["QR_SIGNING_KEY"]).public_key()
    assert tokens.verify(code, public) == registration.token_id


@pytest.mark.parametrize("tamper", ["flip_random", "flip_signature", "truncate", "garbage", "other_key"])
def test_forged_or_altered_codes_are_rejected(app_ctx, tamper: str) -> None:
    _, _, registration = _setup()
    code = code_for(registration)
    raw = bytearray(tokens._b64decode(code))
    if tamper == "flip_random":
        raw[5] ^= 1
        forged = tokens._b64encode(bytes(raw))
    elif tamper == "flip_signature":
        raw[-1] ^= 1
        forged = tokens._b64encode(bytes(raw))
    elif tamper == "truncate":
        forged = code[:-4]
    elif tamper == "garbage":
        forged = "!" * 108
    else:
        forged = tokens.sign(registration.token_id, tokens.load_private_key(tokens.new_private_key_seed()))
    assert registration_for_code(forged) is None


def test_reissuing_revokes_the_old_code_and_reference(app_ctx) -> None:
    by, workshop, registration = _setup()
    old_code, old_reference = code_for(registration), registration.reference
    reissue_code(registration)
    assert registration_for_code(old_code) is None
    assert registration.reference != old_reference
    outcome = check_in(workshop, by, reference=old_reference, scanned_at=DAY_ONE)
    assert outcome.result == ScanResult.INVALID


def test_references_avoid_lookalike_characters_and_forgive_typing(app_ctx) -> None:
    references = {tokens.new_reference() for _ in range(500)}
    assert all(len(r) == 8 and not set(r) & set("0O1IL") for r in references)
    assert tokens.normalise_reference(" k7mq-4pxa ") == "K7MQ4PXA"
    assert tokens.format_reference("K7MQ4PXA") == "K7MQ-4PXA"


# ---------------------------------------------------------------- people


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("أحمد", "احمد"), ("إسراء", "اسراء"), ("فاطمة", "فاطمه"), ("مصطفى", "مصطفي"), ("مُحَمَّد", "محمد"),
     ("عـــلي", "علي"), ("کەریم", "كهريم"), ("کاوە", "كاوه"), ("Zainab HASSAN", "zainab hassan"), ("بەڕێز", "بهڕيز")],
)
def test_search_keys_fold_what_iraqi_users_type_differently(typed: str, stored: str) -> None:
    assert search_key(typed) == stored


def test_search_by_name_phone_and_reference(app_ctx) -> None:
    by, workshop, registration = _setup("أحمد علي", phone="+964 770 123 4567", name_latin="Ahmed Ali")
    assert search_participants(workshop, "احمد") == [registration]
    assert search_participants(workshop, "ahmed") == [registration]
    assert search_participants(workshop, "٠٧٧٠١٢٣") == [registration]
    assert search_participants(workshop, registration.reference.lower()) == [registration]
    assert search_participants(workshop, "Hawre") == []


def test_phones_are_compared_in_one_form() -> None:
    assert normalise_phone("+964 770 123 4567") == normalise_phone("٠٧٧٠١٢٣٤٥٦٧") == "07701234567"
    assert normalise_phone("00964-750-111-2222") == "07501112222"


def test_possible_duplicates_are_found_but_never_merged(app_ctx) -> None:
    by = factories.make_user(Role.ORGANISER)
    first = create_participant(PersonData(full_name="فاطمة حسين", phone="07701234567", email="f@example.org"), by)
    same_phone = possible_duplicates(PersonData(full_name="Fatima Hussein", phone="+9647701234567"))
    assert [(d.participant, d.reason) for d in same_phone] == [(first, "phone")]
    same_email = possible_duplicates(PersonData(full_name="x", email="F@Example.org"))
    assert [(d.participant, d.reason) for d in same_email] == [(first, "email")]
    close_name = possible_duplicates(PersonData(full_name="فاطمه حسين"))
    assert [(d.participant, d.reason) for d in close_name] == [(first, "name")]
    assert possible_duplicates(PersonData(full_name="Hawre Karim")) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(type(first))) == 1


def test_a_person_needs_a_name_and_registers_once(app_ctx) -> None:
    by, workshop, registration = _setup()
    with pytest.raises(NameRequired):
        create_participant(PersonData(full_name="   "), by)
    with pytest.raises(AlreadyRegistered):
        register(workshop, registration.participant, by)


def test_consent_date_is_kept(app_ctx) -> None:
    by = factories.make_user(Role.ORGANISER)
    person = create_participant(PersonData(full_name="Noor", consent_given=True), by)
    assert person.consent_given and person.consent_at is not None


def test_no_registration_for_closed_workshops(app_ctx) -> None:
    by, workshop, registration = _setup()
    admin = factories.make_user(Role.ADMIN)
    change_status(workshop, WorkshopStatus.CANCELLED, admin, "no funding")
    other = create_participant(PersonData(full_name="Late comer"), by)
    with pytest.raises(Exception, match="does not take registrations"):
        register(workshop, other, by)


# ---------------------------------------------------------------- check-in


def test_check_in_results(app_ctx) -> None:
    by, workshop, registration = _setup()
    code = code_for(registration)
    ok = check_in(workshop, by, code=code, scanned_at=DAY_ONE, device="phone-1")
    assert ok.result == ScanResult.OK and ok.check_in.checked_in_at == DAY_ONE
    again = check_in(workshop, by, code=code, scanned_at=DAY_ONE, device="phone-2")
    assert again.result == ScanResult.ALREADY_CHECKED_IN and again.check_in.id == ok.check_in.id
    assert check_in(workshop, by, code=code, scanned_at=DAY_TWO).result == ScanResult.OK  # a new day
    assert check_in(workshop, by, code=code, scanned_at=datetime(2023, 6, 20, 8, tzinfo=UTC)).result == \
        ScanResult.NOT_TODAY
    assert check_in(workshop, by, code="x" * 108, scanned_at=DAY_ONE).result == ScanResult.INVALID
    other = factories.make_workshop(days=factories.two_days())
    assert check_in(other, by, code=code, scanned_at=DAY_ONE).result == ScanResult.OTHER_WORKSHOP
    cancel_registration(registration, by)
    assert check_in(workshop, by, code=code, scanned_at=DAY_TWO).result == ScanResult.CANCELLED
    with pytest.raises(AlreadyCancelled):
        cancel_registration(registration, by)
    pending = register(workshop, create_participant(PersonData(full_name="P"), by), by,
                       status=RegistrationStatus.PENDING)
    assert check_in(workshop, by, registration=pending, scanned_at=DAY_ONE).result == ScanResult.PENDING_APPROVAL
    results = [s.result for s in db.session.scalars(sa.select(Scan).order_by(Scan.id))]
    assert results == [ScanResult.OK, ScanResult.ALREADY_CHECKED_IN, ScanResult.OK, ScanResult.NOT_TODAY,
                       ScanResult.INVALID, ScanResult.OTHER_WORKSHOP, ScanResult.CANCELLED,
                       ScanResult.PENDING_APPROVAL]
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 2


def test_same_nonce_gives_the_same_answer_and_no_new_row(app_ctx) -> None:
    by, workshop, registration = _setup()
    first = check_in(workshop, by, code=code_for(registration), scanned_at=DAY_ONE, nonce="nonce-0001")
    retry = check_in(workshop, by, code=code_for(registration), scanned_at=DAY_ONE, nonce="nonce-0001")
    assert first.result == retry.result == ScanResult.OK
    assert retry.scan.id == first.scan.id
    assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 1


def test_undo_keeps_who_and_when_and_allows_a_new_check_in(app_ctx) -> None:
    by, workshop, registration = _setup()
    first = check_in(workshop, by, registration=registration, scanned_at=DAY_ONE).check_in
    undo_check_in(first, by)
    assert first.undone_at is not None and first.undone_by_id == by.id
    with pytest.raises(NotCheckedIn):
        undo_check_in(first, by)
    assert check_in(workshop, by, registration=registration, scanned_at=DAY_ONE).result == ScanResult.OK
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 2  # history kept


def test_the_database_refuses_two_live_check_ins_for_one_day(app_ctx) -> None:
    by, workshop, registration = _setup()
    outcome = check_in(workshop, by, registration=registration, scanned_at=DAY_ONE)
    db.session.add(CheckIn(registration_id=registration.id, day_id=workshop.days[0].id, scan_id=outcome.scan.id,
                           checked_in_at=DAY_ONE))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_walk_in_registers_and_checks_in(app_ctx) -> None:
    by = factories.make_user(Role.FACILITATOR)
    workshop = factories.make_workshop(days=[DaySlot(today_in_baghdad(), time(0, 0), time(23, 59))])
    outcome = walk_in(workshop, PersonData(full_name="Hawre Karim", sex=Sex.MALE), by)
    assert outcome.result == ScanResult.OK
    assert outcome.registration.source == "walk_in"


def test_attendance_is_derived_from_live_check_ins(app_ctx) -> None:
    by = factories.make_user(Role.FACILITATOR)
    workshop = factories.make_workshop(days=factories.two_days())
    people = [create_participant(PersonData(full_name=f"P{n}", sex=sex), by)
              for n, sex in enumerate([Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.NOT_RECORDED])]
    registrations = [register(workshop, person, by) for person in people]
    for registration in registrations[:3]:
        check_in(workshop, by, registration=registration, scanned_at=DAY_ONE)
    undone = check_in(workshop, by, registration=registrations[3], scanned_at=DAY_ONE).check_in
    undo_check_in(undone, by)
    check_in(workshop, by, registration=registrations[0], scanned_at=DAY_TWO)
    cancel_registration(registrations[2], by)  # came on day one, then cancelled: no longer counted
    result = attendance(workshop)
    day_one, day_two = result.totals
    assert (day_one.attended, day_two.attended) == (2, 1)
    assert day_one.by_sex == {Sex.FEMALE: 2}
    assert result.expected == 3
    assert result.rate(day_one) == pytest.approx(2 / 3)


def test_two_devices_scanning_at_once_record_exactly_one_check_in(app) -> None:
    """A real race: eight threads, each with its own connection, scan the same code at once."""
    with app.app_context():
        by, workshop, registration = _setup()
        db.session.commit()
        code, workshop_id, by_id = code_for(registration), workshop.id, by.id
    barrier = threading.Barrier(8)
    results: list[str] = []
    errors: list[BaseException] = []

    def scan(n: int) -> None:
        try:
            with app.app_context():
                workshop = db.session.get(Workshop, workshop_id)
                user = db.session.get(User, by_id)
                barrier.wait(timeout=10)
                outcome = check_in(workshop, user, code=code, scanned_at=DAY_ONE, device=f"phone-{n}")
                db.session.commit()
                results.append(outcome.result.value)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["already_checked_in"] * 7 + ["ok"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 8


def test_a_retried_request_racing_itself_is_counted_once(app) -> None:
    with app.app_context():
        by, workshop, registration = _setup()
        db.session.commit()
        code, workshop_id, by_id = code_for(registration), workshop.id, by.id
    barrier = threading.Barrier(4)
    answers: list[int] = []

    def scan() -> None:
        with app.app_context():
            workshop = db.session.get(Workshop, workshop_id)
            barrier.wait(timeout=10)
            outcome = check_in(workshop, db.session.get(User, by_id), code=code, scanned_at=DAY_ONE,
                               nonce="same-nonce-123")
            db.session.commit()
            answers.append(outcome.scan.id)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 4 and len(set(answers)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Scan.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 1
