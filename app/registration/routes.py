"""Participants of a workshop, the participant's own page with their QR code, the door scanner and
its JSON API, attendance and the scan log."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.auth.models import Governorate, Organisation, OrganisationType
from app.auth.services import list_governorates, list_organisations
from app.errors import DomainError, show_on_form
from app.events.models import Workshop, WorkshopDay, WorkshopStatus
from app.events.services import can_view
from app.extensions import db, limiter
from app.i18n.formatting import format_datetime, format_time
from app.i18n.services import text_direction
from app.registration import bp
from app.registration.forms import (
    ImportMappingForm,
    ImportUploadForm,
    ParticipantForm,
    SearchForm,
    SelfRegistrationForm,
    WalkInForm,
)
from app.registration.models import (
    AgeGroup,
    CheckIn,
    Disability,
    Participant,
    Registration,
    RegistrationStatus,
    ScanResult,
    Sex,
)
from app.registration.documents import badges_document, sign_in_sheets_document
from app.registration.imports import (
    FIELDS,
    MAX_BYTES,
    ImportFileError,
    check_rows,
    drop_upload,
    guess_mapping,
    import_rows,
    load_upload,
    read_table,
    save_upload,
)
from app.registration.qr import qr_data_uri
from app.registration.spreadsheets import XLSX_MIMETYPE, table_to_csv, table_to_xlsx
from app.surveys.services import open_surveys
from app.certificates.services import certificates_of
from app.registration.services import (
    AlreadyRegistered,
    NameRequired,
    PersonData,
    ScanOutcome,
    approve_registration,
    attendance,
    can_run,
    cancel_registration,
    check_in,
    code_for,
    confirmed_count,
    create_participant,
    is_full,
    join_token,
    keep_separate,
    merge_participant,
    offline_walk_in,
    list_registrations,
    possible_duplicates,
    register,
    registration_for_code,
    reissue_code,
    roster,
    scan_log,
    search_participants,
    self_register,
    undo_check_in,
    update_participant,
    walk_in,
    workshop_for_join,
)

NONE = 0


@bp.app_template_global()
def organisation_type_label(value: str) -> str:
    return OrganisationType(value).label if value else _("Not recorded")


@bp.app_template_global()
def can_run_workshop(workshop: Workshop) -> bool:
    return current_user.is_authenticated and can_run(current_user, workshop)


def _run_or_403(workshop_id: int) -> Workshop:
    """The workshop if the user runs its door; 403 if they may only see it, 404 otherwise."""
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)
    return workshop


def _prepare(form) -> None:
    form.organisation_id.choices = [SelectChoice(NONE, _("— none —"))] + [
        SelectChoice(o.id, str(o.name)) for o in list_organisations(active_only=True)]
    if hasattr(form, "governorate_id"):
        form.governorate_id.choices = [SelectChoice(NONE, _("— none —"))] + [
            SelectChoice(g.id, str(g.name)) for g in list_governorates()]


def _person(form) -> PersonData:
    organisation = db.get_or_404(Organisation, form.organisation_id.data) if form.organisation_id.data else None
    data = PersonData(
        full_name=form.full_name.data or "", sex=Sex(form.sex.data), phone=form.phone.data or "",
        organisation=organisation, organisation_name=form.organisation_name.data or "",
        consent_given=form.consent_given.data,
    )
    if isinstance(form, ParticipantForm):
        data.name_latin = form.name_latin.data or ""
        data.age_group = AgeGroup(form.age_group.data)
        data.disability = Disability(form.disability.data)
        data.organisation_type = OrganisationType(form.organisation_type.data) if form.organisation_type.data else None
        data.position = form.position.data or ""
        data.governorate = db.get_or_404(Governorate, form.governorate_id.data) if form.governorate_id.data else None
        data.email = form.email.data or ""
        data.locale = form.locale.data
    return data


@bp.get("/workshops/<int:workshop_id>/participants")
@login_required
def participant_list(workshop_id: int) -> str:
    workshop = _run_or_403(workshop_id)
    form = SearchForm(request.args)
    found = search_participants(workshop, form.q.data or "") if form.validate() and form.q.data else None
    join_url = url_for("registration.self_registration", token=join_token(workshop), _external=True)
    return render_template("registration/participant_list.html", workshop=workshop, form=form,
                           registrations=found if found is not None else list_registrations(workshop),
                           searching=found is not None, join_url=join_url, join_qr=qr_data_uri(join_url),
                           confirmed=confirmed_count(workshop))


@bp.route("/workshops/<int:workshop_id>/participants/new", methods=["GET", "POST"])
@login_required
def participant_create(workshop_id: int) -> Response | str:
    workshop = _run_or_403(workshop_id)
    form = ParticipantForm()
    _prepare(form)
    candidates = []
    if form.validate_on_submit():
        data = _person(form)
        choice = form.same_person.data or ""
        # People who may be the same are shown first; the organiser picks one or "a new person".
        candidates = [] if choice else possible_duplicates(data)
        if not candidates:
            existing = db.get_or_404(Participant, int(choice)) if choice.isdigit() else None
            try:
                participant = existing or create_participant(data, current_user)
                registration = register(workshop, participant, current_user)
            except DomainError as error:
                db.session.rollback()
                show_on_form(form, error, {NameRequired: "full_name", AlreadyRegistered: "full_name"})
            else:
                db.session.commit()
                flash(_("%(name)s is registered. Reference: %(reference)s.", name=participant.full_name,
                        reference=registration.reference), "success")
                return redirect(url_for("registration.participant_list", workshop_id=workshop.id))
    return render_template("registration/participant_form.html", workshop=workshop, form=form,
                           candidates=candidates)


def _registration_managed(registration_id: int) -> Registration:
    registration = db.get_or_404(Registration, registration_id)
    _run_or_403(registration.workshop_id)
    return registration


def _registration_action(registration_id: int, action: Callable[[Registration], object], done: str) -> Response:
    """A button on the participants list: run one service on a registration, then back to the list."""
    registration = _registration_managed(registration_id)
    try:
        action(registration)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("registration.participant_list", workshop_id=registration.workshop_id))


@bp.post("/<int:registration_id>/cancel")
@login_required
def registration_cancel(registration_id: int) -> Response:
    return _registration_action(registration_id, lambda r: cancel_registration(r, current_user),
                                _("Registration cancelled: its QR code no longer works."))


@bp.route("/<int:registration_id>/edit", methods=["GET", "POST"])
@login_required
def participant_edit(registration_id: int) -> Response | str:
    """Correct a participant's details (they are one person across all their workshops)."""
    registration = _registration_managed(registration_id)
    person = registration.participant
    form = ParticipantForm(obj=person)
    _prepare(form)
    if request.method == "GET":
        form.organisation_id.data = person.organisation_id or NONE
        form.governorate_id.data = person.governorate_id or NONE
        form.organisation_type.data = person.organisation_type.value if person.organisation_type else ""
    if form.validate_on_submit():
        try:
            update_participant(person, _person(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {NameRequired: "full_name"})
        else:
            db.session.commit()
            flash(_("Participant saved."), "success")
            return redirect(url_for("registration.participant_list", workshop_id=registration.workshop_id))
    return render_template("registration/participant_form.html", workshop=registration.workshop, form=form,
                           candidates=[], editing=True)


@bp.post("/<int:registration_id>/merge")
@login_required
def participant_merge(registration_id: int) -> Response:
    """Fold a walk-in flagged as a possible duplicate into the known person."""
    return _registration_action(registration_id, lambda r: merge_participant(r.participant, current_user),
                                _("Merged: one person, one check-in per day."))


@bp.post("/<int:registration_id>/keep-separate")
@login_required
def participant_keep_separate(registration_id: int) -> Response:
    return _registration_action(registration_id, lambda r: keep_separate(r.participant),
                                _("Kept as two different people."))


@bp.post("/<int:registration_id>/approve")
@login_required
def registration_approve(registration_id: int) -> Response:
    return _registration_action(registration_id, approve_registration, _("Registration confirmed."))


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def self_registration(token: str) -> Response | str:
    """The workshop's public registration page (its link and QR are on the participants page)."""
    workshop = workshop_for_join(token)
    if workshop is None:
        abort(404)
    form = SelfRegistrationForm()
    form.governorate_id.choices = [SelectChoice(NONE, _("— none —"))] + [
        SelectChoice(g.id, str(g.name)) for g in list_governorates()]
    if form.validate_on_submit():
        data = PersonData(
            full_name=form.full_name.data, name_latin=form.name_latin.data or "", sex=Sex(form.sex.data),
            age_group=AgeGroup(form.age_group.data), disability=Disability(form.disability.data),
            phone=form.phone.data or "", email=form.email.data or "", organisation_name=form.organisation_name.data or "",
            position=form.position.data or "", consent_given=form.consent_given.data, locale=str(get_locale() or "ar"),
            governorate=db.get_or_404(Governorate, form.governorate_id.data) if form.governorate_id.data else None,
        )
        try:
            registration = self_register(workshop, data)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {NameRequired: "full_name"})
        else:
            code = code_for(registration)
            db.session.commit()
            flash({
                RegistrationStatus.CONFIRMED: _("You are registered. Keep this page: show its code at the door."),
                RegistrationStatus.PENDING: _("Thank you. The organisers will confirm your registration."),
                RegistrationStatus.WAITLISTED: _("The workshop is full: you are on the waiting list."),
            }[registration.status], "success")
            return redirect(url_for("registration.participant_page", code=code))
    return render_template("registration/self_registration.html", workshop=workshop, form=form,
                           is_open=workshop.self_registration and workshop.status == WorkshopStatus.OPEN,
                           full=is_full(workshop))


