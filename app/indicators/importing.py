"""Importing a results framework from an Excel sheet: one row per outcome, output or indicator, matched by code
(created when new, updated when known), each placed under the parent its code names ("1.1.8" under output
"1.1", under outcome "1"). Every row is checked first; one problem anywhere and nothing is imported."""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from app.db import LANGUAGES, LocalizedText
from app.errors import DomainError
from app.extensions import db
from app.i18n.services import normalise_number, search_key
from app.indicators import framework
from app.indicators.framework import (
    CODE_MAX_LENGTH,
    LEAD_AGENCY_MAX_LENGTH,
    TARGET_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    IndicatorData,
    OutcomeData,
    OutputData,
)
from app.indicators.models import Indicator, IndicatorKind, IndicatorUnit, Outcome, Output, Programme
from app.registration.spreadsheets import table_to_xlsx

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# What the workbook may hold once unzipped: a 2 MB file of repeated text could otherwise fill the memory.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 30

LEVELS: dict[str, Any] = {"outcome": _l("Outcome"), "output": _l("Output"), "indicator": _l("Indicator")}
COLUMNS = ("code", "level", "title", "title_en", "title_ar", "title_ckb", "target", "baseline", "kind", "unit",
           "lead_agency", "target_text")
INDICATOR_ONLY = ("target", "baseline", "kind", "unit", "target_text")
CODE_OF_ANOTHER_LEVEL = {
    "outcome": _l("This code belongs to an outcome of the programme."),
    "output": _l("This code belongs to an output of the programme."),
    "indicator": _l("This code belongs to an indicator of the programme."),
}

# Sorani letters that Arabic does not use: a plain "title" written with them is Kurdish.
_KURDISH_LETTERS = frozenset("ەێۆڕڵڤ")


class ImportFileError(DomainError):
    message = _l("This file cannot be read.")


class NotXlsx(ImportFileError):
    message = _l("This is not an Excel workbook. Save the sheet as .xlsx (Excel Workbook) and upload it again.")


class FileTooLarge(ImportFileError):
    message = _l("The file is too large: at most 2 MB.")


class TooManyRows(ImportFileError):
    message = _l("The file has too many rows: at most 2,000.")


class EmptyFile(ImportFileError):
    message = _l("The sheet has no rows under its header row.")


class RowsRefused(DomainError):
    """Some rows cannot be imported; `problems` says where and why. Nothing was changed."""

    message = _l("Nothing was imported. Correct these rows and upload the file again.")

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__()
        self.problems = problems


@dataclass
class ImportProblem:
    row: int  # as in the sheet: the header is row 1
    column: str  # the column's name, "" for the whole row
    message: str


@dataclass
class ImportResult:
    created: int
    updated: int


# ---------------------------------------------------------------- reading the sheet


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]  # column → text, number (float) or None


def _cell_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        # A cell shown as a percentage holds 0.8 for 80%: targets are written in percent.
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return float(value) * 100
        return float(value)
    return value  # None, or a date or time that Excel made of what was typed


def _header_name(value: Any) -> str:
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise NotXlsx() from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise FileTooLarge()


def read_sheet(data: bytes) -> tuple[list[str], list[SheetRow]]:
    """The first sheet's column names (as normalised) and its rows that are not empty."""
    if len(data) > MAX_BYTES:
        raise FileTooLarge()
    _check_zip(data)
    header: list[str] | None = None
    rows: list[SheetRow] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise NotXlsx()
            for number, cells in enumerate(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS), start=1):
                values = [_cell_value(cell) for cell in cells]
                if all(value is None for value in values):
                    if number > 20 * MAX_ROWS:  # a sheet that claims a million empty rows
                        raise TooManyRows()
                    continue
                if header is None:
                    header = [_header_name(value) for value in values]
                    continue
                if len(rows) == MAX_ROWS:
                    raise TooManyRows()
                rows.append(SheetRow(number, {name: value for name, value in zip(header, values, strict=False)
                                              if name}))
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds (zip, XML, KeyError …) for what is not a workbook
        raise NotXlsx() from error
    if header is None or not rows:
        raise EmptyFile()
    return header, rows


# ---------------------------------------------------------------- checking every row


