"""Workshop pages: list, calendar, workshop page, create/edit/duplicate, schedule and agenda,
status changes, iCalendar files and feeds, and the reference lists."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.auth.models import Governorate, Organisation, User
from app.auth.permissions import Permission, permission_required
from app.auth.services import list_governorates, list_organisations
from app.errors import DomainError, show_on_form
from app.i18n.formatting import format_date_range
from app.events import bp
from app.events.forms import (
    ActivityTypeForm,
    AgendaItemForm,
    DayForm,
    DuplicateForm,
    FilterForm,
    ScheduleForm,
    SeriesForm,
    StatusForm,
    ThemeForm,
    WorkshopForm,
)
from app.events.ical import workshops_to_ics
from app.events.models import (
    ActivityType,
    AgendaItem,
    AgendaKind,
    DeliveryMode,
    Series,
    Theme,
    Workshop,
    WorkshopDay,
    WorkshopStatus,
)
from app.events.services import (
    AgendaItemData,
    AgendaItemOutsideDay,
    DaySlot,
    EndBeforeStart,
    NegativeCapacity,
    TitleRequired,
    WorkshopData,
    WorkshopFilters,
    add_agenda_item,
    add_day,
    allowed_transitions,
    calendar_month,
    can_manage,
    can_view,
    change_status,
    consecutive_days,
    create_workshop,
    delete_agenda_item,
    duplicate_workshop,
    feed_token,
    feed_workshops,
    find_conflicts,
    list_activity_types,
    list_assignable_facilitators,
    list_series,
    list_themes,
    local_timezone,
    organisation_for_feed,
    remove_day,
    reschedule,
    save_activity_type,
    save_series,
    save_theme,
    search_workshops,
    update_agenda_item,
    update_day,
    update_workshop,
)
from app.extensions import db
from app.indicators.framework import output_choices
from app.indicators.models import Output

NONE = 0
WORKSHOP_ERROR_FIELDS: dict[type[DomainError], str] = {
    TitleRequired: "title", NegativeCapacity: "capacity", EndBeforeStart: "day_end",
}
AGENDA_ERROR_FIELDS: dict[type[DomainError], str] = {
    EndBeforeStart: "end", AgendaItemOutsideDay: "start", TitleRequired: "title",
}


def _choices(items, none_label: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(NONE, none_label)] if none_label else []
    return choices + [SelectChoice(item.id, str(getattr(item, "name", None) or item.title)) for item in items]


def _visible_or_404(workshop_id: int) -> Workshop:
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_view(current_user, workshop):
        abort(404)
    return workshop


def _managed_or_403(workshop_id: int) -> Workshop:
    workshop = _visible_or_404(workshop_id)
    if not can_manage(current_user, workshop):
        abort(403)
    return workshop


def _flash_conflicts(workshop: Workshop) -> None:
    for conflict in find_conflicts(workshop):
        if conflict.kind == "venue":
            flash(_("Warning: %(venue)s is also booked for “%(other)s” at overlapping times.",
                    venue=workshop.venue, other=str(conflict.other.title)), "warning")
        else:
            flash(_("Warning: %(person)s also facilitates “%(other)s” at overlapping times.",
                    person=conflict.facilitator.full_name, other=str(conflict.other.title)), "warning")


@bp.app_template_global()
def status_label(value: str) -> str:
    return WorkshopStatus(value).label


@bp.app_template_global()
def days_text(days: list[list[str]]) -> str:
    """The dates kept in a workshop's history, as a date range."""
    if not days:
        return _("no dates")
    return format_date_range(datetime.fromisoformat(days[0][0]), datetime.fromisoformat(days[-1][1]))


# ---------------------------------------------------------------- list and calendar


