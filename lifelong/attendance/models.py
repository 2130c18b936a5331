"""Who was there on which programme day, how that was recorded, and the passes and
assignments that let check-in helpers record it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Edition, Session
from lifelong.enrolment.models import Application


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# The statuses a check-in (at the desk or by the room's code) can record.
CHECK_IN_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceMethod(models.TextChoices):
    DESK = "desk", _("Desk check-in")
    SELF = "self", _("Self check-in")
    PAPER = "paper", _("Paper sign-in sheet")
    CORRECTION = "correction", _("Correction")
    CLOSING = "closing", _("Session closed")


class Attendance(models.Model):
    """One participant on one programme day. No row means "not recorded" (unlike absent)
    until the session is closed, which writes "absent" for everyone still unmarked."""

    Status = AttendanceStatus
    Method = AttendanceMethod

    # No index of their own: the unique key (application, session) and the index (session,
    # status) lead with them, and every index less is one write less per check-in.
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    method = models.CharField(_("recorded by way of"), max_length=16, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["session", "application"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            # However many desks and phones check a person in at once: one record.
            models.UniqueConstraint(
                fields=["application", "session"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="attendance_status_known"
            ),
            models.CheckConstraint(
                condition=Q(method__in=AttendanceMethod.values), name="attendance_method_known"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.application.full_name} – {self.session}: {self.get_status_display()}"


class SessionClosing(models.Model):
    """An organiser has closed the session's attendance: the unmarked became absent and
    check-ins are over; only corrections change it from now on."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="closing")
    closed_at = models.DateTimeField(_("closed"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("closed session")
        verbose_name_plural = _("closed sessions")

    def __str__(self) -> str:
        return f"{self.session} ({self.closed_at:%Y-%m-%d %H:%M})"


class CheckinHelper(models.Model):
    """A person with the check-in role, assigned to one edition: they see its lists and
    record attendance there, nothing else."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="checkin_helpers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_assignments"
    )

    class Meta:
        verbose_name = _("check-in helper")
        verbose_name_plural = _("check-in helpers")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="checkin_helper_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.edition}"
