"""Account rules, without HTTP."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.auth.services import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    LastAdministrator,
    OrganisationRequired,
    UserData,
    UsernameTaken,
    WeakPassword,
    WrongPassword,
    authenticate,
    change_password,
    create_user,
    load_user,
    safe_next_url,
    update_user,
)
from app.extensions import db
from tests import factories


def test_passwords_are_hashed_with_scrypt(app_ctx) -> None:
    user = factories.make_user(Role.VIEWER)
    assert factories.PASSWORD not in user.password_hash
    assert user.password_hash.startswith("scrypt:")


def test_usernames_are_case_and_digit_insensitive(app_ctx) -> None:
    factories.make_user(Role.VIEWER, username="Zainab٢")
    assert authenticate("ZAINAB2", factories.PASSWORD).username == "zainab2"
    with pytest.raises(UsernameTaken):
        factories.make_user(Role.VIEWER, username="zainab2")


def test_duplicate_email_is_refused(app_ctx) -> None:
    create_user(UserData("a1", "A", Role.VIEWER, email="a@example.org"), factories.PASSWORD, 10)
    with pytest.raises(EmailTaken):
        create_user(UserData("a2", "A", Role.VIEWER, email="A@Example.org"), factories.PASSWORD, 10)


def test_organisers_and_cso_members_need_an_organisation(app_ctx) -> None:
    for role in (Role.ORGANISER, Role.CSO):
        with pytest.raises(OrganisationRequired):
            create_user(UserData(f"x-{role}", "X", role), factories.PASSWORD, 10)


@pytest.mark.parametrize("password", ["short", "facilitator", "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused(app_ctx, password: str) -> None:
    with pytest.raises(WeakPassword):
        create_user(UserData("facilitator", "F", Role.FACILITATOR), password, 10)


def test_wrong_password_and_unknown_user_give_the_same_error(app_ctx) -> None:
    factories.make_user(Role.VIEWER, username="viewer")
    with pytest.raises(InvalidCredentials):
        authenticate("viewer", "not-the-password")
    with pytest.raises(InvalidCredentials):
        authenticate("nobody", "not-the-password")


def test_disabled_accounts_cannot_sign_in_and_lose_their_sessions(app_ctx) -> None:
    user = factories.make_user(Role.FACILITATOR)
    factories.make_user(Role.ADMIN)
    old_session = user.get_id()
    update_user(user, UserData(user.username, user.full_name, user.role, active=False))
    with pytest.raises(AccountDisabled):
        authenticate(user.username, factories.PASSWORD)
    assert load_user(old_session) is None


def test_changing_the_password_ends_other_sessions(app_ctx) -> None:
    user = factories.make_user(Role.VIEWER)
    old_session = user.get_id()
    with pytest.raises(WrongPassword):
        change_password(user, "wrong", "a-new-long-password", 10)
    change_password(user, factories.PASSWORD, "a-new-long-password", 10)
    assert load_user(old_session) is None
    assert load_user(user.get_id()) is user
    assert authenticate(user.username, "a-new-long-password") is user


def test_the_last_administrator_cannot_be_demoted_or_disabled(app_ctx) -> None:
    admin = factories.make_user(Role.ADMIN)
    with pytest.raises(LastAdministrator):
        update_user(admin, UserData(admin.username, admin.full_name, Role.VIEWER))
    with pytest.raises(LastAdministrator):
        update_user(admin, UserData(admin.username, admin.full_name, Role.ADMIN, active=False))
    factories.make_user(Role.ADMIN)
    update_user(admin, UserData(admin.username, admin.full_name, Role.VIEWER))
    db.session.flush()
    assert admin.role == Role.VIEWER


def test_forged_session_ids_load_nobody(app_ctx) -> None:
    user = factories.make_user(Role.VIEWER)
    assert load_user(f"{user.id}:999") is None
    assert load_user(f"{user.id}") is None
    assert load_user("abc:1") is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/auth/users", "/auth/users"), ("https://evil.example/", None), ("//evil.example", None),
     ("/\\evil.example", None), ("javascript:alert(1)", None), ("", None), (None, None)],
)
def test_only_local_redirects(target, expected) -> None:
    assert safe_next_url(target) == expected
