"""Reads that feed the enrolment pages."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition, EditionAudience, Session
from lifelong.catalogue.revision import catalogue_revision
from lifelong.enrolment.models import (
    LIVE_STATES,
    Application,
    ApplicationState,
    LotteryDraw,
    Question,
)

# Per process on purpose, keyed by what decides the page (settings.py, CACHES["local"]):
# a hit costs no round trip to a shared cache.
_PAGES = caches["local"]


def edition_awaits_draw(edition: Edition) -> bool:
    """A lottery edition whose draw has not run yet: until it has, the draw alone gives
    places (and the waiting list's order), not an organiser's decision."""
    return (
        edition.selection_mode == Edition.SelectionMode.LOTTERY
        and not LotteryDraw.objects.filter(edition_id=edition.pk).exists()
    )


def waitlist_position(application: Application) -> int | None:
    """1 for the first in line. None unless the application is waitlisted."""
    if application.state != ApplicationState.WAITLISTED or application.waitlist_rank is None:
        return None
    ahead = Application.objects.filter(
        edition_id=application.edition_id,
        state=ApplicationState.WAITLISTED,
        waitlist_rank__lt=application.waitlist_rank,
    ).count()
    return ahead + 1


def edition_for_application(*, edition_id: int) -> Edition | None:
    """A published edition with what its application form needs: its programme, audiences
    with their eligibility and quotas, and questions.

    Kept per process under the catalogue revision (like the public pages), because in an
    application rush every request needs it and it changes only with the catalogue. The
    places themselves are never taken from here: the service recounts them under the lock.
    """
    key = f"application-edition:{catalogue_revision()}:{edition_id}"
    edition: Edition | None = _PAGES.get(key)
    if edition is None:
        edition = (
            Edition.objects.filter(pk=edition_id, status=Edition.Status.PUBLISHED)
            .select_related("programme__institution")
            .prefetch_related(
                Prefetch(
                    "audience_links", queryset=EditionAudience.objects.select_related("audience")
                ),
                Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            )
            .first()
        )
        if edition is not None and settings.PUBLIC_PAGE_CACHE_SECONDS:
            _PAGES.set(key, edition, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return edition


def live_application(*, edition_id: int, applicant: User) -> Application | None:
    return Application.objects.filter(
        edition_id=edition_id, applicant=applicant, state__in=LIVE_STATES
    ).first()


@dataclass(frozen=True)
class MyApplication:
    application: Application
    position: int | None
    next_session: Session | None
    over: bool = False  # every day of the edition has passed

    @property
    def offer_open(self) -> bool:
        return self.application.state == ApplicationState.OFFERED


def my_applications(*, applicant: User, now: datetime | None = None) -> list[MyApplication]:
    """The person's applications, live ones first, each with what they need to act on."""
    now = now or timezone.now()
    applications = (
        Application.objects.filter(applicant=applicant)
        .select_related("edition__programme__institution", "audience")
        .prefetch_related("edition__sessions")
        .order_by("-submitted_at")
    )
    rows = []
    for application in applications:
        upcoming = [s for s in application.edition.sessions.all() if s.ends_at >= now]
        rows.append(
            MyApplication(
                application=application,
                position=waitlist_position(application),
                next_session=upcoming[0] if upcoming else None,
                over=not upcoming and bool(application.edition.sessions.all()),
            )
        )
    rows.sort(key=lambda row: row.application.state not in LIVE_STATES)
    return rows


def edition_applications(*, edition: Edition) -> QuerySet[Application]:
    return (
        Application.objects.filter(edition=edition)
        .select_related("audience", "applicant")
        .order_by("state", "waitlist_rank", "submitted_at", "pk")
    )


def edition_waitlist(*, edition: Edition) -> list[Application]:
    return list(
        Application.objects.filter(edition=edition, state=ApplicationState.WAITLISTED)
        .select_related("audience")
        .order_by("waitlist_rank", "pk")
    )
