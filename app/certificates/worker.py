"""The function an RQ worker runs for a bulk certificate export (never imported by the web app)."""

from __future__ import annotations

from flask import has_app_context

from app import create_app
from app.certificates.jobs import run_job


def run(job_id: int, verify_base: str) -> None:
    """Inside the caller's app when there is one (a worker started by the tests), else an app built from
    the environment (MULTAQA_CONFIG, DATABASE_URL, …), like the web process."""
    if has_app_context():
        run_job(job_id, verify_base)
        return
    with create_app().app_context():
        run_job(job_id, verify_base)