@dataclass
class Planned:
    """A row that passed the checks, ready to save."""

    number: int
    level: str
    code: str
    parent_code: str
    existing: Outcome | Output | Indicator | None
    title: LocalizedText
    lead_agency: str
    indicator: IndicatorData | None = None


@dataclass
class _Checker:
    programme: Programme
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, row: int, column: str, message: Any) -> None:
        self.problems.append(ImportProblem(row, column, str(message)))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def _number(value: Any) -> float:
    """A number typed in any of the three digit sets, "80%" read as 80; ValueError when it is not one."""
    if isinstance(value, float):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = normalise_number(value).replace(",", "").removesuffix("%").strip()
    try:
        number = float(Decimal(text))
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _english(text: Any) -> str:
    with force_locale("en"):
        return str(text)


def _key(text: str) -> str:
    return search_key(text).replace(" ", "_")


def _choice(value: str, members: Any) -> Any:
    """An enum member named by its value, its English label or its label in the page's language."""
    wanted = _key(value)
    return next((member for member in members
                 if wanted in {_key(name) for name in (member.value, _english(member.label), str(member.label))}), None)


def _level(value: Any) -> str | None:
    wanted = _key(_text(value))
    return next((level for level, label in LEVELS.items()
                 if wanted in (level, _key(str(label)), _key(_english(label)))), None)


def _title_language(text: str) -> str:
    if any(letter in _KURDISH_LETTERS for letter in text):
        return "ckb"
    if any("\u0600" <= letter <= "\u06ff" for letter in text):
        return "ar"
    return "en"


