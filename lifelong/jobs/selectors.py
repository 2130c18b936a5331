"""Reads of jobs for the domains' pages and services."""

from typing import Any

from django.utils.translation import gettext as _

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
