"""The privacy notices and imprints: what they are rendered from, the retention periods they
print, and their versions.

A notice is rendered from its inputs only (the operator's settings, the institution's
details, the retention periods), so the periods it prints are the ones `office.retention`
applies and cannot drift from them. The digest of the inputs is the notice's version: an
application records the version in force when it was made (`privacy_notice_in_force`, called
by the apply POST; a GET only computes it).
"""

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.template import Engine
from django.utils import timezone

from lifelong.catalogue.models import Edition, EditionStatus, Institution, PrivacyNoticeVersion
from lifelong.catalogue.revision import catalogue_revision

# The notice's fixed wording: a change to these templates is a new version too.
NOTICE_TEMPLATES = ("privacy/notice.html", "privacy/_party.html")


@functools.cache
def notice_wording_digest() -> str:
    """A digest of the notice's wording (its templates' source), computed once per process."""
    engine = Engine.get_default()
    sources = [engine.get_template(name).source for name in NOTICE_TEMPLATES]
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class RetentionPeriods:
    """How long personal data is kept (docs/privacy.md)."""

    unaccepted_months: int  # applications not accepted, after the edition's last day
    attendance_months: int  # attendance, after the certificates were issued or the last day
    log_years: int  # log entries, until they no longer name people
    task_days: int  # finished background tasks and jobs
    access_log_days: int  # expired sign-in sessions and the web server's access log


def _first_set(*values: int | None) -> int:
    return next(value for value in values if value is not None)


def retention_periods(
    *, institution: Institution | None = None, edition: Edition | None = None
) -> RetentionPeriods:
    """The periods in force: the edition's own, else its institution's, else the site's."""
    if edition is not None:
        institution = edition.programme.institution
    return RetentionPeriods(
        unaccepted_months=_first_set(
            edition.retention_unaccepted_months if edition else None,
            institution.retention_unaccepted_months if institution else None,
            settings.RETENTION_UNACCEPTED_MONTHS,
        ),
        attendance_months=_first_set(
            edition.retention_attendance_months if edition else None,
            institution.retention_attendance_months if institution else None,
            settings.RETENTION_ATTENDANCE_MONTHS,
        ),
        log_years=settings.RETENTION_LOG_YEARS,
        task_days=settings.RETENTION_TASK_DAYS,
        access_log_days=settings.RETENTION_ACCESS_LOG_DAYS,
    )


def _lines(text: str) -> list[str]:
    parts = text.replace("\r", "").replace("|", "\n").split("\n")
    return [line.strip() for line in parts if line.strip()]


@dataclass(frozen=True)
class Party:
    """Who is responsible (a controller) and how to reach them."""

    name: str
    address: list[str]
    email: str
    phone: str
    representative: str
    dpo: list[str]
    supervisory_authority: list[str]
    website: str = ""
    processors: list[str] = field(default_factory=list)  # the operator's (Art. 28 GDPR)


def operator() -> Party:
    return Party(
        name=settings.OPERATOR_NAME or settings.SITE_NAME,
        address=_lines(settings.OPERATOR_ADDRESS),
        email=settings.OPERATOR_EMAIL,
        phone=settings.OPERATOR_PHONE,
        representative=settings.OPERATOR_REPRESENTATIVE,
        dpo=_lines(settings.OPERATOR_DPO),
        supervisory_authority=_lines(settings.OPERATOR_SUPERVISORY_AUTHORITY),
        website=settings.SITE_URL,
        processors=_lines(settings.OPERATOR_PROCESSORS),
    )


def institution_party(institution: Institution) -> Party:
    """The institution as controller; what it leaves empty, the operator's details fill."""
    site = operator()
    return Party(
        name=institution.name,
        address=_lines(institution.address),
        email=institution.email,
        phone=institution.phone,
        representative=institution.represented_by,
        dpo=_lines(institution.dpo_contact) or site.dpo,
        supervisory_authority=_lines(institution.supervisory_authority)
        or site.supervisory_authority,
        website=institution.website,
        processors=site.processors,
    )


