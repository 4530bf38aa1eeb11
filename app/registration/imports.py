"""Importing a list of participants from CSV or XLSX: read, map headers, check every row, flag
duplicates, then register the valid rows (or nothing) as the organiser chooses."""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from app.auth.models import Governorate, OrganisationType, User
from app.errors import DomainError
from app.events.models import Workshop
from app.extensions import db
from app.i18n.services import search_key
from app.registration.models import AgeGroup, Disability, Participant, Registration, RegistrationStatus, Sex
from app.registration.services import PersonData, normalise_phone, register, register_new_people

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
FIELD_LIMITS = {"full_name": 200, "name_latin": 200, "organisation_name": 200, "position": 150, "phone": 32,
                "email": 254}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportFileError(DomainError):
    message = _l("This file cannot be read.")


class NotUtf8(ImportFileError):
    message = _l("The file is not in UTF-8. In Excel, use “Save as → CSV UTF-8”, or upload the .xlsx file.")


class EmptyFile(ImportFileError):
    message = _l("The file has no rows.")


class TooLarge(ImportFileError):
    message = _l("The file is too large: at most 5 MB and 20,000 rows.")


class UnknownFormat(ImportFileError):
    message = _l("Upload a .csv or .xlsx file.")


class NameColumnMissing(ImportFileError):
    message = _l("No column is mapped to the full name.")


FIELDS: dict[str, object] = {
    "full_name": _l("Full name"), "name_latin": _l("Name in Latin letters"), "sex": _l("Sex"),
    "age_group": _l("Age group"), "disability": _l("Person with a disability"), "phone": _l("Phone"),
    "email": _l("Email"), "organisation_name": _l("Organisation"), "organisation_type": _l("Organisation type"),
    "position": _l("Position"), "governorate": _l("Governorate"),
}

# Header names people use, in the three languages, folded with search_key.
HEADER_SYNONYMS = {
    "full_name": ["name", "full name", "participant", "participant name", "الاسم", "الاسم الكامل", "اسم المشارك",
                  "الاسم الثلاثي", "ناو", "ناوی تەواو", "ناوی بەشداربوو"],
    "name_latin": ["name (english)", "english name", "name in english", "latin name", "name in latin letters",
                   "الاسم بالانكليزي", "الاسم بالإنجليزية", "ناو بە ئینگلیزی"],
    "sex": ["sex", "gender", "m/f", "الجنس", "النوع", "ڕەگەز", "رەگەز"],
    "age_group": ["age", "age group", "العمر", "الفئة العمرية", "تەمەن"],
    "disability": ["disability", "pwd", "person with disability", "إعاقة", "الإعاقة", "ذوو الإعاقة", "پێداویستیی تایبەت"],
    "phone": ["phone", "mobile", "telephone", "tel", "phone number", "الهاتف", "رقم الهاتف", "الموبايل", "موبايل",
              "تەلەفۆن", "ژمارەی تەلەفۆن", "مۆبایل"],
    "email": ["email", "e-mail", "mail", "البريد الإلكتروني", "البريد", "ايميل", "ئیمەیڵ"],
    "organisation_name": ["organisation", "organization", "org", "cso", "المنظمة", "الجهة", "اسم المنظمة", "ڕێکخراو"],
    "organisation_type": ["organisation type", "organization type", "type", "نوع المنظمة", "جۆری ڕێکخراو"],
    "position": ["position", "title", "job", "job title", "role", "المنصب", "الوظيفة", "العنوان الوظيفي", "پۆست"],
    "governorate": ["governorate", "province", "المحافظة", "پارێزگا"],
}
_HEADERS = {search_key(name): field_name for field_name, names in HEADER_SYNONYMS.items() for name in names}
_SEX = {search_key(v): Sex.FEMALE for v in ("f", "female", "woman", "أنثى", "انثى", "امرأة", "مێ", "ئافرەت", "ژن")}
_SEX |= {search_key(v): Sex.MALE for v in ("m", "male", "man", "ذكر", "رجل", "نێر", "پیاو")}
_YES = {search_key(v) for v in ("yes", "y", "1", "true", "نعم", "بەڵێ")}
_NO = {search_key(v) for v in ("no", "n", "0", "false", "لا", "نەخێر")}


