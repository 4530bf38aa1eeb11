"""Group work pages: the SWOT board and its items, breakout groups and their links, the rapporteur's
page reached from a group link (no account), the projector view with its JSON, and the exports."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.db import LANGUAGES
from app.errors import DomainError, show_on_form
from app.events.models import Theme, Workshop
from app.events.services import can_view, list_themes
from app.extensions import db, limiter
from app.groupwork import bp
from app.groupwork.exports import swot_pdf_bytes, swot_xlsx
from app.groupwork.forms import (
    GroupForm,
    GroupItemEditForm,
    GroupItemForm,
    ItemForm,
    MergeForm,
    NewGroupForm,
    SplitForm,
    quadrant_choices,
)
from app.groupwork.models import AssignmentKind, BreakoutGroup, SwotItem, SwotQuadrant
from app.groupwork.services import (
    MAX_TEXT,
    QUADRANTS,
    AlreadyInAGroup,
    CannotMerge,
    GroupData,
    GroupNameRequired,
    GroupNameTaken,
    GroupNameTooLong,
    InactiveTheme,
    ItemData,
    NotAParticipant,
    OtherWorkshop,
    QuadrantRequired,
    QuestionRequired,
    RapporteurNotMember,
    TextRequired,
    TextTooLong,
    WrongQuadrant,
    add_group_item,
    add_item,
    allowed_quadrants,
    board as board_of,
    confirmed_registrations,
    create_group,
    delete_group,
    delete_group_item,
    delete_item,
    duplicates_of,
    group_for_link,
    group_items,
    list_groups,
    membership,
    merge_candidates,
    merge_item,
    move_group,
    move_item,
    new_link,
    revoke_link,
    split_evenly,
    swot_counts,
    unmerge_item,
    update_group,
    update_group_item,
    update_item,
)
from app.i18n.formatting import format_number
from app.registration.models import Registration
from app.registration.qr import qr_data_uri
from app.registration.services import can_run, today_in_baghdad
from app.registration.spreadsheets import XLSX_MIMETYPE

TEXT_ERRORS = {TextRequired: "text", TextTooLong: "text"}
GROUP_LINK_RATE_LIMIT = "30 per minute;300 per hour"  # per address and link; GROUP_LINK_RATE_LIMIT overrides


def _run_or_403(workshop: Workshop) -> None:
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)


def _workshop_or_403(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    _run_or_403(workshop)
    return workshop


def _group_or_403(group_id: int) -> BreakoutGroup:
    group = db.get_or_404(BreakoutGroup, group_id)
    _run_or_403(group.workshop)
    return group


def _item_or_403(item_id: int) -> tuple[SwotItem, Workshop]:
    item = db.get_or_404(SwotItem, item_id)
    workshop = db.get_or_404(Workshop, item.workshop_id)
    _run_or_403(workshop)
    return item, workshop


def _csrf_or_400() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def _language() -> str:
    return str(get_locale() or "en")


@bp.app_template_global()
def swot_quadrants() -> tuple[SwotQuadrant, ...]:
    return QUADRANTS


# ---------------------------------------------------------------- the SWOT board


def _item_form(workshop: Workshop, item: SwotItem | None = None, **kwargs) -> ItemForm:
    form = ItemForm(**kwargs)
    form.group.choices = [SelectChoice(0, _("— no group —"))] + [
        SelectChoice(group.id, group.name) for group in list_groups(workshop)]
    themes = list_themes()
    if item is not None:  # a theme no longer offered stays possible on the item that has it
        themes += [theme for theme in item.themes if theme not in themes]
    form.themes.choices = [SelectChoice(theme.id, str(theme.name)) for theme in themes]
    return form


def _item_data(form: ItemForm) -> ItemData:
    return ItemData(quadrant=SwotQuadrant(form.quadrant.data), text=form.text.data or "",
                    group=db.session.get(BreakoutGroup, form.group.data) if form.group.data else None,
                    themes=[theme for theme in (db.session.get(Theme, i) for i in form.themes.data or []) if theme])


@bp.route("/workshops/<int:workshop_id>", methods=["GET", "POST"])
@login_required
def board(workshop_id: int) -> Response | tuple[str, int]:
    """The facilitators' board: four quadrants, an add form in each, order, edit and merge."""
    workshop = _workshop_or_403(workshop_id)
    form = _item_form(workshop)
    status = 200
    if form.validate_on_submit():
        try:
            item = add_item(workshop, _item_data(form), current_user)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {**TEXT_ERRORS, OtherWorkshop: "group", InactiveTheme: "themes"})
        else:
            quadrant = item.quadrant.value
            db.session.commit()
            flash(_("Item added."), "success")
            return redirect(url_for("groupwork.board", workshop_id=workshop.id) + f"#quadrant-{quadrant}")
    if request.method == "POST":
        status = 422
    return render_template("groupwork/board.html", workshop=workshop, quadrants=board_of(workshop), form=form,
                           groups=list_groups(workshop), max_text=MAX_TEXT, action=FlaskForm()), status


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(item_id: int) -> Response | tuple[str, int]:
    item, workshop = _item_or_403(item_id)
    form = _item_form(workshop, item)
    if request.method == "GET":
        form.text.data = item.text
        form.quadrant.data = item.quadrant.value
        form.group.data = item.group_id or 0
        form.themes.data = [theme.id for theme in item.themes]
    status = 200
    if item.merged_into_id is None and form.validate_on_submit():
        try:
            update_item(item, _item_data(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {**TEXT_ERRORS, OtherWorkshop: "group", InactiveTheme: "themes"})
        else:
            quadrant = item.quadrant.value
            db.session.commit()
            flash(_("Item saved."), "success")
            return redirect(url_for("groupwork.board", workshop_id=workshop.id) + f"#quadrant-{quadrant}")
    if request.method == "POST":
        status = 422
    return render_template("groupwork/item_edit.html", workshop=workshop, item=item, form=form,
                           duplicates=duplicates_of(item), max_text=MAX_TEXT, action=FlaskForm()), status


@bp.post("/items/<int:item_id>/<any(up, down, delete, unmerge):action>")
@login_required
def item_action(item_id: int, action: str) -> Response:
    item, workshop = _item_or_403(item_id)
    _csrf_or_400()
    quadrant = item.quadrant.value
    try:
        if action == "delete":
            restored = delete_item(item)
            message = _("Item deleted.") if not restored else _(
                "Item deleted; the %(count)s items merged into it are back on the board.",
                count=format_number(restored))
        elif action == "unmerge":
            unmerge_item(item)
            message = _("Item back on the board, at the end of its quadrant.")
        else:
            move_item(item, -1 if action == "up" else 1)
            message = None
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        if message:
            flash(message, "success")
    return redirect(url_for("groupwork.board", workshop_id=workshop.id) + f"#quadrant-{quadrant}")


@bp.route("/items/<int:item_id>/merge", methods=["GET", "POST"])
@login_required
def item_merge(item_id: int) -> Response | tuple[str, int]:
    """Choose the item this one duplicates; optionally reword that item to combine both."""
    item, workshop = _item_or_403(item_id)
    if item.merged_into_id is not None:
        flash(_("This item is merged into another one: unmerge it first."), "warning")
        return redirect(url_for("groupwork.item_edit", item_id=item.id))
    candidates = merge_candidates(item)
    form = MergeForm()
    form.target.choices = [SelectChoice(candidate.id, candidate.text) for candidate in candidates]
    status = 200
    if form.validate_on_submit():
        try:
            merge_item(item, db.get_or_404(SwotItem, form.target.data), form.text.data or "")
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {**TEXT_ERRORS, CannotMerge: "target"})
        else:
            db.session.commit()
            flash(_("Merged: the duplicate is kept with its group but no longer shown on the board."), "success")
            return redirect(url_for("groupwork.board", workshop_id=workshop.id) + f"#quadrant-{item.quadrant.value}")
    if request.method == "POST":
        status = 422
    return render_template("groupwork/item_merge.html", workshop=workshop, item=item, form=form,
                           candidates=candidates, max_text=MAX_TEXT), status


