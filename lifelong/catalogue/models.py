"""The public catalogue: who offers what, when, for whom, on what terms."""

from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.rules import CertificateRule
from lifelong.lib.i18n import Translated


class Institution(models.Model):
    """A provider: a university, an association, a company."""

    slug = models.SlugField(_("short name in URLs"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text=_("PNG or JPEG, printed on certificates; wider than high works best."),
    )
    city = models.CharField(
        _("place of issue"),
        max_length=100,
        blank=True,
        help_text=_("Printed on certificates before the date: “Bochum, 12 March 2027”."),
    )
    # The controller's details for the privacy notice and the imprint (catalogue/privacy.py).
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("For the imprint and the privacy notice.")
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    represented_by = models.CharField(
        _("represented by"),
        max_length=300,
        blank=True,
        help_text=_("Who legally represents the institution, for the imprint."),
    )
    dpo_contact = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Name and how to reach them; empty: the site operator's officer."),
    )
    supervisory_authority = models.TextField(
        _("supervisory authority"),
        blank=True,
        help_text=_("Empty: the authority the site operator names."),
    )
    retention_unaccepted_months = models.PositiveSmallIntegerField(
        _("keep applications that were not accepted (months)"),
        null=True,
        blank=True,
        help_text=_("After an edition's last day; empty: the site's default."),
    )
    retention_attendance_months = models.PositiveSmallIntegerField(
        _("keep attendance (months)"),
        null=True,
        blank=True,
        help_text=_(
            "After the certificates are issued or the last day; empty: the site's default."
        ),
    )

    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_de="") | ~Q(name_en=""), name="institution_has_a_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    name = Translated("name")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Audience(models.Model):
    """A target group. Eligibility checks per edition come with applications."""

    slug = models.SlugField(unique=True)
    name_de = models.CharField(_("name (German)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    name = Translated("name")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return self.name


class ProgrammeFormat(models.TextChoices):
    CERTIFICATE_PROGRAMME = "certificate_programme", _("Certificate programme")
    CERTIFICATE_COURSE = "certificate_course", _("Certificate course")
    SEMINAR = "seminar", _("Seminar")
    STUDY_PROGRAMME = "study_programme", _("Study programme")
    TRAINING = "training", _("Professional training")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class EditionSelectionMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    REVIEWED = "reviewed", _("Reviewed by the organisers")
    LOTTERY = "lottery", _("Lottery after the deadline")


class Programme(models.Model):
    """A catalogue entry. Its runs are editions."""

    Format = ProgrammeFormat

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("institution"),
    )
    partners = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="partner_programmes",
        verbose_name=_("partner institutions"),
    )
    slug = models.SlugField(_("short name in URLs"), max_length=120, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_de = models.CharField(_("summary (German)"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    format = models.CharField(_("format"), max_length=32, choices=Format.choices)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="programmes", verbose_name=_("topics")
    )
    # Folded text of both languages, institution and topics: what the catalogue search reads.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Translated("title")
    summary = Translated("summary")
    description = Translated("description")

    class Meta:
        ordering = ["title_de"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_de="") | ~Q(title_en=""), name="programme_has_a_title"
            ),
            models.CheckConstraint(
                condition=Q(format__in=ProgrammeFormat.values),
                name="programme_format_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Edition(models.Model):
    """One run of a programme (a cohort): its window, places, selection, fee and rule."""

    Status = EditionStatus
    SelectionMode = EditionSelectionMode

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="editions", verbose_name=_("programme")
    )
    label = models.CharField(_("label"), max_length=60, help_text=_("e.g. 2025/26"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("application deadline"))
    capacity = models.PositiveIntegerField(_("places"))
    selection_mode = models.CharField(
        _("selection"),
        max_length=16,
        choices=SelectionMode.choices,
        default=SelectionMode.FIRST_COME,
    )
    fee_cents = models.PositiveIntegerField(
        _("fee in cents"), default=0, help_text=_("0 means free of charge")
    )
    fee_note_de = models.CharField(_("fee note (German)"), max_length=200, blank=True)
    fee_note_en = models.CharField(_("fee note (English)"), max_length=200, blank=True)
    credit_points = models.DecimalField(
        _("credit points"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    language = models.CharField(
        _("language of instruction"), max_length=2, choices=settings.LANGUAGES
    )
    certificate_rule = models.JSONField(_("certificate rule"), default=dict, blank=True)
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the edition is full, further applicants join a waiting list."),
    )
    offer_hours = models.PositiveIntegerField(
        _("offer valid for (hours)"),
        default=72,
        help_text=_("How long a person from the waiting list has to accept a freed place."),
    )
    lottery_at = models.DateTimeField(
        _("lottery draw"),
        null=True,
        blank=True,
        help_text=_("Lottery editions only: when the places are drawn, after the deadline."),
    )
    retention_unaccepted_months = models.PositiveSmallIntegerField(
        _("keep applications that were not accepted (months)"),
        null=True,
        blank=True,
        help_text=_("After the last day; empty: the institution's period."),
    )
    retention_attendance_months = models.PositiveSmallIntegerField(
        _("keep attendance (months)"),
        null=True,
        blank=True,
        help_text=_("After the certificates are issued or the last day; empty: the institution's."),
    )
    audiences: models.ManyToManyField[Audience, "EditionAudience"] = models.ManyToManyField(
        Audience, through="EditionAudience", related_name="editions", verbose_name=_("audiences")
    )

    fee_note = Translated("fee_note")

    class Meta:
        ordering = ["applications_open_at"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "label"], name="edition_label_unique"),
            models.CheckConstraint(
                condition=Q(applications_open_at__lt=models.F("applications_close_at")),
                name="edition_window_opens_before_deadline",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="edition_has_places"),
            models.CheckConstraint(
                condition=Q(credit_points__isnull=True) | Q(credit_points__gte=0),
                name="edition_credit_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EditionStatus.values),
                name="edition_status_known",
            ),
            models.CheckConstraint(
                condition=Q(selection_mode__in=EditionSelectionMode.values),
                name="edition_selection_mode_known",
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1), name="edition_offer_lasts_an_hour_at_least"
            ),
            models.CheckConstraint(
                condition=~Q(selection_mode=EditionSelectionMode.LOTTERY)
                | Q(lottery_at__gte=models.F("applications_close_at")),
                name="edition_lottery_after_deadline",
            ),
        ]
        indexes = [models.Index(fields=["status", "programme"])]

    def __str__(self) -> str:
        return f"{self.programme} {self.label}"

    @property
    def rule(self) -> CertificateRule:
        return CertificateRule.from_json(self.certificate_rule)

    @property
    def is_free(self) -> bool:
        return self.fee_cents == 0

    @property
    def fee(self) -> Decimal:
        return Decimal(self.fee_cents) / 100

    def clean(self) -> None:
        CertificateRule.from_json(self.certificate_rule)
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_open_at >= self.applications_close_at
        ):
            raise ValidationError(
                {"applications_close_at": _("The deadline must come after the opening.")}
            )
        if self.selection_mode == EditionSelectionMode.LOTTERY and (
            self.lottery_at is None
            or (self.applications_close_at and self.lottery_at < self.applications_close_at)
        ):
            raise ValidationError(
                {"lottery_at": _("A lottery edition needs a draw time after the deadline.")}
            )


