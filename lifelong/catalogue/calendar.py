"""An edition's programme days as calendar events: for the public .ics download and for the
file attached to an acceptance e-mail."""

from urllib.parse import urlsplit

from django.urls import reverse

from lifelong.catalogue.models import Edition
from lifelong.lib.ics import CalendarEvent


def edition_calendar_events(*, edition: Edition, site_url: str) -> list[CalendarEvent]:
    programme = edition.programme
    host = urlsplit(site_url).netloc
    page_url = site_url.rstrip("/") + reverse(
        "catalogue:programme", kwargs={"slug": programme.slug}
    )
    return [
        CalendarEvent(
            uid=f"session-{session.pk}@{host}",
            summary=f"{programme.title}: {session.title}" if session.title else programme.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            location=session.place or session.online_url,
            url=page_url,
            description=f"{programme.institution.name}\n{page_url}",
        )
        for session in edition.sessions.all()
    ]
