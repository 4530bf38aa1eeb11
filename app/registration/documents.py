"""The registration package's printed documents: badges and daily sign-in sheets, as data for the
PDF toolkit (app/pdf), which draws them."""

from __future__ import annotations

from flask_babel import gettext as _

from app.events.models import Workshop, WorkshopDay
from app.i18n.formatting import format_date, format_date_range, format_number
from app.pdf.badges import Badge, badges_pdf
from app.pdf.sign_in_sheet import SignInColumns, SignInRow, SignInSheet, sign_in_sheets_pdf
from app.registration import tokens
from app.registration.models import Registration, RegistrationStatus
from app.registration.qr import qr_png


def _badge(registration: Registration, url: str) -> Badge:
    person, workshop = registration.participant, registration.workshop
    return Badge(
        name=person.full_name,
        name_latin=person.name_latin or None,
        organisation=person.organisation_label,
        # The workshop's title in the participant's own language when there is one.
        workshop_title=workshop.title.get(person.locale or "ar"),
        dates=format_date_range(workshop.starts_at, workshop.ends_at) if workshop.days else "",
        reference=tokens.format_reference(registration.reference),
        qr_png=qr_png(url),
    )


def badges_document(registrations: list[tuple[Registration, str]], per_page: int) -> bytes:
    """Badges of confirmed registrations, each with its QR (the participant page's URL)."""
    return badges_pdf([_badge(r, url) for r, url in registrations if r.status == RegistrationStatus.CONFIRMED],
                      per_page=per_page)


def sign_in_sheets_document(workshop: Workshop, registrations: list[Registration], days: list[WorkshopDay],
                            rtl: bool, blank_rows: int = 10) -> bytes:
    """One sign-in sheet per day: the reports' "list of participants" as source of verification."""
    rows = [SignInRow(name=r.participant.full_name, organisation=r.participant.organisation_label,
                      sex=r.participant.sex.label)
            for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    place = ", ".join(p for p in (workshop.venue, workshop.city,
                                  str(workshop.governorate.name) if workshop.governorate else "") if p)
    dates = format_date_range(workshop.starts_at, workshop.ends_at) if workshop.days else ""
    labels = SignInColumns(number=_("No."), name=_("Name"), organisation=_("Organisation"), sex=_("Sex"),
                           signature=_("Signature"))
    all_days = list(workshop.days)
    sheets = [
        SignInSheet(
            title=str(workshop.title), subtitle=" · ".join(p for p in (dates, place) if p),
            day_label=_("Day %(number)s: %(date)s", number=format_number(all_days.index(day) + 1),
                        date=format_date(day.starts_at, "full")),
            column_labels=labels, rows=rows, rtl=rtl, blank_rows=blank_rows,
            page_label=_("Page {page} of {pages}"),
        )
        for day in days
    ]
    return sign_in_sheets_pdf(sheets)
