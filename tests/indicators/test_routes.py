"""The dashboard, the drill-down and the frozen reports, through the app."""

from __future__ import annotations

import html
import io
import re

import openpyxl

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.events.models import Workshop
from app.indicators.models import FrozenReport, Output
from app.registration.models import CheckIn, Participant, Sex
from app.registration.services import check_in
from tests import factories
from tests.conftest import csrf_token, login, submit
from tests.events.test_routes import _ids, _workshop_form
from tests.indicators import report_2012

Q4 = report_2012.Q4_2012.key


@pytest.fixture
def report(app):
    with app.app_context():
        built = report_2012.build()
        db.session.commit()
        return built


def _cells(page: str, code: str) -> list[str]:
    """The text of each cell of an indicator's row."""
    row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', page, re.S)
    assert row, f"no row {code}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]


def _dashboard(client, report, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in {"period": Q4, **query}.items())
    response = client.get(f"/indicators/programmes/{report.programme_id}/dashboard?{params}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_dashboard_shows_the_rows_of_output_1_1(report, login_as) -> None:
    page = _dashboard(login_as("viewer"), report)
    activities, people, satisfaction, consultants = (_cells(page, code) for code in ("1.1.8", "1.1.9", "1.1.10", "1.1.11"))
    assert activities[1:3] == ["19", "8"] and activities[4].startswith("42%")
    assert people[1] == "340" and people[2] == "129 (105 male/24 female)" and people[4].startswith("38%")
    assert satisfaction[1] == "80%" and satisfaction[2].startswith("93% 40/43")
    assert satisfaction[4].startswith("100%") and "116% without the cap" in satisfaction[4]
    assert consultants[1:3] == ["5", "3 Contract list"] and consultants[4].startswith("60%")
    # In the quarter: two workshops, 29 people, the 2 consultants entered for it.
    assert activities[3] == "2" and people[3].startswith("29 (") and consultants[3] == "2"
    assert 'id="beneficiaries"' in page and "2012 Q4" in page


def test_dashboard_in_arabic_is_right_to_left(report, client, login_as) -> None:
    login_as("viewer")
    page = client.get(f"/indicators/programmes/{report.programme_id}/dashboard?period={Q4}",
                      headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert _cells(page, "1.1.9")[1] == "340" and _cells(page, "1.1.9")[2].startswith("129 (")
    assert "scaleX(-1)" in page  # the trend runs right to left


def test_the_period_and_governorate_filters(report, app, login_as) -> None:
    client = login_as("viewer")
    page = _dashboard(client, report, period="2012-07-01")
    assert _cells(page, "1.1.8")[2] == "6"
    with app.app_context():
        basra = factories.governorate("basra")
        for workshop_id in report.workshop_ids[:2]:
            db.session.get(Workshop, workshop_id).governorate_id = basra.id
        db.session.commit()
        basra_id = basra.id
    page = _dashboard(client, report, governorate=basra_id)
    assert _cells(page, "1.1.8")[2] == "2"
    assert _cells(page, "1.1.9")[2] == "38 (31 male/7 female)"
    assert _cells(page, "1.1.11")[2].startswith("3")  # entered by hand: for the whole programme


def test_drill_down_lists_the_workshops_and_people_behind_a_figure(report, login_as) -> None:
    client = login_as("viewer")
    indicator = _indicator_id(client, report, "1.1.9")
    page = client.get(f"/indicators/indicators/{indicator}/sources?period={Q4}").get_data(as_text=True)
    assert page.count("<tr data-workshop=") == 8
    assert re.search(r'id="people-count">129<', page)
    assert "W1 person 1" in page and "Never came" not in page and "Cancelled later" not in page
    assert "Scanned by mistake" not in page and "Cancelled workshop" not in page and "Workshop of 2013" not in page
    quarter = client.get(f"/indicators/indicators/{indicator}/sources?period={Q4}&scope=period").get_data(as_text=True)
    assert quarter.count("<tr data-workshop=") == 2 and re.search(r'id="people-count">29<', quarter)


def _indicator_id(client, report, code: str) -> int:
    page = _dashboard(client, report)
    row = re.search(rf'<tr data-code="{re.escape(code)}">.*?/indicators/indicators/(\d+)/sources', page, re.S)
    assert row
    return int(row.group(1))


def test_submitting_freezes_the_figures_and_later_changes_are_explained(report, app, login_as) -> None:
    client = login_as("admin")
    page = _dashboard(client, report)
    response = client.post(f"/indicators/programmes/{report.programme_id}/reports",
                           data={"csrf_token": csrf_token(page), "period": Q4, "note": "Sent to the donor"})
    assert response.status_code == 302
    again = client.post(f"/indicators/programmes/{report.programme_id}/reports",
                        data={"csrf_token": csrf_token(page), "period": Q4})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FrozenReport)) == 1
        # A late correction: "Never came" did come on day 2 of the first workshop; someone's sex is corrected.
        absent = next(r for r in report_2012.registrations_of(report.workshop_ids[0])
                      if r.participant.full_name == "Never came")
        check_in(absent.workshop, None, registration=absent, day=absent.workshop.days[1])
        person = db.session.scalar(sa.select(Participant).where(Participant.full_name == "W8 person 13"))
        person.sex = Sex.FEMALE
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) > 0
    page = _dashboard(client, report)
    assert "2 figures now differ from what was reported." in page or "1 figure now differs" in page
    assert _cells(page, "1.1.9")[2] == "130 (105 male/25 female)"
    detail = client.get(f"/indicators/programmes/{report.programme_id}/reports/{Q4}").get_data(as_text=True)
    item = re.search(r'<li data-code="1.1.9">(.*?)</ul>', detail, re.S).group(1)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()).replace(" :", ":")
    assert "reported 129 (105 male/24 female), now 130 (105 male/25 female)" in text
    assert "Transparency workshop 1: 20 → 21 attendees" in text
    assert "Transparency workshop 8: the sex of some attendees was corrected" in text
    # The report itself still shows what was sent.
    assert _cells(detail, "1.1.9")[2] == "129 (105 male/24 female)"


