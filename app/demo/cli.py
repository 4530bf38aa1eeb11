"""`flask demo load`."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.certificates import load_demo_certificates
from app.demo.engagement import load_demo_engagement
from app.demo.indicators import load_demo_indicators
from app.demo.services import DEMO_PASSWORD, load_demo
from app.demo.workshops import load_demo_workshops
from app.events.services import local_timezone
from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load_command() -> None:
    """Create demo organisations and one account per role (safe to run again)."""
    results = load_demo(current_app.config["PASSWORD_MIN_LENGTH"])
    workshops = load_demo_workshops(datetime.now(local_timezone()).date())
    certificates = load_demo_certificates()
    load_demo_engagement(datetime.now(local_timezone()).date())
    load_demo_indicators()
    db.session.commit()
    click.echo(f"Demo workshops added: {workshops}")
    click.echo(f"Demo certificates issued: {certificates}")
    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for account, created in results:
        note = "" if created else "  (already there; password unchanged)"
        click.echo(f"  {account.role.value:<12} {account.username}{note}")
