"""Certificate pages: a workshop's settings and eligibility, issuing and revoking, single and bulk
downloads with progress, organisation templates with a preview, the participant's own download, and
the public verification page."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.auth.models import Organisation
from app.auth.permissions import Permission, permission_required
from app.certificates import bp, verify_bp
from app.certificates.documents import one_certificate_pdf, pdf_filename, sample_certificate
from app.certificates.forms import DecisionForm, RevokeForm, SettingsForm, SignatoryForm, TemplateForm
from app.certificates.jobs import create_export, dispatch, export_job, export_result
from app.certificates.models import Certificate, CertificateJob, EligibilityRule, JobStatus, LanguageMode, Signatory
from app.certificates.services import (
    SettingsData,
    TemplateData,
    add_signatory,
    certificate_for_code,
    certificates_of,
    checked_image,
    decide,
    delete_signatory,
    eligibility,
    issue,
    issue_all,
    revoke,
    save_template,
    settings_for,
    template_look,
    template_of,
    update_settings,
)
from app.engagement.uploads import download_headers
from app.errors import DomainError, show_on_form
from app.events.models import Workshop
from app.events.services import can_view
from app.extensions import db
from app.registration.models import Registration
from app.registration.services import can_run, registration_for_code, today_in_baghdad


def _workshop_or_403(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)
    return workshop


def _verify_base() -> str:
    return url_for("verify.verify", code="", _external=True)


def _pdf(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}", **download_headers()})


@verify_bp.get("/verify/<code>")
def verify(code: str) -> tuple[str, int]:
    """Public: whether a certificate is real. Name, workshop and dates only — nothing else about the person."""
    certificate = certificate_for_code(code)
    return render_template("certificates/verify.html", certificate=certificate), 200 if certificate else 404


@bp.route("/workshops/<int:workshop_id>", methods=["GET", "POST"])
@login_required
def workshop_certificates(workshop_id: int) -> Response | str:
    workshop = _workshop_or_403(workshop_id)
    settings = settings_for(workshop)
    template = template_of(workshop.organisation)
    form = SettingsForm(obj=None if request.method == "POST" else settings)
    form.signatories.choices = [SelectChoice(s.id, s.name) for s in template.signatories]
    if request.method == "GET":
        form.language_mode.data, form.rule.data = settings.language_mode.value, settings.rule.value
        form.signatories.data = list(settings.signatory_ids or [])
    if form.validate_on_submit():
        try:
            update_settings(workshop, SettingsData(
                language_mode=LanguageMode(form.language_mode.data), rule=EligibilityRule(form.rule.data),
                min_days=form.min_days.data or 1, min_percent=form.min_percent.data or 80,
                signatory_ids=form.signatories.data or []))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {DomainError: "signatories"})
        else:
            db.session.commit()
            flash(_("Certificate settings saved."), "success")
            return redirect(url_for("certificates.workshop_certificates", workshop_id=workshop.id))
    rows = eligibility(workshop)
    db.session.commit()  # the settings made with their defaults on a first visit
    return render_template("certificates/workshop_certificates.html", workshop=workshop, form=form, rows=rows,
                           decision_form=DecisionForm(), revoke_form=RevokeForm(), template=template)


@bp.post("/workshops/<int:workshop_id>/decisions")
@login_required
def decision(workshop_id: int) -> Response:
    workshop = _workshop_or_403(workshop_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "danger")
        return redirect(url_for("certificates.workshop_certificates", workshop_id=workshop.id))
    registration = db.get_or_404(Registration, int(form.registration_id.data))
    include = {"yes": True, "no": False}.get(form.include.data)
    try:
        decide(workshop, registration, include, form.reason.data, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("Decision recorded."), "success")
    return redirect(url_for("certificates.workshop_certificates", workshop_id=workshop.id) + "#eligibility")


@bp.post("/workshops/<int:workshop_id>/issue")
@login_required
def issue_certificates(workshop_id: int) -> Response:
    workshop = _workshop_or_403(workshop_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("registration_id"):
            issued = [issue(workshop, db.get_or_404(Registration, int(request.form["registration_id"])), current_user)]
        else:
            issued = issue_all(workshop, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("Certificates issued: %(count)s.", count=len(issued)), "success")
    return redirect(url_for("certificates.workshop_certificates", workshop_id=workshop.id) + "#eligibility")


def _certificate_or_403(certificate_id: int) -> Certificate:
    certificate = db.get_or_404(Certificate, certificate_id)
    _workshop_or_403(certificate.workshop_id)
    return certificate


@bp.get("/<int:certificate_id>.pdf")
@login_required
def certificate_file(certificate_id: int) -> Response:
    certificate = _certificate_or_403(certificate_id)
    body = one_certificate_pdf(certificate, settings_for(certificate.workshop), _verify_base() + certificate.code)
    return _pdf(body, pdf_filename(certificate))


@bp.post("/<int:certificate_id>/revoke")
@login_required
def revoke_certificate(certificate_id: int) -> Response:
    certificate = _certificate_or_403(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Write the reason."), "danger")
    else:
        try:
            revoke(certificate, form.reason.data, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("Certificate %(number)s revoked.", number=certificate.number), "success")
    return redirect(url_for("certificates.workshop_certificates", workshop_id=certificate.workshop_id) + "#eligibility")


# ---------------------------------------------------------------- bulk exports


@bp.post("/workshops/<int:workshop_id>/exports")
@login_required
def start_export(workshop_id: int) -> Response:
    workshop = _workshop_or_403(workshop_id)
    if not FlaskForm().validate_on_submit() or request.form.get("kind") not in ("pdf", "zip"):
        abort(400)
    try:
        job = create_export(workshop, request.form["kind"], current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(url_for("certificates.workshop_certificates", workshop_id=workshop.id))
    db.session.commit()
    dispatch(job.id, _verify_base())
    return redirect(url_for("certificates.export_page", workshop_id=workshop.id, job_id=job.id))


def _job_or_404(workshop_id: int, job_id: int) -> tuple[Workshop, CertificateJob]:
    workshop = _workshop_or_403(workshop_id)
    job = export_job(job_id, workshop)
    if job is None:
        abort(404)
    return workshop, job


@bp.get("/workshops/<int:workshop_id>/exports/<int:job_id>")
@login_required
def export_page(workshop_id: int, job_id: int) -> str:
    workshop, job = _job_or_404(workshop_id, job_id)
    return render_template("certificates/export.html", workshop=workshop, job=job, JobStatus=JobStatus)


@bp.get("/workshops/<int:workshop_id>/exports/<int:job_id>.json")
@login_required
def export_status(workshop_id: int, job_id: int) -> Response:
    _, job = _job_or_404(workshop_id, job_id)
    return jsonify(status=job.status.value, label=str(job.status.label), done=job.done, total=job.total,
                   error=job.error if job.status == JobStatus.FAILED else "",
                   download=url_for("certificates.export_download", workshop_id=workshop_id, job_id=job.id)
                   if job.status == JobStatus.DONE else None)


@bp.get("/workshops/<int:workshop_id>/exports/<int:job_id>/download")
@login_required
def export_download(workshop_id: int, job_id: int) -> Response:
    workshop, job = _job_or_404(workshop_id, job_id)
    body = export_result(job)
    if body is None:
        abort(404)
    if job.kind == "zip":
        return Response(body, mimetype="application/zip", headers={
            "Content-Disposition": f'attachment; filename="certificates-{workshop.id}.zip"', **download_headers()})
    return _pdf(body, f"certificates-{workshop.id}.pdf")


# ---------------------------------------------------------------- the participant's own


@bp.get("/p/<code>/<int:certificate_id>.pdf")
def participant_certificate(code: str, certificate_id: int) -> Response:
    registration = registration_for_code(code)
    certificate = db.get_or_404(Certificate, certificate_id)
    if registration is None or certificate not in certificates_of(registration):
        abort(404)
    body = one_certificate_pdf(certificate, settings_for(certificate.workshop), _verify_base() + certificate.code)
    return _pdf(body, pdf_filename(certificate))


# ---------------------------------------------------------------- organisation templates


def _organisation_for_template() -> Organisation:
    """Organisers edit their own organisation's template; admins any, with ?organisation=<id>."""
    if current_user.is_admin and request.args.get("organisation", "").isdigit():
        return db.get_or_404(Organisation, int(request.args["organisation"]))
    if current_user.organisation is None:
        abort(404)
    return current_user.organisation


