from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.models import Session
from lifelong.catalogue.rules import MAX_SIGNATORIES, CertificateKind, CertificateRule, Signatory
from lifelong.certificates.codes import certificate_code_normalised
from lifelong.certificates.models import Assessment, AssessmentOutcome, RevocationCategory
from lifelong.lib.display import day_label
from lifelong.lib.forms import GuardedForm, InputGuard, LongTextField

MAX_CREDENTIAL_BYTES = 64 * 1024


class VerifyCodeForm(GuardedForm):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("As printed under the QR code, e.g. LL-7K3M-9QX2-P4TD"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        code = certificate_code_normalised(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "A certificate code has twelve letters and digits after “LL”, e.g. "
                    "LL-7K3M-9QX2-P4TD."
                )
            )
        return code


class CredentialForm(GuardedForm):
    credential = LongTextField(
        label=_("Paste the signed credential"),
        required=False,
        max_length=MAX_CREDENTIAL_BYTES,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("The text of the .jwt file, starting with “eyJ”."),
    )
    file = forms.FileField(label=_("or upload the .jwt file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise ValidationError(_("This file is too large to be a credential."))
            try:
                data["credential"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(_("This file is not a credential (not text).")) from None
        if not (data.get("credential") or "").strip():
            raise ValidationError(_("Paste a credential or choose its file."))
        return data

    def token(self) -> str:
        return str(self.cleaned_data["credential"])


class RuleForm(GuardedForm):
    """The certificate rule of an edition, with the days that must be attended."""

    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            (CertificateKind.NONE, _("No certificate")),
            (CertificateKind.ATTENDANCE, _("Certificate of attendance (Teilnahmebescheinigung)")),
            (CertificateKind.CERTIFICATE, _("Certificate (Zertifikat)")),
        ],
    )
    min_sessions = forms.IntegerField(
        label=_("Days to attend, at least"), required=False, min_value=1
    )
    min_share_percent = forms.IntegerField(
        label=_("or share of the days, at least (%)"), required=False, min_value=1, max_value=100
    )
    count_excused = forms.BooleanField(label=_("Excused days count as attended"), required=False)
    mandatory = forms.MultipleChoiceField(
        label=_("Days that must be attended"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    workload_hours = forms.IntegerField(
        label=_("Workload printed (hours)"), required=False, min_value=1, max_value=10_000
    )
    min_credit_points = forms.DecimalField(
        label=_("Credit points needed from passed assessments"),
        required=False,
        min_value=Decimal("0.5"),
        max_digits=5,
        decimal_places=1,
    )
    issue_automatically = forms.BooleanField(
        label=_("Issue certificates by themselves once the last day is closed"), required=False
    )

    def __init__(self, data: QueryDict | None, *, rule: CertificateRule, sessions: list[Session]):
        initial: dict[str, Any] = {
            "kind": rule.kind,
            "min_sessions": rule.min_sessions,
            "min_share_percent": rule.min_share_percent,
            "count_excused": rule.count_excused,
            "workload_hours": rule.workload_hours,
            "min_credit_points": rule.min_credit_points,
            "issue_automatically": rule.issue_automatically,
            "mandatory": [str(s.pk) for s in sessions if s.mandatory],
        }
        for number in range(MAX_SIGNATORIES):
            signatory = rule.signatories[number] if number < len(rule.signatories) else None
            initial[f"signatory_{number}_name"] = signatory.name if signatory else ""
            initial[f"signatory_{number}_role_de"] = signatory.role_de if signatory else ""
            initial[f"signatory_{number}_role_en"] = signatory.role_en if signatory else ""
        super().__init__(data, initial=initial)
        mandatory = cast(forms.MultipleChoiceField, self.fields["mandatory"])
        mandatory.choices = [
            (str(session.pk), f"{day_label(session.starts_at)} {session.title}".strip())
            for session in sessions
        ]
        for number in range(MAX_SIGNATORIES):
            self.fields[f"signatory_{number}_name"] = forms.CharField(
                label=_("Name"), required=False, max_length=120
            )
            self.fields[f"signatory_{number}_role_de"] = forms.CharField(
                label=_("Role (German)"), required=False, max_length=160
            )
            self.fields[f"signatory_{number}_role_en"] = forms.CharField(
                label=_("Role (English)"), required=False, max_length=160
            )

    def signatory_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"signatory_{n}_{part}"] for part in ("name", "role_de", "role_en")]
            for n in range(MAX_SIGNATORIES)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signatories = []
        for number in range(MAX_SIGNATORIES):
            name = data.get(f"signatory_{number}_name", "").strip()
            roles = (
                data.get(f"signatory_{number}_role_de", "").strip(),
                data.get(f"signatory_{number}_role_en", "").strip(),
            )
            if name:
                signatories.append(Signatory(name=name, role_de=roles[0], role_en=roles[1]))
            elif any(roles):
                self.add_error(f"signatory_{number}_name", _("Give the name of who signs."))
        rule = CertificateRule(
            kind=data.get("kind", CertificateKind.NONE),
            min_sessions=data.get("min_sessions"),
            min_share_percent=data.get("min_share_percent"),
            count_excused=bool(data.get("count_excused")),
            workload_hours=data.get("workload_hours"),
            min_credit_points=data.get("min_credit_points"),
            signatories=tuple(signatories),
            issue_automatically=bool(data.get("issue_automatically")),
        )
        rule.validate()  # a ValidationError becomes the form's own error
        data["rule"] = rule
        return data

    def rule(self) -> CertificateRule:
        rule: CertificateRule = self.cleaned_data["rule"]
        return rule

    def mandatory_session_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data.get("mandatory", [])}


class AssessmentForm(InputGuard, forms.ModelForm[Assessment]):
    class Meta:
        model = Assessment
        fields = ["kind", "name_de", "name_en", "required", "credit_points", "position"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_de") or data.get("name_en")):
            raise ValidationError(_("Name the assessment in German or English."))
        return data


NO_RESULT = ""
OUTCOME_OR_NOTHING = [(NO_RESULT, _("No result yet")), *AssessmentOutcome.choices]


class ResultsForm(GuardedForm):
    """A result and a grade per participant of one assessment, named by application id."""

    def __init__(
        self,
        data: QueryDict | None,
        *,
        recorded: dict[int, tuple[str, str]],
        files: MultiValueDict[str, Any] | None = None,
    ) -> None:
        initial: dict[str, str] = {}
        for application_id, (outcome, grade) in recorded.items():
            initial[f"o{application_id}"] = outcome
            initial[f"g{application_id}"] = grade
        super().__init__(data, files, initial=initial)
        for application_id in recorded:
            self.fields[f"o{application_id}"] = forms.ChoiceField(
                label=_("Result"), choices=OUTCOME_OR_NOTHING, required=False
            )
            self.fields[f"g{application_id}"] = forms.CharField(
                label=_("Grade"), required=False, max_length=20
            )

    def results(self) -> dict[int, tuple[str | None, str]]:
        found = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("o"):
                application_id = int(name[1:])
                found[application_id] = (value or None, self.cleaned_data[f"g{application_id}"])
        return found


class RevokeForm(GuardedForm):
    category = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—"), *RevocationCategory.choices],
        help_text=_("Verifiers see it with the date."),
    )
    reason = forms.CharField(
        label=_("Note (internal)"),
        max_length=500,
        help_text=_("Only organisers see it, here and in the log."),
    )
