"""Reads of jobs and of the task queue, for the domains' pages, health checks and metrics."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, Min, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from lifelong.jobs.models import Job, JobState


def job_latest(*, kind: str, edition_id: int) -> Job | None:
    """The edition's last job of this kind, finished or not (for its page's progress bar)."""
    return Job.objects.filter(kind=kind, edition_id=edition_id).first()


def job_unfinished(*, kind: str, edition_id: int) -> Job | None:
    """The edition's job of this kind that is waiting or running, if any (alive or not)."""
    return (
        Job.objects.filter(kind=kind, edition_id=edition_id)
        .filter(state__in=[JobState.QUEUED, JobState.RUNNING])
        .first()
    )


def progress_json(job: Job) -> dict[str, Any]:
    """What the progress component shows of a job."""
    return {
        "state": job.state,
        "state_label": job.get_state_display(),
        "total": job.total,
        "done": job.done,
        "count_label": _("%(done)s of %(total)s") % {"done": job.done, "total": job.total},
        "percent": job.percent,
        "finished": job.finished,
        "message": (
            _("Stopped by an error: %(error)s") % {"error": job.error}
            if job.state == JobState.FAILED
            else ""
        ),
    }


@dataclass(frozen=True)
class TaskQueueState:
    """The tasks due now that no worker has taken yet, and how long the first of them has
    been due: a growing age means the workers are stopped or cannot keep up."""

    waiting: int
    oldest_age_seconds: float


def task_queue_state(*, now: datetime | None = None) -> TaskQueueState:
    """One aggregate over the waiting tasks (the table's partial index on READY)."""
    now = now or timezone.now()
    # A task queued without a time carries the far-future marker: it is due since it was queued.
    due_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    figures = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=now))
        .aggregate(waiting=Count("pk"), oldest=Min(due_since))
    )
    oldest = figures["oldest"]
    age = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    return TaskQueueState(waiting=figures["waiting"], oldest_age_seconds=age)
