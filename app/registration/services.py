"""Registration rules: people and their duplicates, registering and cancelling, signed codes,
check-in at the door (idempotent and race-free), and attendance derived from check-ins."""

from __future__ import annotations

import difflib
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.auth.models import Governorate, Organisation, OrganisationType, Role, User
from app.db import utcnow
from app.errors import DomainError
from app.events.models import Workshop, WorkshopDay, WorkshopStatus
from app.events.services import can_manage, local, local_timezone
from app.extensions import db
from app.i18n.services import normalise_digits, search_key
from app.registration import tokens
from app.registration.models import (
    AgeGroup,
    CheckIn,
    Disability,
    Participant,
    Registration,
    RegistrationStatus,
    Scan,
    ScanResult,
    Sex,
)

# ---------------------------------------------------------------- errors


class NameRequired(DomainError):
    message = _l("Enter the participant's name.")


class AlreadyRegistered(DomainError):
    message = _l("This person is already registered for this workshop.")


class RegistrationClosed(DomainError):
    message = _l("This workshop does not take registrations.")


class AlreadyCancelled(DomainError):
    message = _l("This registration is already cancelled.")


class SelfRegistrationClosed(DomainError):
    message = _l("Registration for this workshop is not open.")


class NotPending(DomainError):
    message = _l("This registration does not wait for approval.")


class NotADuplicate(DomainError):
    message = _l("This person is not flagged as a possible duplicate.")


class NotCheckedIn(DomainError):
    message = _l("This check-in was already undone.")


# ---------------------------------------------------------------- permissions


def can_run(user: User, workshop: Workshop) -> bool:
    """Registration and the door: the workshop's managers and its assigned facilitators."""
    return can_manage(user, workshop) or (
        user.role == Role.FACILITATOR and any(f.id == user.id for f in workshop.facilitators))


# ---------------------------------------------------------------- people


@dataclass
class PersonData:
    full_name: str
    name_latin: str = ""
    sex: Sex = Sex.NOT_RECORDED
    age_group: AgeGroup = AgeGroup.NOT_RECORDED
    disability: Disability = Disability.NOT_RECORDED
    organisation: Organisation | None = None
    organisation_name: str = ""
    organisation_type: OrganisationType | None = None
    position: str = ""
    governorate: Governorate | None = None
    phone: str = ""
    email: str = ""
    locale: str = "ar"
    consent_given: bool = False


