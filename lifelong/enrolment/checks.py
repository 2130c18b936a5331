"""What the places already taken and the applications already made rule out when an
organiser changes an edition: fewer places than are taken, a quota below its group's taken
places, a group removed whose people have applied. Reported as catalogue errors, beside the
catalogue's own checks (`office/checks.py` asks both)."""

from django.db.models import Count

from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import LIVE_STATES, Application
from lifelong.enrolment.places import places_count


def edition_places_problems(
    *, edition: Edition, quotas: dict[int, int | None]
) -> list[CatalogueError]:
    """What the places already taken and the applications already made rule out."""
    problems = []
    places = places_count(edition)
    if edition.capacity < places.taken:
        problems.append(CatalogueError("capacity_below_taken", taken=places.taken))
    for audience_id, quota in quotas.items():
        taken = places.taken_by_audience[audience_id]
        if quota is not None and quota < taken:
            problems.append(
                CatalogueError("quota_below_taken", taken=taken, audience_id=audience_id)
            )
    still_applying = (
        Application.objects.filter(edition_id=edition.pk, state__in=LIVE_STATES)
        .exclude(audience_id__isnull=True)
        .exclude(audience_id__in=quotas.keys())
        .values("audience_id")
        .annotate(count=Count("pk"))
    )
    for row in still_applying:
        problems.append(
            CatalogueError("audience_in_use", count=row["count"], audience_id=row["audience_id"])
        )
    return problems
