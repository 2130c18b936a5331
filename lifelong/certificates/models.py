"""Assessed work and its results, certificates with the facts they certify, their PDF and
signed credential. (Bulk issue runs are jobs: lifelong/jobs/.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import Application
from lifelong.lib.i18n import Translated

# Each status list credential holds this many entries: 16 KB, the smallest the Bitstring
# Status List specification allows, so a verifier cannot tell whose entry it looks up.
STATUS_LIST_SIZE = 131_072


class AssessmentKind(models.TextChoices):
    EXAM = "exam", _("Exam")
    PROJECT_PAPER = "project_paper", _("Project paper")
    INTERNSHIP_REPORT = "internship_report", _("Internship report")
    THESIS = "thesis", _("Final thesis")
    OTHER = "other", _("Other assessed work")


class Assessment(models.Model):
    """Work a participant hands in or sits, with a recorded result: an exam, a project
    paper, an internship report."""

    Kind = AssessmentKind

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="assessments")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    required = models.BooleanField(
        _("must be passed"),
        default=True,
        help_text=_("Without a pass there is no certificate."),
    )
    credit_points = models.DecimalField(
        _("credit points"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    name = Translated("name")

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AssessmentKind.values), name="assessment_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(name_de="") | ~Q(name_en=""), name="assessment_has_a_name"
            ),
            models.CheckConstraint(
                condition=Q(credit_points__isnull=True) | Q(credit_points__gte=0),
                name="assessment_credit_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class AssessmentResult(models.Model):
    """One participant's result of one assessment; a new result replaces the old one (the
    log keeps both)."""

    Outcome = AssessmentOutcome

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessment_results"
    )
    outcome = models.CharField(_("result"), max_length=8, choices=Outcome.choices)
    grade = models.CharField(_("grade"), max_length=20, blank=True, help_text=_("e.g. 1,7"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessment"], name="assessment_result_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AssessmentOutcome.values), name="assessment_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_outcome_display()}"


class RevocationCategory(models.TextChoices):
    """Why a certificate was revoked, as verifiers read it: the typed reason stays internal."""

    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    REISSUED = "reissued", _("Replaced by a re-issued certificate")
    WITHDRAWN_BY_HOLDER = "withdrawn_by_holder", _("Withdrawn at the holder's request")
    OBTAINED_IMPROPERLY = "obtained_improperly", _("Obtained improperly")
    OTHER = "other", _("Other reason")


class Certificate(models.Model):
    """An issued certificate. It freezes the facts it certifies (`facts`), so that it says
    the same whatever changes later, and stays verifiable when the person's account is gone
    (`application` becomes empty)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="certificates")
    # One certificate per participant and edition: the unique key decides, whatever runs
    # at the same moment or runs again after an interruption.
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    facts = models.JSONField(_("what it certifies"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when issued automatically after the last day."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Public: verifiers see the category. Internal: the reason an organiser typed.
    revoked_category = models.CharField(
        _("revoked because"), max_length=24, choices=RevocationCategory.choices, blank=True
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A certificate re-issued (a corrected name) points to its successor, which holds the
    # application now (one certificate per application).
    reissued_as = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reissue_of"
    )

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_category=""),
                name="certificate_revoked_with_category",
            ),
        ]
        indexes = [models.Index(fields=["edition", "issued_at"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status_list(self) -> int:
        """The number of the status list credential that holds this certificate's entry."""
        return (self.pk - 1) // STATUS_LIST_SIZE + 1

    @property
    def status_index(self) -> int:
        return (self.pk - 1) % STATUS_LIST_SIZE


class CertificateDocument(models.Model):
    """The PDF and the signed credential as issued, kept apart from the row that every
    verification reads."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.CASCADE, primary_key=True, related_name="document"
    )
    pdf = models.BinaryField()
    credential = models.TextField()  # the OpenBadgeCredential as a compact JWS (VC-JWT)

    class Meta:
        verbose_name = _("certificate document")
        verbose_name_plural = _("certificate documents")

    def __str__(self) -> str:
        return str(self.certificate_id)