# ---------------------------------------------------------------- breakout groups


@bp.route("/workshops/<int:workshop_id>/groups", methods=["GET", "POST"])
@login_required
def group_list(workshop_id: int) -> Response | tuple[str, int]:
    workshop = _workshop_or_403(workshop_id)
    new_form, split_form = NewGroupForm(), SplitForm()
    action = request.form.get("action")
    status = 200
    if request.method == "POST":
        form = split_form if action == "split" else new_form
        if form.validate_on_submit():
            try:
                if action == "split":
                    groups = split_evenly(workshop, split_form.count.data)
                    message = _("Participants shared between %(count)s groups.", count=format_number(len(groups)))
                else:
                    group = create_group(workshop, new_form.name.data or "")
                    message = _("%(name)s added.", name=group.name)
            except DomainError as error:
                db.session.rollback()
                show_on_form(form, error, {GroupNameTaken: "name", GroupNameTooLong: "name",
                                           GroupNameRequired: "name"} if form is new_form else {DomainError: "count"})
            else:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("groupwork.group_list", workshop_id=workshop.id))
        status = 422
    people = confirmed_registrations(workshop)
    assigned = membership(workshop)
    return render_template("groupwork/group_list.html", workshop=workshop, groups=list_groups(workshop),
                           people=people, unassigned=[person for person in people if person.id not in assigned],
                           counts={count.group_id: count.items for count in swot_counts(workshop).by_group},
                           new_form=new_form, split_form=split_form, action=FlaskForm(),
                           AssignmentKind=AssignmentKind), status


