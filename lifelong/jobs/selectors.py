"""Reads of jobs for the domains' pages and services."""

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
