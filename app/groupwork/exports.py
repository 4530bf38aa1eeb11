"""The consolidated SWOT of a workshop as a spreadsheet and as a PDF matrix, in a chosen language.
The items come from `services.board` (merged duplicates left out); this module only labels them."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from app.events.models import Workshop
from app.events.services import workshop_line
from app.groupwork.services import BoardItem, board
from app.i18n.formatting import format_date
from app.i18n.services import text_direction
from app.pdf.swot import SwotBox, SwotEntry, SwotMatrix, swot_pdf
from app.registration.spreadsheets import table_to_xlsx


def _groups(entry: BoardItem) -> str:
    return ", ".join(entry.groups)


def _themes(entry: BoardItem, lang: str) -> str:
    return ", ".join(theme.name.get(lang) for theme in entry.item.themes)


def swot_table(workshop: Workshop, lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per item on the board: quadrant, text as typed, the groups it comes from, its themes."""
    with force_locale(lang):
        header = [_("Quadrant"), _("Item"), _("Group"), _("Themes")]
        rows = [[quadrant.quadrant.label, entry.item.text, _groups(entry), _themes(entry, lang)]
                for quadrant in board(workshop) for entry in quadrant.items]
    return header, rows


def swot_xlsx(workshop: Workshop, lang: str) -> bytes:
    """The table as a workbook, its sheet named and laid out (right to left for Arabic and Kurdish) in `lang`."""
    header, rows = swot_table(workshop, lang)
    with force_locale(lang):
        title = _("SWOT analysis")
    return table_to_xlsx(header, rows, title, right_to_left=text_direction(lang) == "rtl")


def swot_matrix(workshop: Workshop, lang: str, generated_on: date) -> SwotMatrix:
    with force_locale(lang):
        return SwotMatrix(
            title=_("SWOT analysis"),
            subtitle=workshop_line(workshop, lang),
            quadrants=[SwotBox(label=quadrant.quadrant.label,
                               items=[SwotEntry(entry.item.text, _groups(entry), _themes(entry, lang))
                                      for entry in quadrant.items])
                       for quadrant in board(workshop)],
            footer=_("Multaqa · generated on %(date)s", date=format_date(generated_on)),
            page_label=_("Page {page} of {pages}"),
            continued=_("{label} (continued)"),
            empty=_("No item."),
            right_to_left=text_direction(lang) == "rtl",
            lang=lang,
        )


def swot_pdf_bytes(workshop: Workshop, lang: str, generated_on: date) -> bytes:
    """The 2×2 matrix a report annexes, in `lang`."""
    return swot_pdf(swot_matrix(workshop, lang, generated_on))
