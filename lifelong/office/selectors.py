"""Reads that feed the office's pages: the organisers' programmes and editions, an edition's
rule in words, and a participant's "My programmes"."""

from typing import Any

from django.db.models import Count, Min, Prefetch, QuerySet

from lifelong.accounts.models import User
from lifelong.attendance.selectors import my_attendance
from lifelong.catalogue.models import Edition, EditionStatus, Institution, Programme, Session
from lifelong.certificates.selectors import EditionRecord, my_standings
from lifelong.enrolment.models import ApplicationState, CheckinPass
from lifelong.enrolment.passes import pass_picture
from lifelong.enrolment.selectors import my_applications


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


def edition_rule_text(*, edition: Edition) -> str:
    """The edition's certificate rule in words, with its required days and assessed work."""
    return EditionRecord.read(edition, application_ids=[]).rule_text()


def my_programmes(*, person: User) -> dict[str, Any]:
    """What "My programmes" shows a participant: each application with its edition, and for
    places their days and attendance, their check-in passes, and where they stand for a
    certificate. Reads only: a pass is made when the place is accepted."""
    rows = my_applications(applicant=person)
    accepted = [
        row.application for row in rows if row.application.state == ApplicationState.ACCEPTED
    ]
    passes = CheckinPass.objects.filter(application__in=accepted, revoked_at=None)
    return {
        "rows": rows,
        "days": my_attendance(applications=accepted),
        "passes": {each.application_id: pass_picture(each) for each in passes},
        "standings": my_standings(applications=[row.application for row in rows]),
    }