def _titles(values: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """language → (column, title) for the languages a row gives; "title" is the language it is written in."""
    titles: dict[str, tuple[str, str]] = {}
    plain = _text(values.get("title"))
    if plain:
        titles[_title_language(plain)] = ("title", plain)
    for lang in LANGUAGES:
        text = _text(values.get(f"title_{lang}"))
        if text:
            titles[lang] = (f"title_{lang}", text)
    return titles


def _check_header(check: _Checker, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name not in COLUMNS:
            check.problem(1, name, _l("Unknown column. The columns are: %(columns)s.", columns=", ".join(COLUMNS)))
        elif name in seen:
            check.problem(1, name, _l("This column is there twice."))
        seen.add(name)
    for required in ("code", "level"):
        if required not in seen:
            check.problem(1, required, _l("This column is missing."))
    if not seen & {"title", "title_en", "title_ar", "title_ckb"}:
        check.problem(1, "title", _l("This column is missing (or title_en, title_ar, title_ckb)."))


def _check_lengths(check: _Checker, row: SheetRow, titles: dict[str, tuple[str, str]]) -> None:
    for column, text in titles.values():
        if len(text) > TITLE_MAX_LENGTH:
            check.problem(row.number, column, _l("The title has %(length)d characters: at most %(max)d.",
                                                 length=len(text), max=TITLE_MAX_LENGTH))
    for column, limit in (("lead_agency", LEAD_AGENCY_MAX_LENGTH), ("target_text", TARGET_TEXT_MAX_LENGTH)):
        if len(_text(row.values.get(column))) > limit:
            check.problem(row.number, column, _l("At most %(max)d characters.", max=limit))


def _read_code(check: _Checker, row: SheetRow) -> str | None:
    value = row.values.get("code")
    if isinstance(value, date | datetime | time):
        check.problem(row.number, "code", _l("Excel turned this code into a date. Format the column as text."))
        return None
    code = framework.normalise_code(_text(value))
    if not code:
        check.problem(row.number, "code", _l("The code is empty."))
        return None
    if len(code) > CODE_MAX_LENGTH:
        check.problem(row.number, "code", _l("At most %(max)d characters.", max=CODE_MAX_LENGTH))
        return None
    return code


def _read_number(check: _Checker, row: SheetRow, column: str) -> float | None:
    value = row.values.get(column)
    if value is None:
        return None
    try:
        return _number(value)
    except ValueError:
        message = _l("“%(value)s” is not a number.", value=_text(value))
        if column == "target":
            message = _l("“%(value)s” is not a number. Write a target in words (“Yes”, “All”) in target_text.",
                         value=_text(value))
        check.problem(row.number, column, message)
        return None


def _indicator_data(check: _Checker, row: SheetRow, code: str, title: LocalizedText,
                    existing: Indicator | None) -> IndicatorData | None:
    problems = len(check.problems)
    values = row.values
    kind = existing.kind if existing else IndicatorKind.MANUAL
    if values.get("kind") is not None:
        kind = _choice(_text(values["kind"]), IndicatorKind)
        if kind is None:
            check.problem(row.number, "kind", _l("Unknown kind. The kinds are: %(kinds)s.",
                                                 kinds=", ".join(member.value for member in IndicatorKind)))
    unit = existing.unit if existing and existing.kind == kind else None
    if values.get("unit") is not None:
        unit = _choice(_text(values["unit"]), IndicatorUnit)
        if unit is None:
            check.problem(row.number, "unit", _l("Unknown unit. The units are: %(units)s.",
                                                 units=", ".join(member.value for member in IndicatorUnit)))
    target = _read_number(check, row, "target")
    baseline = _read_number(check, row, "baseline")
    if len(check.problems) > problems or kind is None:
        return None
    data = framework.indicator_data(existing) if existing else IndicatorData(code=code, title=title, kind=kind)
    data = replace(data, code=code, title=title, kind=kind, unit=unit)
    if existing is not None and existing.kind != kind:
        data = replace(data, disaggregation=None)  # the new kind's usual one
    if target is not None:
        data.target = target
    if baseline is not None:
        data.baseline = baseline
    if values.get("target_text") is not None:
        data.target_text = _text(values["target_text"])
    try:
        framework.unit_of(data)
    except framework.UnitDoesNotFit as error:
        check.problem(row.number, "unit" if values.get("unit") is not None else "kind", error.message)
        return None
    return data


def _check_row(check: _Checker, row: SheetRow, existing: dict[str, Any]) -> Planned | None:
    problems = len(check.problems)
    level = _level(row.values.get("level"))
    if level is None:
        check.problem(row.number, "level", _l("Write outcome, output or indicator."))
    code = _read_code(check, row)
    titles = _titles(row.values)
    _check_lengths(check, row, titles)
    if level in ("outcome", "output"):
        for column in INDICATOR_ONLY:
            if row.values.get(column) is not None:
                check.problem(row.number, column, _l("Only indicators have this: leave it empty on outcome and "
                                                     "output rows."))
    if level is None or code is None:
        return None
    item = existing.get(code)
    if item is not None and _level_of(item) != level:
        check.problem(row.number, "code", CODE_OF_ANOTHER_LEVEL[_level_of(item)])
        return None
    given = {lang: text for lang, (_, text) in titles.items()}
    title = LocalizedText.from_mapping({**(item.title.as_dict() if item else {}), **given})
    if not title:
        check.problem(row.number, "title", _l("Write the title in at least one language."))
    lead_agency = _text(row.values.get("lead_agency")) or (getattr(item, "lead_agency", "") if item else "")
    planned = Planned(row.number, level, code, code.rpartition(".")[0], item, title, lead_agency)
    if level == "indicator":
        planned.indicator = _indicator_data(check, row, code, title, item)
    return planned if len(check.problems) == problems else None


def _level_of(item: Any) -> str:
    return "outcome" if isinstance(item, Outcome) else "output" if isinstance(item, Output) else "indicator"


def _check_parents(check: _Checker, plan: list[Planned], in_file: dict[str, str], existing: dict[str, Any]) -> None:
    """Each output under an outcome and each indicator under an output, of the file or of the programme."""
    for item in plan:
        if item.level == "outcome":
            continue
        wanted = "outcome" if item.level == "output" else "output"
        found = {in_file.get(item.parent_code)}
        if item.parent_code in existing:
            found.add(_level_of(existing[item.parent_code]))
        if wanted not in found:
            parent = item.parent_code or "–"
            check.problem(item.number, "code", _l(
                "No outcome “%(parent)s” for this output: add a row for it, or correct the code.", parent=parent)
                if item.level == "output" else _l(
                "No output “%(parent)s” for this indicator: add a row for it, or correct the code.", parent=parent))


def check_rows(programme: Programme, header: list[str], rows: list[SheetRow]) -> list[Planned]:
    """Every row checked against the others and the programme; raises RowsRefused with all the problems."""
    check = _Checker(programme)
    _check_header(check, header)
    if check.problems:
        raise RowsRefused(check.problems)
    existing = framework.items_by_code(programme)
    plan: list[Planned] = []
    first_row: dict[str, int] = {}
    in_file: dict[str, str] = {}  # code → level, of every row (a parent's own problems are reported on its row)
    for row in rows:
        planned = _check_row(check, row, existing)
        code = framework.normalise_code(_text(row.values.get("code")))
        if code in first_row:
            check.problem(row.number, "code", _l("The same code is on row %(row)d.", row=first_row[code]))
            continue
        if code:
            first_row[code] = row.number
            level = _level(row.values.get("level"))
            if level:
                in_file[code] = level
        if planned is not None:
            plan.append(planned)
    _check_parents(check, plan, in_file, existing)
    if check.problems:
        raise RowsRefused(sorted(check.problems, key=lambda problem: problem.row))
    return plan


# ---------------------------------------------------------------- saving


def _save_row(programme: Programme, item: Planned, outcomes: dict[str, Outcome], outputs: dict[str, Output]) -> None:
    existing = item.existing
    if item.level == "outcome":
        outcomes[item.code] = framework.save_outcome(
            programme, OutcomeData(item.code, item.title, item.lead_agency),
            existing if isinstance(existing, Outcome) else None)
    elif item.level == "output":
        parent = outcomes[item.parent_code]
        if isinstance(existing, Output) and existing.outcome is not parent:
            existing.outcome = parent  # its code now names another outcome
        outputs[item.code] = framework.save_output(
            parent, OutputData(item.code, item.title, item.lead_agency), existing if isinstance(existing, Output) else None)
    elif item.indicator is not None:
        framework.save_indicator(outputs[item.parent_code], item.indicator,
                                 existing if isinstance(existing, Indicator) else None)


def _save(programme: Programme, plan: list[Planned]) -> ImportResult:
    outcomes = {outcome.code: outcome for outcome in programme.outcomes}
    outputs = {output.code: output for output in programme.outputs}
    # Parents first, so that each row finds its parent whatever the order of the sheet.
    for level in LEVELS:
        for item in plan:
            if item.level != level:
                continue
            try:
                _save_row(programme, item, outcomes, outputs)
            except DomainError as error:  # a rule the checks did not foresee
                raise RowsRefused([ImportProblem(item.number, "", str(error.message))]) from error
    updated = sum(1 for item in plan if item.existing is not None)
    return ImportResult(created=len(plan) - updated, updated=updated)


def import_framework(programme: Programme, data: bytes) -> ImportResult:
    """Create or update the outcomes, outputs and indicators of an XLSX sheet: all of them, or none."""
    header, rows = read_sheet(data)
    plan = check_rows(programme, header, rows)
    with db.session.begin_nested():  # a refusal while saving leaves nothing of the file behind
        return _save(programme, plan)


# ---------------------------------------------------------------- the template


TEMPLATE_HEADER = ["code", "level", "title_en", "title_ar", "title_ckb", "kind", "unit", "target", "baseline",
                   "target_text", "lead_agency"]
TEMPLATE_ROWS = [
    ["1", "outcome", "Electoral processes are more inclusive and credible", "عمليات انتخابية أكثر شمولاً ومصداقية",
     "", "", "", None, None, "", ""],
    ["1.1", "output", "The electoral commission's capacity is strengthened", "تعزيز قدرات المفوضية", "", "", "",
     None, None, "", "UNDP lead w UNOPS"],
    ["1.1.8", "indicator", "Number of capacity-building activities held", "عدد أنشطة بناء القدرات المنفذة", "",
     "activities", "", 19, 0, "", ""],
    ["1.1.9", "indicator", "Number of people trained, by sex", "عدد المتدربين حسب الجنس", "", "people", "", 340, 0,
     "", ""],
    ["1.1.10", "indicator", "Share of participants satisfied with the training", "نسبة المشاركين الراضين عن التدريب",
     "", "satisfaction", "percent", 80, None, "", ""],
    ["1.1.11", "indicator", "Number of consultants in post", "عدد الاستشاريين في مواقعهم", "", "manual", "number", 5,
     0, "", ""],
    ["1.1.12", "indicator", "Electoral law reviewed", "مراجعة قانون الانتخابات", "", "milestone", "", None, None,
     "Yes", ""],
]


def template_xlsx() -> bytes:
    """An example sheet to fill in: one outcome, one output and an indicator of each common kind."""
    return table_to_xlsx(TEMPLATE_HEADER, TEMPLATE_ROWS, "framework")