def normalise_phone(phone: str) -> str:
    """Digits only, Latin; Iraqi numbers kept comparable (+964 770… and 0770… are the same)."""
    digits = "".join(c for c in normalise_digits(phone) if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("964"):
        digits = "0" + digits[3:]
    return digits


def _apply_person(participant: Participant, data: PersonData) -> None:
    name = " ".join(data.full_name.split())
    if not name:
        raise NameRequired()
    participant.full_name = name
    participant.name_latin = " ".join(data.name_latin.split())
    participant.name_key = " | ".join(k for k in (search_key(name), search_key(participant.name_latin)) if k)
    participant.sex = data.sex
    participant.age_group = data.age_group
    participant.disability = data.disability
    participant.organisation = data.organisation
    participant.organisation_name = "" if data.organisation else data.organisation_name.strip()
    participant.organisation_type = data.organisation.type if data.organisation else data.organisation_type
    participant.position = data.position.strip()
    participant.governorate = data.governorate
    participant.phone = normalise_phone(data.phone)
    participant.email = data.email.strip().lower()
    participant.locale = data.locale
    if data.consent_given and not participant.consent_given:
        participant.consent_at = utcnow()
    participant.consent_given = data.consent_given


def create_participant(data: PersonData, by: User | None) -> Participant:
    participant = Participant(created_by_id=by.id if by else None)
    _apply_person(participant, data)
    db.session.add(participant)
    db.session.flush()
    return participant


def update_participant(participant: Participant, data: PersonData) -> Participant:
    _apply_person(participant, data)
    db.session.flush()
    return participant


@dataclass(frozen=True)
class PossibleDuplicate:
    participant: Participant
    reason: str  # "phone", "email" or "name"


NAME_SIMILARITY = 0.85


def possible_duplicates(data: PersonData, limit: int = 5) -> list[PossibleDuplicate]:
    """People who may be this person: same phone, same email, or a close name. An organiser decides;
    nothing is merged by itself."""
    found: dict[int, PossibleDuplicate] = {}
    phone, email = normalise_phone(data.phone), data.email.strip().lower()
    for column, value, reason in ((Participant.phone, phone, "phone"), (Participant.email, email, "email")):
        if value:
            for person in db.session.scalars(sa.select(Participant).where(column == value).limit(limit)):
                found.setdefault(person.id, PossibleDuplicate(person, reason))
    key = search_key(data.full_name)
    if key:
        first = key.split()[0]
        candidates = db.session.scalars(
            sa.select(Participant).where(Participant.name_key.like(f"%{first}%")).limit(200))
        for person in candidates:
            names = person.name_key.split(" | ")
            if any(difflib.SequenceMatcher(None, key, name).ratio() >= NAME_SIMILARITY for name in names):
                found.setdefault(person.id, PossibleDuplicate(person, "name"))
    return list(found.values())[:limit]


def search_participants(workshop: Workshop, text: str, limit: int = 20) -> list[Registration]:
    """Registrations of `workshop` whose person matches a name (as Iraqi users type it), a phone
    number or a reference."""
    text = text.strip()
    if not text:
        return []
    query = sa.select(Registration).join(Participant).where(Registration.workshop_id == workshop.id)
    clauses = [Participant.name_key.like(f"%{search_key(text)}%")]
    phone = normalise_phone(text)
    if len(phone) >= 4:
        clauses.append(Participant.phone.like(f"%{phone}%"))
    reference = tokens.normalise_reference(text)
    if len(reference) == tokens.REFERENCE_LENGTH:
        clauses.append(Registration.reference == reference)
    return list(db.session.scalars(query.where(sa.or_(*clauses)).order_by(Participant.full_name).limit(limit)))


# ---------------------------------------------------------------- registering


OPEN_FOR_ORGANISERS = frozenset({WorkshopStatus.DRAFT, WorkshopStatus.PLANNED, WorkshopStatus.OPEN,
                                 WorkshopStatus.ONGOING, WorkshopStatus.POSTPONED})


def _unique_reference() -> str:
    while True:
        reference = tokens.new_reference()
        if not db.session.scalar(sa.select(Registration.id).where(Registration.reference == reference)):
            return reference


def register(workshop: Workshop, participant: Participant, by: User | None, source: str = "organiser",
             status: RegistrationStatus = RegistrationStatus.CONFIRMED) -> Registration:
    if workshop.status not in OPEN_FOR_ORGANISERS:
        raise RegistrationClosed()
    existing = db.session.scalar(sa.select(Registration).where(
        Registration.workshop_id == workshop.id, Registration.participant_id == participant.id))
    if existing is not None:
        if existing.status != RegistrationStatus.CANCELLED:
            raise AlreadyRegistered()
        existing.status, existing.cancelled_at, existing.cancelled_by_id = status, None, None
        existing.token_id = tokens.new_token_id()  # the old code stays revoked
        db.session.flush()
        return existing
    registration = Registration(
        workshop=workshop, participant=participant, status=status, source=source,
        reference=_unique_reference(), token_id=tokens.new_token_id(), created_by_id=by.id if by else None,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def register_new_people(workshop: Workshop, people: list[PersonData], by: User | None,
                        source: str = "import") -> list[Registration]:
    """Create and register many new people at once (an imported list): one flush, not one per row."""
    if workshop.status not in OPEN_FOR_ORGANISERS:
        raise RegistrationClosed()
    participants = []
    for data in people:
        participant = Participant(created_by_id=by.id if by else None)
        _apply_person(participant, data)
        participants.append(participant)
    taken = set(db.session.scalars(sa.select(Registration.reference)))
    registrations = []
    for participant in participants:
        reference = tokens.new_reference()
        while reference in taken:
            reference = tokens.new_reference()
        taken.add(reference)
        registrations.append(Registration(
            workshop=workshop, participant=participant, status=RegistrationStatus.CONFIRMED, source=source,
            reference=reference, token_id=tokens.new_token_id(), created_by_id=by.id if by else None))
    db.session.add_all(registrations)
    db.session.flush()
    return registrations


def confirmed_count(workshop: Workshop) -> int:
    return db.session.scalar(sa.select(sa.func.count(Registration.id)).where(
        Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.CONFIRMED)) or 0


def is_full(workshop: Workshop) -> bool:
    return workshop.capacity is not None and confirmed_count(workshop) >= workshop.capacity


def self_register(workshop: Workshop, data: PersonData) -> Registration:
    """Someone registers on the workshop's public page: confirmed while there is room (or waiting for
    approval when the organiser wants to approve), on the waiting list once the workshop is full."""
    if not workshop.self_registration or workshop.status != WorkshopStatus.OPEN:
        raise SelfRegistrationClosed()
    # Lock the workshop row: two people taking the last seat at once must not both get it.
    db.session.execute(sa.select(Workshop.id).where(Workshop.id == workshop.id).with_for_update())
    if is_full(workshop):
        status = RegistrationStatus.WAITLISTED
    elif workshop.approval_required:
        status = RegistrationStatus.PENDING
    else:
        status = RegistrationStatus.CONFIRMED
    participant = create_participant(data, None)
    return register(workshop, participant, None, source="self", status=status)


def approve_registration(registration: Registration) -> Registration:
    """An organiser accepts a pending or waiting registration (even beyond capacity: their call)."""
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        raise NotPending()
    registration.status = RegistrationStatus.CONFIRMED
    db.session.flush()
    return registration


def cancel_registration(registration: Registration, by: User | None) -> Registration:
    """Cancel (the code stops working); a freed seat goes to the first person on the waiting list."""
    if registration.status == RegistrationStatus.CANCELLED:
        raise AlreadyCancelled()
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.cancelled_by_id = by.id if by else None
    db.session.flush()
    workshop = registration.workshop
    if freed and not is_full(workshop):
        waiting = db.session.scalar(sa.select(Registration).where(
            Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.WAITLISTED,
        ).order_by(Registration.id).limit(1))
        if waiting is not None:
            waiting.status = (RegistrationStatus.PENDING if workshop.approval_required
                              else RegistrationStatus.CONFIRMED)
            db.session.flush()
    return registration


def reissue_code(registration: Registration) -> Registration:
    """A new QR code and reference (a lost badge, a shared screenshot); the old ones stop working."""
    registration.token_id = tokens.new_token_id()
    registration.reference = _unique_reference()
    db.session.flush()
    return registration


@lru_cache(maxsize=4)
def _key_pair(seed: str) -> tuple[Ed25519PrivateKey, Ed25519PublicKey]:
    private_key = tokens.load_private_key(seed)
    return private_key, private_key.public_key()


def _private_key() -> Ed25519PrivateKey:
    return _key_pair(current_app.config["QR_SIGNING_KEY"])[0]


def _public_key() -> Ed25519PublicKey:
    return _key_pair(current_app.config["QR_SIGNING_KEY"])[1]


def code_for(registration: Registration) -> str:
    return tokens.sign(registration.token_id, _private_key())


def public_key() -> str:
    return tokens.public_key_b64(_private_key())


def token_id_for_code(code: str) -> str | None:
    """The random part of a signed code; None when forged or altered (no database needed)."""
    return tokens.verify(tokens.token_from_scan(code), _public_key())


def registration_for_code(code: str) -> Registration | None:
    """The registration a signed code belongs to; None when forged, altered or revoked."""
    token_id = token_id_for_code(code)
    if token_id is None:
        return None
    return db.session.scalar(sa.select(Registration).where(Registration.token_id == token_id))


def list_registrations(workshop: Workshop) -> list[Registration]:
    return list(db.session.scalars(
        sa.select(Registration).join(Participant).where(Registration.workshop_id == workshop.id)
        .order_by(Participant.full_name)))


def _join_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="multaqa.registration.join")


def join_token(workshop: Workshop) -> str:
    """The public self-registration address of a workshop: not guessable from its number."""
    return _join_serializer().dumps(workshop.id)


def workshop_for_join(token: str) -> Workshop | None:
    try:
        workshop_id = _join_serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Workshop, workshop_id) if isinstance(workshop_id, int) else None


