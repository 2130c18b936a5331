"""The certificate rule of an edition: stored as JSON, read through this typed value.

What counts (how many days, whether excused days count, the workload printed), who signs,
and whether certificates go out by themselves once the last day is closed. The days that
must be attended are marked on the sessions (`Session.mandatory`) and the assessed work is
`certificates.Assessment`; `describe` puts everything into words. Evaluating the rule for a
participant is the certificates app's job (`certificates/evaluation.py`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifelong.lib import display
from lifelong.lib.i18n import Translated, languages_in_preference

MAX_SIGNATORIES = 3


class CertificateKind:
    NONE = "none"
    ATTENDANCE = "attendance"  # Teilnahmebescheinigung: attendance only
    CERTIFICATE = "certificate"  # Zertifikat: may also need assessed work

    ALL = (NONE, ATTENDANCE, CERTIFICATE)


@dataclass(frozen=True)
class Signatory:
    """A person whose name and role are printed under a signature line."""

    name: str
    role_de: str = ""
    role_en: str = ""

    role = Translated("role")

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "role_de": self.role_de, "role_en": self.role_en}


_FIELDS = {
    "kind",
    "min_sessions",
    "min_share_percent",
    "count_excused",
    "workload_hours",
    "min_credit_points",
    "signatories",
    "issue_automatically",
}


@dataclass(frozen=True)
class CertificateRule:
    kind: str = CertificateKind.NONE
    min_sessions: int | None = None
    min_share_percent: int | None = None
    count_excused: bool = False  # an excused day counts as attended
    workload_hours: int | None = None  # printed on the document
    min_credit_points: Decimal | None = None  # from passed assessments
    signatories: tuple[Signatory, ...] = field(default_factory=tuple)
    issue_automatically: bool = False  # issue once the last day is closed

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "CertificateRule":
        data = data or {}
        unknown = set(data) - _FIELDS
        if unknown:
            raise ValidationError(
                _("Unknown certificate rule fields: %s") % ", ".join(sorted(unknown))
            )
        rule = cls(
            kind=data.get("kind", CertificateKind.NONE),
            min_sessions=_whole(data.get("min_sessions")),
            min_share_percent=_whole(data.get("min_share_percent")),
            count_excused=bool(data.get("count_excused", False)),
            workload_hours=_whole(data.get("workload_hours")),
            min_credit_points=_decimal(data.get("min_credit_points")),
            signatories=tuple(_signatory(item) for item in data.get("signatories", [])),
            issue_automatically=bool(data.get("issue_automatically", False)),
        )
        rule.validate()
        return rule

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "min_sessions": self.min_sessions,
            "min_share_percent": self.min_share_percent,
            "count_excused": self.count_excused or None,
            "workload_hours": self.workload_hours,
            "min_credit_points": (
                str(self.min_credit_points) if self.min_credit_points is not None else None
            ),
            "signatories": [signatory.to_json() for signatory in self.signatories] or None,
            "issue_automatically": self.issue_automatically or None,
        }
        return {key: value for key, value in data.items() if value is not None}

    @property
    def issues_documents(self) -> bool:
        return self.kind != CertificateKind.NONE

    def validate(self) -> None:
        if self.kind not in CertificateKind.ALL:
            raise ValidationError(_("Unknown kind of certificate: %s") % self.kind)
        if self.min_sessions is not None and self.min_share_percent is not None:
            raise ValidationError(_("Give either a number of sessions or a share, not both."))
        if self.min_sessions is not None and self.min_sessions < 1:
            raise ValidationError(_("The minimum number of sessions must be at least 1."))
        if self.min_share_percent is not None and not 1 <= self.min_share_percent <= 100:
            raise ValidationError(_("The minimum share must be between 1 and 100 per cent."))
        if self.workload_hours is not None and not 1 <= self.workload_hours <= 10_000:
            raise ValidationError(_("The workload must be between 1 and 10,000 hours."))
        if self.min_credit_points is not None and not (
            Decimal(0) < self.min_credit_points <= Decimal(1000)
        ):
            raise ValidationError(_("The credit points needed must be more than 0."))
        if len(self.signatories) > MAX_SIGNATORIES:
            raise ValidationError(
                ngettext(
                    "At most %(count)d person signs a certificate.",
                    "At most %(count)d people sign a certificate.",
                    MAX_SIGNATORIES,
                )
                % {"count": MAX_SIGNATORIES}
            )
        if any(not signatory.name.strip() for signatory in self.signatories):
            raise ValidationError(_("Give the name of everyone who signs."))
        if self.kind == CertificateKind.NONE and (
            self.min_sessions or self.min_share_percent or self.min_credit_points
        ):
            raise ValidationError(_("An attendance requirement needs a kind of certificate."))

    def required_sessions(self, session_count: int) -> int:
        """How many sessions must be attended; a share is rounded up (75 % of 5 -> 4)."""
        if self.min_sessions is not None:
            return min(self.min_sessions, session_count)
        if self.min_share_percent is not None:
            return -(-self.min_share_percent * session_count // 100)
        return 0

    def document_name(self) -> str:
        """What the document is called, in the active language."""
        if self.kind == CertificateKind.ATTENDANCE:
            return _("Certificate of attendance")
        return _("Certificate")

    def describe(
        self,
        *,
        session_count: int,
        credit_points: Decimal | None = None,
        mandatory_days: Sequence[str] = (),
        assessments: Sequence[str] = (),
    ) -> str:
        """The rule in words, in the active language. `mandatory_days` are the labels of
        the days that must be attended, `assessments` the names of the required work."""
        if self.kind == CertificateKind.NONE:
            return ""
        document = self.document_name()
        workload = self._workload(credit_points)
        if workload:
            document = f"{document} ({workload})"
        conditions = self.conditions(
            session_count=session_count, mandatory_days=mandatory_days, assessments=assessments
        )
        if not conditions:
            return document
        # Translators: "Certificate (30 hours) for attending at least 4 of 5 days and …";
        # the conditions are the phrases below, joined by commas and a last "and".
        return _("%(document)s for %(conditions)s") % {
            "document": document,
            "conditions": conditions,
        }

    def conditions(
        self,
        *,
        session_count: int,
        mandatory_days: Sequence[str] = (),
        assessments: Sequence[str] = (),
    ) -> str:
        """What must be done, as one phrase in the active language, or "" when nothing is
        asked: "attending at least 4 of 5 days, passing “Project paper” and earning at
        least 10 credit points" (German in participles, "… und mindestens 10
        Leistungspunkte erreicht", which reads on after "für alle, die" and on its own)."""
        if self.kind == CertificateKind.NONE:
            return ""
        return display.listed(self._conditions(session_count, mandatory_days, assessments))

    def _workload(self, credit_points: Decimal | None) -> str:
        parts = []
        if credit_points:
            parts.append(
                ngettext(
                    "%(points)s credit point",
                    "%(points)s credit points",
                    display.plural_number(credit_points),
                )
                % {"points": display.points(credit_points)}
            )
        if self.workload_hours:
            parts.append(
                ngettext("%(hours)d hour", "%(hours)d hours", self.workload_hours)
                % {"hours": self.workload_hours}
            )
        return ", ".join(parts)

    def _conditions(
        self, session_count: int, mandatory_days: Sequence[str], assessments: Sequence[str]
    ) -> list[str]:
        conditions: list[str] = []
        required = self.required_sessions(session_count)
        days = display.listed(mandatory_days)
        if required:
            notes = _(" (excused days count)") if self.count_excused else ""
            if mandatory_days:
                notes += _(", including %(days)s") % {"days": days}
            conditions.append(
                # Translators: notes is " (excused days count)", ", including <days>", both
                # or nothing.
                ngettext(
                    "attending at least %(required)d of %(total)d day%(notes)s",
                    "attending at least %(required)d of %(total)d days%(notes)s",
                    session_count,
                )
                % {"required": required, "total": session_count, "notes": notes}
            )
        elif mandatory_days:
            conditions.append(_("attending %(days)s") % {"days": days})
        if assessments:
            names = [_("“%(name)s”") % {"name": name} for name in assessments]
            conditions.append(_("passing %(assessments)s") % {"assessments": display.listed(names)})
        if self.min_credit_points:
            conditions.append(
                ngettext(
                    "earning at least %(points)s credit point",
                    "earning at least %(points)s credit points",
                    display.plural_number(self.min_credit_points),
                )
                % {"points": display.points(self.min_credit_points)}
            )
        return conditions


def pick_language(texts: dict[str, str]) -> str:
    for code in languages_in_preference():
        if texts.get(code):
            return texts[code]
    return ""


def _whole(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Give a whole number."))
    return int(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(_("Give a number of credit points.")) from None


def _signatory(value: Any) -> Signatory:
    if not isinstance(value, dict) or set(value) - {"name", "role_de", "role_en"}:
        raise ValidationError(_("Each signatory needs a name and may have a role."))
    return Signatory(
        name=str(value.get("name", "")),
        role_de=str(value.get("role_de", "")),
        role_en=str(value.get("role_en", "")),
    )
