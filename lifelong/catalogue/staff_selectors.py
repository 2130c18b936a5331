"""Reads that feed the organisers' catalogue pages."""

from django.db.models import Count, Min, Prefetch, QuerySet

from lifelong.catalogue.models import Edition, EditionStatus, Institution, Programme, Session


def programmes_of(*, institutions: QuerySet[Institution]) -> list[Programme]:
    """The institutions' programmes, each with all its editions (newest first) as
    `staff_editions`, annotated with their number of days and the first day, and
    `is_public` when one of them is published (then the public page exists)."""
    editions = Edition.objects.annotate(
        day_count=Count("sessions"), first_day=Min("sessions__starts_at")
    ).order_by("-applications_open_at")
    programmes: list[Programme] = list(
        Programme.objects.filter(institution__in=institutions)
        .select_related("institution")
        .prefetch_related(Prefetch("editions", queryset=editions, to_attr="staff_editions"))
        .order_by("institution__name_de", "title_de", "title_en")
    )
    for programme in programmes:
        programme.is_public = any(  # type: ignore[attr-defined]
            edition.status == EditionStatus.PUBLISHED
            for edition in programme.staff_editions  # type: ignore[attr-defined]
        )
    return programmes


def edition_days(*, edition: Edition) -> list[Session]:
    """The edition's days in order, each with its number of attendance records (`records`)."""
    return list(
        Session.objects.filter(edition=edition)
        .annotate(records=Count("attendances"))
        .order_by("starts_at")
    )