@bp.post("/<int:registration_id>/reissue")
@login_required
def registration_reissue(registration_id: int) -> Response:
    return _registration_action(registration_id, reissue_code,
                                _("New code issued: the old QR code and reference no longer work."))


@bp.get("/p/<code>")
def participant_page(code: str) -> str:
    """The participant's own page, opened from the link or QR they received: shows their code."""
    registration = registration_for_code(code)
    if registration is None:
        abort(404)
    url = url_for("registration.participant_page", code=code, _external=True)
    return render_template("registration/participant_page.html", registration=registration,
                           qr=qr_data_uri(url), url=url, code=code, surveys=open_surveys(registration),
                           certificates=certificates_of(registration))


@bp.get("/workshops/<int:workshop_id>/codes/<int:registration_id>")
@login_required
def participant_code(workshop_id: int, registration_id: int) -> Response:
    """Where organisers find a participant's personal link (to send by SMS, WhatsApp or email)."""
    workshop = _run_or_403(workshop_id)
    registration = db.get_or_404(Registration, registration_id)
    if registration.workshop_id != workshop.id:
        abort(404)
    return redirect(url_for("registration.participant_page", code=code_for(registration)))


# ---------------------------------------------------------------- the door


@bp.get("/workshops/<int:workshop_id>/scanner")
@login_required
def scanner(workshop_id: int) -> str:
    workshop = _run_or_403(workshop_id)
    form = WalkInForm(formdata=None)
    _prepare(form)
    labels = {result.value: result.label for result in ScanResult}
    return render_template("registration/scanner.html", workshop=workshop, walk_in_form=form,
                           search_form=SearchForm(formdata=None), result_labels=labels)