# ---------------------------------------------------------------- check-in


@dataclass
class ScanOutcome:
    result: ScanResult
    scan: Scan
    registration: Registration | None = None
    check_in: CheckIn | None = None


def day_of(workshop: Workshop, moment: datetime) -> WorkshopDay | None:
    """The workshop's day that falls on the local date of `moment`."""
    tz = local_timezone()
    on = local(moment, tz).date()
    return next((d for d in workshop.days if local(d.starts_at, tz).date() == on), None)


def _live_check_in(registration_id: int, day_id: int) -> CheckIn | None:
    return db.session.scalar(sa.select(CheckIn).where(
        CheckIn.registration_id == registration_id, CheckIn.day_id == day_id, CheckIn.undone_at.is_(None)))


def _outcome_of(scan: Scan) -> ScanOutcome:
    check_in = None
    if scan.registration_id and scan.day_id:
        check_in = _live_check_in(scan.registration_id, scan.day_id)
    return ScanOutcome(scan.result, scan, scan.registration, check_in)


def _locked_registration(where: sa.ColumnElement[bool]) -> Registration | None:
    """Find and lock a registration in one query (FOR UPDATE on PostgreSQL; SQLite locks the file),
    with its person, so that concurrent scans of one badge are judged one after the other."""
    return db.session.scalar(
        sa.select(Registration).where(where).options(joinedload(Registration.participant, innerjoin=True))
        .with_for_update(of=Registration).execution_options(populate_existing=True))