def _template_data(form: TemplateForm) -> TemplateData:
    logo = form.logo.data
    return TemplateData(
        primary_colour=form.primary_colour.data.strip(), accent_colour=form.accent_colour.data.strip(),
        heading=form.heading.data, intro=form.intro.data, body=form.body.data,
        logo=checked_image(logo.read(), logo.filename or "") if logo and logo.filename else None,
        remove_logo=form.remove_logo.data)


@bp.route("/template", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_WORKSHOPS)
def template_edit() -> Response | str:
    organisation = _organisation_for_template()
    template = template_of(organisation)
    form = TemplateForm(obj=None if request.method == "POST" else template)
    signatory_form = SignatoryForm(prefix="signatory")
    if form.validate_on_submit():
        try:
            save_template(template, _template_data(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {DomainError: "logo"})
        else:
            db.session.commit()
            flash(_("Certificate template saved."), "success")
            return redirect(url_for("certificates.template_edit", organisation=organisation.id))
    db.session.commit()  # the template made with the defaults on a first visit
    return render_template("certificates/template_edit.html", organisation=organisation, template=template,
                           form=form, signatory_form=signatory_form)


@bp.post("/template/signatories")
@permission_required(Permission.MANAGE_WORKSHOPS)
def signatory_add() -> Response | str:
    organisation = _organisation_for_template()
    template = template_of(organisation)
    form = SignatoryForm(prefix="signatory")
    if form.validate_on_submit():
        try:
            upload = form.signature.data
            add_signatory(template, form.name.data, form.title.data,
                          checked_image(upload.read(), upload.filename or "") if upload and upload.filename else None)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("Signatory added."), "success")
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "danger")
    return redirect(url_for("certificates.template_edit", organisation=organisation.id))


