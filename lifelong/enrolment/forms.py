"""The application form of an edition: the fixed fields, the audience with its eligibility
checks, and the edition's own questions. Everything typed is kept when something is wrong."""

from typing import Any, ClassVar

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition, EditionAudience
from lifelong.enrolment.eligibility import Applicant, eligibility_check
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import ApplicationState, Question, QuestionKind
from lifelong.enrolment.review import ApplicationFilters
from lifelong.enrolment.services import ApplicationInput
from lifelong.lib.forms import GuardedForm, LongTextField
from lifelong.lib.i18n import active_language

ANSWER_MAX_LENGTH = 5000  # characters of a long answer to an edition's question

# Which form field an eligibility refusal belongs to.
_ERROR_FIELD = {
    "email_domain": "audience",
    "date_of_birth_required": "date_of_birth",
    "too_young": "date_of_birth",
    "student_confirmation_required": "student_confirmed",
    "audience_required": "audience",
    "audience_unknown": "audience",
    "quota_full": "audience",
}


def _choice_label(choice: dict[str, str]) -> str:
    return choice.get(active_language()) or choice.get("de") or choice.get("en") or ""


def _question_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.help,
        "required": question.required,
    }
    choices = [(c["key"], _choice_label(c)) for c in question.choices]
    if question.kind == QuestionKind.LONG_TEXT:
        return LongTextField(max_length=ANSWER_MAX_LENGTH, **common)
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    return forms.CharField(max_length=500, **common)


class ApplicationForm(GuardedForm):
    # The consent's label is a whole sentence with a link; the error summary names it shortly.
    summary_labels: ClassVar[dict[str, StrOrPromise]] = {"consent": _("Privacy notice")}

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        disabled=True,
        help_text=_("The address you signed in with; we write to you there."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Where you work or study, if you like."),
    )
    audience = forms.ChoiceField(label=_("I apply as"), widget=forms.RadioSelect)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only needed for groups with an age limit, and kept only for them."),
    )
    student_confirmed = forms.BooleanField(label=_("I am enrolled as a student."), required=False)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args: Any, edition: Edition, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("email", user.email)
        kwargs["initial"].setdefault("full_name", user.get_full_name())
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.user = user
        self.links: dict[str, EditionAudience] = {
            str(link.audience_id): link for link in edition.audience_links.all()
        }
        self.questions = list(edition.questions.all())
        self.fields["email"].initial = user.email
        if self.links:
            audience_field = self.fields["audience"]
            assert isinstance(audience_field, forms.ChoiceField)  # noqa: S101
            audience_field.choices = [
                (key, _audience_label(link)) for key, link in self.links.items()
            ]
        else:
            del self.fields["audience"]
        if not any(link.min_age is not None for link in self.links.values()):
            del self.fields["date_of_birth"]
        if not any(link.requires_student_confirmation for link in self.links.values()):
            del self.fields["student_confirmed"]
        for question in self.questions:
            self.fields[question.key] = _question_field(question)
        self.fields["consent"] = self.fields.pop("consent")  # last, as on the page
        link = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("catalogue:institution_privacy", args=[edition.programme.institution.slug]),
            _("privacy notice"),
        )
        self.fields["consent"].label = format_html(
            str(_("I have read the {link} and agree that my application is processed.")),
            link=link,
        )
        self.fields["consent"].error_messages["required"] = _(
            "Please confirm that you have read the privacy notice: "
            "we cannot process the application without it."
        )

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[q.key] for q in self.questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        link = self.links.get(str(data.get("audience") or ""))
        if link is not None:
            try:
                eligibility_check(
                    link=link,
                    applicant=Applicant(
                        email=self.user.email,
                        date_of_birth=data.get("date_of_birth"),
                        student_confirmed=bool(data.get("student_confirmed")),
                    ),
                    today=timezone.localdate(),
                )
            except EnrolmentError as error:
                self.add_error(_ERROR_FIELD.get(error.code), error.message)
        return data

    def add_enrolment_error(self, error: EnrolmentError) -> None:
        field = _ERROR_FIELD.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)

    def application_input(self) -> ApplicationInput:
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = data.get(question.key)
            if value not in (None, "", []):
                answers[question.key] = value
        audience = data.get("audience")
        return ApplicationInput(
            full_name=data["full_name"],
            email=self.user.email,
            consent=bool(data["consent"]),
            audience_id=int(audience) if audience else None,
            organisation=data.get("organisation", ""),
            date_of_birth=data.get("date_of_birth"),
            student_confirmed=bool(data.get("student_confirmed")),
            answers=answers,
        )


def _audience_label(link: EditionAudience) -> str:
    """The audience's name with who may apply as one of it, e.g. "Seniors (aged 50 and over)"."""
    hints = []
    if link.allowed_domains:
        hints.append(
            str(_("e-mail addresses at {domains}")).format(domains=", ".join(link.allowed_domains))
        )
    if link.min_age is not None:
        hints.append(str(_("aged {age} and over")).format(age=link.min_age))
    if link.requires_student_confirmation:
        hints.append(str(_("enrolled students")))
    return f"{link.audience.name} ({'; '.join(hints)})" if hints else link.audience.name


class WaitlistMoveForm(GuardedForm):
    position = forms.IntegerField(label=_("New position"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DecisionForm(GuardedForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class CapacityForm(GuardedForm):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class LanguageForm(GuardedForm):
    preferred_language = forms.ChoiceField(
        label=_("Language of our e-mails to you"),
        choices=[("de", "Deutsch"), ("en", "English")],
    )


class ApplicationFilterForm(GuardedForm):
    """Filters of the applications page. Unknown values are dropped, never an error page."""

    state = forms.ChoiceField(label=_("State"), required=False)
    audience = forms.TypedChoiceField(
        label=_("Group"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("Name, e-mail or organisation"), required=False, max_length=100)

    def __init__(self, data: Any, *, audiences: list[tuple[int, str]]) -> None:
        super().__init__(data)
        state = self.fields["state"]
        audience = self.fields["audience"]
        if isinstance(state, forms.ChoiceField) and isinstance(audience, forms.ChoiceField):
            state.choices = [("", _("All states")), *ApplicationState.choices]
            audience.choices = [("", _("All groups")), *audiences, (0, _("No group"))]

    def filters(self) -> ApplicationFilters:
        self.is_valid()
        data = self.cleaned_data
        return ApplicationFilters(
            state=data.get("state") or "",
            audience=data.get("audience"),
            search=(data.get("q") or "").strip(),
        )


BULK_DECISIONS = {
    "accept": ApplicationState.ACCEPTED,
    "waitlist": ApplicationState.WAITLISTED,
    "reject": ApplicationState.REJECTED,
}


class BulkActionForm(GuardedForm):
    """What to do with the selected applications (the view reads their ids, and the
    services keep to the edition): decide, or write to them."""

    action = forms.ChoiceField(choices=[(key, key) for key in [*BULK_DECISIONS, "message"]])
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = LongTextField(label=_("Message"), max_length=5000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "message":
            if not (data.get("subject") or "").strip():
                self.add_error("subject", _("Give the message a subject."))
            if not (data.get("body") or "").strip() and "body" not in self.errors:
                self.add_error("body", _("Write the message."))
        return data