def check_in(
    workshop: Workshop,
    by: User | None,
    *,
    code: str | None = None,
    reference: str | None = None,
    registration: Registration | None = None,
    day: WorkshopDay | None = None,
    scanned_at: datetime | None = None,
    device: str = "",
    nonce: str | None = None,
    method: str = "qr",
    offline: bool = False,
    device_result: str | None = None,
) -> ScanOutcome:
    """Judge one scan and record it in the scan log.

    One live check-in per registration and day is enforced by a partial unique index; the
    registration row is locked first, so two devices scanning one badge at once record exactly one
    check-in. A nonce is unique in the scan log: a retried request gets the first answer back and
    adds no row. The common path costs three statements (lock, scan, check-in).

    Scans judged offline arrive later, in any order: a day's check-in belongs to the earliest scan,
    so a scan older than the recorded check-in takes it over."""
    now = utcnow()
    scanned_at = scanned_at or now
    if registration is not None:
        registration = _locked_registration(Registration.id == registration.id)
    elif code is not None:
        token_id = token_id_for_code(code)
        registration = _locked_registration(Registration.token_id == token_id) if token_id else None
    elif reference is not None:
        registration = _locked_registration(Registration.reference == tokens.normalise_reference(reference))
    day = day or day_of(workshop, scanned_at)
    if registration is None:
        result = ScanResult.INVALID
    elif registration.workshop_id != workshop.id:
        result = ScanResult.OTHER_WORKSHOP
    elif registration.status == RegistrationStatus.CANCELLED:
        result = ScanResult.CANCELLED
    elif registration.status in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        result = ScanResult.PENDING_APPROVAL
    elif day is None or day.workshop_id != workshop.id:
        result = ScanResult.NOT_TODAY
    else:
        result = ScanResult.OK  # unless the unique index says it is already there

    fields = dict(
        workshop_id=workshop.id, day_id=day.id if day and day.workshop_id == workshop.id else None,
        registration_id=registration.id if registration and registration.workshop_id == workshop.id else None,
        method=method, device=device[:100], user_id=by.id if by else None, scanned_at=scanned_at, received_at=now,
        client_nonce=nonce or None, offline=offline, device_result=device_result,
    )
    scan = Scan(result=result, **fields)
    made = None
    try:
        with db.session.begin_nested():
            db.session.add(scan)
            db.session.flush()
            if result == ScanResult.OK:
                made = CheckIn(registration_id=registration.id, day_id=day.id, scan_id=scan.id,
                               checked_in_at=scanned_at, by_id=by.id if by else None)
                db.session.add(made)
                db.session.flush()
    except IntegrityError:
        if nonce:
            earlier = db.session.scalar(sa.select(Scan).where(Scan.client_nonce == nonce))
            if earlier is not None:  # a retry: the first answer stands
                return _outcome_of(earlier)
        # The registration already has a live check-in for this day.
        existing = _live_check_in(registration.id, day.id)
        earlier = existing is not None and scanned_at < existing.checked_in_at
        scan = Scan(result=ScanResult.OK if earlier else ScanResult.ALREADY_CHECKED_IN, **fields)
        db.session.add(scan)
        db.session.flush()
        if earlier:
            existing.scan_id, existing.checked_in_at = scan.id, scanned_at
            existing.by_id = by.id if by else None
            db.session.flush()
        return ScanOutcome(scan.result, scan, registration, existing)
    return ScanOutcome(result, scan, registration, made)


