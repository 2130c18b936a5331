"""Reads behind the organisers' applications page: one page of applications, filtered, and
the places per audience. A constant number of queries, however many people applied."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from lifelong.catalogue.models import Edition, EditionAudience
from lifelong.enrolment.models import PLACE_HOLDING_STATES, Application, ApplicationState

PAGE_SIZE = 50


@dataclass(frozen=True)
class ApplicationFilters:
    state: str = ""
    audience: int | None = None  # 0: applications without an audience
    search: str = ""


def edition_applications_filtered(
    *, edition: Edition, filters: ApplicationFilters
) -> QuerySet[Application]:
    applications = Application.objects.filter(edition=edition)
    if filters.state:
        applications = applications.filter(state=filters.state)
    if filters.audience == 0:
        applications = applications.filter(audience__isnull=True)
    elif filters.audience is not None:
        applications = applications.filter(audience_id=filters.audience)
    if filters.search:
        applications = applications.filter(
            Q(full_name__icontains=filters.search)
            | Q(email__icontains=filters.search)
            | Q(organisation__icontains=filters.search)
        )
    return applications.select_related("audience").order_by(
        "state", "waitlist_rank", "submitted_at", "pk"
    )


def edition_applications_page(
    *, edition: Edition, filters: ApplicationFilters, page_number: str | int | None
) -> Page[Application]:
    paginator = Paginator(
        edition_applications_filtered(edition=edition, filters=filters), PAGE_SIZE
    )
    return paginator.get_page(page_number)


@dataclass(frozen=True)
class AudienceStatus:
    name: str
    audience_id: int | None
    quota: int | None
    applied: int
    holding: int  # accepted or offered: a place each
    waitlisted: int

    @property
    def full(self) -> bool:
        return self.quota is not None and self.holding >= self.quota


def edition_quota_status(*, edition: Edition) -> list[AudienceStatus]:
    """Per audience of the edition (and those who applied without one): applications,
    places held against the quota, and people waiting."""
    counts = {
        row["audience_id"]: row
        for row in Application.objects.filter(edition=edition)
        .values("audience_id")
        .annotate(
            applied=Count("pk"),
            holding=Count("pk", filter=Q(state__in=PLACE_HOLDING_STATES)),
            waitlisted=Count("pk", filter=Q(state=ApplicationState.WAITLISTED)),
        )
    }
    links = EditionAudience.objects.filter(edition=edition).select_related("audience")
    rows: list[tuple[str, int | None, int | None]] = [
        (link.audience.name, link.audience_id, link.quota) for link in links
    ]
    if None in counts or not rows:
        rows.append(("–", None, None))
    empty = {"applied": 0, "holding": 0, "waitlisted": 0}
    return [
        AudienceStatus(
            name=name,
            audience_id=audience_id,
            quota=quota,
            applied=counts.get(audience_id, empty)["applied"],
            holding=counts.get(audience_id, empty)["holding"],
            waitlisted=counts.get(audience_id, empty)["waitlisted"],
        )
        for name, audience_id, quota in rows
    ]
