"""What the office keeps of its own: a person's copy of their data (Art. 15 and 20 GDPR)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """A person's request for their data: the job that gathers it (with its progress) and
    the zip it produced, which only they may download until `expires_at`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="data_export")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("requested"))
    archive = models.BinaryField(default=b"")
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("download until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("copy of a person's data")
        verbose_name_plural = _("copies of people's data")

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
