"""The pages that edit the results framework: programmes, outcomes, outputs, indicators, per-period targets,
figures entered by hand, workshops linked to outputs, and who may do what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import Role, User
from app.db import LocalizedText as T
from app.events.models import Workshop, WorkshopStatus
from app.events.services import change_status
from app.extensions import db
from app.indicators import framework, services
from app.indicators.models import (
    EngagementMeasure,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorTarget,
    IndicatorUnit,
    MilestoneStatus,
    Outcome,
    Output,
    PeopleCount,
    Programme,
    Rollup,
)
from tests import factories
from tests.conftest import csrf_token, login, submit


@dataclass
class Framework:
    programme_id: int
    outcome_id: int
    output_id: int
    manual_id: int
    milestone_id: int
    workshop_ids: list[int]


@pytest.fixture
def tree(app: Flask) -> Framework:
    """A programme of 2012–2013 in quarters: outcome 1, output 1.1 with a manual and a milestone indicator,
    two planned workshops not linked to anything and a draft of an organisation (seen by admins only)."""
    with app.app_context():
        programme = framework.save_programme(framework.ProgrammeData(
            title=T(en="Support to the electoral commission", ar="دعم المفوضية"), donor="EU",
            starts_on=date(2012, 1, 1), ends_on=date(2013, 12, 31)))
        outcome = framework.save_outcome(programme, framework.OutcomeData("1", T(en="Institutional development")))
        output = framework.save_output(outcome, framework.OutputData("1.1", T(en="Transparency improved"), "UNDP"))
        manual = framework.save_indicator(output, framework.IndicatorData(
            "1.1.11", T(en="Consultants in post"), IndicatorKind.MANUAL, target=5))
        milestone = framework.save_indicator(output, framework.IndicatorData(
            "1.1.12", T(en="Electoral law reviewed"), IndicatorKind.MILESTONE, target_text="Yes"))
        workshops = [factories.make_workshop(title="Older workshop", days=factories.two_days(date(2012, 5, 6))),
                     factories.make_workshop(title="Newer workshop", days=factories.two_days(date(2012, 11, 6)))]
        admin = factories.make_user(Role.ADMIN)
        for workshop in workshops:
            change_status(workshop, WorkshopStatus.PLANNED, admin)
        workshops.append(factories.make_workshop(title="Draft of another organisation"))
        db.session.commit()
        return Framework(programme.id, outcome.id, output.id, manual.id, milestone.id, [w.id for w in workshops])


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- programmes


def test_admin_creates_and_edits_a_programme(app: Flask, login_as) -> None:
    client = login_as("admin")
    response = submit(client, "/indicators/programmes/new", {
        "title-en": "Electoral support", "title-ar": "الدعم الانتخابي", "title-ckb": "", "donor": "EU",
        "starts_on": "2012-01-01", "ends_on": "2013-12-31", "period_months": "6",
        "satisfaction_threshold": "٤", "attendance_min_share": "٥٠", "rollup": Rollup.WEIGHTED.value,
        "beneficiaries_target_male": "١٬٢٠٠", "beneficiaries_target_female": "800"})
    assert response.status_code == 302
    with app.app_context():
        programme = db.session.scalar(sa.select(Programme))
        assert (programme.title.en, programme.title.ar, programme.donor) == ("Electoral support", "الدعم الانتخابي", "EU")
        assert (programme.period_months, programme.satisfaction_threshold, programme.attendance_min_share) == (6, 4, 50)
        assert programme.rollup == Rollup.WEIGHTED
        assert (programme.beneficiaries_target_male, programme.beneficiaries_target_female) == (1200, 800)
        programme_id = programme.id
    assert response.headers["Location"] == f"/indicators/programmes/{programme_id}/framework"

    edit = f"/indicators/programmes/{programme_id}/edit"
    page = client.get(edit)
    assert 'value="Electoral support"' in _text(page)
    refused = submit(client, edit, {
        "title-en": "Electoral support", "donor": "UNDP", "starts_on": "2013-01-01", "ends_on": "2012-01-01",
        "period_months": "3", "satisfaction_threshold": "4", "rollup": Rollup.MEAN_ALL.value})
    assert refused.status_code == 200
    assert "The end date must be on or after the start date." in _text(refused)
    out_of_range = submit(client, edit, {
        "title-en": "Electoral support", "starts_on": "2012-01-01", "ends_on": "2013-12-31", "period_months": "3",
        "satisfaction_threshold": "6", "attendance_min_share": "120", "rollup": Rollup.MEAN_ALL.value})
    assert "Give a whole number from 1 to 5." in _text(out_of_range)
    assert "Give a percentage between 0 and 100." in _text(out_of_range)
    with app.app_context():
        assert db.session.get(Programme, programme_id).donor == "EU"

    saved = submit(client, edit, {
        "title-en": "Electoral support", "donor": "UNDP", "starts_on": "2012-01-01", "ends_on": "2014-06-30",
        "period_months": "12", "satisfaction_threshold": "5", "rollup": Rollup.MEAN_ALL.value})
    assert saved.status_code == 302
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        assert (programme.donor, programme.ends_on, programme.period_months) == ("UNDP", date(2014, 6, 30), 12)
        assert (programme.rollup, programme.beneficiaries_target_male) == (Rollup.MEAN_ALL, None)


def test_the_list_shows_edit_buttons_to_admins_only(app: Flask, client: FlaskClient, login_as, tree: Framework,
                                                    accounts: dict[str, str]) -> None:
    framework_url = f"/indicators/programmes/{tree.programme_id}/framework"
    login_as("viewer")
    page = _text(client.get("/indicators/programmes/"))
    assert "Support to the electoral commission" in page
    assert framework_url not in page and "/indicators/programmes/new" not in page
    admin = app.test_client()
    login(admin, accounts["admin"])
    page = _text(admin.get("/indicators/programmes/"))
    assert framework_url in page and "/indicators/programmes/new" in page


def test_a_programme_with_a_submitted_report_cannot_be_deleted(app: Flask, login_as, tree: Framework,
                                                                accounts: dict[str, str]) -> None:
    with app.app_context():
        programme = db.session.get(Programme, tree.programme_id)
        admin = db.session.scalar(sa.select(User).where(User.username == accounts["admin"]))
        services.freeze(programme, services.find_period(programme, "2012-10-01"), admin)
        db.session.commit()
    client = login_as("admin")
    url = f"/indicators/programmes/{tree.programme_id}/delete"
    assert client.get(url).status_code == 405
    response = submit(client, f"/indicators/programmes/{tree.programme_id}/framework", {}, action=url,
                      follow_redirects=True)
    assert "A report of this programme was submitted: the programme cannot be deleted." in _text(response)
    assert _count(app, Programme) == 1 and _count(app, Indicator) == 2


def test_a_programme_is_deleted_with_its_framework_and_links(app: Flask, login_as, tree: Framework) -> None:
    with app.app_context():
        framework.link_workshop(db.get_or_404(Output, tree.output_id), db.session.get(Workshop, tree.workshop_ids[0]))
        db.session.commit()
    client = login_as("admin")
    response = submit(client, f"/indicators/programmes/{tree.programme_id}/edit", {},
                      action=f"/indicators/programmes/{tree.programme_id}/delete")
    assert response.headers["Location"] == "/indicators/programmes/"
    assert (_count(app, Programme), _count(app, Output), _count(app, Indicator)) == (0, 0, 0)
    assert _count(app, Workshop) == 3


# ---------------------------------------------------------------- the tree


def test_admin_adds_an_outcome_an_output_and_an_indicator(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("admin")
    tree_url = f"/indicators/programmes/{tree.programme_id}/framework"
    response = submit(client, tree_url, {"outcome-code": "2", "outcome-title-en": "Voters informed",
                                         "outcome-title-ar": "ناخبون مطلعون", "outcome-lead_agency": "UNOPS"},
                      action=f"/indicators/programmes/{tree.programme_id}/outcomes/new")
    assert response.status_code == 302
    with app.app_context():
        outcome = db.session.scalar(sa.select(Outcome).where(Outcome.code == "2"))
        assert (outcome.title.ar, outcome.lead_agency, outcome.position) == ("ناخبون مطلعون", "UNOPS", 1)
        outcome_id = outcome.id

    response = submit(client, f"/indicators/outcomes/{outcome_id}/outputs/new",
                      {"output-code": "2.1.", "output-title-en": "Outreach campaigns held"})
    assert response.status_code == 302
    with app.app_context():
        output = db.session.scalar(sa.select(Output).where(Output.outcome_id == outcome_id))
        assert output.code == "2.1"
        output_id = output.id

    new_indicator = f"/indicators/outputs/{output_id}/indicators/new"
    response = submit(client, new_indicator, {
        "output_id": str(output_id), "code": "2.1.1", "title-en": "People reached", "title-ar": "عدد الأشخاص",
        "kind": IndicatorKind.PEOPLE.value, "unit": "", "target": "٣٤٠", "baseline": "0", "weight": "٢٫٥",
        "disaggregation": "", "activity_type_ids": [str(factories_activity_type_id(app))],
        "organisation_types": ["cso", "media"], "count": PeopleCount.INDIVIDUALS.value,
        "measure": EngagementMeasure.RECOMMENDATIONS.value, "cumulation": "sum", "target_text": ""})
    assert response.status_code == 302, _text(response)
    with app.app_context():
        indicator = db.session.scalar(sa.select(Indicator).where(Indicator.code == "2.1.1"))
        assert (indicator.kind, indicator.unit, indicator.target, indicator.weight) == (
            IndicatorKind.PEOPLE, IndicatorUnit.NUMBER, 340, 2.5)
        assert indicator.settings == {"activity_type_ids": [factories_activity_type_id(app)], "count": "individuals",
                                      "organisation_types": ["cso", "media"]}
        assert indicator.disaggregation.value == "sex"
    page = _text(client.get(tree_url))
    assert "Voters informed" in page and "Outreach campaigns held" in page and "People reached" in page

    # Edited from its page: the other fields stay as they were.
    edit = f"/indicators/indicators/{indicator.id}/edit"
    form_page = _text(client.get(edit))
    assert 'value="340"' in form_page and 'value="2.5"' in form_page
    response = submit(client, edit, {
        "output_id": str(output_id), "code": "2.1.1", "title-en": "People reached", "kind": "manual", "unit": "percent",
        "target": "80", "weight": "1", "count": "participations", "measure": "recommendations", "cumulation": "latest"})
    assert response.status_code == 302
    with app.app_context():
        indicator = db.session.get(Indicator, indicator.id)
        assert (indicator.kind, indicator.unit, indicator.settings) == (
            IndicatorKind.MANUAL, IndicatorUnit.PERCENT, {"cumulation": "latest"})


def factories_activity_type_id(app: Flask) -> int:
    with app.app_context():
        return factories.activity_type().id


def test_a_code_taken_is_refused_and_nothing_saved(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("admin")
    before = _count(app, Indicator)
    response = submit(client, f"/indicators/outputs/{tree.output_id}/indicators/new", {
        "output_id": str(tree.output_id), "code": "1.1", "title-en": "Same code as the output", "kind": "manual",
        "weight": "1", "count": "participations", "measure": "recommendations", "cumulation": "sum"})
    assert response.status_code == 200
    assert "Another item of this programme already has this code." in _text(response)
    assert _count(app, Indicator) == before

    response = submit(client, f"/indicators/programmes/{tree.programme_id}/outcomes/new",
                      {"outcome-code": "1.1.11", "outcome-title-en": "Same code as an indicator"})
    assert "Another item of this programme already has this code." in _text(response)
    assert _count(app, Outcome) == 1


def test_a_unit_that_does_not_fit_the_kind_is_shown_on_the_unit(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("admin")
    response = submit(client, f"/indicators/outputs/{tree.output_id}/indicators/new", {
        "output_id": str(tree.output_id), "code": "1.1.20", "title-en": "Workshops held", "kind": "activities",
        "unit": "percent", "weight": "1", "count": "participations", "measure": "recommendations", "cumulation": "sum"})
    assert response.status_code == 200
    page = _text(response)
    assert "This unit does not fit the kind of indicator." in page
    assert page.index("This unit does not fit") > page.index('name="unit"')  # beside the field, not at the top
    assert _count(app, Indicator) == 2


def test_over_long_titles_and_non_numbers_are_refused(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("admin")
    response = submit(client, f"/indicators/outputs/{tree.output_id}/indicators/new", {
        "output_id": str(tree.output_id), "code": "1.1.20", "title-en": "x" * 501, "kind": "manual",
        "target": "many", "weight": "1", "count": "participations", "measure": "recommendations", "cumulation": "sum"})
    page = _text(response)
    assert "English: at most 500 characters." in page and "Enter a number." in page
    assert _count(app, Indicator) == 2


def test_deleting_an_output_and_an_indicator_takes_a_post(app: Flask, login_as, tree: Framework) -> None:
    with app.app_context():
        indicator = db.session.get(Indicator, tree.manual_id)
        framework.enter(indicator, date(2012, 10, 1), framework.EntryData(value=2), None)
        framework.link_workshop(indicator.output, db.session.get(Workshop, tree.workshop_ids[0]))
        db.session.commit()
    client = login_as("admin")
    tree_url = f"/indicators/programmes/{tree.programme_id}/framework"
    assert client.get(f"/indicators/indicators/{tree.milestone_id}/delete").status_code == 405
    assert submit(client, tree_url, {}, action=f"/indicators/indicators/{tree.milestone_id}/delete").status_code == 302
    assert _count(app, Indicator) == 1
    assert submit(client, tree_url, {}, action=f"/indicators/outputs/{tree.output_id}/delete").status_code == 302
    assert (_count(app, Output), _count(app, Indicator), _count(app, IndicatorEntry)) == (0, 0, 0)
    assert _count(app, Workshop) == 3
    # Without the form's token, nothing is deleted.
    assert client.post(f"/indicators/outcomes/{tree.outcome_id}/delete").status_code == 400
    assert _count(app, Outcome) == 1


# ---------------------------------------------------------------- per-period targets and entries


def test_targets_by_period(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("admin")
    edit = f"/indicators/indicators/{tree.manual_id}/edit"
    page = _text(client.get(edit))
    assert "2012 Q1" in page and "2013 Q4" in page
    response = submit(client, edit, {"target_20121001": "٣", "target_20130101": "", "target_20130401": "1.5"},
                      action=f"/indicators/indicators/{tree.manual_id}/targets")
    assert response.status_code == 302
    with app.app_context():
        targets = db.session.execute(sa.select(IndicatorTarget.period_start, IndicatorTarget.target)
                                     .order_by(IndicatorTarget.period_start)).all()
        assert targets == [(date(2012, 10, 1), 3.0), (date(2013, 4, 1), 1.5)]
    assert 'value="3"' in _text(client.get(edit))

    response = submit(client, edit, {"target_20121001": "", "target_20130401": "-2"},
                      action=f"/indicators/indicators/{tree.manual_id}/targets")
    assert response.status_code == 200 and "The number cannot be negative." in _text(response)
    response = submit(client, edit, {"target_20121001": "", "target_20130401": "2"},
                      action=f"/indicators/indicators/{tree.manual_id}/targets")
    with app.app_context():
        assert db.session.execute(sa.select(IndicatorTarget.period_start, IndicatorTarget.target)).all() == [
            (date(2013, 4, 1), 2.0)]


def test_an_organiser_enters_a_number_and_a_milestone(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("organiser")
    entries = f"/indicators/indicators/{tree.manual_id}/entries"
    page = _text(client.get(entries))
    assert "2012 Q4" in page and "p20121001-value" in page
    response = submit(client, entries, {"p20121001-value": "٢", "p20121001-source": "Contract list",
                                        "p20121001-comment": "Two consultants"},
                      action=f"/indicators/indicators/{tree.manual_id}/entries/2012-10-01")
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(sa.select(IndicatorEntry).where(IndicatorEntry.indicator_id == tree.manual_id))
        assert (entry.period_start, entry.value, entry.source, entry.comment) == (
            date(2012, 10, 1), 2.0, "Contract list", "Two consultants")
        assert entry.entered_by.role == Role.ORGANISER

    milestones = f"/indicators/indicators/{tree.milestone_id}/entries"
    action = f"/indicators/indicators/{tree.milestone_id}/entries/2013-01-01"
    response = submit(client, milestones, {"p20130101-milestone": "partially", "p20130101-percent": "١٤٠"},
                      action=action)
    assert response.status_code == 200
    assert "Give a percentage between 0 and 100." in _text(response)
    assert _count(app, IndicatorEntry) == 1
    response = submit(client, milestones, {"p20130101-milestone": "partially", "p20130101-percent": "40",
                                           "p20130101-source": "Draft law"}, action=action)
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(sa.select(IndicatorEntry).where(IndicatorEntry.indicator_id == tree.milestone_id))
        assert (entry.milestone, entry.percent, entry.value) == (MilestoneStatus.PARTIALLY, 40, None)
    assert 'value="40"' in _text(client.get(milestones))


def test_no_entry_once_the_period_is_submitted(app: Flask, login_as, tree: Framework,
                                               accounts: dict[str, str]) -> None:
    with app.app_context():
        indicator = db.session.get(Indicator, tree.manual_id)
        framework.enter(indicator, date(2012, 10, 1), framework.EntryData(value=2, source="List"), None)
        programme = db.session.get(Programme, tree.programme_id)
        admin = db.session.scalar(sa.select(User).where(User.username == accounts["admin"]))
        services.freeze(programme, services.find_period(programme, "2012-10-01"), admin)
        db.session.commit()
    client = login_as("admin")
    entries = f"/indicators/indicators/{tree.manual_id}/entries"
    assert "Report submitted: figures frozen" in _text(client.get(entries))
    response = submit(client, entries, {"p20121001-value": "5"},
                      action=f"/indicators/indicators/{tree.manual_id}/entries/2012-10-01")
    assert response.status_code == 200
    assert "The report of this period was submitted: its figures are frozen." in _text(response)
    with app.app_context():
        assert db.session.scalars(sa.select(IndicatorEntry.value)).all() == [2.0]
    # The next period is still open.
    response = submit(client, entries, {"p20130101-value": "1"},
                      action=f"/indicators/indicators/{tree.manual_id}/entries/2013-01-01")
    assert response.status_code == 302


def test_figures_are_not_entered_for_counted_indicators(app: Flask, login_as, tree: Framework) -> None:
    with app.app_context():
        output = db.session.get(Output, tree.output_id)
        counted = framework.save_indicator(output, framework.IndicatorData(
            "1.1.8", T(en="Activities held"), IndicatorKind.ACTIVITIES, target=19))
        db.session.commit()
        counted_id = counted.id
    client = login_as("organiser")
    entries = f"/indicators/indicators/{counted_id}/entries"
    page = _text(client.get(entries))
    assert "counted from the workshops linked to its output" in page
    response = client.post(f"/indicators/indicators/{counted_id}/entries/2012-10-01",
                           data={"csrf_token": csrf_token(_text(client.get(f"/indicators/indicators/{tree.manual_id}/entries"))),
                                 "p20121001-value": "3"})
    assert response.status_code == 200
    assert "Figures are entered by hand only for manual and milestone indicators." in _text(response)
    assert _count(app, IndicatorEntry) == 0
    assert client.get(f"/indicators/indicators/{tree.manual_id}/entries/1999-01-01").status_code == 405


# ---------------------------------------------------------------- workshops of an output


def test_an_organiser_links_and_unlinks_a_workshop(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("organiser")
    page_url = f"/indicators/outputs/{tree.output_id}"
    page = _text(client.get(page_url))
    older, newer, draft = tree.workshop_ids
    assert page.index("Newer workshop") < page.index("Older workshop")  # the newest first in the choice
    assert "Draft of another organisation" not in page
    assert "No workshop is linked to this output yet." in page
    response = submit(client, page_url, {"workshop_id": str(older)}, action=f"{page_url}/workshops")
    assert response.status_code == 302
    with app.app_context():
        assert [w.id for w in db.session.get(Output, tree.output_id).workshops] == [older]
    page = _text(client.get(page_url))
    table = page[page.index('id="linked-workshops"'):]
    assert "Older workshop" in table and "Planned" in table
    assert f'<option value="{older}"' not in page  # no longer offered

    for workshop_id in (older, draft):
        response = submit(client, page_url, {"workshop_id": str(workshop_id)}, action=f"{page_url}/workshops")
        assert response.status_code == 200 and "Choose one of the options in the list." in _text(response)
    with app.app_context():
        framework.link_workshop(db.get_or_404(Output, tree.output_id), db.session.get(Workshop, draft))
        db.session.commit()
    assert "Draft of another organisation" not in _text(client.get(page_url))
    assert submit(client, page_url, {}, action=f"{page_url}/workshops/{draft}/unlink").status_code == 404

    response = submit(client, page_url, {}, action=f"{page_url}/workshops/{older}/unlink")
    assert response.status_code == 302
    with app.app_context():
        assert [w.id for w in db.session.get(Output, tree.output_id).workshops] == [draft]


# ---------------------------------------------------------------- who may do what


@pytest.mark.parametrize("role", ["viewer", "facilitator", "cso", "organiser"])
def test_only_admins_edit_the_framework(app: Flask, login_as, tree: Framework, role: str) -> None:
    client = login_as(role)
    for url in (f"/indicators/programmes/{tree.programme_id}/framework", "/indicators/programmes/new",
                f"/indicators/programmes/{tree.programme_id}/edit", f"/indicators/outcomes/{tree.outcome_id}/edit",
                f"/indicators/outputs/{tree.output_id}/edit", f"/indicators/outputs/{tree.output_id}/indicators/new",
                f"/indicators/indicators/{tree.manual_id}/edit", f"/indicators/programmes/{tree.programme_id}/import",
                "/indicators/import-template.xlsx"):
        assert client.get(url).status_code == 403, url
    token = csrf_token(_text(client.get("/auth/password")))
    for url in (f"/indicators/programmes/{tree.programme_id}/delete", f"/indicators/outputs/{tree.output_id}/delete",
                f"/indicators/indicators/{tree.manual_id}/delete",
                f"/indicators/indicators/{tree.manual_id}/targets"):
        assert client.post(url, data={"csrf_token": token}).status_code == 403, url
    assert _count(app, Indicator) == 2


@pytest.mark.parametrize("role, listed, output_page, entries", [
    ("viewer", 200, 200, 403), ("organiser", 200, 200, 200), ("facilitator", 403, 403, 403), ("cso", 403, 403, 403)])
def test_who_sees_the_list_the_output_and_the_entries(client: FlaskClient, login_as, tree: Framework, role: str,
                                                      listed: int, output_page: int, entries: int) -> None:
    login_as(role)
    assert client.get("/indicators/programmes/").status_code == listed
    assert client.get(f"/indicators/outputs/{tree.output_id}").status_code == output_page
    assert client.get(f"/indicators/indicators/{tree.manual_id}/entries").status_code == entries


def test_a_viewer_neither_links_workshops_nor_enters_figures(app: Flask, login_as, tree: Framework) -> None:
    client = login_as("viewer")
    page = _text(client.get(f"/indicators/outputs/{tree.output_id}"))
    assert 'id="link-form"' not in page and "/edit" not in page
    token = csrf_token(_text(client.get("/auth/password")))
    older = tree.workshop_ids[0]
    assert client.post(f"/indicators/outputs/{tree.output_id}/workshops",
                       data={"csrf_token": token, "workshop_id": str(older)}).status_code == 403
    assert client.post(f"/indicators/outputs/{tree.output_id}/workshops/{older}/unlink",
                       data={"csrf_token": token}).status_code == 403
    assert client.post(f"/indicators/indicators/{tree.manual_id}/entries/2012-10-01",
                       data={"csrf_token": token, "p20121001-value": "3"}).status_code == 403
    with app.app_context():
        assert db.session.get(Output, tree.output_id).workshops == []
    assert _count(app, IndicatorEntry) == 0


def test_can_enter_figures(app_ctx) -> None:
    assert [framework.can_enter_figures(factories.make_user(role)) for role in Role] == [
        role in (Role.ADMIN, Role.ORGANISER) for role in Role]