@bp.get("/")
@login_required
def workshop_list() -> str:
    form = FilterForm(request.args)
    form.governorate.choices = _choices(list_governorates(), _("Any governorate"))
    form.activity_type.choices = _choices(list_activity_types(active_only=False), _("Any type"))
    form.organisation.choices = _choices(list_organisations(), _("Any organiser"))
    form.series.choices = _choices(list_series(), _("Any series"))
    form.theme.choices = _choices(list_themes(active_only=False), _("Any theme"))
    valid = form.validate()
    filters = WorkshopFilters()
    if valid:
        filters = WorkshopFilters(
            start=form.start.data, end=form.end.data, governorate_id=form.governorate.data or None,
            activity_type_id=form.activity_type.data or None,
            status=WorkshopStatus(form.status.data) if form.status.data else None,
            organisation_id=form.organisation.data or None, series_id=form.series.data or None,
            theme_id=form.theme.data or None, search=form.q.data or "", view=form.view.data or "all",
        )
    page = search_workshops(current_user, filters, page=request.args.get("page", 1, type=int))
    page_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("events/workshop_list.html", form=form, page=page, page_args=page_args,
                           can_create=can_manage(current_user))


@bp.get("/calendar")
@login_required
def workshop_calendar() -> str:
    today = datetime.now(local_timezone()).date()
    year = request.args.get("year", today.year, type=int)
    month = request.args.get("month", today.month, type=int)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        abort(404)
    return render_template("events/workshop_calendar.html", month=calendar_month(current_user, year, month),
                           today=today)


# ---------------------------------------------------------------- create, edit, duplicate


def _prepare_workshop_form(form: WorkshopForm) -> None:
    organisations = list_organisations(active_only=True)
    if current_user.is_admin:
        form.organisation_id.choices = _choices(organisations)
    else:
        own = [o for o in organisations if o.id == current_user.organisation_id]
        form.organisation_id.choices = _choices(own)
    form.activity_type_id.choices = _choices(list_activity_types())
    form.partner_ids.choices = _choices(organisations)
    form.series_id.choices = _choices(list_series(), _("— none —"))
    form.theme_ids.choices = _choices(list_themes())
    lang = str(get_locale())
    form.output_ids.choices = [SelectChoice(o.id, f"{o.code} · {o.title.get(lang)} ({o.programme.title.get(lang)})")
                               for o in output_choices()]
    form.governorate_id.choices = _choices(list_governorates(), _("— none —"))
    form.facilitator_ids.choices = [SelectChoice(u.id, u.full_name) for u in list_assignable_facilitators()]


def _workshop_data(form: WorkshopForm) -> WorkshopData:
    def many(model, ids):
        return [db.get_or_404(model, i) for i in ids or []]

    return WorkshopData(
        title=form.title.data, description=form.description.data, objectives=form.objectives.data,
        target_audience=form.target_audience.data,
        activity_type=db.get_or_404(ActivityType, form.activity_type_id.data),
        organisation=db.get_or_404(Organisation, form.organisation_id.data),
        partners=many(Organisation, form.partner_ids.data),
        series=db.get_or_404(Series, form.series_id.data) if form.series_id.data else None,
        themes=many(Theme, form.theme_ids.data), mode=DeliveryMode(form.mode.data),
        outputs=many(Output, form.output_ids.data),
        venue=form.venue.data or "", city=form.city.data or "",
        governorate=db.get_or_404(Governorate, form.governorate_id.data) if form.governorate_id.data else None,
        online_link=form.online_link.data or "", planned_year=form.planned_year.data,
        planned_month=form.planned_month.data or None, planned_quarter=form.planned_quarter.data or None,
        capacity=form.capacity.data, facilitators=many(User, form.facilitator_ids.data),
        published_to_csos=form.published_to_csos.data, self_registration=form.self_registration.data,
        approval_required=form.approval_required.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_WORKSHOPS)
