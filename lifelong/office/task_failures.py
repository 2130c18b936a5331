"""Failed background tasks as site administrators see them: what each task is called, and what
it was about, read from its arguments (an application, an edition, a programme day, an
invitation), in a fixed number of queries. The records and the retries are the jobs app's
(lifelong/jobs/retries.py); only this top floor knows the tasks of every domain.

What it was about names the edition and the application's number, never the person: the
administrator follows the number to the application if they need more."""

import inspect
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.base import Task

from lifelong.accounts.models import Invitation
from lifelong.catalogue.models import Edition, Session
from lifelong.enrolment.models import Application, NotificationKind
from lifelong.jobs.models import TaskFailure, TaskFailureState

# Our tasks by import path, by the names people know them by.
TASK_NAMES: dict[str, Promise] = {
    "lifelong.enrolment.notifications.notification_send_task": gettext_lazy(
        "E-mail to an applicant"
    ),
    "lifelong.enrolment.notifications.session_reminders_task": gettext_lazy(
        "Reminders before a programme day"
    ),
    "lifelong.certificates.notifications.certificate_email_task": gettext_lazy(
        "Certificate e-mail"
    ),
    "lifelong.accounts.invitations.invitation_email_task": gettext_lazy("Invitation e-mail"),
    "lifelong.enrolment.services.offer_lapse_task": gettext_lazy("Lapse of an offered place"),
    "lifelong.enrolment.services.lottery_draw_task": gettext_lazy("Lottery draw"),
    "lifelong.office.retention.retention_daily": gettext_lazy("Nightly retention run"),
}
# A page shows this many; more would be a worker that keeps failing, which the first show.
SHOWN = 200


@dataclass(frozen=True)
class FailureRow:
    failure: TaskFailure
    name: str
    about: str
    edition: Edition | None  # to link to its hub


def task_name(task_path: str) -> str:
    known = TASK_NAMES.get(task_path)
    return str(known) if known is not None else task_path.rsplit(".", 1)[-1]


def _arguments(failure: TaskFailure) -> dict[str, Any]:
    """The task's arguments by parameter name; none if the task is gone or they do not fit."""
    try:
        found = import_string(failure.task_path)
        bound = inspect.signature(found.func).bind(*failure.args, **failure.kwargs)
    except (ImportError, AttributeError, TypeError):
        return {}
    return dict(bound.arguments) if isinstance(found, Task) else {}


def _ids(rows: list[tuple[TaskFailure, dict[str, Any]]], name: str) -> set[int]:
    return {args[name] for _failure, args in rows if isinstance(args.get(name), int)}


def task_failures_open() -> QuerySet[TaskFailure]:
    """Given up, or being tried again: what the page lists."""
    return TaskFailure.objects.filter(
        state__in=[TaskFailureState.GIVEN_UP, TaskFailureState.RETRYING]
    )


def task_failures_given_up_count() -> int:
    return TaskFailure.objects.filter(state=TaskFailureState.GIVEN_UP).count()


def task_failure_rows(failures: QuerySet[TaskFailure]) -> list[FailureRow]:
    """The failures with their names and what they were about: one query per kind of object."""
    rows = [(failure, _arguments(failure)) for failure in failures[:SHOWN]]
    applications = Application.objects.select_related("edition__programme").in_bulk(
        _ids(rows, "application_id")
    )
    sessions = Session.objects.select_related("edition__programme").in_bulk(
        _ids(rows, "session_id")
    )
    editions = Edition.objects.select_related("programme").in_bulk(_ids(rows, "edition_id"))
    invitations = Invitation.objects.select_related("institution").in_bulk(
        _ids(rows, "invitation_id")
    )
    kinds = dict(NotificationKind.choices)
    result = []
    for failure, args in rows:
        parts: list[str] = []
        edition: Edition | None = None
        if (application := applications.get(args.get("application_id", -1))) is not None:
            edition = application.edition
            parts.append(_("Application no. %(number)s") % {"number": application.pk})
        if (session := sessions.get(args.get("session_id", -1))) is not None:
            edition = session.edition
            when = date_format(localtime(session.starts_at), "DATETIME_FORMAT")
            parts.append(_("Programme day of %(date)s") % {"date": when})
        edition = editions.get(args.get("edition_id", -1), edition)
        if edition is not None:
            parts.insert(0, f"{edition.programme.title} ({edition.label})")
        if (invitation := invitations.get(args.get("invitation_id", -1))) is not None:
            parts.append(_("Invitation to %(name)s") % {"name": invitation.institution.name})
        if isinstance(args.get("kind"), str) and args["kind"] in kinds:
            parts.append(str(kinds[args["kind"]]))
        if not parts and any(isinstance(value, int) for value in args.values()):
            parts.append(_("No longer there (deleted since)"))
        result.append(
            FailureRow(
                failure=failure,
                name=task_name(failure.task_path),
                about=" · ".join(parts),
                edition=edition,
            )
        )
    return result