ROSTER_LIFETIME = timedelta(hours=36)


def roster(workshop: Workshop) -> dict:
    """What a scanner needs to judge codes offline: days, the public key, and for each registration
    only the code's random part, reference, name, organisation and status (no phone, no email)."""
    now = utcnow()
    registrations = list_registrations(workshop)
    live = db.session.execute(
        sa.select(CheckIn.registration_id, CheckIn.day_id).join(Registration)
        .where(Registration.workshop_id == workshop.id, CheckIn.undone_at.is_(None)))
    tz = local_timezone()
    return {
        "workshop": {"id": workshop.id, "title": str(workshop.title)},
        "taken_at": now.isoformat(), "expires_at": (now + ROSTER_LIFETIME).isoformat(),
        "public_key": public_key(),
        "days": [{"id": d.id, "date": local(d.starts_at, tz).date().isoformat(),
                  "starts_at": d.starts_at.isoformat(), "ends_at": d.ends_at.isoformat()} for d in workshop.days],
        "registrations": [{
            "id": r.id, "token_id": r.token_id, "reference": r.reference, "name": r.participant.full_name,
            "organisation": r.participant.organisation_label, "status": r.status.value,
        } for r in registrations],
        "check_ins": [{"registration_id": registration_id, "day_id": day_id} for registration_id, day_id in live],
    }


def undo_check_in(item: CheckIn, by: User) -> CheckIn:
    if item.undone_at is not None:
        raise NotCheckedIn()
    item.undone_at = utcnow()
    item.undone_by_id = by.id
    db.session.flush()
    return item


def walk_in(workshop: Workshop, data: PersonData, by: User, day: WorkshopDay | None = None,
            device: str = "") -> ScanOutcome:
    """Someone not registered arrives at the door: register and check in at once."""
    participant = create_participant(data, by)
    registration = register(workshop, participant, by, source="walk_in")
    return check_in(workshop, by, registration=registration, day=day, device=device, method="walk_in")


def offline_walk_in(workshop: Workshop, data: PersonData, by: User | None, *, nonce: str, scanned_at: datetime,
                    device: str = "", day: WorkshopDay | None = None) -> ScanOutcome:
    """A walk-in registered on a device without network, created when the queue syncs. Someone
    already known with the same phone is flagged as a possible duplicate, never merged silently."""
    earlier = db.session.scalar(sa.select(Scan).where(Scan.client_nonce == nonce))
    if earlier is not None:
        return _outcome_of(earlier)
    savepoint = db.session.begin_nested()
    participant = create_participant(data, by)
    if participant.phone:
        participant.duplicate_of_id = db.session.scalar(
            sa.select(Participant.id).where(Participant.phone == participant.phone, Participant.id != participant.id,
                                            Participant.merged_into_id.is_(None)).order_by(Participant.id).limit(1))
    registration = register(workshop, participant, by, source="walk_in")
    outcome = check_in(workshop, by, registration=registration, day=day, scanned_at=scanned_at, device=device,
                       nonce=nonce, method="walk_in", offline=True, device_result=ScanResult.OK.value)
    if outcome.registration is not registration:  # the same queue replayed at the same moment
        savepoint.rollback()
        return outcome
    savepoint.commit()
    return outcome