def test_roles(report, app, accounts) -> None:
    url = f"/indicators/programmes/{report.programme_id}/dashboard"
    assert app.test_client().get(url).status_code == 302  # to the login page
    for role in ("cso", "facilitator"):
        other = app.test_client()
        login(other, accounts[role])
        assert other.get(url).status_code == 403
    viewer = app.test_client()
    login(viewer, accounts["viewer"])
    page = _dashboard(viewer, report)
    assert "Submit and freeze the figures" not in page
    response = viewer.post(f"/indicators/programmes/{report.programme_id}/reports",
                           data={"csrf_token": csrf_token(page), "period": Q4})
    assert response.status_code == 403
    assert viewer.get("/indicators/programmes/999/dashboard").status_code == 404


def test_the_workshop_form_links_outputs(report, app, login_as) -> None:
    client = login_as("organiser")
    response = submit(client, "/events/new", _workshop_form(_ids(app), **{
        "title-en": "Linked workshop", "output_ids": [str(report.output_id), str(report.other_output_id)]}))
    assert response.status_code == 302
    with app.app_context():
        workshop = next(w for w in db.session.scalars(sa.select(Workshop)) if w.title.en == "Linked workshop")
        assert sorted(o.code for o in workshop.outputs) == ["1.1", "1.2"]
        workshop_id = workshop.id
    page = client.get(f"/events/{workshop_id}/edit").get_data(as_text=True)
    assert "Outputs of the results framework" in page
    form = _workshop_form(_ids(app), **{"title-en": "Linked workshop", "output_ids": [str(report.other_output_id)]})
    for creation_only in ("first_day", "last_day", "day_start", "day_end"):
        form.pop(creation_only)
    assert submit(client, f"/events/{workshop_id}/edit", form).status_code == 302
    with app.app_context():
        assert [o.code for o in db.session.get(Workshop, workshop_id).outputs] == ["1.2"]
        assert db.session.get(Output, report.output_id) is not None
    # An unknown output is refused and changes nothing.
    bad = submit(client, f"/events/{workshop_id}/edit", dict(form, output_ids=["999999"]))
    assert bad.status_code == 200
    with app.app_context():
        assert [o.code for o in db.session.get(Workshop, workshop_id).outputs] == ["1.2"]


def test_quarterly_table_downloads(report, login_as) -> None:
    client = login_as("viewer")
    base = f"/indicators/programmes/{report.programme_id}/report"
    response = client.get(f"{base}.xlsx?period={Q4}&lang=en")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = {str(row[0]).split(" ")[0]: [str(v) if v is not None else "" for v in row[:4]]
            for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["1.1.8"][1:] == ["19", "8", "42%"]
    assert rows["1.1.9"][1:] == ["340", "129 (105 male/24 female)", "38%"]
    assert rows["1.1.10"][1:3] == ["80%", "93%"]
    assert rows["1.1.11"][1:] == ["5", "3", "60%"]
    for kind, mimetype in (("pdf", "application/pdf"), ("csv", "text/csv"), ("docx", "wordprocessingml")):
        got = client.get(f"{base}.{kind}?period={Q4}&lang=ar")
        assert got.status_code == 200 and mimetype in got.content_type
    assert client.get(f"{base}.exe?period={Q4}").status_code == 404
    assert client.get(f"{base}.xlsx?period={Q4}&lang=fr").status_code == 404
    people = client.get(f"/indicators/indicators/{_indicator_id(client, report, '1.1.9')}/sources.xlsx?period={Q4}")
    assert people.status_code == 200