@bp.post("/signatories/<int:signatory_id>/delete")
@permission_required(Permission.MANAGE_WORKSHOPS)
def signatory_delete(signatory_id: int) -> Response:
    signatory = db.get_or_404(Signatory, signatory_id)
    organisation_id = signatory.template.organisation_id
    if not (current_user.is_admin or organisation_id == current_user.organisation_id):
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    delete_signatory(signatory)
    db.session.commit()
    flash(_("Signatory removed."), "success")
    return redirect(url_for("certificates.template_edit", organisation=organisation_id))


def _preview_language() -> str:
    lang = request.values.get("lang", "ar")
    return lang if lang in ("ar", "ckb", "en") else "ar"


def _inline_pdf(body: bytes) -> Response:
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": 'inline; filename="preview.pdf"', "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"})


@bp.get("/template/preview.pdf")
@permission_required(Permission.MANAGE_WORKSHOPS)
def template_preview() -> Response:
    """The saved template on a sample certificate."""
    template = template_of(_organisation_for_template())
    body = sample_certificate(template, list(template.signatories), _preview_language(), today_in_baghdad())
    db.session.commit()
    return _inline_pdf(body)


@bp.post("/template/preview.pdf")
@permission_required(Permission.MANAGE_WORKSHOPS)
def template_live_preview() -> Response | tuple[str, int]:
    """The template as being edited (nothing saved): the page asks for it while the form changes."""
    template = template_of(_organisation_for_template())
    form = TemplateForm()
    if not form.validate_on_submit():
        return " ".join(str(e) for errors in form.errors.values() for e in errors), 422
    try:
        look = template_look(template, _template_data(form))
    except DomainError as error:
        db.session.rollback()
        return str(error.message), 422
    body = sample_certificate(look, list(template.signatories), _preview_language(), today_in_baghdad())
    db.session.rollback()  # a preview changes nothing
    return _inline_pdf(body)
