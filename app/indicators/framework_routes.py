"""Editing the results framework (admins): programmes, outcomes, outputs, indicators, targets, entries, import.
Figures are entered by admins and organisers; workshops are linked to outputs by those who plan them."""

from __future__ import annotations

import io
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.auth.permissions import Permission, has_permission, permission_required
from app.errors import DomainError, show_on_form
from app.events.models import Workshop
from app.events.services import can_view, list_activity_types, list_themes
from app.extensions import db
from app.i18n.formatting import format_date_range, format_number
from app.indicators import bp, display, framework, importing, services
from app.indicators.forms import (
    EntryForm,
    FrameworkItemForm,
    ImportForm,
    IndicatorForm,
    LinkWorkshopForm,
    ProgrammeForm,
    number_or_none,
    period_targets_form,
    plain,
)
from app.indicators.framework import (
    CodeTaken,
    DatesOutOfOrder,
    EntryData,
    IndicatorData,
    OutcomeData,
    OutputData,
    PercentOutOfRange,
    ProgrammeData,
    TitleRequired,
    UnitDoesNotFit,
)
from app.indicators.models import (
    Disaggregation,
    EngagementMeasure,
    Indicator,
    IndicatorKind,
    IndicatorUnit,
    ManualCumulation,
    MilestoneStatus,
    Outcome,
    Output,
    PeopleCount,
    Programme,
    Rollup,
)
from app.registration.spreadsheets import XLSX_MIMETYPE

# The body of an import request: the file and the form around it.
IMPORT_MAX_REQUEST_BYTES = importing.MAX_BYTES + 64 * 1024
ITEM_ERRORS = {CodeTaken: "code", TitleRequired: "title"}
PROGRAMME_ERRORS = {DatesOutOfOrder: "ends_on", TitleRequired: "title"}
INDICATOR_ERRORS = {CodeTaken: "code", TitleRequired: "title", UnitDoesNotFit: "unit"}
ENTRY_KINDS = (IndicatorKind.MANUAL, IndicatorKind.MILESTONE)


@bp.url_value_preprocessor
def _limit_import_size(endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Set before anything reads the body (the CSRF check reads the form in a before_request).
    if endpoint == "indicators.programme_import":
        request.max_content_length = IMPORT_MAX_REQUEST_BYTES


def _render(template: str, **context: Any) -> str:
    return render_template(f"indicators/{template}", format_target=display.target, **context)


def _programme_or_404(programme_id: int) -> Programme:
    programme = services.load_programme(programme_id)
    if programme is None:
        abort(404)
    return programme


def _to_framework(programme: Programme, anchor: str | None = None) -> Response:
    return redirect(url_for("indicators.programme_framework", programme_id=programme.id, _anchor=anchor))


# ---------------------------------------------------------------- programmes


@bp.get("/programmes/")
@permission_required(Permission.VIEW_REPORTS)
def programme_list() -> str:
    return _render("programme_list.html", programmes=services.programmes(),
                           can_edit=has_permission(current_user, Permission.MANAGE_RESULTS_FRAMEWORK))


def _programme_data(form: ProgrammeForm) -> ProgrammeData:
    return ProgrammeData(
        title=form.title.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        donor=(form.donor.data or "").strip(), period_months=form.period_months.data,
        satisfaction_threshold=form.satisfaction_threshold.data,
        attendance_min_share=form.attendance_min_share.data or 0, rollup=Rollup(form.rollup.data),
        beneficiaries_target_male=form.beneficiaries_target_male.data,
        beneficiaries_target_female=form.beneficiaries_target_female.data)


def _programme_form(programme: Programme | None) -> Response | str:
    form = ProgrammeForm(obj=programme)
    if programme is not None and not form.is_submitted():
        form.rollup.data = programme.rollup.value
    if form.validate_on_submit():
        try:
            saved = framework.save_programme(_programme_data(form), programme)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, PROGRAMME_ERRORS)
        else:
            db.session.commit()
            flash(_("Programme saved."), "success")
            return _to_framework(saved)
    return _render("programme_form.html", form=form, programme=programme)


