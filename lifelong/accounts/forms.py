from django import forms
from django.utils.translation import gettext_lazy as _

from lifelong.accounts.models import Role
from lifelong.lib.forms import GuardedForm


class InvitationForm(GuardedForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.ORGANISER,
        help_text=_(
            "Owners manage the staff; organisers run programmes, applications, attendance and "
            "certificates; check-in helpers record attendance of the editions they are given."
        ),
    )


class RoleForm(GuardedForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class CheckinAssignmentForm(GuardedForm):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    assigned = forms.BooleanField(required=False)
