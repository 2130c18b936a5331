"""Retention: personal data goes when its period is over, every night, by itself.

What goes when (docs/privacy.md, "How long"):

- applications that were not accepted (and hold no certificate): N months after the
  edition ended (its last day's end; without days, its deadline);
- dates of birth: once selection is over, i.e. at the later of the deadline (or the lottery
  draw) and the start of the first day. Until then an offer from the waiting list may still
  need the person's age; after it, nobody decides on a place any more;
- attendance: N months after the edition's certificates were issued (the last one), or
  after the edition ended if that is later;
- log entries: pseudonymised after N years (`audit.services.pseudonymise_person_entries`);
- finished background tasks and jobs, records of failed tasks that succeeded later or were
  dismissed, expired sign-in sessions: after N days.

The periods are `catalogue.privacy.retention_periods`: an edition's own, else its
institution's, else the site's settings. `retention_plan` reads what is due (the dry run
shows it), `retention_apply` removes it, kind by kind, each in one transaction; a second run
finds nothing left. The daily task runs it and logs the counts (`retention.applied`).
"""

import calendar
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Min, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import UserSession
from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.audit.services import (
    audit_log,
    entries_naming_people,
    pseudonymise_person_entries,
)
from lifelong.catalogue.models import Edition, Session
from lifelong.catalogue.privacy import RetentionPeriods, retention_periods
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.jobs.daily import daily_ensure
from lifelong.jobs.models import Job, JobState, TaskFailure, TaskFailureState
from lifelong.office.models import DataExport

logger = logging.getLogger(__name__)

KINDS = ("applications", "dates_of_birth", "attendance", "log_entries", "tasks", "sessions")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day if it is shorter)."""
    local = timezone.localtime(moment)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class EditionSchedule:
    """When an edition's personal data goes."""

    edition: Edition
    periods: RetentionPeriods
    ended_at: datetime  # the last day's end; without days, the deadline
    selection_over_at: datetime  # dates of birth go
    certificates_issued_at: datetime | None  # the last certificate
    unaccepted_until: datetime  # applications that were not accepted go
    attendance_until: datetime  # attendance records go


def _with_dates(editions: QuerySet[Edition]) -> QuerySet[Edition]:
    days = Session.objects.filter(edition=OuterRef("pk")).values("edition")
    issued = Certificate.objects.filter(edition=OuterRef("pk")).values("edition")
    return editions.select_related("programme__institution").annotate(
        first_start=Subquery(days.annotate(at=Min("starts_at")).values("at")),
        last_end=Subquery(days.annotate(at=Max("ends_at")).values("at")),
        last_issued=Subquery(issued.annotate(at=Max("issued_at")).values("at")),
    )


def _schedule(edition: Edition) -> EditionSchedule:
    periods = retention_periods(edition=edition)
    ended = getattr(edition, "last_end", None) or edition.applications_close_at
    deadline = edition.applications_close_at
    selection_closes = max(deadline, edition.lottery_at or deadline)
    first_start = getattr(edition, "first_start", None)
    selection_over = max(selection_closes, first_start) if first_start else selection_closes
    issued: datetime | None = getattr(edition, "last_issued", None)
    attendance_base = max(ended, issued) if issued else ended
    return EditionSchedule(
        edition=edition,
        periods=periods,
        ended_at=ended,
        selection_over_at=selection_over,
        certificates_issued_at=issued,
        unaccepted_until=add_months(ended, periods.unaccepted_months),
        attendance_until=add_months(attendance_base, periods.attendance_months),
    )


def edition_schedule(*, edition: Edition) -> EditionSchedule:
    """What goes when, for one edition (the edition's page shows it)."""
    return _schedule(_with_dates(Edition.objects.filter(pk=edition.pk)).get())


def edition_schedules(editions: QuerySet[Edition]) -> list[EditionSchedule]:
    return [_schedule(edition) for edition in _with_dates(editions).order_by("pk")]


# --- what is due ------------------------------------------------------------------------


def _unaccepted(edition_ids: Iterable[int]) -> QuerySet[Application]:
    return Application.objects.filter(edition_id__in=list(edition_ids)).exclude(
        Q(state=ApplicationState.ACCEPTED) | Q(certificate__isnull=False)
    )


@dataclass
class EditionDue:
    schedule: EditionSchedule
    counts: dict[str, int]


@dataclass
class RetentionPlan:
    """What a run would remove now: per edition, and site-wide."""

    now: datetime
    editions: list[EditionDue] = field(default_factory=list)
    applications: list[int] = field(default_factory=list)  # edition ids due
    dates_of_birth: list[int] = field(default_factory=list)
    attendance: list[int] = field(default_factory=list)
    site_counts: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(KINDS, 0)
        for due in self.editions:
            for kind, count in due.counts.items():
                totals[kind] += count
        for kind, count in self.site_counts.items():
            totals[kind] += count
        return totals


def _log_entries_due(now: datetime) -> QuerySet[AuditEvent]:
    cutoff = add_months(now, -12 * settings.RETENTION_LOG_YEARS)
    return entries_naming_people(AuditEvent.objects.filter(at__lt=cutoff))