def workshop_create() -> Response | str:
    form = WorkshopForm()
    _prepare_workshop_form(form)
    if form.validate_on_submit():
        try:
            days = (consecutive_days(form.first_day.data, form.last_day.data, form.day_start.data,
                                     form.day_end.data) if form.first_day.data else [])
            workshop = create_workshop(_workshop_data(form), current_user, days)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, WORKSHOP_ERROR_FIELDS)
        else:
            db.session.commit()
            flash(_("Workshop saved as a draft."), "success")
            _flash_conflicts(workshop)
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id))
    return render_template("events/workshop_form.html", form=form, workshop=None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def workshop_edit(workshop_id: int) -> Response | str:
    workshop = _managed_or_403(workshop_id)
    form = WorkshopForm(obj=workshop)
    for creation_only in ("first_day", "last_day", "day_start", "day_end"):
        delattr(form, creation_only)  # dates change on the workshop page, with their history
    _prepare_workshop_form(form)
    if request.method == "GET":
        form.partner_ids.data = [o.id for o in workshop.partners]
        form.theme_ids.data = [t.id for t in workshop.themes]
        form.output_ids.data = [o.id for o in workshop.outputs]
        form.facilitator_ids.data = [u.id for u in workshop.facilitators]
        form.series_id.data = workshop.series_id or NONE
        form.governorate_id.data = workshop.governorate_id or NONE
        form.planned_month.data = workshop.planned_month or NONE
        form.planned_quarter.data = workshop.planned_quarter or NONE
    if form.validate_on_submit():
        try:
            update_workshop(workshop, _workshop_data(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, WORKSHOP_ERROR_FIELDS)
        else:
            db.session.commit()
            flash(_("Workshop saved."), "success")
            _flash_conflicts(workshop)
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id))
    return render_template("events/workshop_form.html", form=form, workshop=workshop)


@bp.route("/<int:workshop_id>/duplicate", methods=["GET", "POST"])
@login_required
def workshop_duplicate(workshop_id: int) -> Response | str:
    workshop = _managed_or_403(workshop_id)
    form = DuplicateForm(governorate_id=workshop.governorate_id or NONE)
    form.governorate_id.choices = _choices(list_governorates(), _("— none —"))
    if form.validate_on_submit():
        governorate = db.get_or_404(Governorate, form.governorate_id.data) if form.governorate_id.data else None
        copy = duplicate_workshop(workshop, current_user, form.first_day.data, governorate)
        db.session.commit()
        flash(_("Copy saved as a new draft. Check its venue and dates."), "success")
        return redirect(url_for("events.workshop_edit", workshop_id=copy.id))
    return render_template("events/workshop_duplicate.html", form=form, workshop=workshop)


# ---------------------------------------------------------------- the workshop page


@bp.get("/<int:workshop_id>")
@login_required
def workshop_detail(workshop_id: int) -> str:
    workshop = _visible_or_404(workshop_id)
    manage = can_manage(current_user, workshop)
    status_form = StatusForm()
    status_form.status.choices = [SelectChoice(s.value, s.label) for s in allowed_transitions(workshop)]
    return render_template(
        "events/workshop_detail.html", workshop=workshop, manage=manage,
        conflicts=find_conflicts(workshop) if manage else [], status_form=status_form,
        schedule_form=ScheduleForm(formdata=None), day_form=DayForm(formdata=None),
        agenda_form=AgendaItemForm(formdata=None, kind=AgendaKind.PRESENTATION.value),
        tz=local_timezone(),
    )


@bp.post("/<int:workshop_id>/status")
@login_required
def workshop_status(workshop_id: int) -> Response:
    workshop = _managed_or_403(workshop_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            change_status(workshop, WorkshopStatus(form.status.data), current_user, form.reason.data or "")
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("Status changed to: %(status)s.", status=workshop.status.label), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("events.workshop_detail", workshop_id=workshop.id))


def _redirect_with_form_errors(form, workshop: Workshop, anchor: str) -> Response:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")
    for error in form.form_errors:
        flash(str(error), "error")
    return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor=anchor))


@bp.post("/<int:workshop_id>/schedule")
@login_required
def workshop_schedule(workshop_id: int) -> Response:
    """Set (or change) all the dates at once: consecutive days with the same hours."""
    workshop = _managed_or_403(workshop_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        try:
            days = consecutive_days(form.first_day.data, form.last_day.data, form.day_start.data, form.day_end.data)
            reschedule(workshop, days, current_user, form.reason.data or "")
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Dates saved."), "success")
            _flash_conflicts(workshop)
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor="days"))
    return _redirect_with_form_errors(form, workshop, "days")


