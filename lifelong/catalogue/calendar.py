"""An edition's programme days as calendar events: for the public .ics download, and for
the participant's own file (My programmes, the acceptance and reminder e-mails).

The online meeting link of a day goes only to the edition's accepted participants: the
public file and the programme page say "Online" instead."""

from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext

from lifelong.catalogue.models import Edition
from lifelong.lib.ics import CalendarEvent


def edition_calendar_events(
    *, edition: Edition, site_url: str, for_participant: bool = False
) -> list[CalendarEvent]:
    """The days as events; with their online links only `for_participant` (a file that
    goes to an accepted participant alone)."""
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
            location=session.place
            or (session.online_url if for_participant else "")
            or (gettext("Online") if session.online_url else ""),
            url=page_url,
            description=f"{programme.institution.name}\n{page_url}",
        )
        for session in edition.sessions.all()
    ]
