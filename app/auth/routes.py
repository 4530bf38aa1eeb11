"""Sign in and out, password change, and the administrators' user and organisation pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm, OrganisationForm, UserForm
from app.auth.models import Governorate, Organisation, OrganisationType, Role, User
from app.auth.permissions import Permission, permission_required
from app.auth.services import (
    EmailTaken,
    OrganisationData,
    OrganisationRequired,
    UserData,
    UsernameTaken,
    WeakPassword,
    WrongPassword,
    authenticate,
    change_password,
    create_user,
    list_governorates,
    list_organisations,
    list_users,
    normalise_username,
    safe_next_url,
    save_organisation,
    set_password,
    update_user,
)
from app.errors import DomainError, show_on_form
from app.extensions import db, limiter

USER_ERROR_FIELDS: dict[type[DomainError], str] = {
    UsernameTaken: "username",
    EmailTaken: "email",
    OrganisationRequired: "organisation_id",
    WeakPassword: "password",
}


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_failed(response: Response) -> bool:
    return response.status_code != 302


def _username_key() -> str:
    return "login-user:" + normalise_username(request.form.get("username", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_username_key, deduct_when=_login_failed)
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except DomainError as error:
            show_on_form(form, error, {})
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(form.next.data) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password_change() -> Response | str:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(
                current_user, form.current_password.data, form.new_password.data,
                current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except DomainError as error:
            show_on_form(form, error, {WrongPassword: "current_password", WeakPassword: "new_password"})
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # the session carries the new version
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password_change.html", form=form)


@bp.get("/users")
@permission_required(Permission.MANAGE_USERS)
def user_list() -> str:
    return render_template("auth/user_list.html", users=list_users())


def _prepare_user_form(form: UserForm) -> None:
    form.organisation_id.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(organisation.id, str(organisation.name)) for organisation in list_organisations()
    ]


def _user_data(form: UserForm) -> UserData:
    organisation = db.get_or_404(Organisation, form.organisation_id.data) if form.organisation_id.data else None
    return UserData(
        username=form.username.data,
        full_name=form.full_name.data,
        role=Role(form.role.data),
        email=form.email.data or None,
        organisation=organisation,
        locale=form.locale.data or None,
        active=form.active.data,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def user_create() -> Response | str:
    form = UserForm()
    _prepare_user_form(form)
    if form.validate_on_submit():
        try:
            if not form.password.data:
                raise WeakPassword(_("Set a first password for the account."))
            user = create_user(_user_data(form), form.password.data, current_app.config["PASSWORD_MIN_LENGTH"])
        except DomainError as error:
            show_on_form(form, error, USER_ERROR_FIELDS)
        else:
            db.session.commit()
            flash(_("Account %(username)s created.", username=user.username), "success")
            return redirect(url_for("auth.user_list"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def user_edit(user_id: int) -> Response | str:
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    _prepare_user_form(form)
    if form.validate_on_submit():
        try:
            update_user(user, _user_data(form))
            if form.password.data:
                set_password(user, form.password.data, current_app.config["PASSWORD_MIN_LENGTH"])
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, USER_ERROR_FIELDS)
        else:
            db.session.commit()
            flash(_("Account %(username)s saved.", username=user.username), "success")
            return redirect(url_for("auth.user_list"))
    return render_template("auth/user_form.html", form=form, user=user)


@bp.get("/organisations")
@permission_required(Permission.MANAGE_ORGANISATIONS)
def organisation_list() -> str:
    return render_template("auth/organisation_list.html", organisations=list_organisations())


def _prepare_organisation_form(form: OrganisationForm) -> None:
    form.governorate_id.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(governorate.id, str(governorate.name)) for governorate in list_governorates()
    ]


def _organisation_data(form: OrganisationForm) -> OrganisationData:
    governorate = db.get_or_404(Governorate, form.governorate_id.data) if form.governorate_id.data else None
    return OrganisationData(
        name=form.name.data,
        type=OrganisationType(form.type.data),
        acronym=form.acronym.data or "",
        governorate=governorate,
        active=form.active.data,
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_ORGANISATIONS)
def organisation_edit(organisation_id: int | None = None) -> Response | str:
    organisation = db.get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation)
    if organisation is not None and request.method == "GET":
        form.governorate_id.data = organisation.governorate_id or 0
    _prepare_organisation_form(form)
    if form.validate_on_submit():
        try:
            organisation = save_organisation(_organisation_data(form), organisation)
        except DomainError as error:
            show_on_form(form, error, {})
        else:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for("auth.organisation_list"))
    return render_template("auth/organisation_form.html", form=form, organisation=organisation)
