"""The forms of "My account" and of erasing a person on request."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lifelong.accounts.models import User
from lifelong.enrolment.models import Application
from lifelong.lib.forms import GuardedForm

# The name stands on every application, in a column of this length.
FULL_NAME_MAX = Application._meta.get_field("full_name").max_length or 200


class NameForm(GuardedForm):  # one line each, no control characters (lib/forms.py)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        full_name = f"{data.get('first_name', '')} {data.get('last_name', '')}".strip()
        if len(full_name) > FULL_NAME_MAX:
            raise ValidationError(
                _("First and last name together may have %(max)d characters at most."),
                params={"max": FULL_NAME_MAX},
            )
        return data


class EraseForm(GuardedForm):
    """The person confirms by typing their own e-mail address."""

    email = forms.EmailField(
        label=_("Your e-mail address, to confirm"),
        help_text=_("Type the address you sign in with."),
    )
    withdraw_certificates = forms.BooleanField(
        label=_("Also withdraw my certificates"),
        required=False,
        help_text=_(
            "They are revoked and your name is removed from them: nobody can check them any "
            "more. Without this, they stay checkable under your name."
        ),
    )

    def __init__(self, data: Any = None, *, person: User) -> None:
        super().__init__(data)
        self.person = person

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if email != self.person.email.lower():
            raise ValidationError(_("This is not the address of your account."))
        return email


class AdminEraseForm(GuardedForm):
    """A site administrator erases someone on request: whom, and what the person asked."""

    email = forms.EmailField(label=_("E-mail address of the person"))
    withdraw_certificates = forms.BooleanField(
        label=_("The person also withdraws their certificates"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I have checked who asked, and this cannot be undone"), required=True
    )

    def clean_email(self) -> User:
        email = str(self.cleaned_data["email"]).strip()
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise ValidationError(_("Nobody has an account with this address."))
        return person
