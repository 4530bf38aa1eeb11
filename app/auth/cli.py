"""`flask users …`: create accounts (the first administrator), list them, reset a password."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.auth.models import Role
from app.auth.services import (
    UserData,
    create_user,
    find_organisation,
    get_user_by_username,
    list_users,
    set_password,
)
from app.errors import DomainError
from app.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--name", "full_name", required=True, help="Full name as shown in the app.")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--email", default=None)
@click.option("--organisation", default=None, help="Organisation id or acronym.")
@click.option("--locale", type=click.Choice(["en", "ar", "ckb"]), default=None)
@click.password_option("--password", help="Prompted (hidden) when not given.")
def create_command(
    username: str, full_name: str, role: str, email: str | None, organisation: str | None,
    locale: str | None, password: str,
) -> None:
    """Create an account."""
    org = None
    if organisation:
        org = find_organisation(organisation)
        if org is None:
            raise click.ClickException(f"No organisation {organisation!r}.")
    data = UserData(
        username=username, full_name=full_name, role=Role(role), email=email, organisation=org, locale=locale
    )
    try:
        user = create_user(data, password, current_app.config["PASSWORD_MIN_LENGTH"])
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.username!r}.")


@users_cli.command("list")
def list_command() -> None:
    """List accounts."""
    for user in list_users():
        state = "" if user.active else " (disabled)"
        click.echo(f"{user.username:<24} {user.role.value:<12} {user.full_name}{state}")


@users_cli.command("set-password")
@click.argument("username")
@click.password_option("--password")
def set_password_command(username: str, password: str) -> None:
    """Set a new password (ends the user's sessions)."""
    user = get_user_by_username(username)
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    try:
        set_password(user, password, current_app.config["PASSWORD_MIN_LENGTH"])
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Password of {user.username!r} changed.")
