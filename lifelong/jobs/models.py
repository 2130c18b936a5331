"""A job: bulk work the worker does in the background, with its progress (certificates issued
for an edition, a message sent to its applicants, …). The domain that starts a job does its
work; this app keeps the job's state, progress and heartbeat and takes it up again when its
worker died (services.py)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped by an error")


class Job(models.Model):
    State = JobState

    kind = models.CharField(max_length=40)  # "certificates.issue", "enrolment.message", …
    # The task that runs the job (its import path); it takes the job's id and is safe to run
    # again, so a job whose worker died is resumed by enqueueing it once more.
    task = models.CharField(max_length=200)
    task_result_id = models.UUIDField(null=True, blank=True)  # its last enqueued DBTaskResult
    edition = models.ForeignKey(
        "catalogue.Edition", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)  # the kind's counters: {"issued": 12}
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # claims by a worker; 1 if none died
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life: when the job was queued, or its worker last reported progress.
    heartbeat_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["edition", "kind"], name="job_of_edition"),
            models.Index(fields=["state", "heartbeat_at"], name="job_heartbeat"),
        ]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.state == JobState.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class TaskFailureState(models.TextChoices):
    RETRYING = "retrying", _("Trying again")
    GIVEN_UP = "given_up", _("Given up")
    RESOLVED = "resolved", _("Succeeded later")
    DISMISSED = "dismissed", _("Dismissed")


class TaskFailure(models.Model):
    """A task that raised, and what the worker does about it (lifelong/jobs/retries.py): it
    enqueues the same task with the same arguments again after a growing pause, until
    TASK_RETRY_ATTEMPTS runs have failed; then it gives up and site administrators see it
    in the back office. One record follows all the runs of one piece of work. It keeps its
    own copy of what it needs (the task, its arguments, the error), so the retention of
    finished task rows does not take it away."""

    State = TaskFailureState

    task_path = models.CharField(max_length=200)
    args_kwargs = models.JSONField()  # {"args": [...], "kwargs": {...}}, as the task row has
    queue_name = models.CharField(max_length=32)
    priority = models.IntegerField(default=0)
    state = models.CharField(max_length=9, choices=State.choices, default=State.RETRYING)
    attempts = models.PositiveSmallIntegerField(default=1)  # runs that failed
    # The task row of the run to watch: the retry waiting while retrying, else the last
    # run that failed. Its success resolves the record; its failure adds an attempt.
    current_task_id = models.UUIDField(unique=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)  # resolved or dismissed
    error_class = models.CharField(max_length=200)  # "smtplib.SMTPServerDisconnected"
    error_message = models.TextField(blank=True)
    traceback = models.TextField(blank=True)  # for site administrators only

    class Meta:
        ordering = ["-last_failed_at", "-pk"]
        indexes = [models.Index(fields=["state", "last_failed_at"], name="task_failure_state")]
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")

    def __str__(self) -> str:
        return f"{self.task_path} ({self.state}, {self.attempts})"

    @property
    def args(self) -> list[Any]:
        return list(self.args_kwargs.get("args", []))

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.args_kwargs.get("kwargs", {}))
