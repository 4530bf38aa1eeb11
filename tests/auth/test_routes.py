"""Sign-in, rate limits, CSRF, password change, and each role's access, through the client."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Organisation, Role, User
from app.auth.services import list_governorates
from app.extensions import db
from tests import factories
from tests.conftest import csrf_token, login, submit

# Every page that needs more than being signed in, and the roles allowed there.
PROTECTED_PAGES = {
    "/auth/users": {"admin"},
    "/auth/users/new": {"admin"},
    "/auth/organisations": {"admin"},
    "/auth/organisations/new": {"admin"},
}


def _organisation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Organisation.id)))


def test_login_and_logout(client, accounts) -> None:
    response = login(client, accounts["organiser"])
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Welcome, Test Organiser" in client.get("/").get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    response = client.post("/auth/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get("/auth/password").status_code == 302  # signed out: back to the login page


def test_login_follows_only_local_next(client, accounts) -> None:
    response = submit(client, "/auth/login?next=/auth/users",
                      {"username": "admin", "password": factories.PASSWORD, "next": "/auth/users"})
    assert response.headers["Location"] == "/auth/users"
    client.get("/")
    client2 = client.application.test_client()
    response = submit(client2, "/auth/login",
                      {"username": "admin", "password": factories.PASSWORD, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_wrong_password_shows_a_localised_error(client, accounts) -> None:
    client.set_cookie("multaqa_lang", "ar")
    response = login(client, accounts["viewer"], "wrong-password")
    assert response.status_code == 200
    assert "اسم المستخدم أو كلمة المرور غير صحيحة" in response.get_data(as_text=True)


def test_too_many_failures_give_429_in_the_users_language(client, accounts) -> None:
    client.set_cookie("multaqa_lang", "ckb")
    for _ in range(5):
        assert login(client, accounts["viewer"], "wrong-password").status_code == 200
    response = login(client, accounts["viewer"], "wrong-password")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html and "هەوڵی زۆر" in html
    # Even the right password is refused until the window passes.
    assert login(client, accounts["viewer"]).status_code == 429


def test_failures_against_one_username_are_limited_from_any_address(app, accounts) -> None:
    for n in range(5):
        submit(app.test_client(), "/auth/login", {"username": "admin", "password": "wrong"},
               environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
    response = submit(app.test_client(), "/auth/login", {"username": "admin", "password": "wrong"},
                      environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert response.status_code == 429


def test_successful_logins_are_not_counted(client, accounts) -> None:
    for _ in range(7):
        assert login(client, accounts["viewer"]).status_code == 302
        page = client.get("/").get_data(as_text=True)
        client.post("/auth/logout", data={"csrf_token": csrf_token(page)})


def test_post_without_csrf_token_changes_nothing(app, client, accounts) -> None:
    login(client, accounts["admin"])
    before = _organisation_count(app)
    response = client.post("/auth/organisations/new", data={"name-en": "Forged", "type": "cso", "governorate_id": "0"})
    assert response.status_code == 400
    assert _organisation_count(app) == before


@pytest.mark.parametrize("role", [role.value for role in Role])
@pytest.mark.parametrize("url", list(PROTECTED_PAGES))
def test_each_role_gets_403_where_it_must(client, login_as, role: str, url: str) -> None:
    login_as(role)
    expected = 200 if role in PROTECTED_PAGES[url] else 403
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("url", [*PROTECTED_PAGES, "/auth/password"])
def test_anonymous_visitors_are_sent_to_login(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_non_admin_cannot_post_to_admin_pages(app, client, login_as) -> None:
    login_as("organiser")
    token = csrf_token(client.get("/auth/password").get_data(as_text=True))
    response = client.post("/auth/users/new", data={
        "csrf_token": token, "username": "mole", "full_name": "Mole", "role": "admin",
        "organisation_id": "0", "locale": "", "active": "y", "password": "a-long-password",
    })
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.username == "mole")) is None


def test_admin_creates_an_account_that_can_sign_in(app, client, login_as) -> None:
    login_as("admin")
    response = submit(client, "/auth/users/new", {
        "username": "Rapporteur", "full_name": "Noor Jabbar", "email": "noor@example.org",
        "role": "facilitator", "organisation_id": "0", "locale": "ar", "active": "y",
        "password": "a-long-password",
    })
    assert response.status_code == 302
    other = app.test_client()
    assert login(other, "rapporteur", "a-long-password").status_code == 302
    assert 'dir="rtl"' in other.get("/").get_data(as_text=True)


def test_admin_form_shows_service_errors_beside_the_field(client, login_as) -> None:
    login_as("admin")
    response = submit(client, "/auth/users/new", {
        "username": "cso", "full_name": "Dup", "role": "viewer", "organisation_id": "0", "locale": "",
        "password": "a-long-password",
    })
    assert response.status_code == 200
    assert "This username is already taken." in response.get_data(as_text=True)
    response = submit(client, "/auth/users/new", {
        "username": "newcso", "full_name": "No org", "role": "cso", "organisation_id": "0", "locale": "",
        "password": "a-long-password",
    })
    assert "Organisers and CSO members must belong to an organisation." in response.get_data(as_text=True)


def test_admin_edits_an_account_and_disables_it(app, client, login_as, accounts) -> None:
    login_as("admin")
    with app.app_context():
        viewer_id = db.session.scalar(sa.select(User.id).where(User.username == "viewer"))
    response = submit(client, f"/auth/users/{viewer_id}/edit", {
        "username": "viewer", "full_name": "Donor Desk", "role": "viewer", "organisation_id": "0",
        "locale": "", "password": "",
    })
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, viewer_id)
        assert user.full_name == "Donor Desk" and user.active is False
    assert login(app.test_client(), "viewer").status_code == 200  # disabled: stays on the form


def test_overlong_input_is_refused_and_nothing_changes(app, client, login_as) -> None:
    login_as("admin")
    before = _organisation_count(app)
    response = submit(client, "/auth/organisations/new", {
        "name-en": "x" * 201, "name-ar": "", "name-ckb": "", "type": "cso", "governorate_id": "0",
    })
    assert response.status_code == 200
    assert "at most 200 characters" in response.get_data(as_text=True)
    assert _organisation_count(app) == before


def test_admin_creates_an_organisation_in_three_languages(app, client, login_as) -> None:
    login_as("admin")
    with app.app_context():
        basra_id = next(g.id for g in list_governorates() if g.code == "basra")
    response = submit(client, "/auth/organisations/new", {
        "name-en": "Tammuz Basra", "name-ar": "تموز البصرة", "name-ckb": "", "acronym": "TMZ",
        "type": "cso", "governorate_id": str(basra_id), "active": "y",
    })
    assert response.status_code == 302
    client.set_cookie("multaqa_lang", "ckb")
    html = client.get("/auth/organisations").get_data(as_text=True)
    assert "تموز البصرة" in html  # no Kurdish name: Arabic is shown, not an empty cell
    assert "بەسرە" in html


def test_change_password_keeps_this_session(client, accounts) -> None:
    login(client, accounts["facilitator"])
    response = submit(client, "/auth/password", {
        "current_password": factories.PASSWORD, "new_password": "another-long-secret",
        "confirm": "another-long-secret",
    })
    assert response.status_code == 302
    assert client.get("/auth/password").status_code == 200
    assert login(client.application.test_client(), "facilitator", "another-long-secret").status_code == 302


def test_change_password_errors(client, accounts) -> None:
    login(client, accounts["facilitator"])
    response = submit(client, "/auth/password", {
        "current_password": "wrong", "new_password": "another-long-secret", "confirm": "different-secret-x",
    })
    html = response.get_data(as_text=True)
    assert "The two passwords differ." in html
    response = submit(client, "/auth/password", {
        "current_password": "wrong", "new_password": "another-long-secret", "confirm": "another-long-secret",
    })
    assert "The current password is wrong." in response.get_data(as_text=True)
