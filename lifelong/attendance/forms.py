from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.attendance.models import AttendanceStatus


class PassCodeForm(forms.Form):
    code = forms.CharField(label=_("Pass code"), max_length=40, strip=True)


NOT_RECORDED = ""
STATUS_OR_NOTHING = [(NOT_RECORDED, _("Not recorded")), *AttendanceStatus.choices]


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=STATUS_OR_NOTHING, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, strip=True)

    def status_or_none(self) -> str | None:
        return self.cleaned_data["status"] or None


class PaperForm(forms.Form):
    """One status field per participant, named by application id."""

    def __init__(self, *args: object, application_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for application_id in application_ids:
            self.fields[f"a{application_id}"] = forms.ChoiceField(
                choices=STATUS_OR_NOTHING, required=False, widget=forms.RadioSelect
            )

    def statuses(self) -> dict[int, str | None]:
        return {int(name[1:]): (value or None) for name, value in self.cleaned_data.items()}
