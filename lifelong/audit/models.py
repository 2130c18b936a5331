"""The event log: who changed what, when, from what to what, and why. Rows are never edited,
except to pseudonymise them (`audit.services.pseudonymise_person_entries`).
What each kind of event (`action`) and each system reason (`reason_code`) means, and how it
reads, is declared in the registry (audit/events.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty when the system acted (a deadline, a lottery, a lapsed offer)."),
    )
    action = models.CharField(_("action"), max_length=60)
    # What the event is about, as "app.model" and its primary key: one log for every domain.
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    # Lets an organiser's view of the log be scoped to their institution in one query.
    institution_id = models.BigIntegerField(null=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    # Why, as a person wrote it; or, when the system acted, the code of a reason declared in
    # an events.py (audit/events.py), read in the reader's language. Never both.
    reason = models.CharField(_("why"), max_length=500, blank=True)
    reason_code = models.CharField(_("reason code"), max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Set when the entry no longer names the person who acted (retention or erasure): who
    # it was, as a pseudonym ("person #12"), instead of `actor`.
    actor_pseudonym = models.CharField(max_length=60, blank=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type}#{self.subject_id}"