@bp.route("/programmes/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def programme_new() -> Response | str:
    return _programme_form(None)


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def programme_edit(programme_id: int) -> Response | str:
    return _programme_form(db.get_or_404(Programme, programme_id))


@bp.post("/programmes/<int:programme_id>/delete")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def programme_delete(programme_id: int) -> Response:
    programme = db.get_or_404(Programme, programme_id)
    try:
        framework.delete_programme(programme)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return _to_framework(programme)
    db.session.commit()
    flash(_("Programme deleted."), "success")
    return redirect(url_for("indicators.programme_list"))


@bp.get("/programmes/<int:programme_id>/framework")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def programme_framework(programme_id: int) -> str:
    """The tree: outcomes → outputs → indicators, each with its edit link and delete button."""
    programme = _programme_or_404(programme_id)
    return _render("framework_tree.html", programme=programme,
                           outcome_form=FrameworkItemForm(prefix="outcome"), entry_kinds=ENTRY_KINDS)


# ---------------------------------------------------------------- outcomes and outputs


def _item_data(form: FrameworkItemForm, data_class: type[Any]) -> Any:
    return data_class(code=form.code.data or "", title=form.title.data, lead_agency=form.lead_agency.data or "")


def _item_form(form: FrameworkItemForm, save: Any, heading: str, programme: Programme,
               item: Outcome | Output | None) -> Response | str:
    """The page of an outcome's or output's form; the framework page posts its own short forms here."""
    if form.validate_on_submit():
        try:
            saved = save()
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, ITEM_ERRORS)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return _to_framework(programme, f"{'outcome' if isinstance(saved, Outcome) else 'output'}-{saved.id}")
    return _render("framework_item_form.html", form=form, heading=heading, programme=programme,
                           item=item)


