"""Importing participant lists: encodings, headers in three languages, bad rows, duplicates, the
organiser's choice, and a 10,000-row file."""

from __future__ import annotations

import io
import time

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.auth.models import Role, User
from app.extensions import db
from app.registration.imports import (
    EmptyFile,
    NameColumnMissing,
    NotUtf8,
    UnknownFormat,
    check_rows,
    guess_mapping,
    import_rows,
    read_table,
)
from app.registration.models import Participant, Registration, Sex
from app.registration.services import PersonData, create_participant, register
from tests import factories
from tests.conftest import csrf_token

ARABIC_CSV = (
    "الاسم الكامل,الجنس,رقم الهاتف,المنظمة,المحافظة\n"
    "زينب حسن,أنثى,07701234567,جمعية صوت البصرة,البصرة\n"
    "أحمد علي,ذكر,+964 750 111 2222,منتدى شباب ذي قار,ذي قار\n"
    ",ذكر,07709999999,,\n"
    "كرار جاسم,X,123,,الموصل\n"
    "مريم كاظم,أنثى,07701234567,,\n"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_in_utf8_with_arabic_headers(app_ctx) -> None:
    rows = read_table("list.csv", ("\ufeff" + ARABIC_CSV).encode("utf-8"))
    assert rows[1][0] == "زينب حسن"
    assert guess_mapping(rows[0]) == ["full_name", "sex", "phone", "organisation_name", "governorate"]


def test_semicolons_and_kurdish_headers(app_ctx) -> None:
    rows = read_table("list.csv", "ناوی تەواو;ڕەگەز;تەلەفۆن\nهاوڕێ کەریم;نێر;07501112222\n".encode())
    assert guess_mapping(rows[0]) == ["full_name", "sex", "phone"]


@pytest.mark.parametrize(
    ("filename", "data", "error"),
    [("list.csv", b"", EmptyFile), ("list.csv", b"name\n", EmptyFile),
     ("list.csv", "الاسم\nزينب\n".encode("cp1256"), NotUtf8), ("list.pdf", b"%PDF", UnknownFormat)],
)
def test_unreadable_files_are_refused(filename: str, data: bytes, error) -> None:
    with pytest.raises(error):
        read_table(filename, data)


def test_xlsx_with_numbers_as_phones(app_ctx) -> None:
    rows = read_table("list.xlsx", _xlsx([["Name", "Sex", "Phone"], ["Hawre Karim", "M", 7501112222.0]]))
    assert rows == [["Name", "Sex", "Phone"], ["Hawre Karim", "M", "7501112222"]]


def test_each_bad_row_says_why(app_ctx) -> None:
    workshop = factories.make_workshop()
    rows = read_table("list.csv", ARABIC_CSV.encode())
    checked = check_rows(workshop, rows, guess_mapping(rows[0]))
    assert [row.valid for row in checked] == [True, True, False, False, False]
    assert checked[2].errors == ["The name is empty."]
    assert "Sex: “X” is not female or male." in checked[3].errors
    assert "Phone: “123” is not a phone number." in checked[3].errors
    assert "Governorate: “الموصل” is not one of Iraq's governorates." in checked[3].errors
    assert checked[4].errors == ["Same phone as row 2."]
    with pytest.raises(NameColumnMissing):
        check_rows(workshop, rows, ["", "sex", "phone", "", ""])


def test_import_only_the_valid_rows_and_recognise_known_people(app_ctx) -> None:
    by = factories.make_user(Role.ORGANISER)
    workshop = factories.make_workshop()
    known = create_participant(PersonData(full_name="Zainab Hassan", phone="0770 123 4567"), by)
    rows = read_table("list.csv", ARABIC_CSV.encode())
    checked = check_rows(workshop, rows, guess_mapping(rows[0]))
    assert checked[0].existing is known and checked[0].warnings
    assert import_rows(workshop, checked, by) == 2
    people = {r.participant.full_name: r.participant for r in db.session.scalars(sa.select(Registration))}
    assert set(people) == {"Zainab Hassan", "أحمد علي"}
    assert people["أحمد علي"].sex == Sex.MALE and people["أحمد علي"].phone == "07501112222"
    assert people["أحمد علي"].governorate.code == "dhi_qar"
    again = check_rows(workshop, rows, guess_mapping(rows[0]))
    assert again[0].already_registered and not again[0].valid


def test_ten_thousand_rows(app_ctx) -> None:
    lines = ["Name,Sex,Phone,Organisation"] + [
        f"Participant {n},{'F' if n % 2 else 'M'},0770{n:07d},CSO {n % 40}" for n in range(10_000)]
    start = time.perf_counter()
    workshop = factories.make_workshop()
    rows = read_table("big.csv", "\n".join(lines).encode())
    checked = check_rows(workshop, rows, guess_mapping(rows[0]))
    assert len(checked) == 10_000 and all(row.valid for row in checked)
    assert import_rows(workshop, checked, factories.make_user(Role.ORGANISER)) == 10_000
    assert db.session.scalar(sa.select(sa.func.count(sa.distinct(Registration.reference)))) == 10_000
    assert time.perf_counter() - start < 120  # a sanity bound, not a benchmark


def test_upload_preview_and_choices_through_the_pages(app, client, login_as, accounts) -> None:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop = factories.make_workshop(organisation=organiser.organisation)
        register(workshop, create_participant(PersonData(full_name="Already here"), None), None)
        db.session.commit()
        workshop_id = workshop.id
    login_as("organiser")
    url = f"/registration/workshops/{workshop_id}/import"
    token = csrf_token(client.get(url).get_data(as_text=True))
    bad = client.post(url, data={"csrf_token": token, "file": (io.BytesIO("الاسم\nزينب".encode("cp1256")), "l.csv")},
                      content_type="multipart/form-data")
    assert "The file is not in UTF-8" in bad.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(ARABIC_CSV.encode()), "list.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert 'data-valid="2" data-invalid="3"' in page and "The name is empty." in page
    mapping = {f"column-{i}": name for i, name in enumerate(["full_name", "sex", "phone", "organisation_name", ""])}
    checked = client.post(preview_url, data={"csrf_token": csrf_token(page), "action": "check", **mapping})
    rechecked = checked.get_data(as_text=True)
    assert 'data-valid="2" data-invalid="3"' in rechecked
    assert "is not one of Iraq" not in rechecked  # the governorate column is left out now
    done = client.post(preview_url, data={"csrf_token": csrf_token(page), "action": "import", **mapping})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 3
        assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 3
    assert client.get(preview_url).status_code == 404  # the upload is gone after the import


def test_import_nothing(app, client, login_as, accounts) -> None:
    with app.app_context():
        organiser = db.session.scalar(sa.select(User).where(User.username == "organiser"))
        workshop_id = factories.make_workshop(organisation=organiser.organisation).id
        db.session.commit()
    login_as("organiser")
    url = f"/registration/workshops/{workshop_id}/import"
    token = csrf_token(client.get(url).get_data(as_text=True))
    preview_url = client.post(url, data={"csrf_token": token, "file": (io.BytesIO(ARABIC_CSV.encode()), "list.csv")},
                              content_type="multipart/form-data").headers["Location"]
    response = client.post(preview_url, data={"csrf_token": token, "action": "cancel"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0
