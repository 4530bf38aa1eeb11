"""Pages of the indicators: the dashboard of a programme, the drill-down to the sources of a figure,
the donor's quarterly table as files, and the submitted (frozen) quarterly reports. The framework's
editing pages are in framework_routes."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.auth.models import Governorate
from app.auth.permissions import Permission, permission_required
from app.extensions import db
from app.indicators import bp, display, exports, framework_routes, models  # noqa: F401
from app.indicators.framework import can_enter_figures
from app.indicators.models import Indicator, Programme
from app.indicators.report_forms import DashboardFilterForm, FreezeForm
from app.indicators.services import (
    AlreadySubmitted,
    Period,
    dashboard,
    differences,
    find_period,
    freeze,
    frozen_report,
    frozen_reports,
    governorates,
    load_programme,
    periods,
    reported,
    sources,
)

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXPORT_LANGUAGES = ("en", "ar", "ckb")


def _programme(programme_id: int) -> Programme:
    programme = load_programme(programme_id)
    if programme is None:
        abort(404)
    return programme


def _filters(programme: Programme) -> tuple[DashboardFilterForm, Period, Governorate | None]:
    every = periods(programme)
    found = governorates()
    form = DashboardFilterForm(every, found, str(get_locale()), formdata=request.args)
    period = find_period(programme, request.args.get("period"))
    form.period.data = period.key
    chosen = request.args.get("governorate", "")
    governorate = next((g for g in found if str(g.id) == chosen), None)
    form.governorate.data = str(governorate.id) if governorate else ""
    return form, period, governorate


def _governorate_names() -> dict[str, str]:
    lang = str(get_locale())
    return {str(g.id): g.name.get(lang) for g in governorates()}


def _file(data: bytes, kind: str, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=EXPORT_TYPES[kind], as_attachment=True, download_name=name,
                     max_age=0)


@bp.get("/")
@permission_required(Permission.VIEW_REPORTS)
def index() -> Response:
    return redirect(url_for("indicators.programme_list"))


@bp.get("/programmes/<int:programme_id>/dashboard")
@permission_required(Permission.VIEW_REPORTS)
def programme_dashboard(programme_id: int) -> str:
    programme = _programme(programme_id)
    form, period, governorate = _filters(programme)
    board = dashboard(programme, period, governorate)
    report = frozen_report(programme, period)
    changed = differences(report, dashboard(programme, period)) if report and governorate else (
        differences(report, board) if report else [])
    return render_template("indicators/dashboard.html", board=board, form=form, display=display,
                           governorate_names=_governorate_names(), can_enter=can_enter_figures(current_user),
                           report=report, changed=changed, freeze_form=FreezeForm(period=period.key),
                           languages=EXPORT_LANGUAGES)


@bp.get("/programmes/<int:programme_id>/report.<kind>")
@permission_required(Permission.VIEW_REPORTS)
def programme_report(programme_id: int, kind: str) -> Response:
    if kind not in EXPORT_TYPES:
        abort(404)
    programme = _programme(programme_id)
    _, period, governorate = _filters(programme)
    lang = request.args.get("lang", "en")
    if lang not in EXPORT_LANGUAGES:
        abort(404)
    board = dashboard(programme, period, governorate)
    data = {"xlsx": exports.quarterly_xlsx, "csv": exports.quarterly_csv, "pdf": exports.quarterly_pdf,
            "docx": exports.quarterly_docx}[kind](board, lang)
    return _file(data, kind, f"results-{programme.id}-{period.label().replace(' ', '-')}-{lang}.{kind}")


def _indicator(indicator_id: int) -> tuple[Indicator, Programme]:
    indicator = db.get_or_404(Indicator, indicator_id)
    return indicator, _programme(indicator.output.outcome.programme_id)


@bp.get("/indicators/<int:indicator_id>/sources")
@permission_required(Permission.VIEW_REPORTS)
def indicator_sources(indicator_id: int) -> str:
    indicator, programme = _indicator(indicator_id)
    form, period, governorate = _filters(programme)
    cumulative = request.args.get("scope") != "period"
    found = sources(programme, indicator, period, governorate, cumulative=cumulative)
    return render_template("indicators/sources.html", programme=programme, src=found, period=period,
                           governorate=governorate, cumulative=cumulative, form=form, display=display,
                           governorate_names=_governorate_names())


@bp.get("/indicators/<int:indicator_id>/sources.<kind>")
@permission_required(Permission.VIEW_REPORTS)
def indicator_sources_file(indicator_id: int, kind: str) -> Response:
    if kind not in ("xlsx", "csv"):
        abort(404)
    indicator, programme = _indicator(indicator_id)
    _, period, governorate = _filters(programme)
    found = sources(programme, indicator, period, governorate, cumulative=request.args.get("scope") != "period")
    lang = str(get_locale())
    data = exports.sources_xlsx(found, lang) if kind == "xlsx" else exports.sources_csv(found, lang)
    return _file(data, kind, f"sources-{indicator.code}-{period.label().replace(' ', '-')}.{kind}")


@bp.post("/programmes/<int:programme_id>/reports")
@permission_required(Permission.MANAGE_RESULTS_FRAMEWORK)
def report_submit(programme_id: int) -> Response:
    programme = _programme(programme_id)
    form = FreezeForm()
    period = find_period(programme, form.period.data)
    if not form.validate_on_submit() or form.period.data != period.key:
        flash(_("The report could not be submitted. Reload the page and try again."), "danger")
    else:
        try:
            freeze(programme, period, current_user, form.note.data or "")
        except AlreadySubmitted as error:
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("The report of %(period)s was submitted: its figures are frozen as they are now.",
                    period=period.label()), "success")
    return redirect(url_for("indicators.programme_dashboard", programme_id=programme.id, period=period.key))


@bp.get("/programmes/<int:programme_id>/reports")
@permission_required(Permission.VIEW_REPORTS)
def report_list(programme_id: int) -> str:
    programme = _programme(programme_id)
    return render_template("indicators/report_list.html", programme=programme, reports=frozen_reports(programme),
                           period_of={p.start: p for p in periods(programme)})


@bp.get("/programmes/<int:programme_id>/reports/<period_key>")
@permission_required(Permission.VIEW_REPORTS)
def report_detail(programme_id: int, period_key: str) -> str:
    programme = _programme(programme_id)
    period = next((p for p in periods(programme) if p.key == period_key), None)
    report = frozen_report(programme, period) if period else None
    if report is None:
        abort(404)
    board = dashboard(programme, period)
    return render_template("indicators/report_detail.html", programme=programme, period=period, report=report,
                           board=board, changed=differences(report, board), display=display,
                           reported=reported(report))