@bp.post("/<int:workshop_id>/days")
@login_required
def day_create(workshop_id: int) -> Response:
    workshop = _managed_or_403(workshop_id)
    form = DayForm()
    if form.validate_on_submit():
        try:
            add_day(workshop, DaySlot(form.day.data, form.start.data, form.end.data), current_user)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Day added."), "success")
            _flash_conflicts(workshop)
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor="days"))
    return _redirect_with_form_errors(form, workshop, "days")


def _day_of(workshop: Workshop, day_id: int) -> WorkshopDay:
    day = db.get_or_404(WorkshopDay, day_id)
    if day.workshop_id != workshop.id:
        abort(404)
    return day


@bp.route("/<int:workshop_id>/days/<int:day_id>/edit", methods=["GET", "POST"])
@login_required
def day_edit(workshop_id: int, day_id: int) -> Response | str:
    workshop = _managed_or_403(workshop_id)
    day = _day_of(workshop, day_id)
    tz = local_timezone()
    form = DayForm(day=day.starts_at.astimezone(tz).date(), start=day.starts_at.astimezone(tz).time(),
                   end=day.ends_at.astimezone(tz).time())
    if form.validate_on_submit():
        try:
            update_day(day, DaySlot(form.day.data, form.start.data, form.end.data), current_user,
                       form.reason.data or "")
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {EndBeforeStart: "end", AgendaItemOutsideDay: "start"})
        else:
            db.session.commit()
            flash(_("Day saved."), "success")
            _flash_conflicts(workshop)
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor="days"))
    return render_template("events/day_form.html", form=form, workshop=workshop, day=day)


@bp.post("/<int:workshop_id>/days/<int:day_id>/delete")
@login_required
def day_delete(workshop_id: int, day_id: int) -> Response:
    workshop = _managed_or_403(workshop_id)
    remove_day(_day_of(workshop, day_id), current_user)
    db.session.commit()
    flash(_("Day removed with its agenda."), "success")
    return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor="days"))


def _agenda_data(form: AgendaItemForm) -> AgendaItemData:
    return AgendaItemData(start=form.start.data, end=form.end.data, title=form.title.data,
                          kind=AgendaKind(form.kind.data), speakers=form.speakers.data or "")


@bp.post("/<int:workshop_id>/days/<int:day_id>/agenda")
@login_required
def agenda_item_create(workshop_id: int, day_id: int) -> Response:
    workshop = _managed_or_403(workshop_id)
    day = _day_of(workshop, day_id)
    form = AgendaItemForm()
    if form.validate_on_submit():
        try:
            add_agenda_item(day, _agenda_data(form))
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Agenda item added."), "success")
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor=f"day-{day.id}"))
    return _redirect_with_form_errors(form, workshop, f"day-{day.id}")


def _item_of(workshop: Workshop, item_id: int) -> AgendaItem:
    item = db.get_or_404(AgendaItem, item_id)
    if item.day.workshop_id != workshop.id:
        abort(404)
    return item


@bp.route("/<int:workshop_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def agenda_item_edit(workshop_id: int, item_id: int) -> Response | str:
    workshop = _managed_or_403(workshop_id)
    item = _item_of(workshop, item_id)
    tz = local_timezone()
    form = AgendaItemForm(obj=item, start=item.starts_at.astimezone(tz).time(),
                          end=item.ends_at.astimezone(tz).time())
    if form.validate_on_submit():
        try:
            update_agenda_item(item, _agenda_data(form))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, AGENDA_ERROR_FIELDS)
        else:
            db.session.commit()
            flash(_("Agenda item saved."), "success")
            return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor=f"day-{item.day_id}"))
    return render_template("events/agenda_item_form.html", form=form, workshop=workshop, item=item)


