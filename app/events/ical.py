"""iCalendar files: one VEVENT per workshop day, in Asia/Baghdad time with its VTIMEZONE.

A pure renderer: workshops in, bytes out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from app.events.models import DeliveryMode, Workshop, WorkshopStatus
from app.events.services import local_timezone


def _location(workshop: Workshop, locale: str) -> str:
    parts = [workshop.venue, workshop.city, workshop.governorate.name.get(locale) if workshop.governorate else ""]
    place = ", ".join(p for p in parts if p)
    if workshop.mode != DeliveryMode.IN_PERSON and workshop.online_link:
        place = f"{place} — {workshop.online_link}" if place else workshop.online_link
    return place


def workshops_to_ics(workshops: Iterable[Workshop], locale: str, host: str, name: str = "Multaqa") -> bytes:
    tz = local_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Multaqa//Workshops//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(tz))
    stamp = datetime.now(UTC)
    for workshop in workshops:
        count = len(workshop.days)
        for number, day in enumerate(workshop.days, start=1):
            event = Event()
            event.add("uid", f"workshop-{workshop.id}-day-{number}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day.starts_at.astimezone(tz))
            event.add("dtend", day.ends_at.astimezone(tz))
            title = workshop.title.get(locale)
            event.add("summary", f"{title} ({number}/{count})" if count > 1 else title)
            description = workshop.description.get(locale)
            agenda = "\n".join(
                f"{item.starts_at.astimezone(tz):%H:%M}–{item.ends_at.astimezone(tz):%H:%M} {item.title.get(locale)}"
                for item in day.agenda_items
            )
            event.add("description", "\n\n".join(text for text in (description, agenda) if text))
            location = _location(workshop, locale)
            if location:
                event.add("location", location)
            event.add("status", "CANCELLED" if workshop.status == WorkshopStatus.CANCELLED else
                      "TENTATIVE" if workshop.status in (WorkshopStatus.DRAFT, WorkshopStatus.POSTPONED) else "CONFIRMED")
            event.add("last-modified", workshop.updated_at)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