class EditionAudience(models.Model):
    """An audience an edition is for, with an optional quota of its places."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="audience_links")
    audience = models.ForeignKey(Audience, on_delete=models.PROTECT, related_name="edition_links")
    quota = models.PositiveIntegerField(
        _("quota"),
        null=True,
        blank=True,
        help_text=_("Most places for this audience; empty: no limit"),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_("Only addresses at these domains may apply, e.g. bochum.de (comma-separated)"),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("e.g. 50 for a seniors' programme")
    )
    requires_student_confirmation = models.BooleanField(
        _("students only"),
        default=False,
        help_text=_("Applicants confirm that they are enrolled students."),
    )

    class Meta:
        ordering = ["audience__slug"]
        verbose_name = _("audience of an edition")
        verbose_name_plural = _("audiences of an edition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "audience"], name="edition_audience_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.audience}"

    @property
    def allowed_domains(self) -> list[str]:
        parts = self.email_domains.replace(";", ",").replace(" ", ",").split(",")
        return [part.strip().lower().lstrip("@") for part in parts if part.strip()]


class Session(models.Model):
    """A programme day or module meeting. Times are stored in UTC, shown in Europe/Berlin."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    mandatory = models.BooleanField(
        _("must be attended"),
        default=False,
        help_text=_("A certificate needs this day, whatever else was attended."),
    )

    title = Translated("title")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["edition", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.edition} {self.starts_at:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class Document(models.Model):
    """A file that belongs to a programme, e.g. the flyer."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="documents", verbose_name=_("programme")
    )
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    size_bytes = models.PositiveBigIntegerField(editable=False, default=0)

    title = Translated("title")

    class Meta:
        ordering = ["id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.file:
            self.size_bytes = self.file.size
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def filename(self) -> str:
        return PurePosixPath(self.file.name).name

    @property
    def kind(self) -> str:
        """The file type as people say it: 'PDF'."""
        return PurePosixPath(self.file.name).suffix.lstrip(".").upper() or str(_("File"))


class CatalogueRevision(models.Model):
    """One row whose number goes up with every catalogue change, in the same transaction.

    Cached public pages are keyed by it, so every app server sees a change at once.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("catalogue revision")

    def __str__(self) -> str:
        return str(self.number)


class PrivacyNoticeVersion(models.Model):
    """A version of an institution's privacy notice: the inputs it was rendered from and
    their digest. Recorded when an application is made under it (`catalogue/privacy.py`),
    so each application names the notice its applicant saw."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="privacy_notices"
    )
    digest = models.CharField(max_length=64)
    inputs = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["institution", "created_at"]
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "digest"], name="privacy_notice_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.created_at:%Y-%m-%d}-{self.digest[:8]}"
