"""Fixtures: one application and schema per test session (built by the migrations), a clean
database for every test, the test client, and helpers that post forms with their CSRF token."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.test import TestResponse

from app import create_app
from app.extensions import db, limiter
from tests import factories

# Reference data written by migrations: restored as it was after the migrations, before every test.
REFERENCE_TABLES = ("governorates", "activity_types", "themes")
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _drop_everything(engine: sa.Engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'multaqa-test.sqlite'}"


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        _drop_everything(db.engine)
        upgrade()
        with db.engine.connect() as connection:
            app.config["TEST_REFERENCE_ROWS"] = {
                name: [dict(row._mapping) for row in connection.execute(db.metadata.tables[name].select())]
                for name in REFERENCE_TABLES
            }
    yield app
    with app.app_context():
        db.session.remove()
        if os.environ.get("TEST_DATABASE_URL"):
            _drop_everything(db.engine)
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test: empty tables, the migrations' reference data as it was, no rate-limit hits."""
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection:
            postgresql = connection.dialect.name == "postgresql"
            if postgresql:
                names = ", ".join(f'"{table.name}"' for table in tables)
                connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())
            for name, rows in app.config["TEST_REFERENCE_ROWS"].items():
                connection.execute(db.metadata.tables[name].insert(), rows)
                if postgresql:
                    connection.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
        limiter.reset()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """An application context for service tests (never wrap test-client calls in it)."""
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def accounts(app: Flask) -> dict[str, str]:
    """One committed account per role; maps role name → username (password: factories.PASSWORD)."""
    with app.app_context():
        created = factories.account_per_role()
        db.session.commit()
        return {role: user.username for role, user in created.items()}


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def submit(client: FlaskClient, form_url: str, data: dict[str, Any], action: str | None = None,
           **kwargs: Any) -> TestResponse:
    """GET the page holding the form, then POST `data` with the page's CSRF token."""
    page = client.get(form_url)
    assert page.status_code == 200, page.status_code
    return client.post(action or form_url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data},
                       **kwargs)


def login(client: FlaskClient, username: str, password: str = factories.PASSWORD) -> TestResponse:
    return submit(client, "/auth/login", {"username": username, "password": password})


@pytest.fixture
def login_as(client: FlaskClient, accounts: dict[str, str]):
    def _login(role: str) -> FlaskClient:
        response = login(client, accounts[role])
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login