def read_table(filename: str, data: bytes) -> list[list[str]]:
    """Rows of text cells from a CSV (UTF-8, comma, semicolon or tab) or the first sheet of an XLSX."""
    if len(data) > MAX_BYTES:
        raise TooLarge()
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError() from error
        rows = [[_cell(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise NotUtf8() from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    else:
        raise UnknownFormat()
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        raise EmptyFile()
    if len(rows) > MAX_ROWS + 1:
        raise TooLarge()
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed as numbers in Excel
    return str(value).strip()


def guess_mapping(headers: list[str]) -> list[str]:
    """For each column, the field its header names (or "" to leave it out); each field once."""
    mapping, used = [], set()
    for header in headers:
        field_name = _HEADERS.get(search_key(header), "")
        mapping.append("" if field_name in used else field_name)
        used.add(field_name)
    return mapping


@dataclass
class ImportRow:
    number: int  # as in the file (the header is row 1)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    existing: Participant | None = None  # the same person already known (same phone or email)
    already_registered: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors


def _governorates() -> dict[str, Governorate]:
    found = {}
    for governorate in db.session.scalars(sa.select(Governorate)):
        for name in (governorate.code, *governorate.name.as_dict().values()):
            found[search_key(name)] = governorate
    return found


def check_rows(workshop: Workshop, rows: list[list[str]], mapping: list[str]) -> list[ImportRow]:
    """Every data row with its problems: errors (the row cannot be imported) and warnings."""
    if "full_name" not in mapping:
        raise NameColumnMissing()
    governorates = _governorates()
    checked: list[ImportRow] = []
    phones, emails = {}, {}
    for number, row in enumerate(rows[1:], start=2):
        values = {name: row[index].strip() for index, name in enumerate(mapping) if name}
        item = ImportRow(number, values)
        if not values.get("full_name"):
            item.errors.append(str(_l("The name is empty.")))
        for name, limit in FIELD_LIMITS.items():
            if len(values.get(name, "")) > limit:
                item.errors.append(str(_l("%(field)s: at most %(max)d characters.", field=FIELDS[name], max=limit)))
        if values.get("sex") and search_key(values["sex"]) not in _SEX:
            item.errors.append(str(_l("Sex: “%(value)s” is not female or male.", value=values["sex"])))
        if values.get("email") and not EMAIL.match(values["email"]):
            item.errors.append(str(_l("Email: “%(value)s” is not an email address.", value=values["email"])))
        phone = normalise_phone(values.get("phone", ""))
        if values.get("phone") and not 7 <= len(phone) <= 15:
            item.errors.append(str(_l("Phone: “%(value)s” is not a phone number.", value=values["phone"])))
        if values.get("governorate") and search_key(values["governorate"]) not in governorates:
            item.errors.append(str(_l("Governorate: “%(value)s” is not one of Iraq's governorates.",
                                      value=values["governorate"])))
        email = values.get("email", "").lower()
        for key, seen, label in ((phone, phones, _l("phone")), (email, emails, _l("email"))):
            if key and key in seen:
                item.errors.append(str(_l("Same %(what)s as row %(row)d.", what=label, row=seen[key])))
            elif key:
                seen[key] = number
        checked.append(item)
    _flag_known_people(workshop, checked)
    return checked


def _flag_known_people(workshop: Workshop, rows: list[ImportRow]) -> None:
    """Rows whose phone or email belongs to a known person are that person (shown in the preview);
    a row whose person is already registered is skipped."""
    phones = {normalise_phone(r.values.get("phone", "")) for r in rows} - {""}
    emails = {r.values.get("email", "").lower() for r in rows} - {""}
    known = db.session.scalars(sa.select(Participant).where(
        sa.or_(Participant.phone.in_(phones), Participant.email.in_(emails)))).all() if phones or emails else []
    by_phone = {p.phone: p for p in known if p.phone}
    by_email = {p.email: p for p in known if p.email}
    registered = set(db.session.scalars(
        sa.select(Registration.participant_id).where(Registration.workshop_id == workshop.id,
                                                     Registration.status != RegistrationStatus.CANCELLED)))
    for row in rows:
        person = by_phone.get(normalise_phone(row.values.get("phone", ""))) or by_email.get(
            row.values.get("email", "").lower())
        if person is None:
            continue
        row.existing = person
        if person.id in registered:
            row.already_registered = True
            row.errors.append(str(_l("Already registered for this workshop.")))
        elif search_key(person.full_name) != search_key(row.values.get("full_name", "")):
            row.warnings.append(str(_l("Same phone or email as %(name)s, who is already known: registered as that person.",
                                       name=person.full_name)))


def _person(values: dict[str, str], governorates: dict[str, Governorate]) -> PersonData:
    def choice(value: str, yes: object, no: object, default: object) -> object:
        key = search_key(value)
        return yes if key in _YES else no if key in _NO else default

    organisation_type = None
    if values.get("organisation_type"):
        wanted = search_key(values["organisation_type"])
        organisation_type = next((kind for kind in OrganisationType if wanted in (kind.value, search_key(kind.label))),
                                 None)
    age = values.get("age_group", "")
    return PersonData(
        full_name=values["full_name"], name_latin=values.get("name_latin", ""),
        sex=_SEX.get(search_key(values.get("sex", "")), Sex.NOT_RECORDED),
        age_group=next((a for a in AgeGroup if a.value == age), AgeGroup.NOT_RECORDED),
        disability=choice(values.get("disability", ""), Disability.YES, Disability.NO, Disability.NOT_RECORDED),
        organisation_name=values.get("organisation_name", ""), organisation_type=organisation_type,
        position=values.get("position", ""), phone=values.get("phone", ""), email=values.get("email", ""),
        governorate=governorates.get(search_key(values.get("governorate", ""))),
    )


def import_rows(workshop: Workshop, rows: list[ImportRow], by: User) -> int:
    """Register the valid rows (known people as themselves, others as new people); returns how many."""
    governorates = _governorates()
    valid = [row for row in rows if row.valid]
    for row in valid:
        if row.existing is not None:
            register(workshop, row.existing, by, source="import")
    new = [_person(row.values, governorates) for row in valid if row.existing is None]
    register_new_people(workshop, new, by)
    return len(valid)


# ---------------------------------------------------------------- the upload between preview and import


def save_upload(folder: Path, workshop: Workshop, filename: str, data: bytes) -> str:
    """Keep the uploaded file until the organiser imports or drops it; returns its id."""
    folder.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_hex(16)
    (folder / f"{upload_id}.bin").write_bytes(data)
    (folder / f"{upload_id}.json").write_text(json.dumps({"workshop_id": workshop.id, "filename": filename}))
    return upload_id


def load_upload(folder: Path, workshop: Workshop, upload_id: str) -> tuple[str, bytes] | None:
    if not re.fullmatch(r"[0-9a-f]{32}", upload_id):
        return None
    meta_path, data_path = folder / f"{upload_id}.json", folder / f"{upload_id}.bin"
    if not meta_path.exists() or not data_path.exists():
        return None
    meta = json.loads(meta_path.read_text())
    if meta.get("workshop_id") != workshop.id:
        return None
    return meta["filename"], data_path.read_bytes()


def drop_upload(folder: Path, upload_id: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", upload_id):
        for suffix in (".json", ".bin"):
            (folder / f"{upload_id}{suffix}").unlink(missing_ok=True)