def merge_participant(duplicate: Participant, by: User) -> Participant:
    """Fold a flagged duplicate into the person it duplicates: registrations move over; where both
    were registered to one workshop, check-ins move to the kept registration and the other is cancelled."""
    original = duplicate.duplicate_of
    if original is None:
        raise NotADuplicate()
    now = utcnow()
    for registration in list(duplicate.registrations):
        twin = db.session.scalar(sa.select(Registration).where(
            Registration.workshop_id == registration.workshop_id, Registration.participant_id == original.id))
        if twin is None:
            registration.participant = original
            continue
        for item in [c for c in registration.check_ins if c.undone_at is None]:
            kept = _live_check_in(twin.id, item.day_id)
            if kept is not None and kept.checked_in_at <= item.checked_in_at:
                item.undone_at, item.undone_by_id = now, by.id
            else:  # the earliest scan of the day keeps the check-in
                if kept is not None:
                    kept.undone_at, kept.undone_by_id = now, by.id
                    db.session.flush()
                item.registration_id = twin.id
            db.session.flush()
        if registration.status != RegistrationStatus.CANCELLED:
            cancel_registration(registration, by)
    duplicate.merged_into_id, duplicate.duplicate_of_id = original.id, None
    db.session.flush()
    return original


def keep_separate(duplicate: Participant) -> Participant:
    """The organiser says the flagged walk-in is a different person."""
    if duplicate.duplicate_of_id is None:
        raise NotADuplicate()
    duplicate.duplicate_of_id = None
    db.session.flush()
    return duplicate


# ---------------------------------------------------------------- attendance


@dataclass
class DayTotals:
    day: WorkshopDay
    attended: int = 0
    by_sex: Counter[Sex] = field(default_factory=Counter)
    by_organisation_type: Counter[str] = field(default_factory=Counter)


@dataclass
class Attendance:
    registrations: list[Registration]
    days: list[WorkshopDay]
    present: dict[int, dict[int, CheckIn]]  # registration id → day id → live check-in
    totals: list[DayTotals]
    expected: int  # confirmed registrations

    def rate(self, totals: DayTotals) -> float | None:
        return totals.attended / self.expected if self.expected else None


def attendance(workshop: Workshop) -> Attendance:
    """Who came on which day, from the live check-ins (the scan log's successful scans)."""
    registrations = [r for r in list_registrations(workshop) if r.status != RegistrationStatus.CANCELLED]
    live = db.session.scalars(
        sa.select(CheckIn).join(Registration).where(Registration.workshop_id == workshop.id,
                                                    CheckIn.undone_at.is_(None)))
    present: dict[int, dict[int, CheckIn]] = {}
    for item in live:
        present.setdefault(item.registration_id, {})[item.day_id] = item
    by_id = {r.id: r for r in registrations}
    totals = []
    for day in workshop.days:
        day_totals = DayTotals(day)
        for registration_id, days in present.items():
            if day.id in days and registration_id in by_id:
                person = by_id[registration_id].participant
                day_totals.attended += 1
                day_totals.by_sex[person.sex] += 1
                day_totals.by_organisation_type[person.organisation_type.value if person.organisation_type else ""] += 1
        totals.append(day_totals)
    expected = sum(1 for r in registrations if r.status == RegistrationStatus.CONFIRMED)
    return Attendance(registrations, list(workshop.days), present, totals, expected)


def scan_log(workshop: Workshop, limit: int | None = 500) -> list[Scan]:
    """The newest scans first (all of them with limit=None)."""
    query = sa.select(Scan).where(Scan.workshop_id == workshop.id).order_by(Scan.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def today_in_baghdad() -> date:
    return local(utcnow()).date()
