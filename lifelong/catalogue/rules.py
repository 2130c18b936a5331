"""The certificate rule of an edition: stored as JSON, read through this typed value.

The catalogue only describes the rule in words; evaluating it against attendance is the
certificates app's job.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifelong.lib import display
from lifelong.lib.i18n import languages_in_preference


class CertificateKind:
    NONE = "none"
    ATTENDANCE = "attendance"  # Teilnahmebescheinigung: attendance only
    CERTIFICATE = "certificate"  # Zertifikat: may also need assessed work

    ALL = (NONE, ATTENDANCE, CERTIFICATE)


@dataclass(frozen=True)
class CertificateRule:
    kind: str = CertificateKind.NONE
    min_sessions: int | None = None
    min_share_percent: int | None = None
    # Each assessment is named in both languages: {"de": "Projektarbeit", "en": "project paper"}.
    assessments: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "CertificateRule":
        data = data or {}
        unknown = set(data) - {"kind", "min_sessions", "min_share_percent", "assessments"}
        if unknown:
            raise ValidationError(
                _("Unknown certificate rule fields: %s") % ", ".join(sorted(unknown))
            )
        rule = cls(
            kind=data.get("kind", CertificateKind.NONE),
            min_sessions=data.get("min_sessions"),
            min_share_percent=data.get("min_share_percent"),
            assessments=list(data.get("assessments", [])),
        )
        rule.validate()
        return rule

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, [])}

    def validate(self) -> None:
        if self.kind not in CertificateKind.ALL:
            raise ValidationError(_("Unknown kind of certificate: %s") % self.kind)
        if self.min_sessions is not None and self.min_share_percent is not None:
            raise ValidationError(_("Give either a number of sessions or a share, not both."))
        if self.min_sessions is not None and self.min_sessions < 1:
            raise ValidationError(_("The minimum number of sessions must be at least 1."))
        if self.min_share_percent is not None and not 1 <= self.min_share_percent <= 100:
            raise ValidationError(_("The minimum share must be between 1 and 100 per cent."))
        for assessment in self.assessments:
            if not isinstance(assessment, dict) or not any(assessment.values()):
                raise ValidationError(_("Name each assessment in German or English."))
        if self.kind == CertificateKind.NONE and (self.min_sessions or self.min_share_percent):
            raise ValidationError(_("An attendance requirement needs a kind of certificate."))

    def required_sessions(self, session_count: int) -> int:
        """How many sessions must be attended; a share is rounded up (75 % of 5 -> 4)."""
        if self.min_sessions is not None:
            return min(self.min_sessions, session_count)
        if self.min_share_percent is not None:
            return -(-self.min_share_percent * session_count // 100)
        return 0

    def describe(self, *, session_count: int, credit_points: Decimal | None = None) -> str:
        """The rule in words, in the active language."""
        if self.kind == CertificateKind.NONE:
            return ""
        if self.kind == CertificateKind.ATTENDANCE:
            document = _("Certificate of attendance")
        elif credit_points:
            document = _("Certificate (%(points)s credit points)") % {
                "points": display.points(credit_points)
            }
        else:
            document = _("Certificate")
        conditions: list[str] = []
        required = self.required_sessions(session_count)
        if required:
            conditions.append(
                ngettext(
                    "attending at least %(required)d of %(total)d day",
                    "attending at least %(required)d of %(total)d days",
                    session_count,
                )
                % {"required": required, "total": session_count}
            )
        if self.assessments:
            names = [pick_language(assessment) for assessment in self.assessments]
            conditions.append(_("passing: %s") % ", ".join(names))
        if not conditions:
            return document
        return _("%(document)s for %(conditions)s") % {
            "document": document,
            "conditions": _(" and ").join(conditions),
        }


def pick_language(texts: dict[str, str]) -> str:
    for code in languages_in_preference():
        if texts.get(code):
            return texts[code]
    return ""
