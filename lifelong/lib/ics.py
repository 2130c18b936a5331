"""RFC 5545 calendar files. Events carry their own time zone, with its VTIMEZONE."""

from dataclasses import dataclass
from datetime import datetime

import icalendar
from django.utils import timezone

from lifelong.lib.text import one_line


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    url: str = ""
    description: str = ""


def calendar_file(*, name: str, events: list[CalendarEvent], stamp: datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Lifelong//Programme calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # One-line properties on one line, however the titles were saved (a CR/LF in a title
    # made the file fail); the description is multi-line text, which icalendar escapes.
    calendar.add("x-wr-calname", one_line(name))
    for item in events:
        event = icalendar.Event()
        event.add("uid", one_line(item.uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(item.starts_at))
        event.add("dtend", timezone.localtime(item.ends_at))
        event.add("summary", one_line(item.summary))
        if item.location:
            event.add("location", one_line(item.location))
        if item.url:
            event.add("url", one_line(item.url))
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
