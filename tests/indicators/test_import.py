"""Importing a results framework from an Excel sheet: all rows or none, each problem with its row and column."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.db import LocalizedText as T
from app.extensions import db
from app.indicators import framework
from app.indicators.importing import MAX_ROWS, TEMPLATE_HEADER, TEMPLATE_ROWS
from app.indicators.models import Indicator, IndicatorKind, IndicatorUnit, Outcome, Output, Programme
from tests.conftest import csrf_token, submit

HEADER = ["code", "level", "title_en", "title_ar", "kind", "unit", "target", "baseline", "target_text", "lead_agency"]
ROWS = [
    ["1", "outcome", "Institutional development", "التطوير المؤسسي", None, None, None, None, None, "UNDP"],
    ["1.1", "output", "Transparency improved", "تحسين الشفافية", None, None, None, None, None, "UNDP lead w UNOPS"],
    ["1.2", "Output", None, "تحسين الإدارة", None, None, None, None, None, None],
    ["1.1.8", "indicator", "Activities held", "عدد الأنشطة المنفذة", "activities", None, 19, 0, None, None],
    ["1.1.9", "indicator", None, "عدد المشاركين", "People engaged", None, "٣٤٠", None, None, None],
    ["1.1.10", "indicator", "Participants satisfied", "نسبة الرضا", "satisfaction", "percent", "80%", None, None, None],
    ["1.2.1", "indicator", "Consultants in post", "عدد الاستشاريين", None, None, 5, None, None, None],
    ["1.2.2", "indicator", "Law reviewed", None, "milestone", None, None, None, "Yes", None],
]


def _xlsx(header: list, rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def programme_id(app: Flask) -> int:
    with app.app_context():
        programme = framework.save_programme(framework.ProgrammeData(
            title=T(en="Electoral support"), starts_on=date(2012, 1, 1), ends_on=date(2013, 12, 31)))
        db.session.commit()
        return programme.id


def _upload(client, programme_id: int, data: bytes, name: str = "framework.xlsx", follow: bool = False):
    url = f"/indicators/programmes/{programme_id}/import"
    return submit(client, url, {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data",
                  follow_redirects=follow)


def _counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                     for model in (Outcome, Output, Indicator))  # type: ignore[return-value]


def _problems(html: str) -> str:
    return html[html.index('id="import-problems"'):]


def test_import_creates_the_tree_then_updates_it(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    response = _upload(client, programme_id, _xlsx(HEADER, ROWS), follow=True)
    assert response.status_code == 200
    assert "Framework imported: 8 created, 0 updated." in response.get_data(as_text=True)
    assert _counts(app) == (1, 2, 5)
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        outcome = programme.outcomes[0]
        assert (outcome.code, outcome.title.ar, outcome.lead_agency) == ("1", "التطوير المؤسسي", "UNDP")
        assert [(o.code, o.title.en, o.title.ar) for o in outcome.outputs] == [
            ("1.1", "Transparency improved", "تحسين الشفافية"), ("1.2", "", "تحسين الإدارة")]
        indicators = {i.code: i for o in outcome.outputs for i in o.indicators}
        assert [i.code for i in outcome.outputs[0].indicators] == ["1.1.8", "1.1.9", "1.1.10"]
        assert (indicators["1.1.8"].kind, indicators["1.1.8"].target, indicators["1.1.8"].baseline) == (
            IndicatorKind.ACTIVITIES, 19, 0)
        assert (indicators["1.1.9"].kind, indicators["1.1.9"].target, indicators["1.1.9"].title.ar) == (
            IndicatorKind.PEOPLE, 340, "عدد المشاركين")
        assert (indicators["1.1.10"].unit, indicators["1.1.10"].target) == (IndicatorUnit.PERCENT, 80)
        assert (indicators["1.2.1"].kind, indicators["1.2.1"].settings) == (IndicatorKind.MANUAL, {"cumulation": "sum"})
        assert (indicators["1.2.2"].unit, indicators["1.2.2"].target_text) == (IndicatorUnit.MILESTONE, "Yes")
        # Settings chosen on the indicator's page survive a later import.
        framework.save_indicator(outcome.outputs[0], framework.IndicatorData(
            "1.1.9", T(en="", ar="عدد المشاركين"), IndicatorKind.PEOPLE, target=340, organisation_types=["cso"]),
            indicators["1.1.9"])
        db.session.commit()

    update = [["1.1.9", "indicator", "People engaged", None, None, None, 400, None, None, None],
              ["1.3", "output", "Outreach", None, None, None, None, None, None, None]]
    response = _upload(client, programme_id, _xlsx(HEADER, update), follow=True)
    assert "Framework imported: 1 created, 1 updated." in response.get_data(as_text=True)
    assert _counts(app) == (1, 3, 5)
    with app.app_context():
        people = db.session.scalar(sa.select(Indicator).where(Indicator.code == "1.1.9"))
        assert (people.title.en, people.title.ar, people.target) == ("People engaged", "عدد المشاركين", 400)
        assert people.settings["organisation_types"] == ["cso"]


def test_rows_with_problems_change_nothing(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    assert _upload(client, programme_id, _xlsx(HEADER, ROWS[:2])).status_code == 302
    before = _counts(app)
    rows = [
        ["1.1", "output", "Renamed output", None, None, None, None, None, None, None],  # fine on its own
        ["1.1.1", "indicator", "x" * 501, None, None, None, None, None, None, None],
        ["1.1.2", "indicator", "Unknown kind", None, "workshops", None, None, None, None, None],
        ["1.1.3", "indicator", "Words as target", None, None, None, "all of them", None, None, None],
        ["2.1", "output", "No outcome 2", None, None, None, None, None, None, None],
        ["1.1.3", "indicator", "Same code twice", None, None, None, 3, None, None, None],
        ["1.1.4", "indicator", "Wrong unit", None, "activities", "percent", 3, None, None, None],
        ["1.1.5", "chapter", "Unknown level", None, None, None, None, None, None, None],
        ["1", "indicator", "The outcome's code", None, None, None, None, None, None, None],
        ["1.1.6", "indicator", None, None, None, None, None, None, None, None],
    ]
    response = _upload(client, programme_id, _xlsx(HEADER, rows))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Nothing was imported. Correct these rows and upload the file again." in page
    table = _problems(page)
    for row, column, message in [
        (3, "title_en", "The title has 501 characters: at most 500."),
        (4, "kind", "Unknown kind."),
        (5, "target", "“all of them” is not a number."),
        (6, "code", "No outcome “2” for this output: add a row for it, or correct the code."),
        (7, "code", "The same code is on row 5."),
        (8, "unit", "This unit does not fit the kind of indicator."),
        (9, "level", "Write outcome, output or indicator."),
        (10, "code", "This code belongs to an outcome of the programme."),
        (11, "title", "Write the title in at least one language."),
    ]:
        expected = f"<td>{row}</td>\n    <td><code dir=\"ltr\">{column}</code></td>\n    <td>{message}"
        assert expected in table, (row, column, message)
    assert "<td>2</td>" not in table
    assert _counts(app) == before
    with app.app_context():
        assert db.session.scalar(sa.select(Output.title)).en == "Transparency improved"


def test_unknown_and_missing_columns(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    response = _upload(client, programme_id, _xlsx(["code", "titel", "target"], [["1", "Outcome", None]]))
    table = _problems(response.get_data(as_text=True))
    assert "Unknown column." in table and "<code dir=\"ltr\">titel</code>" in table
    assert "<code dir=\"ltr\">level</code></td>\n    <td>This column is missing." in table
    assert _counts(app) == (0, 0, 0)


@pytest.mark.parametrize("content, name", [
    (b"code,level,title\n1,outcome,Institutional development\n", "framework.xlsx"),
    (b"%PDF-1.4 not a workbook", "framework.pdf"),
    (b"PK\x03\x04 truncated zip", "framework.xlsx"),
])
def test_what_is_not_a_workbook_is_refused(app: Flask, login_as, programme_id: int, content: bytes,
                                           name: str) -> None:
    client = login_as("admin")
    response = _upload(client, programme_id, content, name)
    assert response.status_code == 200
    assert "This is not an Excel workbook." in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)


def test_a_workbook_that_is_not_a_spreadsheet_is_refused(app: Flask, login_as, programme_id: int) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    client = login_as("admin")
    response = _upload(client, programme_id, buffer.getvalue())
    assert "This is not an Excel workbook." in response.get_data(as_text=True)


def test_too_many_rows_and_empty_sheets(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    rows = [[f"{n}", "outcome", f"Outcome {n}"] for n in range(1, MAX_ROWS + 2)]
    response = _upload(client, programme_id, _xlsx(["code", "level", "title"], rows))
    assert "The file has too many rows: at most 2,000." in response.get_data(as_text=True)
    response = _upload(client, programme_id, _xlsx(["code", "level", "title"], []))
    assert "The sheet has no rows under its header row." in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)


def _large_upload(client, programme_id: int, size: int):
    url = f"/indicators/programmes/{programme_id}/import"
    # encoded in memory: the test client would spool a large body to a temporary file left open
    boundary, body = encode_multipart(MultiDict({
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "file": FileStorage(io.BytesIO(b"PK" + b"\0" * size), "framework.xlsx")}))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_file_over_2_mb_is_refused(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    response = _large_upload(client, programme_id, 2 * 1024 * 1024)
    assert response.status_code == 200
    assert "The file is too large: at most 2 MB." in response.get_data(as_text=True)
    response = _large_upload(client, programme_id, 3 * 1024 * 1024)
    assert response.status_code == 413


def test_the_template_downloads_and_imports(app: Flask, login_as, programme_id: int) -> None:
    client = login_as("admin")
    response = client.get("/indicators/import-template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADER
    assert sheet.max_row == len(TEMPLATE_ROWS) + 1
    response = _upload(client, programme_id, response.data, follow=True)
    assert "Framework imported: 7 created, 0 updated." in response.get_data(as_text=True)
    assert _counts(app) == (1, 1, 5)