@bp.get("/workshops/<int:workshop_id>/manifest.webmanifest")
@login_required
def scanner_manifest(workshop_id: int) -> Response:
    """Makes the scanner installable as an app that opens on this workshop's door."""
    workshop = _run_or_403(workshop_id)
    manifest = {
        "name": _("Check-in: %(title)s", title=str(workshop.title)), "short_name": _("Check-in"),
        "start_url": url_for("registration.scanner", workshop_id=workshop.id), "scope": "/registration/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0d6efd",
        "lang": str(get_locale() or "en"), "dir": text_direction(str(get_locale() or "en")),
        "icons": [{"src": url_for("static", filename=f"pwa/icon-{size}.png"), "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": "any"} for size in (192, 512)],
    }
    return Response(json.dumps(manifest, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker() -> Response:
    """The scanner's service worker, served under /registration/ so that it may control the scanner."""
    response = current_app.send_static_file("js/scanner-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    response.mimetype = "text/javascript"
    return response


@bp.get("/api/csrf")
@login_required
def api_csrf() -> Response:
    """A fresh CSRF token for a scanner page that was opened from the cache, to sync its queue."""
    return jsonify(csrf_token=generate_csrf())


def _outcome_json(outcome: ScanOutcome) -> dict:
    registration = outcome.registration
    body: dict = {"result": outcome.result.value, "message": outcome.result.label, "scan_id": outcome.scan.id}
    if registration is not None and outcome.result != ScanResult.OTHER_WORKSHOP:
        person = registration.participant
        body["participant"] = {"name": person.full_name, "organisation": person.organisation_label,
                               "reference": registration.reference}
    if outcome.check_in is not None:
        body["check_in"] = {
            "id": outcome.check_in.id, "at": outcome.check_in.checked_in_at.isoformat(),
            "at_display": format_time(outcome.check_in.checked_in_at),
            "by": outcome.check_in.by.full_name if outcome.check_in.by else "",
        }
        if outcome.result == ScanResult.ALREADY_CHECKED_IN:
            body["message"] = _("Already checked in today at %(time)s by %(name)s",
                                time=body["check_in"]["at_display"], name=body["check_in"]["by"])
    return body


def _parse_device_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@bp.post("/api/workshops/<int:workshop_id>/check-ins")
@login_required
def api_check_in(workshop_id: int) -> tuple[Response, int]:
    """Check in by signed code or reference. JSON in: {"code" | "reference" | "registration_id",
    "day_id"?, "nonce"?, "device"?, "scanned_at"?}. JSON out: {"result", "message", "participant"?,
    "check_in"?}. See the README for the result codes."""
    workshop = _run_or_403(workshop_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="bad_request", message=_("Send a JSON object.")), 400
    nonce = payload.get("nonce")
    if nonce is not None and (not isinstance(nonce, str) or not 8 <= len(nonce) <= 64):
        return jsonify(error="bad_request", message=_("The nonce must be 8 to 64 characters.")), 400
    day = None
    if payload.get("day_id") is not None:
        day = db.session.get(WorkshopDay, payload["day_id"]) if isinstance(payload["day_id"], int) else None
        if day is None or day.workshop_id != workshop.id:
            return jsonify(error="bad_request", message=_("This day does not belong to the workshop.")), 400
    registration = None
    if isinstance(payload.get("registration_id"), int):
        registration = db.session.get(Registration, payload["registration_id"])
        if registration is None:
            return jsonify(error="bad_request", message=_("Unknown registration.")), 400
    code, reference = payload.get("code"), payload.get("reference")
    if registration is None and not isinstance(code, str) and not isinstance(reference, str):
        return jsonify(error="bad_request", message=_("Send a code or a reference.")), 400
    outcome = check_in(
        workshop, current_user, code=code if isinstance(code, str) else None,
        reference=reference if isinstance(reference, str) else None, registration=registration, day=day,
        scanned_at=_parse_device_time(payload.get("scanned_at")), device=str(payload.get("device") or "")[:100],
        nonce=nonce, method="qr" if isinstance(code, str) else "reference" if reference else "manual",
    )
    body = _outcome_json(outcome)  # before the commit expires what it reads
    db.session.commit()
    return jsonify(body), 200


@bp.get("/api/workshops/<int:workshop_id>/roster")
@login_required
def api_roster(workshop_id: int) -> Response:
    """Prepare a device for offline check-in (a facilitator's session is needed; the copy expires)."""
    workshop = _run_or_403(workshop_id)
    response = jsonify(roster(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response


MAX_SYNC_ITEMS = 500


@bp.post("/api/workshops/<int:workshop_id>/sync")
@login_required
def api_sync(workshop_id: int) -> tuple[Response, int]:
    """Apply a device's queue of check-ins judged offline: {"device", "items": [{"nonce", "code" |
    "reference" | "registration_id", "scanned_at", "day_id"?, "device_result"?}]}. Oldest first, each
    on its own and idempotent by nonce; answers one result per item, in the order sent."""
    workshop = _run_or_403(workshop_id)
    payload = request.get_json(silent=True)
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, list) or len(items) > MAX_SYNC_ITEMS:
        return jsonify(error="bad_request", message=_("Send at most 500 items.")), 400
    device = str(payload.get("device") or "")[:100]
    answers: dict[int, dict] = {}
    valid: list[tuple[datetime, int, dict]] = []
    for index, item in enumerate(items):
        nonce = item.get("nonce") if isinstance(item, dict) else None
        scanned_at = _parse_device_time(item.get("scanned_at")) if isinstance(item, dict) else None
        if not isinstance(nonce, str) or not 8 <= len(nonce) <= 64 or scanned_at is None:
            answers[index] = {"nonce": nonce if isinstance(nonce, str) else None, "error": "bad_request",
                              "message": _("Each item needs a nonce and the scan time.")}
        else:
            valid.append((scanned_at, index, item))
    for scanned_at, index, item in sorted(valid, key=lambda entry: (entry[0], entry[1])):
        day = db.session.get(WorkshopDay, item["day_id"]) if isinstance(item.get("day_id"), int) else None
        day = day if day is not None and day.workshop_id == workshop.id else None
        if isinstance(item.get("walk_in"), dict):
            person = item["walk_in"]
            try:
                outcome = offline_walk_in(workshop, PersonData(
                    full_name=str(person.get("full_name") or "")[:200], phone=str(person.get("phone") or "")[:32],
                    sex=Sex(person["sex"]) if person.get("sex") in {s.value for s in Sex} else Sex.NOT_RECORDED,
                    organisation_name=str(person.get("organisation_name") or "")[:200],
                    consent_given=bool(person.get("consent_given"))),
                    current_user, nonce=item["nonce"], scanned_at=scanned_at, device=device, day=day)
            except DomainError as error:
                db.session.rollback()
                answers[index] = {"nonce": item["nonce"], "error": "rejected", "message": str(error.message)}
                continue
            answers[index] = {"nonce": item["nonce"], **_outcome_json(outcome)}
            db.session.commit()
            continue
        registration = (db.session.get(Registration, item["registration_id"])
                        if isinstance(item.get("registration_id"), int) else None)
        code, reference = item.get("code"), item.get("reference")
        outcome = check_in(
            workshop, current_user, code=code if isinstance(code, str) else None,
            reference=reference if isinstance(reference, str) else None, registration=registration,
            day=day, scanned_at=scanned_at,
            device=device, nonce=item["nonce"], method="qr" if isinstance(code, str) else "reference",
            offline=True, device_result=str(item.get("device_result") or "")[:30] or None,
        )
        answers[index] = {"nonce": item["nonce"], **_outcome_json(outcome)}
        db.session.commit()  # each item on its own: one device's queue never blocks another's
    return jsonify(results=[answers[index] for index in range(len(items))]), 200


@bp.get("/workshops/<int:workshop_id>/search")
@login_required
def api_search(workshop_id: int) -> Response:
    workshop = _run_or_403(workshop_id)
    form = SearchForm(request.args)
    found = search_participants(workshop, form.q.data or "") if form.validate() else []
    return jsonify(results=[{
        "registration_id": r.id, "name": r.participant.full_name, "organisation": r.participant.organisation_label,
        "reference": r.reference, "status": r.status.value, "status_label": r.status.label,
    } for r in found])


@bp.post("/workshops/<int:workshop_id>/walk-in")
@login_required
def walk_in_create(workshop_id: int) -> Response | str:
    workshop = _run_or_403(workshop_id)
    form = WalkInForm()
    _prepare(form)
    if form.validate_on_submit():
        try:
            outcome = walk_in(workshop, _person(form), current_user, device="scanner")
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("%(name)s registered at the door: %(result)s.", name=outcome.registration.participant.full_name,
                    result=outcome.result.label), "success" if outcome.result == ScanResult.OK else "warning")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("registration.scanner", workshop_id=workshop.id))


@bp.post("/check-ins/<int:check_in_id>/undo")
@login_required
def check_in_undo(check_in_id: int) -> Response:
    item = db.get_or_404(CheckIn, check_in_id)
    workshop = _run_or_403(item.registration.workshop_id)
    try:
        undo_check_in(item, current_user)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Check-in undone."), "success")
    return redirect(url_for("registration.attendance_view", workshop_id=workshop.id))


# ---------------------------------------------------------------- attendance


@bp.get("/workshops/<int:workshop_id>/attendance")
@login_required
def attendance_view(workshop_id: int) -> str:
    workshop = _run_or_403(workshop_id)
    return render_template("registration/attendance.html", workshop=workshop, attendance=attendance(workshop),
                           Sex=Sex)


def _attendance_table(workshop: Workshop) -> tuple[list[str], list[list[str]]]:
    """The attendance list as header and rows: the reports' "list of participants"."""
    data = attendance(workshop)
    header = [_("Name"), _("Name in Latin letters"), _("Sex"), _("Organisation"), _("Position"), _("Phone"),
              _("Reference")] + [format_datetime(d.starts_at, "yyyy-MM-dd") for d in data.days]
    rows = []
    for registration in data.registrations:
        person = registration.participant
        days = data.present.get(registration.id, {})
        rows.append([person.full_name, person.name_latin, person.sex.label, person.organisation_label,
                     person.position, person.phone, registration.reference]
                    + [format_time(days[d.id].checked_in_at) if d.id in days else "" for d in data.days])
    return header, rows


@bp.get("/workshops/<int:workshop_id>/attendance.<any(csv, xlsx):kind>")
@login_required
def attendance_export(workshop_id: int, kind: str) -> Response:
    workshop = _run_or_403(workshop_id)
    header, rows = _attendance_table(workshop)
    filename = f"attendance-{workshop.id}.{kind}"
    if kind == "xlsx":
        body, mimetype = table_to_xlsx(header, rows, _("Attendance")), XLSX_MIMETYPE
    else:
        body, mimetype = table_to_csv(header, rows), "text/csv"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _pdf(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _participant_url(registration: Registration) -> str:
    return url_for("registration.participant_page", code=code_for(registration), _external=True)


@bp.get("/workshops/<int:workshop_id>/badges.pdf")
@login_required
def badges(workshop_id: int) -> Response:
    """Badges of every confirmed participant: an A4 sheet of 8 (or ?per_page=1 for card printers)."""
    workshop = _run_or_403(workshop_id)
    per_page = 1 if request.args.get("per_page") == "1" else 8
    registrations = [(r, _participant_url(r)) for r in list_registrations(workshop)
                     if r.status == RegistrationStatus.CONFIRMED]
    if not registrations:
        flash(_("There is no confirmed participant to print a badge for."), "warning")
        return redirect(url_for("registration.participant_list", workshop_id=workshop.id))
    return _pdf(badges_document(registrations, per_page), f"badges-{workshop.id}.pdf")


@bp.get("/<int:registration_id>/badge.pdf")
@login_required
def badge(registration_id: int) -> Response:
    registration = _registration_managed(registration_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    return _pdf(badges_document([(registration, _participant_url(registration))], per_page=1),
                f"badge-{registration.reference}.pdf")


@bp.get("/workshops/<int:workshop_id>/sign-in-sheet.pdf")
@login_required
def sign_in_sheet(workshop_id: int) -> Response:
    """Printable sign-in sheets, one per day (or ?day=<id>), with empty rows for walk-ins."""
    workshop = _run_or_403(workshop_id)
    days = list(workshop.days)
    if request.args.get("day", type=int):
        days = [d for d in days if d.id == request.args.get("day", type=int)]
    if not days:
        abort(404)
    rtl = text_direction(str(get_locale() or "en")) == "rtl"
    return _pdf(sign_in_sheets_document(workshop, list_registrations(workshop), days, rtl),
                f"sign-in-sheet-{workshop.id}.pdf")


@bp.get("/workshops/<int:workshop_id>/scans")
@login_required
def scan_list(workshop_id: int) -> str:
    workshop = _run_or_403(workshop_id)
    scans = scan_log(workshop)
    return render_template("registration/scan_list.html", workshop=workshop, scans=scans,
                           to_review=[scan for scan in scans if scan.accepted_offline_but_refused])


@bp.get("/workshops/<int:workshop_id>/scans.csv")
@login_required
def scan_export(workshop_id: int) -> Response:
    workshop = _run_or_403(workshop_id)
    header = ["received_at", "scanned_at", "result", "participant", "reference", "method", "device", "user",
              "offline", "device_result", "accepted_offline_but_refused"]
    rows = []
    for scan in scan_log(workshop, limit=None):
        rows.append([
            scan.received_at.isoformat(), scan.scanned_at.isoformat(), scan.result.value,
            scan.registration.participant.full_name if scan.registration else "",
            scan.registration.reference if scan.registration else "", scan.method, scan.device,
            scan.user.username if scan.user else "", "yes" if scan.offline else "no", scan.device_result or "",
            "yes" if scan.accepted_offline_but_refused else "no"])
    return Response(table_to_csv(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="scan-log-{workshop.id}.csv"'})


# ---------------------------------------------------------------- import


def _uploads() -> Path:
    return Path(current_app.instance_path) / "imports"


@bp.route("/workshops/<int:workshop_id>/import", methods=["GET", "POST"])
@login_required
def import_upload(workshop_id: int) -> Response | str:
    workshop = _run_or_403(workshop_id)
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        try:
            read_table(upload.filename or "", data)  # refuse an unreadable file now, not after the preview
        except DomainError as error:
            show_on_form(form, error, {ImportFileError: "file"})
        else:
            upload_id = save_upload(_uploads(), workshop, upload.filename or "list.csv", data)
            return redirect(url_for("registration.import_preview", workshop_id=workshop.id, upload_id=upload_id))
    return render_template("registration/import_upload.html", workshop=workshop, form=form, fields=FIELDS)


@bp.route("/workshops/<int:workshop_id>/import/<upload_id>", methods=["GET", "POST"])
@login_required
def import_preview(workshop_id: int, upload_id: str) -> Response | str:
    """Each row checked against the chosen header mapping; import the valid rows, or nothing."""
    workshop = _run_or_403(workshop_id)
    upload = load_upload(_uploads(), workshop, upload_id)
    if upload is None:
        abort(404)
    rows = read_table(*upload)
    form = ImportMappingForm()
    mapping = guess_mapping(rows[0])
    if form.validate_on_submit():
        mapping = [request.form.get(f"column-{index}", "") for index in range(len(rows[0]))]
        mapping = [name if name in FIELDS else "" for name in mapping]
        if form.action.data == "cancel":
            drop_upload(_uploads(), upload_id)
            flash(_("Nothing was imported."), "info")
            return redirect(url_for("registration.participant_list", workshop_id=workshop.id))
    try:
        checked = check_rows(workshop, rows, mapping)
    except DomainError as error:
        checked, problem = [], str(error.message)
    else:
        problem = None
        if form.validate_on_submit() and form.action.data == "import":
            count = import_rows(workshop, checked, current_user)
            db.session.commit()
            drop_upload(_uploads(), upload_id)
            skipped = sum(1 for row in checked if not row.valid)
            flash(_("%(count)s participants imported; %(skipped)s rows left out.", count=count, skipped=skipped),
                  "success")
            return redirect(url_for("registration.participant_list", workshop_id=workshop.id))
    return render_template("registration/import_preview.html", workshop=workshop, form=form, headers=rows[0],
                           mapping=mapping, rows=checked, fields=FIELDS, problem=problem,
                           shown=[row for n, row in enumerate(checked) if n < 100 or not row.valid or row.warnings],
                           valid=sum(1 for row in checked if row.valid))
