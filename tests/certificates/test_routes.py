"""Certificate pages through the app: settings, decisions, issuing, downloads, revoking, templates with
type-checked images, the participant's own download, and bulk exports in a thread and on an RQ worker."""

from __future__ import annotations

import io
import time
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader
from redis import Redis
from rq import Queue, SimpleWorker

from app.auth.models import User
from app.certificates.models import Certificate, CertificateJob, CertificateTemplate, JobStatus
from app.extensions import db
from app.registration.models import Participant, Registration
from app.registration.services import PersonData, check_in, code_for, create_participant, register
from tests import factories
from tests.conftest import csrf_token
from tests.conftest import submit as submit_form


@pytest.fixture
def workshop_id(app) -> int:
    """The organiser's two-day workshop: two people came both days, one only the first."""
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation, days=factories.two_days(),
                                           venue="Basrah International Hotel")
        for name, locale, days in (("زينب علي", "ar", 2), ("هێمن ڕەشید", "ckb", 2), ("Sara Ahmed", "en", 1)):
            registration = register(workshop, create_participant(PersonData(full_name=name, locale=locale), None),
                                    None)
            for day in workshop.days[:days]:
                check_in(workshop, None, registration=registration, day=day)
        db.session.commit()
        return workshop.id


def _png(colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_issue_download_revoke_and_verify(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    page = client.get(f"/certificates/workshops/{workshop_id}").get_data(as_text=True)
    assert page.count('data-eligible="yes"') == 2 and page.count('data-eligible="no"') == 1
    issued = submit_form(client, f"/certificates/workshops/{workshop_id}", {},
                         action=f"/certificates/workshops/{workshop_id}/issue")
    assert issued.status_code == 302
    with app.app_context():
        certificates = db.session.scalars(sa.select(Certificate).order_by(Certificate.id)).all()
        assert [c.languages for c in certificates] == ["ar,en", "ckb,en"]
        first_id, code = certificates[0].id, certificates[0].code
        participant_code = code_for(certificates[0].registration)
    pdf = client.get(f"/certificates/{first_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"] and pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == 1
    participant = app.test_client()
    page = participant.get(f"/registration/p/{participant_code}").get_data(as_text=True)
    assert f"/certificates/p/{participant_code}/{first_id}.pdf" in page
    assert participant.get(f"/certificates/p/{participant_code}/{first_id}.pdf").data.startswith(b"%PDF")
    with app.app_context():
        other_code = code_for(db.session.scalars(sa.select(Certificate).order_by(Certificate.id.desc())).first()
                              .registration)
    assert participant.get(f"/certificates/p/{other_code}/{first_id}.pdf").status_code == 404  # not theirs
    refused = submit_form(client, f"/certificates/workshops/{workshop_id}", {"reason": ""},
                          action=f"/certificates/{first_id}/revoke")
    assert refused.status_code == 302
    assert 'data-verdict="valid"' in participant.get(f"/verify/{code}").get_data(as_text=True)
    submit_form(client, f"/certificates/workshops/{workshop_id}", {"reason": "Name misspelt"},
                action=f"/certificates/{first_id}/revoke")
    assert 'data-verdict="revoked"' in participant.get(f"/verify/{code}").get_data(as_text=True)
    assert participant.get(f"/certificates/p/{participant_code}/{first_id}.pdf").status_code == 404


def test_a_facilitator_includes_someone_with_a_reason(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    with app.app_context():
        sara_id = db.session.scalar(sa.select(Registration.id).join(Participant)
                                    .where(Participant.full_name == "Sara Ahmed"))
    without_reason = submit_form(client, f"/certificates/workshops/{workshop_id}",
                                 {"registration_id": sara_id, "include": "yes", "reason": ""},
                                 action=f"/certificates/workshops/{workshop_id}/decisions")
    assert without_reason.status_code == 302
    page = client.get(f"/certificates/workshops/{workshop_id}").get_data(as_text=True)
    assert page.count('data-eligible="yes"') == 2
    submit_form(client, f"/certificates/workshops/{workshop_id}",
                {"registration_id": sara_id, "include": "yes", "reason": "Followed day 2 online"},
                action=f"/certificates/workshops/{workshop_id}/decisions")
    page = client.get(f"/certificates/workshops/{workshop_id}").get_data(as_text=True)
    assert page.count('data-eligible="yes"') == 3 and "Followed day 2 online" in page


def test_template_images_are_checked_by_content(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    refused = client.post("/certificates/template", data={
        "csrf_token": _token(client, "/certificates/template"), "primary_colour": "#1f4e79",
        "accent_colour": "#c9a227", "logo": (io.BytesIO(svg), "logo.png")}, content_type="multipart/form-data")
    assert refused.status_code == 200 and "PNG or JPEG" in refused.get_data(as_text=True)
    broken = client.post("/certificates/template", data={
        "csrf_token": _token(client, "/certificates/template"), "primary_colour": "#1f4e79",
        "accent_colour": "#c9a227", "logo": (io.BytesIO(_png()[:40]), "logo.png")}, content_type="multipart/form-data")
    assert "PNG or JPEG" in broken.get_data(as_text=True)
    bad_colour = submit_form(client, "/certificates/template", {"primary_colour": "red", "accent_colour": "#c9a227"})
    assert "#1f4e79" in bad_colour.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(CertificateTemplate.logo_type)) == ""
    saved = client.post("/certificates/template", data={
        "csrf_token": _token(client, "/certificates/template"), "primary_colour": "#0B6E4F",
        "accent_colour": "#c9a227", "heading-ar": "شهادة مشاركة", "logo": (io.BytesIO(_png()), "شعار.png")},
        content_type="multipart/form-data")
    assert saved.status_code == 302
    signatory = client.post("/certificates/template/signatories", data={
        "csrf_token": _token(client, "/certificates/template"), "signatory-name": "Dr. Nawal Khalaf",
        "signatory-title-en": "Director of Public Outreach", "signatory-signature": (io.BytesIO(_png("black")), "s.png")},
        content_type="multipart/form-data")
    assert signatory.status_code == 302
    with app.app_context():
        template = db.session.scalars(sa.select(CertificateTemplate)).one()
        assert template.logo_type == "image/png" and template.primary_colour == "#0b6e4f"
        assert [s.name for s in template.signatories] == ["Dr. Nawal Khalaf"]
    preview = client.get("/certificates/template/preview.pdf?lang=ckb")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")


def _token(client, url: str) -> str:
    return csrf_token(client.get(url).get_data(as_text=True))


def _wait_for(app, job_id: int, seconds: float = 60) -> CertificateJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(CertificateJob, job_id)
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                return job
        time.sleep(0.2)
    raise AssertionError("the export did not finish")


def test_bulk_exports_run_in_a_thread_with_progress(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    submit_form(client, f"/certificates/workshops/{workshop_id}", {}, action=f"/certificates/workshops/{workshop_id}/issue")
    for kind in ("pdf", "zip"):
        started = submit_form(client, f"/certificates/workshops/{workshop_id}", {"kind": kind},
                              action=f"/certificates/workshops/{workshop_id}/exports")
        assert started.status_code == 302
        job_id = int(started.headers["Location"].rsplit("/", 1)[1])
        job = _wait_for(app, job_id)
        assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
        status = client.get(f"/certificates/workshops/{workshop_id}/exports/{job_id}.json").get_json()
        assert status["status"] == "done" and status["download"]
        body = client.get(status["download"]).data
        if kind == "pdf":
            assert len(PdfReader(io.BytesIO(body)).pages) == 2
        else:
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
            assert len(names) == 2 and any("زينب" in name for name in names)
    other = app.test_client()
    submit_form(other, "/auth/login", {"username": "viewer", "password": factories.PASSWORD})
    assert other.get(f"/certificates/workshops/{workshop_id}/exports/{job_id}/download").status_code in (403, 404)


def test_bulk_export_on_an_rq_worker(app, client, login_as, workshop_id) -> None:
    queue_name = f"multaqa-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url("redis://127.0.0.1:6379/15")
    app.config.update(REDIS_URL="redis://127.0.0.1:6379/15", CERTIFICATE_QUEUE=queue_name)
    try:
        login_as("organiser")
        submit_form(client, f"/certificates/workshops/{workshop_id}", {},
                    action=f"/certificates/workshops/{workshop_id}/issue")
        started = submit_form(client, f"/certificates/workshops/{workshop_id}", {"kind": "pdf"},
                              action=f"/certificates/workshops/{workshop_id}/exports")
        job_id = int(started.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():
            assert db.session.get(CertificateJob, job_id).status == JobStatus.QUEUED  # waits for a worker
        queue = Queue(queue_name, connection=redis)
        assert queue.count == 1
        with app.app_context():
            SimpleWorker([queue], connection=redis).work(burst=True)
        job = _wait_for(app, job_id, seconds=5)
        assert (job.status, job.done) == (JobStatus.DONE, 2)
    finally:
        app.config.update(REDIS_URL=None, CERTIFICATE_QUEUE="multaqa-certificates")
        Queue(queue_name, connection=redis).delete(delete_jobs=True)


def test_certificate_pages_are_for_the_workshop_team(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    submit_form(client, f"/certificates/workshops/{workshop_id}", {}, action=f"/certificates/workshops/{workshop_id}/issue")
    with app.app_context():
        certificate_id = db.session.scalars(sa.select(Certificate.id)).first()
    for role in ("viewer", "cso", "facilitator"):
        other = app.test_client()
        submit_form(other, "/auth/login", {"username": role, "password": factories.PASSWORD})
        for url in (f"/certificates/workshops/{workshop_id}", f"/certificates/{certificate_id}.pdf"):
            assert other.get(url).status_code in (403, 404), (role, url)
    cso = app.test_client()
    submit_form(cso, "/auth/login", {"username": "cso", "password": factories.PASSWORD})
    assert cso.get("/certificates/template").status_code == 403


def test_settings_change_the_rule_and_the_languages(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    saved = submit_form(client, f"/certificates/workshops/{workshop_id}",
                        {"language_mode": "participant", "rule": "min_days", "min_days": "١", "min_percent": "80"})
    assert saved.status_code == 302
    page = client.get(f"/certificates/workshops/{workshop_id}").get_data(as_text=True)
    assert page.count('data-eligible="yes"') == 3  # one day is enough now
    submit_form(client, f"/certificates/workshops/{workshop_id}", {}, action=f"/certificates/workshops/{workshop_id}/issue")
    with app.app_context():
        assert sorted(c.languages for c in db.session.scalars(sa.select(Certificate))) == ["ar", "ckb", "en"]
    wrong = submit_form(client, f"/certificates/workshops/{workshop_id}",
                        {"language_mode": "klingon", "rule": "min_days", "min_days": "1", "min_percent": "80"})
    assert wrong.status_code == 200 and "Choose one of the options in the list." in wrong.get_data(as_text=True)


def test_live_preview_draws_the_edits_without_saving(app, client, login_as, workshop_id) -> None:
    login_as("organiser")
    token = _token(client, "/certificates/template")
    preview = client.post("/certificates/template/preview.pdf", data={
        "csrf_token": token, "primary_colour": "#aa0000", "accent_colour": "#c9a227", "heading-ckb": "بڕوانامە",
        "lang": "ckb", "logo": (io.BytesIO(_png()), "logo.png")}, content_type="multipart/form-data")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    assert preview.headers["Cache-Control"] == "no-store"
    refused = client.post("/certificates/template/preview.pdf", data={
        "csrf_token": token, "primary_colour": "red", "accent_colour": "#c9a227"})
    assert refused.status_code == 422 and "#1f4e79" in refused.get_data(as_text=True)
    assert client.post("/certificates/template/preview.pdf", data={"primary_colour": "#aa0000"}).status_code in (
        400, 422)  # no CSRF token
    with app.app_context():
        template = db.session.scalars(sa.select(CertificateTemplate)).one()
        assert template.primary_colour == "#1f4e79" and template.logo is None  # nothing saved
