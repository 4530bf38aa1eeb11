"""Engagement pages: a workshop's recommendations, their follow-up list and page, the CSO portal
(submissions, their status and responses, what was published to all CSOs), the review of CSO
reports, evidence and library downloads, the library, and the counters."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.models import Governorate
from app.auth.permissions import Permission, has_permission, permission_required
from app.auth.services import list_governorates
from app.engagement import bp
from app.engagement import models  # noqa: F401  (the tables, for migrations)
from app.engagement.forms import (
    ActivityReportForm,
    EvidenceForm,
    FollowUpForm,
    GroupRecommendationForm,
    LibraryFilterForm,
    LibraryItemForm,
    PeriodForm,
    RecommendationFilterForm,
    RecommendationForm,
    ReportFilterForm,
    ReviewForm,
    ViolationReportForm,
    object_choices,
)
from app.engagement.models import (
    Addressee,
    Channel,
    MaterialKind,
    Priority,
    RecommendationSource,
    RecommendationStatus,
    ReportStatus,
    ViolationKind,
)
from app.engagement.services import (
    ActivityReportData,
    DateInFuture,
    DescriptionRequired,
    FollowUpData,
    GroupNotInWorkshop,
    InvalidLink,
    InvalidParticipants,
    InvalidTransition,
    LibraryFilters,
    LibraryItemData,
    ReasonRequired,
    RecommendationData,
    RecommendationFilters,
    ReportFilters,
    ResponseRequired,
    ReviewData,
    TextRequired,
    TitleRequired,
    Upload,
    ViolationReportData,
    WorkshopNotAvailable,
    add_evidence,
    add_group_recommendation,
    allowed_report_statuses,
    allowed_statuses,
    can_follow_up,
    cso_organisations,
    cso_overview,
    delete_group_recommendation,
    engagement_counters,
    follow_up,
    is_own,
    list_recommendations,
    recommendation_history,
    recommendation_table,
    review_report,
    save_library_item,
    search_activity_reports,
    search_library,
    search_recommendations,
    search_violation_reports,
    set_library_published,
    submit_activity_report,
    submit_cso_recommendation,
    submit_violation_report,
    visible_activity_report,
    visible_evidence,
    visible_library_file,
    visible_library_item,
    visible_recommendation,
    visible_violation_report,
    workshop_groups,
    recommendations_of_workshop,
    workshops_for_cso,
    workshops_with_recommendations,
)
from app.engagement.uploads import (
    FORM_OVERHEAD_BYTES,
    UploadRefused,
    download_headers,
    evidence_max_bytes,
    evidence_max_files,
    library_max_bytes,
)
from app.errors import DomainError, show_on_form
from app.events.models import Theme, Workshop
from app.events.services import can_view, list_themes
from app.extensions import db
from app.i18n.services import text_direction
from app.registration.services import can_run, today_in_baghdad
from app.registration.spreadsheets import XLSX_MIMETYPE, table_to_csv, table_to_xlsx

PER_PAGE = 25
RECOMMENDATION_ERRORS: dict[type[DomainError], str] = {
    TextRequired: "text", GroupNotInWorkshop: "group_id", WorkshopNotAvailable: "workshop_id",
}


# ---------------------------------------------------------------- request size

# The upper bound of a request's body, set before anything reads it (CSRF checking reads the form in
# an application-wide before_request, which runs after this): files add their limits to a form's.
UPLOAD_LIMITS: dict[str, Callable[[], int]] = {
    "engagement.violation_new": lambda: evidence_max_files() * evidence_max_bytes(),
    "engagement.evidence_add": lambda: evidence_max_files() * evidence_max_bytes(),
    "engagement.library_new": lambda: 3 * library_max_bytes(),
    "engagement.library_edit": lambda: 3 * library_max_bytes(),
}


@bp.url_value_preprocessor
def _limit_request_size(endpoint: str | None, values: dict[str, Any] | None) -> None:
    files = UPLOAD_LIMITS.get(endpoint or "")
    request.max_content_length = FORM_OVERHEAD_BYTES + (files() if files else 0)


# ---------------------------------------------------------------- helpers


def _today():
    return today_in_baghdad()


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def _page_args() -> dict[str, str]:
    return {key: value for key, value in request.args.items() if key != "page"}


def _theme(theme_id: int | None) -> Theme | None:
    return db.get_or_404(Theme, theme_id) if theme_id else None


def _governorate(governorate_id: int | None) -> Governorate | None:
    return db.get_or_404(Governorate, governorate_id) if governorate_id else None


def _cso_member() -> int:
    """The CSO portal is for accounts that submit for an organisation."""
    if current_user.organisation_id is None:
        abort(403)
    return current_user.organisation_id


def _uploads(files: list[Any]) -> list[Upload]:
    return [Upload(f.filename or "", f.stream) for f in files if getattr(f, "filename", "")]


def _download(data: bytes, content_type: str, filename: str) -> Response:
    """Always as an attachment with the type found from the content, never shown inline."""
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=filename,
                         max_age=0, conditional=False, etag=False)
    response.headers.update(download_headers())
    return response


def _recommendation_data(form: RecommendationForm) -> RecommendationData:
    return RecommendationData(text=form.text.data or "", addressee=Addressee(form.addressee.data),
                              priority=Priority(form.priority.data), theme=_theme(form.theme_id.data))


# ---------------------------------------------------------------- a workshop's recommendations (tab)


@bp.route("/workshops/<int:workshop_id>/recommendations", methods=["GET", "POST"])
@login_required
def workshop_recommendations(workshop_id: int) -> Response | str:
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_run(current_user, workshop):
        abort(403 if can_view(current_user, workshop) else 404)
    groups = workshop_groups(workshop)
    form = GroupRecommendationForm().with_choices(
        group_id=object_choices(groups, _("Whole workshop (no group)")),
        theme_id=object_choices(list_themes(), _("— none —")))
    if form.validate_on_submit():
        group = next((g for g in groups if g.id == form.group_id.data), None)
        try:
            add_group_recommendation(workshop, group, _recommendation_data(form), current_user)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, RECOMMENDATION_ERRORS)
        else:
            db.session.commit()
            flash(_("Recommendation added."), "success")
            return redirect(url_for("engagement.workshop_recommendations", workshop_id=workshop.id,
                                    group=form.group_id.data))
    elif request.method == "GET" and request.args.get("group", type=int):
        form.group_id.data = request.args.get("group", type=int)  # the next one is often the same group's
    return render_template("engagement/workshop_recommendations.html", workshop=workshop, form=form,
                           recommendations=recommendations_of_workshop(workshop), today=_today(),
                           follow_up=can_follow_up(current_user))


@bp.post("/recommendations/<int:recommendation_id>/delete")
@login_required
def recommendation_delete(recommendation_id: int) -> Response:
    recommendation = visible_recommendation(current_user, recommendation_id)
    if recommendation is None or recommendation.workshop is None:
        abort(404)
    if not can_run(current_user, recommendation.workshop) or not FlaskForm().validate_on_submit():
        abort(403)
    workshop_id = recommendation.workshop_id
    try:
        delete_group_recommendation(recommendation)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("Recommendation deleted."), "success")
    return redirect(url_for("engagement.workshop_recommendations", workshop_id=workshop_id))


# ---------------------------------------------------------------- follow-up


def _recommendation_filters(form: RecommendationFilterForm) -> RecommendationFilters:
    if not form.validate():
        return RecommendationFilters()
    return RecommendationFilters(
        status=RecommendationStatus(form.status.data) if form.status.data else None,
        addressee=Addressee(form.addressee.data) if form.addressee.data else None,
        source=RecommendationSource(form.source.data) if form.source.data else None,
        theme_id=form.theme.data or None, workshop_id=form.workshop.data or None,
        organisation_id=form.organisation.data or None, overdue=bool(form.overdue.data), search=form.q.data or "")


def _recommendation_filter_form() -> RecommendationFilterForm:
    return RecommendationFilterForm(request.args).with_choices(
        theme=object_choices(list_themes(active_only=False), _("Any theme")),
        workshop=object_choices(workshops_with_recommendations(), _("Any workshop")),
        organisation=object_choices(cso_organisations(), _("Any organisation")))


@bp.get("/recommendations")
@permission_required(Permission.FOLLOW_UP_RECOMMENDATIONS)
def recommendation_list() -> str:
    form = _recommendation_filter_form()
    page = search_recommendations(current_user, _recommendation_filters(form), _today(), page=_page(),
                                  per_page=PER_PAGE)
    return render_template("engagement/recommendation_list.html", form=form, page=page, page_args=_page_args(),
                           today=_today())


@bp.get("/recommendations.<any(csv, xlsx):kind>")
@permission_required(Permission.FOLLOW_UP_RECOMMENDATIONS)
def recommendation_export(kind: str) -> Response:
    form = _recommendation_filter_form()
    header, rows = recommendation_table(
        list_recommendations(current_user, _recommendation_filters(form), _today()), _today())
    filename = f"recommendations-{_today().isoformat()}.{kind}"
    if kind == "xlsx":
        body, mimetype = table_to_xlsx(header, rows, _("Recommendations"),
                                       right_to_left=text_direction(str(get_locale())) == "rtl"), XLSX_MIMETYPE
    else:
        body, mimetype = table_to_csv(header, rows), "text/csv"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/recommendations/<int:recommendation_id>", methods=["GET", "POST"])
@login_required
def recommendation_detail(recommendation_id: int) -> Response | str:
    recommendation = visible_recommendation(current_user, recommendation_id)
    if recommendation is None:
        abort(404)
    follows_up = can_follow_up(current_user)
    form = None
    if follows_up:
        form = FollowUpForm(obj=None if request.method == "POST" else recommendation,
                            statuses=allowed_statuses(recommendation)).with_choices(
            theme_id=object_choices(list_themes(active_only=False), _("— none —")))
        if request.method == "GET":
            form.status.data = recommendation.status.value
            form.reason.data = recommendation.status_reason
            form.addressee.data = recommendation.addressee.value
            form.priority.data = recommendation.priority.value
            form.theme_id.data = recommendation.theme_id or 0
    elif request.method == "POST":
        abort(403)
    if form is not None and form.validate_on_submit():
        try:
            changes = follow_up(recommendation, FollowUpData(
                status=RecommendationStatus(form.status.data), addressee=Addressee(form.addressee.data),
                priority=Priority(form.priority.data), theme=_theme(form.theme_id.data), reason=form.reason.data or "",
                responsible_unit=form.responsible_unit.data or "", due_date=form.due_date.data,
                response=form.response.data or "", published=bool(form.published.data)), current_user)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {InvalidTransition: "status", ReasonRequired: "reason"})
        else:
            db.session.commit()
            flash(_("Follow-up saved.") if changes else _("Nothing was changed."), "success" if changes else "info")
            return redirect(url_for("engagement.recommendation_detail", recommendation_id=recommendation.id))
    return render_template("engagement/recommendation_detail.html", recommendation=recommendation, form=form,
                           follows_up=follows_up, own=is_own(current_user, recommendation),
                           history=recommendation_history(recommendation) if follows_up else [],
                           today=_today(),
                           can_delete=recommendation.workshop is not None
                           and can_run(current_user, recommendation.workshop))


# ---------------------------------------------------------------- the CSO portal


@bp.get("/cso")
@permission_required(Permission.SUBMIT_CSO_ITEMS)
def cso_home() -> str:
    _cso_member()
    return render_template("engagement/cso_home.html", overview=cso_overview(current_user, _today()),
                           today=_today())


CSO_LISTS = ("recommendations", "activities", "violations")


@bp.get("/cso/<any(recommendations, activities, violations):kind>")
@permission_required(Permission.SUBMIT_CSO_ITEMS)
def cso_items(kind: str) -> str:
    organisation_id = _cso_member()
    published = request.args.get("scope") == "published"
    if kind == "recommendations":
        filters = RecommendationFilters(published=True) if published else RecommendationFilters(
            organisation_id=organisation_id)
        page = search_recommendations(current_user, filters, _today(), page=_page(), per_page=PER_PAGE)
    else:
        report_filters = ReportFilters(published=True) if published else ReportFilters(organisation_id=organisation_id)
        search = search_activity_reports if kind == "activities" else search_violation_reports
        page = search(current_user, report_filters, page=_page(), per_page=PER_PAGE)
    return render_template("engagement/cso_items.html", kind=kind, published=published, page=page,
                           page_args=_page_args(), today=_today())


@bp.route("/cso/recommendations/new", methods=["GET", "POST"])
@permission_required(Permission.SUBMIT_CSO_ITEMS)
def cso_recommendation_new() -> Response | str:
    _cso_member()
    workshops = workshops_for_cso(current_user)
    form = RecommendationForm().with_choices(
        theme_id=object_choices(list_themes(), _("— none —")),
        workshop_id=object_choices(workshops, _("— not about a workshop —")))
    if form.validate_on_submit():
        workshop = next((w for w in workshops if w.id == form.workshop_id.data), None)
        try:
            recommendation = submit_cso_recommendation(current_user, _recommendation_data(form), workshop)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, RECOMMENDATION_ERRORS)
        else:
            db.session.commit()
            flash(_("Recommendation sent. You will see its status and the response here."), "success")
            return redirect(url_for("engagement.recommendation_detail", recommendation_id=recommendation.id))
    return render_template("engagement/recommendation_form.html", form=form)


def _governorate_choices(none_label: str) -> list:
    return object_choices(list_governorates(), none_label)


@bp.route("/cso/activities/new", methods=["GET", "POST"])
@permission_required(Permission.SUBMIT_CSO_ITEMS)
def activity_new() -> Response | str:
    _cso_member()
    form = ActivityReportForm().with_choices(governorate_id=_governorate_choices(_("— choose —")))
    if form.validate_on_submit():
        try:
            report = submit_activity_report(current_user, ActivityReportData(
                title=form.title.data or "", held_on=form.held_on.data,
                governorate=_governorate(form.governorate_id.data), place=form.place.data or "",
                participants_female=form.participants_female.data or 0,
                participants_male=form.participants_male.data or 0,
                description=form.description.data or ""), _today())
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {TitleRequired: "title", DateInFuture: "held_on",
                                       InvalidParticipants: "participants_female"})
        else:
            db.session.commit()
            flash(_("Activity report sent."), "success")
            return redirect(url_for("engagement.activity_detail", report_id=report.id))
    return render_template("engagement/report_form.html", form=form, kind="activity")


@bp.route("/cso/violations/new", methods=["GET", "POST"])
@permission_required(Permission.SUBMIT_CSO_ITEMS)
def violation_new() -> Response | str:
    _cso_member()
    form = ViolationReportForm().with_choices(
        governorate_id=_governorate_choices(_("Not tied to one governorate (online, national)")))
    if form.validate_on_submit():
        try:
            report = submit_violation_report(current_user, ViolationReportData(
                kind=ViolationKind(form.kind.data), observed_on=form.observed_on.data,
                channel=Channel(form.channel.data), description=form.description.data or "",
                governorate=_governorate(form.governorate_id.data)), _uploads(form.evidence.data or []), _today())
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {DescriptionRequired: "description", DateInFuture: "observed_on",
                                       UploadRefused: "evidence"})
        else:
            db.session.commit()
            flash(_("Report sent."), "success")
            return redirect(url_for("engagement.violation_detail", report_id=report.id))
    return render_template("engagement/report_form.html", form=form, kind="violation",
                           max_files=evidence_max_files(), max_megabytes=evidence_max_bytes() // (1024 * 1024))


# ---------------------------------------------------------------- CSO reports: lists, pages, review


def _report_filters(form: ReportFilterForm) -> ReportFilters:
    if not form.validate():
        return ReportFilters()
    return ReportFilters(
        status=ReportStatus(form.status.data) if form.status.data else None,
        organisation_id=form.organisation.data or None, governorate_id=form.governorate.data or None,
        kind=ViolationKind(form.kind.data) if form.kind.data else None,
        channel=Channel(form.channel.data) if form.channel.data else None)


def _report_list(kind: str) -> str:
    form = ReportFilterForm(request.args).with_choices(
        organisation=object_choices(cso_organisations(), _("Any organisation")),
        governorate=_governorate_choices(_("Any governorate")))
    search = search_activity_reports if kind == "activities" else search_violation_reports
    page = search(current_user, _report_filters(form), page=_page(), per_page=PER_PAGE)
    return render_template("engagement/report_list.html", kind=kind, form=form, page=page, page_args=_page_args())


@bp.get("/activities")
@permission_required(Permission.FOLLOW_UP_RECOMMENDATIONS)
def activity_list() -> str:
    return _report_list("activities")


@bp.get("/violations")
@permission_required(Permission.FOLLOW_UP_RECOMMENDATIONS)
def violation_list() -> str:
    return _report_list("violations")


def _report_page(report: Any, kind: str) -> Response | str:
    follows_up = can_follow_up(current_user)
    if request.method == "POST" and not follows_up:
        abort(403)
    form = ReviewForm(obj=None if request.method == "POST" else report,
                      statuses=allowed_report_statuses(report)) if follows_up else None
    if form is not None and request.method == "GET":
        form.status.data = report.status.value
    if form is not None and form.validate_on_submit():
        try:
            review_report(report, ReviewData(status=ReportStatus(form.status.data), response=form.response.data or "",
                                             published=bool(form.published.data)))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {InvalidTransition: "status", ResponseRequired: "response"})
        else:
            db.session.commit()
            flash(_("Review saved."), "success")
            return redirect(url_for(f"engagement.{kind}_detail", report_id=report.id))
    own = is_own(current_user, report)
    evidence_form = EvidenceForm() if kind == "violation" and own else None
    return render_template("engagement/report_detail.html", report=report, kind=kind, form=form,
                           follows_up=follows_up, own=own, evidence_form=evidence_form,
                           show_evidence=kind == "violation" and (own or follows_up))


@bp.route("/activities/<int:report_id>", methods=["GET", "POST"])
@login_required
def activity_detail(report_id: int) -> Response | str:
    report = visible_activity_report(current_user, report_id)
    if report is None:
        abort(404)
    return _report_page(report, "activity")


@bp.route("/violations/<int:report_id>", methods=["GET", "POST"])
@login_required
def violation_detail(report_id: int) -> Response | str:
    report = visible_violation_report(current_user, report_id)
    if report is None:
        abort(404)
    return _report_page(report, "violation")


@bp.post("/violations/<int:report_id>/evidence")
@login_required
def evidence_add(report_id: int) -> Response:
    report = visible_violation_report(current_user, report_id)
    if report is None:
        abort(404)
    if not is_own(current_user, report):
        abort(403)
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        added = add_evidence(report, _uploads(form.evidence.data or []))
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("Evidence added: %(count)d file(s).", count=len(added)) if added else _("No file was chosen."),
              "success" if added else "info")
    return redirect(url_for("engagement.violation_detail", report_id=report_id))


@bp.get("/evidence/<int:file_id>")
@login_required
def evidence_download(file_id: int) -> Response:
    evidence = visible_evidence(current_user, file_id)
    if evidence is None:
        abort(404)
    return _download(evidence.data, evidence.content_type, evidence.filename)


# ---------------------------------------------------------------- library


@bp.get("/library")
@login_required
def library_list() -> str:
    form = LibraryFilterForm(request.args).with_choices(
        theme=object_choices(list_themes(active_only=False), _("Any theme")))
    filters = LibraryFilters()
    if form.validate():
        filters = LibraryFilters(kind=MaterialKind(form.kind.data) if form.kind.data else None,
                                 theme_id=form.theme.data or None, language=form.language.data or None)
    page = search_library(current_user, filters, page=_page())
    return render_template("engagement/library_list.html", form=form, page=page, page_args=_page_args(),
                           manage=has_permission(current_user, Permission.MANAGE_LIBRARY))


def _library_page(item: Any) -> Response | str:
    form = LibraryItemForm(obj=None if request.method == "POST" else item).with_choices(
        theme_id=object_choices(list_themes(), _("— none —")))
    if request.method == "GET" and item is not None:
        form.kind.data = item.kind.value
        form.theme_id.data = item.theme_id or 0
    if form.validate_on_submit():
        try:
            saved = save_library_item(LibraryItemData(
                title=form.title.data, description=form.description.data, kind=MaterialKind(form.kind.data),
                theme=_theme(form.theme_id.data), url=form.url.data or "", published=bool(form.published.data)),
                {lang: Upload(f.filename or "", f.stream) for lang, f in form.files().items()}, current_user,
                item=item, remove=form.removed())
        except UploadRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {TitleRequired: "title", InvalidLink: "url"})
        else:
            db.session.commit()
            flash(_("Library item saved."), "success")
            return redirect(url_for("engagement.library_list", _anchor=f"item-{saved.id}"))
    return render_template("engagement/library_form.html", form=form, item=item,
                           max_megabytes=library_max_bytes() // (1024 * 1024))


@bp.route("/library/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_LIBRARY)
def library_new() -> Response | str:
    return _library_page(None)


@bp.route("/library/<int:item_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_LIBRARY)
def library_edit(item_id: int) -> Response | str:
    item = visible_library_item(current_user, item_id)
    if item is None:
        abort(404)
    return _library_page(item)


@bp.post("/library/<int:item_id>/published")
@permission_required(Permission.MANAGE_LIBRARY)
def library_publish(item_id: int) -> Response:
    item = visible_library_item(current_user, item_id)
    if item is None:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    set_library_published(item, request.form.get("published") == "1")
    db.session.commit()
    flash(_("The item is shown to everyone.") if item.published else _("The item is hidden from CSOs and viewers."),
          "success")
    return redirect(url_for("engagement.library_list", _anchor=f"item-{item.id}"))


@bp.get("/library/files/<int:file_id>")
@login_required
def library_download(file_id: int) -> Response:
    library_file = visible_library_file(current_user, file_id)
    if library_file is None:
        abort(404)
    return _download(library_file.data, library_file.content_type, library_file.filename)


# ---------------------------------------------------------------- counters


@bp.get("/counters")
@permission_required(Permission.FOLLOW_UP_RECOMMENDATIONS)
def counters() -> str:
    form = PeriodForm(request.args)
    valid = form.validate()
    start, end = (form.start.data, form.end.data) if valid else (None, None)
    return render_template("engagement/counters.html", form=form, counters=engagement_counters(start, end))