@bp.route("/programmes/<int:programme_id>/outcomes/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def outcome_new(programme_id: int) -> Response | str:
    programme = db.get_or_404(Programme, programme_id)
    form = FrameworkItemForm(prefix="outcome")
    return _item_form(form, lambda: framework.save_outcome(programme, _item_data(form, OutcomeData)),
                      _("New outcome"), programme, None)


@bp.route("/outcomes/<int:outcome_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def outcome_edit(outcome_id: int) -> Response | str:
    outcome = db.get_or_404(Outcome, outcome_id)
    form = FrameworkItemForm(prefix="outcome", obj=outcome)
    return _item_form(form, lambda: framework.save_outcome(outcome.programme, _item_data(form, OutcomeData), outcome),
                      _("Outcome %(code)s", code=outcome.code), outcome.programme, outcome)


@bp.post("/outcomes/<int:outcome_id>/delete")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def outcome_delete(outcome_id: int) -> Response:
    outcome = db.get_or_404(Outcome, outcome_id)
    programme = outcome.programme
    framework.delete_outcome(outcome)
    db.session.commit()
    flash(_("Outcome deleted with its outputs and indicators."), "success")
    return _to_framework(programme)


@bp.route("/outcomes/<int:outcome_id>/outputs/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def output_new(outcome_id: int) -> Response | str:
    outcome = db.get_or_404(Outcome, outcome_id)
    form = FrameworkItemForm(prefix="output")
    return _item_form(form, lambda: framework.save_output(outcome, _item_data(form, OutputData)),
                      _("New output of outcome %(code)s", code=outcome.code), outcome.programme, None)


@bp.route("/outputs/<int:output_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def output_edit(output_id: int) -> Response | str:
    output = db.get_or_404(Output, output_id)
    form = FrameworkItemForm(prefix="output", obj=output)
    return _item_form(form, lambda: framework.save_output(output.outcome, _item_data(form, OutputData), output),
                      _("Output %(code)s", code=output.code), output.programme, output)


@bp.post("/outputs/<int:output_id>/delete")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def output_delete(output_id: int) -> Response:
    output = db.get_or_404(Output, output_id)
    programme = output.programme
    framework.delete_output(output)
    db.session.commit()
    flash(_("Output deleted with its indicators; its workshops are no longer linked to it."), "success")
    return _to_framework(programme)


# ---------------------------------------------------------------- an output's page and its workshops


def _workshop_label(workshop: Workshop) -> str:
    title = workshop.title.get(str(get_locale() or "en"))
    when = format_date_range(workshop.starts_at, workshop.ends_at)
    return f"{title} · {when}" if when else title


def _output_page(output: Output, link_form: LinkWorkshopForm | None = None) -> str:
    can_link = framework.can_link_workshops(current_user)
    if can_link and link_form is None:
        link_form = LinkWorkshopForm()
    if link_form is not None:
        link_form.with_choices(workshop_id=[SelectChoice(workshop.id, _workshop_label(workshop))
                                            for workshop in framework.linkable_workshops(output, current_user)])
    return _render("output_detail.html", output=output, programme=output.programme,
                           workshops=framework.linked_workshops(output, current_user), link_form=link_form, can_link=can_link,
                           can_edit=has_permission(current_user, Permission.MANAGE_RESULTS_FRAMEWORK),
                           can_enter=framework.can_enter_figures(current_user), entry_kinds=ENTRY_KINDS)


@bp.get("/outputs/<int:output_id>")
@permission_required(Permission.VIEW_REPORTS)
def output_detail(output_id: int) -> str:
    return _output_page(db.get_or_404(Output, output_id))


@bp.post("/outputs/<int:output_id>/workshops")
@permission_required(Permission.VIEW_REPORTS)
def output_link(output_id: int) -> Response | str:
    output = db.get_or_404(Output, output_id)
    if not framework.can_link_workshops(current_user):
        abort(403)
    form = LinkWorkshopForm()
    form.with_choices(workshop_id=[SelectChoice(workshop.id, "")
                                   for workshop in framework.linkable_workshops(output, current_user)])
    if not form.validate_on_submit():
        return _output_page(output, form)
    framework.link_workshop(output, db.get_or_404(Workshop, form.workshop_id.data))
    db.session.commit()
    flash(_("Workshop linked to the output."), "success")
    return redirect(url_for("indicators.output_detail", output_id=output.id, _anchor="workshops"))


@bp.post("/outputs/<int:output_id>/workshops/<int:workshop_id>/unlink")
@permission_required(Permission.VIEW_REPORTS)
def output_unlink(output_id: int, workshop_id: int) -> Response:
    output = db.get_or_404(Output, output_id)
    if not framework.can_link_workshops(current_user):
        abort(403)
    workshop = db.get_or_404(Workshop, workshop_id)
    if not can_view(current_user, workshop):
        abort(404)
    framework.unlink_workshop(output, workshop)
    db.session.commit()
    flash(_("The workshop no longer counts for this output."), "success")
    return redirect(url_for("indicators.output_detail", output_id=output.id, _anchor="workshops"))


# ---------------------------------------------------------------- indicators


def _indicator_form(output: Output, indicator: Indicator | None) -> IndicatorForm:
    data = framework.indicator_data(indicator) if indicator else None
    selected_types = set(data.activity_type_ids) if data else set()
    selected_themes = set(data.theme_ids) if data else set()
    values: dict[str, Any] = {"output_id": output.id}
    if data is not None:
        values |= {
            "code": data.code, "title": data.title, "kind": data.kind.value, "unit": data.unit.value if data.unit else "",
            "target": plain(data.target), "target_text": data.target_text, "baseline": plain(data.baseline),
            "disaggregation": data.disaggregation.value if data.disaggregation else "", "weight": plain(data.weight),
            "activity_type_ids": data.activity_type_ids, "theme_ids": data.theme_ids, "count": data.count.value,
            "organisation_types": data.organisation_types, "measure": data.measure.value,
            "cumulation": data.cumulation.value}
    else:
        values |= {"kind": IndicatorKind.MANUAL.value, "weight": 1}
    form = IndicatorForm(data=values)
    lang = str(get_locale() or "en")
    # Activity types and themes no longer in use stay offered while an indicator counts them.
    return form.with_choices(
        output_id=[SelectChoice(item.id, f"{item.code} {item.title.get(lang)}") for item in output.programme.outputs],
        activity_type_ids=[SelectChoice(item.id, item.name.get(lang)) for item in list_activity_types(active_only=False)
                           if item.active or item.id in selected_types],
        theme_ids=[SelectChoice(item.id, item.name.get(lang)) for item in list_themes(active_only=False)
                   if item.active or item.id in selected_themes])


def _indicator_data(form: IndicatorForm) -> IndicatorData:
    return IndicatorData(
        code=form.code.data or "", title=form.title.data, kind=IndicatorKind(form.kind.data),
        unit=IndicatorUnit(form.unit.data) if form.unit.data else None,
        target=number_or_none(form.target.data), target_text=form.target_text.data or "",
        baseline=number_or_none(form.baseline.data),
        disaggregation=Disaggregation(form.disaggregation.data) if form.disaggregation.data else None,
        weight=number_or_none(form.weight.data) if form.weight.data is not None else 1.0,
        activity_type_ids=list(form.activity_type_ids.data or []), theme_ids=list(form.theme_ids.data or []),
        count=PeopleCount(form.count.data), organisation_types=list(form.organisation_types.data or []),
        measure=EngagementMeasure(form.measure.data), cumulation=ManualCumulation(form.cumulation.data))


def _indicator_page(output: Output, indicator: Indicator | None) -> Response | str:
    form = _indicator_form(output, indicator)
    if form.validate_on_submit():
        target_output = next((item for item in output.programme.outputs if item.id == form.output_id.data), output)
        try:
            saved = framework.save_indicator(target_output, _indicator_data(form), indicator)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, INDICATOR_ERRORS)
        else:
            db.session.commit()
            flash(_("Indicator saved."), "success")
            return redirect(url_for("indicators.indicator_edit", indicator_id=saved.id))
    targets_form = period_targets_form(framework.period_targets(indicator), formdata=None) if indicator else None
    return _render("indicator_form.html", form=form, output=output, programme=output.programme,
                           indicator=indicator, targets_form=targets_form)


@bp.route("/outputs/<int:output_id>/indicators/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def indicator_new(output_id: int) -> Response | str:
    return _indicator_page(db.get_or_404(Output, output_id), None)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def indicator_edit(indicator_id: int) -> Response | str:
    indicator = db.get_or_404(Indicator, indicator_id)
    return _indicator_page(indicator.output, indicator)


@bp.post("/indicators/<int:indicator_id>/targets")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def indicator_targets(indicator_id: int) -> Response | str:
    """The per-period targets table."""
    indicator = db.get_or_404(Indicator, indicator_id)
    targets_form = period_targets_form(framework.period_targets(indicator))
    if targets_form.validate_on_submit():
        try:
            framework.set_period_targets(indicator, targets_form.targets())
        except DomainError as error:
            db.session.rollback()
            show_on_form(targets_form, error, {})
        else:
            db.session.commit()
            flash(_("Targets by period saved."), "success")
            return redirect(url_for("indicators.indicator_edit", indicator_id=indicator.id, _anchor="targets"))
    return _render("indicator_form.html", form=_indicator_form(indicator.output, indicator),
                           output=indicator.output, programme=indicator.output.programme, indicator=indicator,
                           targets_form=targets_form)


@bp.post("/indicators/<int:indicator_id>/delete")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def indicator_delete(indicator_id: int) -> Response:
    indicator = db.get_or_404(Indicator, indicator_id)
    programme = indicator.output.programme
    framework.delete_indicator(indicator)
    db.session.commit()
    flash(_("Indicator deleted with its targets and figures."), "success")
    return _to_framework(programme)


# ---------------------------------------------------------------- figures entered by hand


def _entry_form(row: framework.PeriodEntry, posted: bool) -> EntryForm:
    prefix = f"p{row.period.start:%Y%m%d}"
    if posted:
        return EntryForm(prefix=prefix)
    entry = row.entry
    data: dict[str, Any] = {}
    if entry is not None:
        data = {"value": plain(entry.value), "milestone": entry.milestone.value if entry.milestone else "",
                "percent": entry.percent, "comment": entry.comment, "source": entry.source}
    return EntryForm(prefix=prefix, formdata=None, data=data)


def _entries_page(indicator: Indicator, posted_key: str | None = None,
                  posted_form: EntryForm | None = None) -> str:
    rows = framework.entries_by_period(indicator)
    forms = {row.period.key: posted_form if row.period.key == posted_key and posted_form else _entry_form(row, False)
             for row in rows}
    return _render("indicator_entries.html", indicator=indicator, output=indicator.output,
                           programme=indicator.output.programme, rows=rows, forms=forms,
                           entry_allowed=indicator.kind in ENTRY_KINDS, posted_key=posted_key,
                           can_edit=has_permission(current_user, Permission.MANAGE_RESULTS_FRAMEWORK))


def _may_enter_or_403() -> None:
    if not framework.can_enter_figures(current_user):
        abort(403)


@bp.get("/indicators/<int:indicator_id>/entries")
@permission_required(Permission.VIEW_REPORTS)
def indicator_entries(indicator_id: int) -> str:
    """Every period of the programme with what was entered for it, and a form per period."""
    indicator = db.get_or_404(Indicator, indicator_id)
    _may_enter_or_403()
    return _entries_page(indicator)


@bp.post("/indicators/<int:indicator_id>/entries/<period_key>")
@permission_required(Permission.VIEW_REPORTS)
def indicator_entry(indicator_id: int, period_key: str) -> Response | str:
    indicator = db.get_or_404(Indicator, indicator_id)
    _may_enter_or_403()
    row = next((item for item in framework.entries_by_period(indicator) if item.period.key == period_key), None)
    if row is None:
        abort(404)
    form = _entry_form(row, posted=True)
    if form.validate_on_submit():
        data = EntryData(value=number_or_none(form.value.data),
                         milestone=MilestoneStatus(form.milestone.data) if form.milestone.data else None,
                         percent=form.percent.data, comment=form.comment.data or "", source=form.source.data or "")
        try:
            framework.enter(indicator, row.period.start, data, current_user)
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {PercentOutOfRange: "percent"})
        else:
            db.session.commit()
            flash(_("Figures of %(period)s saved.", period=row.period.label()), "success")
            return redirect(url_for("indicators.indicator_entries", indicator_id=indicator.id,
                                    _anchor=f"period-{period_key}"))
    return _entries_page(indicator, period_key, form)


# ---------------------------------------------------------------- import


@bp.route("/programmes/<int:programme_id>/import", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def programme_import(programme_id: int) -> Response | str:
    programme = _programme_or_404(programme_id)
    form = ImportForm()
    problems: list[importing.ImportProblem] = []
    if form.validate_on_submit():
        try:
            result = importing.import_framework(programme, form.file.data.read(importing.MAX_BYTES + 1))
        except importing.RowsRefused as error:
            db.session.rollback()
            problems = error.problems
            form.form_errors.append(str(error.message))
        except DomainError as error:
            db.session.rollback()
            show_on_form(form, error, {importing.ImportFileError: "file"})
        else:
            db.session.commit()
            flash(_("Framework imported: %(created)s created, %(updated)s updated.",
                    created=format_number(result.created), updated=format_number(result.updated)), "success")
            return _to_framework(programme)
    return _render("import_upload.html", form=form, programme=programme, problems=problems,
                           columns=importing.COLUMNS, kinds=list(IndicatorKind),
                           max_rows=importing.MAX_ROWS)


@bp.get("/import-template.xlsx")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def import_template() -> Response:
    return send_file(io.BytesIO(importing.template_xlsx()), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name="results-framework-template.xlsx", max_age=0)
