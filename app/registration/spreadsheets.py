"""Spreadsheets out: a header and rows to an XLSX workbook or a CSV file (pure renderers).
Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as plain text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def table_to_csv(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """UTF-8 text with a byte-order mark, so that Excel opens Arabic and Kurdish as such."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow(["'" + value if _is_formula_like(value) else value for value in row])
    return "\ufeff" + out.getvalue()


def table_to_xlsx(header: Sequence[object], rows: Sequence[Sequence[object]], title: str,
                  right_to_left: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if _is_formula_like(cell.value):
                cell.data_type = "s"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
