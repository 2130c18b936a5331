"""A job: bulk work the worker does in the background, with its progress (certificates issued
for an edition, a message sent to its applicants, …). The domain that starts a job does its
work; this app keeps the job's state, progress and heartbeat and takes it up again when its
worker died (services.py)."""

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
