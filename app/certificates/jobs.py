"""Bulk certificate exports in the background, with progress: on an RQ worker when REDIS_URL is set,
in a thread of the web process otherwise (so that the embedded SQLite default needs nothing more).

Start a worker with:  MULTAQA_CONFIG=production REDIS_URL=redis://… rq worker multaqa-certificates --url $REDIS_URL
(the worker runs `app.certificates.worker.run`, which builds the app from the same environment).
"""

from __future__ import annotations

import tempfile
import threading

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from redis import Redis
from rq import Queue
from sqlalchemy.orm import selectinload

from app.certificates.documents import write_merged, write_zip
from app.certificates.models import Certificate, CertificateJob, JobStatus
from app.certificates.services import settings_for
from app.db import utcnow
from app.errors import DomainError
from app.events.models import Workshop
from app.extensions import db
from app.registration.models import Registration

PROGRESS_EVERY = 10  # certificates between two progress updates


class NothingToExport(DomainError):
    message = _l("No certificate has been issued yet.")


def _live(workshop_id: int) -> list[Certificate]:
    return list(db.session.scalars(
        sa.select(Certificate).where(Certificate.workshop_id == workshop_id, Certificate.revoked_at.is_(None))
        .options(selectinload(Certificate.registration).selectinload(Registration.participant))
        .order_by(Certificate.name, Certificate.id)))


def create_export(workshop: Workshop, kind: str, by_id: int | None) -> CertificateJob:
    """Record a bulk export of the workshop's live certificates ("pdf": one merged file, "zip")."""
    total = len(_live(workshop.id))
    if total == 0:
        raise NothingToExport()
    job = CertificateJob(workshop_id=workshop.id, kind=kind, status=JobStatus.QUEUED, total=total, done=0,
                         created_by_id=by_id)
    db.session.add(job)
    db.session.flush()
    return job


def dispatch(job_id: int, verify_base: str) -> str:
    """Hand a committed job to RQ or to a thread; returns which ("rq" or "thread")."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        queue = Queue(app.config["CERTIFICATE_QUEUE"], connection=Redis.from_url(redis_url))
        queue.enqueue("app.certificates.worker.run", job_id, verify_base, job_timeout=3600)
        return "rq"
    threading.Thread(target=_run_in_thread, args=(app, job_id, verify_base), daemon=True,
                     name=f"certificates-{job_id}").start()
    return "thread"


def _run_in_thread(app: Flask, job_id: int, verify_base: str) -> None:
    with app.app_context():
        run_job(job_id, verify_base)


def _set_progress(job_id: int, done: int) -> None:
    """Progress goes through its own short transaction, visible at once to the page that polls it."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(CertificateJob).where(CertificateJob.id == job_id).values(done=done))


def run_job(job_id: int, verify_base: str) -> None:
    """Make the file, keeping memory bounded (pages are streamed to a spooled temporary file), then store it."""
    job = db.session.get(CertificateJob, job_id)
    if job is None or job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return
    job.status = JobStatus.RUNNING
    db.session.commit()
    try:
        workshop = db.session.get(Workshop, job.workshop_id)
        certificates = _live(workshop.id)
        settings = settings_for(workshop)

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == len(certificates):
                _set_progress(job_id, done)

        def url_for_code(code: str) -> str:
            return verify_base + code

        with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as out:
            if job.kind == "zip":
                write_zip(certificates, settings, url_for_code, out, progress)
            else:
                write_merged(certificates, settings, url_for_code, out, str(workshop.title), progress)
            out.seek(0)
            result = out.read()
        job = db.session.get(CertificateJob, job_id)
        job.result, job.total, job.done = result, len(certificates), len(certificates)
        job.status, job.finished_at = JobStatus.DONE, utcnow()
        db.session.commit()
    except Exception as error:  # noqa: BLE001  (any failure is the job's, and is shown on its page)
        db.session.rollback()
        job = db.session.get(CertificateJob, job_id)
        job.status, job.error, job.finished_at = JobStatus.FAILED, str(error)[:1000], utcnow()
        db.session.commit()
        current_app.logger.exception("certificate export %s failed", job_id)


def export_job(job_id: int, workshop: Workshop) -> CertificateJob | None:
    job = db.session.get(CertificateJob, job_id)
    return job if job is not None and job.workshop_id == workshop.id else None


def export_result(job: CertificateJob) -> bytes | None:
    return job.result if job.status == JobStatus.DONE else None