def _group_data(form: GroupForm) -> GroupData:
    members = [registration for registration in (db.session.get(Registration, i) for i in form.members.data or [])
               if registration is not None]
    rapporteur = db.session.get(Registration, form.rapporteur.data) if form.rapporteur.data else None
    return GroupData(name=form.name.data or "", assignment=AssignmentKind(form.assignment.data),
                     quadrant=SwotQuadrant(form.quadrant.data) if form.quadrant.data else None,
                     question=form.question.data, members=members, rapporteur=rapporteur)


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def group_edit(group_id: int) -> Response | tuple[str, int]:
    group = _group_or_403(group_id)
    workshop = group.workshop
    form = GroupForm(obj=None if request.method == "POST" else group)
    people = confirmed_registrations(workshop)
    people += [member for member in group.members if member not in people]  # e.g. cancelled since
    form.members.choices = [SelectChoice(person.id, person.participant.full_name) for person in people]
    form.rapporteur.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(person.id, person.participant.full_name) for person in people]
    if request.method == "GET":
        form.assignment.data = group.assignment.value
        form.quadrant.data = group.quadrant.value if group.quadrant else ""
        form.members.data = [member.id for member in group.members]
        form.rapporteur.data = group.rapporteur_id or 0
    status = 200
    if form.validate_on_submit():
        try:
            update_group(group, _group_data(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {
                GroupNameTaken: "name", GroupNameTooLong: "name", GroupNameRequired: "name",
                QuadrantRequired: "quadrant", QuestionRequired: "question", RapporteurNotMember: "rapporteur",
                AlreadyInAGroup: "members", NotAParticipant: "members"})
        else:
            db.session.commit()
            flash(_("Group saved."), "success")
            return redirect(url_for("groupwork.group_list", workshop_id=workshop.id))
    if request.method == "POST":
        status = 422
    others = {registration_id: other for registration_id, other in membership(workshop).items()
              if other.id != group.id}
    return render_template("groupwork/group_edit.html", workshop=workshop, group=group, form=form, people=people,
                           others=others), status


@bp.post("/groups/<int:group_id>/<any(up, down, delete, link, revoke):action>")
@login_required
def group_action(group_id: int, action: str) -> Response:
    group = _group_or_403(group_id)
    workshop_id = group.workshop_id
    _csrf_or_400()
    target = url_for("groupwork.group_list", workshop_id=workshop_id)
    try:
        if action == "delete":
            name = group.name
            delete_group(group)
            message = _("%(name)s deleted.", name=name)
        elif action == "link":
            new_link(group)
            message = _("New group link: any earlier link or QR of this group no longer works.")
            target = url_for("groupwork.group_link", group_id=group.id)
        elif action == "revoke":
            revoke_link(group)
            message = _("Group link revoked: it no longer works.")
            target = url_for("groupwork.group_link", group_id=group.id)
        else:
            move_group(group, -1 if action == "up" else 1)
            message = None
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        if message:
            flash(message, "success")
    return redirect(target)


def _link_url(group: BreakoutGroup) -> str | None:
    return url_for("groupwork.rapporteur", token=group.link_token, _external=True) if group.link_token else None


@bp.get("/groups/<int:group_id>/link")
@login_required
def group_link(group_id: int) -> str:
    """The group's link and QR, to show or print for the rapporteur."""
    group = _group_or_403(group_id)
    url = _link_url(group)
    return render_template("groupwork/group_link.html", workshop=group.workshop, group=group, url=url,
                           qr=qr_data_uri(url, scale=8) if url else None, action=FlaskForm())


# ---------------------------------------------------------------- the rapporteur's page (no account)


def _group_link_limit() -> str:
    return current_app.config.get("GROUP_LINK_RATE_LIMIT", GROUP_LINK_RATE_LIMIT)


def _group_link_key() -> str:
    # Per address and link: rapporteurs on the venue's one Wi-Fi address do not slow each other down.
    return f"group-link:{get_remote_address()}:{(request.view_args or {}).get('token', '')}"


def _group_or_404(token: str) -> BreakoutGroup:
    group = group_for_link(token)
    if group is None:
        abort(404)
    return group


@bp.route("/g/<token>", methods=["GET", "POST"])
@limiter.limit(_group_link_limit, methods=["POST"], key_func=_group_link_key)
def rapporteur(token: str) -> Response | tuple[str, int]:
    """The rapporteur's phone page: the assignment, the group's items, a form to add one. No JavaScript."""
    group = _group_or_404(token)
    quadrants = allowed_quadrants(group)
    form = GroupItemForm()
    form.quadrant.choices = quadrant_choices(quadrants)
    if request.method == "GET":
        last = request.args.get("q")
        form.quadrant.data = last if last in {q.value for q in quadrants} else quadrants[0].value
    status = 200
    if form.validate_on_submit():
        try:
            item = add_group_item(group, SwotQuadrant(form.quadrant.data), form.text.data or "")
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {**TEXT_ERRORS, WrongQuadrant: "quadrant"})
        else:
            quadrant = item.quadrant.value
            db.session.commit()
            flash(_("Added. Thank you! Add the next point below."), "success")
            return redirect(url_for("groupwork.rapporteur", token=token, q=quadrant))
    if request.method == "POST":
        status = 422
    return render_template("groupwork/rapporteur.html", group=group, workshop=group.workshop, form=form,
                           items=group_items(group), max_text=MAX_TEXT, token=token), status


