"""Applications for an edition, the questions they answer, lottery draws and e-mails sent."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Audience, Edition, Session
from lifelong.lib.i18n import Translated


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Offer lapsed")
    REJECTED = "rejected", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled")


# An application is "live" while it may still lead to a place; a person has one at most.
LIVE_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.WAITLISTED,
    ApplicationState.OFFERED,
    ApplicationState.ACCEPTED,
)
# An offered place is held for the person until they answer or the offer lapses.
PLACE_HOLDING_STATES = (ApplicationState.OFFERED, ApplicationState.ACCEPTED)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    """One of an edition's own questions on the application form."""

    Kind = QuestionKind

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label_de = models.CharField(_("question (German)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300)
    help_de = models.CharField(_("hint (German)"), max_length=300, blank=True)
    help_en = models.CharField(_("hint (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # For choice questions: [{"key": "a", "de": "…", "en": "…"}, …]. Answers store the keys,
    # so a corrected label does not change what people answered.
    choices = models.JSONField(_("choices"), default=list, blank=True)

    label = Translated("label")
    help = Translated("help")

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q{self.pk}"

    def answer_text(self, value: Any) -> str:
        """An answer as people read it, in the active language: a choice by its label (the
        stored keys stay valid when a label is corrected), several joined, yes or no."""
        if value in (None, "", []):
            return ""
        if self.kind == QuestionKind.YES_NO:
            return {"yes": str(_("Yes")), "no": str(_("No"))}.get(str(value), str(value))
        if self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            language = translation.get_language() or "de"
            labels = {
                choice["key"]: choice.get(language) or choice.get("de") or choice.get("en") or ""
                for choice in self.choices
            }
            keys = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(str(key), str(key)) for key in keys)
        return str(value)


class Application(models.Model):
    State = ApplicationState

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="applications", verbose_name=_("edition")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    audience = models.ForeignKey(
        Audience,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("audience"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Kept only when an audience has a minimum age, to show why the person was eligible.
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    student_confirmed = models.BooleanField(_("confirmed being a student"), default=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consented_at = models.DateTimeField(_("privacy notice accepted"))
    # The version of the institution's notice the applicant read and accepted.
    privacy_notice = models.ForeignKey(
        "catalogue.PrivacyNoticeVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("privacy notice version"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    state_changed_at = models.DateTimeField(_("state changed"))
    # Place in line while waitlisted: lower goes first. Ranks only ever grow when people
    # join; an organiser's reordering renumbers the waiting list (and is logged).
    waitlist_rank = models.PositiveIntegerField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # The last line of defence behind the service's check: one live application
            # per person and edition, whatever the load.
            models.UniqueConstraint(
                fields=["edition", "applicant"],
                condition=Q(state__in=LIVE_STATES),
                name="application_one_live_per_person",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ApplicationState.values), name="application_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=ApplicationState.OFFERED) | Q(offer_expires_at__isnull=False),
                name="application_offer_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(state=ApplicationState.WAITLISTED) | Q(waitlist_rank__isnull=False),
                name="application_waitlisted_has_rank",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "state"]),
            models.Index(fields=["state", "offer_expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.edition} ({self.get_state_display()})"


class LotteryDraw(models.Model):
    """A lottery, kept so anyone with access can replay it: the same candidates and seed
    give the same order (`lifelong.enrolment.lottery.lottery_order`)."""

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="lottery")
    drawn_at = models.DateTimeField(_("drawn"))
    seed = models.CharField(_("seed"), max_length=64)
    candidate_ids = models.JSONField(_("candidates (application ids, ascending)"))
    drawn_ids = models.JSONField(_("drawn order (application ids)"))

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.edition} {self.drawn_at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    RECEIVED = "received", _("Application received")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    OFFERED = "offered", _("Place offered")
    LAPSED = "lapsed", _("Offer lapsed")
    REJECTED = "rejected", _("Not accepted")
    CANCELLED = "cancelled", _("Cancellation confirmed")
    REMINDER = "reminder", _("Session reminder")
    CERTIFICATE = "certificate", _("Certificate issued")
    # The organisers changed how places are given, while the application awaited selection.
    SELECTION = "selection", _("Selection changed")


class Notification(models.Model):
    """An e-mail to an applicant, written in the same transaction as the change it tells
    about, and sent by a background task. The unique key makes sending safe to retry."""

    Kind = NotificationKind

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Tells apart several e-mails of one kind: the session of a reminder.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True)
    # Tells apart several e-mails of one kind about no session: each change of the selection
    # mode is told once, named by its log entry ("selection-<AuditEvent id>"). Empty for
    # the kinds sent once.
    occasion = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "occasion"],
                condition=Q(session__isnull=True),
                name="notification_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["application", "kind", "session"],
                condition=Q(session__isnull=False),
                name="notification_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.application.email}"


class StaffMessage(models.Model):
    """An e-mail an organiser writes to selected applicants of an edition, sent by the
    worker one recipient at a time as a job, whose progress can be followed."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="staff_messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField()
    # Its sending: state, progress, error (lifelong/jobs/).
    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="staff_message")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to applicants")
        verbose_name_plural = _("messages to applicants")

    def __str__(self) -> str:
        return self.subject


class StaffMessageRecipient(models.Model):
    """One addressee of a message; `sent_at` makes a re-run skip those already written to."""

    message = models.ForeignKey(StaffMessage, on_delete=models.CASCADE, related_name="recipients")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "application"], name="staff_message_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message} → {self.application}"


class CheckinPass(models.Model):
    """A participant's personal pass for one edition, made when the place is accepted: a short
    code, shown as a QR code on "My programmes" and in the acceptance e-mail, scanned at the
    desk (`passes.py`). Replacing a lost pass revokes the old one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="passes")
    code = models.CharField(_("pass code"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in pass")
        verbose_name_plural = _("check-in passes")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(revoked_at__isnull=True),
                name="checkin_pass_one_valid_per_application",
            )
        ]

    def __str__(self) -> str:
        return self.code
