from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lifelong.attendance.models import AttendanceStatus
from lifelong.lib.forms import GuardedForm


class PassCodeForm(GuardedForm):
    code = forms.CharField(label=_("Pass code"), max_length=40, strip=True)


NOT_RECORDED = ""
STATUS_OR_NOTHING = [(NOT_RECORDED, _("Not recorded")), *AttendanceStatus.choices]


class CorrectionForm(GuardedForm):
    status = forms.ChoiceField(label=_("Attendance"), choices=STATUS_OR_NOTHING, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, strip=True)

    def status_or_none(self) -> str | None:
        return self.cleaned_data["status"] or None


class PaperForm(GuardedForm):
    """One status per participant, named by application id, starting from what is recorded.

    Entering a sheet only adds and changes: someone recorded already (by a desk meanwhile,
    say) has no "not recorded" choice, and a participant left blank stays as they are, so
    a page opened before a desk check-in cannot wipe it out. Removing a record is a
    correction, with a reason."""

    def __init__(self, data: QueryDict | None, *, recorded: dict[int, str]) -> None:
        super().__init__(data, initial={f"a{pk}": status for pk, status in recorded.items()})
        for application_id, status in recorded.items():
            self.fields[f"a{application_id}"] = forms.ChoiceField(
                choices=AttendanceStatus.choices if status else STATUS_OR_NOTHING,
                required=False,
                widget=forms.RadioSelect,
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items() if value}