@bp.post("/<int:workshop_id>/agenda/<int:item_id>/delete")
@login_required
def agenda_item_delete(workshop_id: int, item_id: int) -> Response:
    workshop = _managed_or_403(workshop_id)
    item = _item_of(workshop, item_id)
    day_id = item.day_id
    delete_agenda_item(item)
    db.session.commit()
    flash(_("Agenda item removed."), "success")
    return redirect(url_for("events.workshop_detail", workshop_id=workshop.id, _anchor=f"day-{day_id}"))


# ---------------------------------------------------------------- iCalendar


def _ics_response(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<int:workshop_id>/calendar.ics")
@login_required
def workshop_ics(workshop_id: int) -> Response:
    workshop = _visible_or_404(workshop_id)
    return _ics_response(workshops_to_ics([workshop], locale=str(current_user.locale or "en"),
                                          host=request.host), f"workshop-{workshop.id}.ics")


@bp.get("/feeds/<token>.ics")
def organisation_feed(token: str) -> Response:
    """Public but unguessable: calendar applications subscribe without signing in."""
    organisation = organisation_for_feed(token)
    if organisation is None:
        abort(404)
    return _ics_response(workshops_to_ics(feed_workshops(organisation), locale="en", host=request.host,
                                          name=str(organisation.name)), f"multaqa-{organisation.id}.ics")


@bp.get("/feeds")
@login_required
def feed_list() -> str:
    organisations = (list_organisations() if current_user.is_admin
                     else [current_user.organisation] if current_user.organisation else [])
    feeds = [(o, url_for("events.organisation_feed", token=feed_token(o), _external=True)) for o in organisations]
    return render_template("events/feed_list.html", feeds=feeds)


# ---------------------------------------------------------------- reference lists


@bp.get("/settings")
@permission_required(Permission.MANAGE_REFERENCE_LISTS)
def reference_lists() -> str:
    return render_template("events/reference_lists.html", activity_types=list_activity_types(active_only=False),
                           themes=list_themes(active_only=False), series=list_series())


@bp.route("/settings/types/new", methods=["GET", "POST"])
@bp.route("/settings/types/<int:type_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_REFERENCE_LISTS)
def activity_type_edit(type_id: int | None = None) -> Response | str:
    activity_type = db.get_or_404(ActivityType, type_id) if type_id else None
    form = ActivityTypeForm(obj=activity_type)
    if form.validate_on_submit():
        try:
            save_activity_type(form.name.data, form.capacity_building.data, form.active.data, activity_type)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {})
        else:
            db.session.commit()
            flash(_("Activity type saved."), "success")
            return redirect(url_for("events.reference_lists"))
    return render_template("events/reference_form.html", form=form, heading=_("Activity type"))


@bp.route("/settings/themes/new", methods=["GET", "POST"])
@bp.route("/settings/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_REFERENCE_LISTS)
def theme_edit(theme_id: int | None = None) -> Response | str:
    theme = db.get_or_404(Theme, theme_id) if theme_id else None
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        try:
            save_theme(form.name.data, form.active.data, theme)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {})
        else:
            db.session.commit()
            flash(_("Theme saved."), "success")
            return redirect(url_for("events.reference_lists"))
    return render_template("events/reference_form.html", form=form, heading=_("Theme"))


@bp.route("/series/new", methods=["GET", "POST"])
@bp.route("/series/<int:series_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_WORKSHOPS)
def series_edit(series_id: int | None = None) -> Response | str:
    series = db.get_or_404(Series, series_id) if series_id else None
    if series is not None and not current_user.is_admin and series.organisation_id != current_user.organisation_id:
        abort(403)
    form = SeriesForm(obj=series)
    organisations = list_organisations(active_only=True)
    if not current_user.is_admin:
        organisations = [o for o in organisations if o.id == current_user.organisation_id]
    form.organisation_id.choices = _choices(organisations)
    if form.validate_on_submit():
        try:
            save_series(form.title.data, db.get_or_404(Organisation, form.organisation_id.data), series)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {})
        else:
            db.session.commit()
            flash(_("Series saved."), "success")
            return redirect(url_for("events.workshop_list"))
    return render_template("events/reference_form.html", form=form, heading=_("Series"))