@dataclass(frozen=True)
class EditionPeriods:
    """An edition whose periods differ from its institution's, as the notice lists it."""

    edition: str
    unaccepted_months: int
    attendance_months: int


def _edition_exceptions(institution: Institution) -> list[EditionPeriods]:
    editions = (
        Edition.objects.filter(programme__institution=institution)
        .exclude(status=EditionStatus.DRAFT)
        .exclude(retention_unaccepted_months=None, retention_attendance_months=None)
        .select_related("programme__institution")
        .order_by("programme__slug", "label")
    )
    return [
        EditionPeriods(
            edition=f"{edition.programme.title_de or edition.programme.title_en} ({edition.label})",
            unaccepted_months=periods.unaccepted_months,
            attendance_months=periods.attendance_months,
        )
        for edition in editions
        for periods in [retention_periods(edition=edition)]
    ]


@dataclass(frozen=True)
class Notice:
    """Everything a privacy notice says that is not fixed wording."""

    operator: Party
    controller: Party | None  # the institution; None on the operator's own notice
    institution_name_de: str
    institution_name_en: str
    periods: RetentionPeriods
    exceptions: list[EditionPeriods]

    def inputs(self) -> dict[str, Any]:
        return {"wording": notice_wording_digest(), **asdict(self)}

    @property
    def digest(self) -> str:
        text = json.dumps(self.inputs(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def notice_of_operator() -> Notice:
    return Notice(
        operator=operator(),
        controller=None,
        institution_name_de="",
        institution_name_en="",
        periods=retention_periods(),
        exceptions=[],
    )


def notice_of_institution(institution: Institution) -> Notice:
    # Both languages' names: the version must not depend on the reader's language.
    return Notice(
        operator=operator(),
        controller=Party(**{**asdict(institution_party(institution)), "name": ""}),
        institution_name_de=institution.name_de or institution.name_en,
        institution_name_en=institution.name_en or institution.name_de,
        periods=retention_periods(institution=institution),
        exceptions=_edition_exceptions(institution),
    )


def privacy_notice_current(institution: Institution) -> PrivacyNoticeVersion | None:
    """The recorded version of the institution's notice as it reads now, if recorded."""
    digest = notice_of_institution(institution).digest
    return PrivacyNoticeVersion.objects.filter(institution=institution, digest=digest).first()


# The version in force per institution, per process (CACHES["local"], like the public
# pages), under the catalogue revision it was found at: every input of a notice but the
# settings and the wording (which change only with a restart) is catalogue data, whose every
# change bumps the revision. An application rush then pays one plain read for it instead of
# working the notice out on every request (docs/benchmarks.md, "Going live").
_IN_FORCE = caches["local"]


def privacy_notice_in_force(institution: Institution) -> PrivacyNoticeVersion:
    """`privacy_notice_record`, remembered until the catalogue changes."""
    key = f"privacy-notice:{catalogue_revision()}:{institution.pk}"
    found: PrivacyNoticeVersion | None = _IN_FORCE.get(key)
    if found is None:
        found = privacy_notice_record(institution)
        _IN_FORCE.set(key, found, timeout=None)
    return found


def privacy_notice_record(institution: Institution) -> PrivacyNoticeVersion:
    """The version of the institution's notice as it reads now, recorded if it is new.
    Idempotent: the unique key (institution, digest) keeps one row per version."""
    notice = notice_of_institution(institution)
    found = PrivacyNoticeVersion.objects.filter(
        institution=institution, digest=notice.digest
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PrivacyNoticeVersion.objects.create(
                institution=institution,
                digest=notice.digest,
                inputs=notice.inputs(),
                created_at=timezone.now(),
            )
    except IntegrityError:
        # Recorded at the same moment by another request.
        return PrivacyNoticeVersion.objects.get(institution=institution, digest=notice.digest)