@bp.route("/g/<token>/items/<int:item_id>", methods=["GET", "POST"])
@limiter.limit(_group_link_limit, methods=["POST"], key_func=_group_link_key)
def rapporteur_item(token: str, item_id: int) -> Response | tuple[str, int]:
    """The rapporteur corrects or withdraws one of the points their group added."""
    group = _group_or_404(token)
    item = db.get_or_404(SwotItem, item_id)
    if item.group_id != group.id or not item.via_group_link or item.merged_into_id is not None:
        abort(404)
    form = GroupItemEditForm(obj=None if request.method == "POST" else item)
    status = 200
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "delete":
                delete_group_item(group, item)
                message = _("Point withdrawn.")
            else:
                update_group_item(group, item, form.text.data or "")
                message = _("Point saved.")
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, TEXT_ERRORS)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("groupwork.rapporteur", token=token))
    if request.method == "POST":
        status = 422
    return render_template("groupwork/rapporteur_item.html", group=group, workshop=group.workshop, item=item,
                           form=form, max_text=MAX_TEXT, token=token), status


# ---------------------------------------------------------------- projector and its JSON


@bp.get("/workshops/<int:workshop_id>/projector")
@login_required
def projector(workshop_id: int) -> str:
    """Full screen on the projector: the four quadrants in large type, refreshed every few seconds."""
    workshop = _workshop_or_403(workshop_id)
    return render_template("groupwork/projector.html", workshop=workshop, quadrants=board_of(workshop))


@bp.get("/workshops/<int:workshop_id>/board.json")
@login_required
def board_json(workshop_id: int) -> Response:
    """The board's items now, in the page's language, for the projector's script."""
    workshop = _workshop_or_403(workshop_id)
    quadrants = [{
        "quadrant": quadrant.quadrant.value,
        "label": quadrant.quadrant.label,
        "count": len(quadrant.items),
        "count_text": format_number(len(quadrant.items)),
        "items": [{"id": entry.item.id, "text": entry.item.text, "groups": list(entry.groups),
                   "themes": [str(theme.name) for theme in entry.item.themes]} for entry in quadrant.items],
    } for quadrant in board_of(workshop)]
    response = jsonify(workshop_id=workshop.id, quadrants=quadrants)
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- exports


@bp.get("/workshops/<int:workshop_id>/swot.<any(pdf, xlsx):kind>")
@login_required
def swot_export(workshop_id: int, kind: str) -> Response:
    workshop = _workshop_or_403(workshop_id)
    lang = request.args.get("lang", _language())
    lang = lang if lang in LANGUAGES else "en"
    filename = f"swot-{workshop.id}-{lang}.{kind}"
    if kind == "pdf":
        return Response(swot_pdf_bytes(workshop, lang, today_in_baghdad()), mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{filename}"'})
    return Response(swot_xlsx(workshop, lang), mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