def _tasks_due(
    now: datetime,
) -> tuple[QuerySet[DBTaskResult[Any, Any]], QuerySet[Job], QuerySet[TaskFailure]]:
    cutoff = now - timedelta(days=settings.RETENTION_TASK_DAYS)
    results = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    )
    # A message's job carries the message (it cascades): it stays with the message.
    jobs = Job.objects.filter(
        state__in=[JobState.DONE, JobState.FAILED],
        finished_at__lt=cutoff,
        staff_message__isnull=True,
    )
    # The record of a task that failed keeps its own copy of what the back office shows, so
    # the task rows may go; the record goes once it was resolved or dismissed that long ago.
    # A task given up stays until a site administrator has dealt with it.
    failures = TaskFailure.objects.filter(
        state__in=[TaskFailureState.RESOLVED, TaskFailureState.DISMISSED], closed_at__lt=cutoff
    )
    return results, jobs, failures


def _exports_expired(now: datetime) -> QuerySet[DataExport]:
    return DataExport.objects.filter(expires_at__lt=now).exclude(archive=b"")


def _admin_log_forget(model: type[Model], ids: list[int]) -> None:
    """The Django admin's log names an application by its applicant's name: its rows about
    deleted ones keep only the id."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).update(
        object_repr=Concat(Value(f"{model._meta.model_name} #"), "object_id"), change_message=""
    )


def _sessions_due(now: datetime) -> QuerySet[UserSession]:
    return UserSession.objects.filter(
        expire_date__lt=now - timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS)
    )


def _per_edition(rows: QuerySet[Any], edition_field: str) -> dict[int, int]:
    """How many of `rows` each edition has (only editions with some)."""
    grouped = rows.order_by().values(edition_field).annotate(n=Count("pk"))
    return {row[edition_field]: row["n"] for row in grouped}


def retention_plan(*, now: datetime, editions: QuerySet[Edition] | None = None) -> RetentionPlan:
    """What is due at `now`; with `editions`, only theirs and nothing site-wide. Reads only."""
    plan = RetentionPlan(now=now)
    scope = Edition.objects.all() if editions is None else editions
    schedules = edition_schedules(scope)
    # Which editions each kind is due for, then one grouped count per kind (not per edition:
    # every edition that ever ended is due every night).
    due = {
        "applications": [s.edition.pk for s in schedules if s.unaccepted_until <= now],
        "dates_of_birth": [s.edition.pk for s in schedules if s.selection_over_at <= now],
        "attendance": [s.edition.pk for s in schedules if s.attendance_until <= now],
    }
    found = {
        "applications": _per_edition(_unaccepted(due["applications"]), "edition_id"),
        "dates_of_birth": _per_edition(
            Application.objects.filter(
                edition_id__in=due["dates_of_birth"], date_of_birth__isnull=False
            ),
            "edition_id",
        ),
        "attendance": _per_edition(
            Attendance.objects.filter(application__edition_id__in=due["attendance"]),
            "application__edition_id",
        ),
    }
    plan.applications = sorted(found["applications"])
    plan.dates_of_birth = sorted(found["dates_of_birth"])
    plan.attendance = sorted(found["attendance"])
    for schedule in schedules:
        counts = {kind: found[kind].get(schedule.edition.pk, 0) for kind in found}
        plan.editions.append(EditionDue(schedule=schedule, counts=counts))
    if editions is None:
        results, jobs, failures = _tasks_due(now)
        plan.site_counts = {
            "log_entries": _log_entries_due(now).count(),
            "tasks": results.count()
            + jobs.count()
            + failures.count()
            + _exports_expired(now).count(),
            "sessions": _sessions_due(now).count(),
        }
    return plan


# --- applying it -------------------------------------------------------------------------


def retention_apply(*, now: datetime) -> dict[str, int]:
    """Remove and pseudonymise what is due at `now`, each kind in one transaction, and log
    the counts. Safe to run again: what is gone is not found a second time."""
    plan = retention_plan(now=now)
    counts = dict.fromkeys(KINDS, 0)
    with transaction.atomic():
        due = _unaccepted(plan.applications)
        _admin_log_forget(Application, list(due.values_list("pk", flat=True)))
        # Through the ORM's delete, so what hangs on them (answers' e-mails, passes,
        # attendance) goes with them and a certificate keeps its frozen facts.
        counts["applications"] = due.delete()[1].get(Application._meta.label, 0)
    with transaction.atomic():
        counts["dates_of_birth"] = Application.objects.filter(
            edition_id__in=plan.dates_of_birth, date_of_birth__isnull=False
        ).update(date_of_birth=None)
    with transaction.atomic():
        counts["attendance"] = Attendance.objects.filter(
            application__edition_id__in=plan.attendance
        ).delete()[0]
    with transaction.atomic():
        counts["log_entries"] = pseudonymise_person_entries(events=_log_entries_due(now), at=now)
    with transaction.atomic():
        results, jobs, failures = _tasks_due(now)
        counts["tasks"] = jobs.delete()[0] + results.delete()[0] + failures.delete()[0]
        # A copy of a person's data is gone once its download link has ended.
        counts["tasks"] += _exports_expired(now).update(archive=b"")
    with transaction.atomic():
        counts["sessions"] = _sessions_due(now).delete()[0]
    audit_log(subject=None, action="retention.applied", at=now, data=counts)
    logger.info("retention applied: %s", counts)
    return counts


@task()
def retention_daily() -> dict[str, int]:
    """The daily run (`settings.DAILY_TASKS`): first the next day's run is queued, so a
    failure today does not stop tomorrow's."""
    daily_ensure(retention_daily)
    return retention_apply(now=timezone.now())
