"""Tasks that run once a day, without a scheduler beside the worker.

A daily task (named in `settings.DAILY_TASKS`) is an ordinary task that takes no arguments
and begins by calling `daily_ensure` for itself (so a run that fails still leaves the next
one queued), which enqueues the next run for the next
`DAILY_TASKS_HOUR` o'clock (Europe/Berlin) unless a run is already waiting. `db_worker`
calls `daily_ensure_all` when it starts, so a fresh database, a failed run or a deleted row
is repaired by the next start of a worker. Two workers starting at once are serialised by a
lock (SQLite's write lock; an advisory lock on PostgreSQL), so one run waits at most; the
daily work is safe to run twice anyway.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

# An arbitrary number that names this lock among PostgreSQL's advisory locks.
_ADVISORY_LOCK = 7_140_301


def next_run_at(now: datetime) -> datetime:
    """The next DAILY_TASKS_HOUR o'clock in the site's time zone after `now`."""
    local = timezone.localtime(now)
    run = local.replace(hour=settings.DAILY_TASKS_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += timedelta(days=1)  # wall-clock arithmetic: the same hour across a DST change
    return run


def daily_pending(task: Task[[], Any]) -> DBTaskResult[Any, Any] | None:
    """The waiting run of a daily task, if there is one."""
    return (
        DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )


def daily_ensure(task: Task[[], Any], *, now: datetime | None = None) -> DBTaskResult[Any, Any]:
    """The waiting run of `task`, enqueued for the next run time if none is waiting."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
        pending = daily_pending(task)
        if pending is not None:
            return pending
        result = task.using(run_after=next_run_at(now or timezone.now())).enqueue()
        return DBTaskResult.objects.get(pk=result.id)


def daily_ensure_all() -> None:
    for path in settings.DAILY_TASKS:
        daily_ensure(import_string(path))
