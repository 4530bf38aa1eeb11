"""Command line: users and demo data."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.models import Organisation, Role, User
from app.extensions import db


def test_create_the_first_admin_from_the_command_line(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--username", "root", "--name", "First Admin",
                                 "--role", "admin", "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "root"))
        assert user.role == Role.ADMIN and user.password_hash.startswith("scrypt:")
    again = runner.invoke(args=["users", "create", "--username", "root", "--name", "X",
                                "--role", "admin", "--password", "a-long-password"])
    assert again.exit_code != 0 and "already taken" in again.output


def test_weak_password_is_refused_by_the_cli(app) -> None:
    result = app.test_cli_runner().invoke(args=["users", "create", "--username", "x", "--name", "X",
                                                "--role", "viewer", "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output


def test_demo_load_is_idempotent_and_prints_the_logins(app) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    for role in Role:
        assert role.value in first.output
    assert "multaqa-demo-2026" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "already there" in second.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == len(Role)
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 5
        roles = set(db.session.scalars(sa.select(User.role)))
        assert roles == set(Role)
