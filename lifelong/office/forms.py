"""The organisers' forms for programmes, editions and their days.

They parse what was typed and show every problem on the field it is about: the model's own
`clean` (through the model form) and the rules in `checks.py`, which the services check
again before they write. Times are typed and shown as local time in Europe/Berlin (the
site's time zone) in `<input type="datetime-local">`.
"""

import copy
import re
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from functools import partial
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import (
    Audience,
    Edition,
    EditionAudience,
    Institution,
    Programme,
    Session,
)
from lifelong.catalogue.services import ProgrammeInput
from lifelong.lib.forms import ErrorSummary, InputGuard, LongTextField
from lifelong.lib.time_fields import (
    OCCURRENCE_SUFFIX,
    LocalDateTimeField,
    chosen_occurrence,
    local_moment,
    occurrence_field,
    repeated,
)
from lifelong.lib.wall_time import Occurrence, occurrence_of
from lifelong.office import checks
from lifelong.office.editions import AudienceInput, DateShift, EditionInput, SessionInput

END_OF_DAY = dt_time(23, 59, 59)  # a deadline without a time: the last second of its day
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


def _at_least_one(field: forms.Field) -> None:
    field.validators.append(MinValueValidator(1))
    field.widget.attrs["min"] = 1


def _without_blank(field: forms.Field) -> None:
    """Radio buttons need no "---------" choice: the model has a default or needs one."""
    assert isinstance(field, forms.ChoiceField)  # noqa: S101
    choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
    field.choices = [(value, label) for value, label in choices if value]


class StaffForm(InputGuard):
    """What the back office's forms share: catalogue errors on their fields (where the error
    summary above the form links to them), and no uniqueness or constraint checks of the
    model form (their messages name the constraint; `checks.py` says it in words)."""

    # Which field a catalogue error is about; the rest are shown above the form.
    ERROR_FIELDS: ClassVar[dict[str, str]] = {}
    # Date-times shown to the minute: one sent back unchanged keeps its seconds.
    DATETIME_FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # German and English texts: screen readers and spelling checks follow the language.
            for code in ("de", "en"):
                if name.endswith(f"_{code}"):
                    field.widget.attrs["lang"] = code
        for name in self.DATETIME_FIELDS:
            moment_field = self.fields.get(name)
            if isinstance(moment_field, LocalDateTimeField):
                moment_field.occurrence = self.occurrence_chosen(name)
                if self.is_bound:
                    self.offer_occurrence(name, moment_field.typed_wall_time(self[name].data))
                else:
                    initial = self.get_initial_for_field(moment_field, name)
                    self.offer_occurrence_of(name, initial)

    def occurrence_chosen(self, name: str) -> Occurrence | None:
        """Which of the two moments of a repeated time was chosen for the field, if any."""
        if not self.is_bound:
            return None
        return chosen_occurrence(self.data.get(self.add_prefix(name + OCCURRENCE_SUFFIX)))

    def offer_occurrence(
        self, name: str, wall_time: datetime | None, initial: Occurrence | None = None
    ) -> None:
        """A choice between the two moments, beside a field whose time happens twice
        (the template shows `<name>_occurrence` right after the field)."""
        if repeated(wall_time):
            assert wall_time is not None  # noqa: S101
            self.fields[name + OCCURRENCE_SUFFIX] = occurrence_field(wall_time)
            if initial is not None:
                self.initial[name + OCCURRENCE_SUFFIX] = initial.value

    def offer_occurrence_of(self, name: str, moment: object) -> None:
        """The choice for a saved moment that happens twice, set to the one it is: the form
        shows it and sends it back unchanged."""
        if isinstance(moment, datetime) and timezone.is_aware(moment):
            local = timezone.localtime(moment)
            self.offer_occurrence(name, local.replace(tzinfo=None), occurrence_of(moment))

    def validate_unique(self) -> None:
        pass

    def _post_clean(self) -> None:
        """After the model form's own step (the model's `clean`, without the database
        constraints, whose messages name them: `checks.py` says the same in words), the
        rules of `checks.py`, once what was typed could be read at all."""
        parsed = not self.errors
        instance = getattr(self, "instance", None)
        if instance is not None:
            instance.full_clean = partial(instance.full_clean, validate_constraints=False)
        try:
            # The model form's step, which django-stubs leave out.
            super()._post_clean()  # type: ignore[misc]
        finally:
            if instance is not None:
                del instance.full_clean
        if parsed:
            for problem in self.problems():
                self.add_catalogue_error(problem)

    def problems(self) -> list[CatalogueError]:
        return []

    def add_catalogue_error(self, error: CatalogueError) -> None:
        for problem in error.problems or [error]:
            field = self.ERROR_FIELDS.get(problem.code)
            if field is None or field not in self.fields:
                self.add_error(None, problem.message)
            elif field not in self.errors:
                self.add_error(field, problem.message)

    def _keep_seconds(self, data: dict[str, Any]) -> None:
        for name in self.DATETIME_FIELDS:
            value, before = data.get(name), self.initial.get(name)
            if (
                isinstance(value, datetime)
                and isinstance(before, datetime)
                and value == before.replace(second=0, microsecond=0)
            ):
                data[name] = before


class ProgrammeForm(StaffForm, forms.ModelForm[Programme]):
    ERROR_FIELDS = {"slug_taken": "slug", "title_missing": "title_de"}

    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), empty_label=None
    )

    class Meta:
        model = Programme
        fields = [
            "title_de",
            "title_en",
            "slug",
            "format",
            "summary_de",
            "summary_en",
            "description_de",
            "description_en",
            "topics",
            "partners",
        ]
        widgets = {
            "format": forms.RadioSelect,
            "summary_de": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "description_de": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }
        # A summary pasted too long is refused with both numbers, never cut by the browser.
        field_classes = {"summary_de": LongTextField, "summary_en": LongTextField}

    def __init__(
        self,
        data: QueryDict | None,
        *,
        programme: Programme | None = None,
        institutions: QuerySet[Institution] | None = None,
    ) -> None:
        """Either an existing `programme`, or the `institutions` a new one may belong to
        (the choice is offered only when there are several)."""
        instance = copy.deepcopy(programme) if programme else Programme()
        super().__init__(data, instance=instance)
        institution_field = self.fields["institution"]
        assert isinstance(institution_field, forms.ModelChoiceField)  # noqa: S101
        if programme is None and institutions is not None and institutions.count() > 1:
            institution_field.queryset = institutions
        else:
            del self.fields["institution"]
            if institutions is not None and programme is None:
                instance.institution = institutions.get()
        self.order_fields(["institution"])
        slug = self.fields["slug"]
        slug.help_text = _(
            "Part of the programme's address, e.g. data-literacy for /programmes/data-literacy/: "
            "lower-case letters, digits and hyphens."
        )
        if programme is None:
            slug.required = False
            slug.help_text = _("Leave empty to make it from the title.") + " " + slug.help_text
        else:
            slug.help_text = (
                slug.help_text + " " + _("Links to the old address stop working when it changes.")
            )
        _without_blank(self.fields["format"])
        partners = self.fields["partners"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)  # noqa: S101
        if programme is not None:
            partners.queryset = Institution.objects.exclude(pk=programme.institution_id)
        partners.help_text = _("Institutions that run the programme with yours.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "institution" in data:
            self.instance.institution = data["institution"]
        if not data.get("slug") and "slug" not in self.errors:
            data["slug"] = slugify(data.get("title_de") or data.get("title_en") or "")[:120]
        return data

    def problems(self) -> list[CatalogueError]:
        return checks.programme_problems(programme=self.instance)

    def chosen_institution(self) -> Institution:
        return self.instance.institution

    def programme_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            slug=data["slug"],
            title_de=data["title_de"],
            title_en=data["title_en"],
            format=data["format"],
            summary_de=data["summary_de"],
            summary_en=data["summary_en"],
            description_de=data["description_de"],
            description_en=data["description_en"],
            topic_ids=frozenset(topic.pk for topic in data["topics"]),
            partner_ids=frozenset(partner.pk for partner in data["partners"]),
        )


class AudienceLinkForm(InputGuard, forms.ModelForm[EditionAudience]):
    """One audience: whether the edition is for it, its quota and who may apply as one."""

    chosen = forms.BooleanField(label=_("The edition is open to this group"), required=False)

    class Meta:
        model = EditionAudience
        fields = ["quota", "email_domains", "min_age", "requires_student_confirmation"]

    def __init__(
        self, data: QueryDict | None, *, audience: Audience, link: EditionAudience | None
    ) -> None:
        instance = link or EditionAudience(audience=audience)
        super().__init__(
            data,
            instance=instance,
            prefix=f"audience-{audience.pk}",
            initial={"chosen": bool(link)},
        )
        self.audience = audience
        _at_least_one(self.fields["quota"])

    def validate_unique(self) -> None:
        pass  # the edition is not known to this form; the audience appears once on the page

    def clean_email_domains(self) -> str:
        text: str = self.cleaned_data["email_domains"]
        parts = text.replace(";", ",").replace(" ", ",").split(",")
        domains = [part.strip().lower().lstrip("@") for part in parts if part.strip()]
        for domain in domains:
            if not _DOMAIN.match(domain):
                raise ValidationError(
                    _("“%(domain)s” is not an e-mail domain like bochum.de."),
                    params={"domain": domain},
                )
        return ", ".join(domains)

    @property
    def rules_open(self) -> bool:
        """Whether the page shows who may apply as one of the group without a click."""
        rules = ("email_domains", "min_age", "requires_student_confirmation")
        link = self.instance
        has_rules = bool(link.email_domains or link.min_age or link.requires_student_confirmation)
        return has_rules or any(name in self.errors for name in rules)

    def audience_input(self) -> AudienceInput | None:
        data = self.cleaned_data
        if not data.get("chosen"):
            return None
        return AudienceInput(
            audience_id=self.audience.pk,
            quota=data["quota"],
            email_domains=data["email_domains"],
            min_age=data["min_age"],
            requires_student_confirmation=data["requires_student_confirmation"],
        )


# As the page shows them: name and language, applications, places, fee and credit points.
_EDITION_ORDER = [
    "label",
    "language",
    "applications_open_at",
    "applications_close_at",
    "applications_close_at_time",
    "selection_mode",
    "lottery_at",
    "capacity",
    "waiting_list",
    "offer_hours",
    "fee",
    "fee_note_de",
    "fee_note_en",
    "credit_points",
]


class EditionForm(StaffForm, forms.ModelForm[Edition]):
    """An edition's settings, with one small form per audience of the site."""

    ERROR_FIELDS = {
        "label_taken": "label",
        "deadline_before_opening": "applications_close_at",
        "deadline_after_first_session": "applications_close_at",
        "lottery_before_deadline": "lottery_at",
        "capacity_below_taken": "capacity",
        "capacity_refused": "capacity",
    }
    DATETIME_FIELDS = ("applications_open_at", "lottery_at")
    DEADLINE = "applications_close_at"

    # The deadline as a date, and a time only when it is not the end of that day.
    applications_close_at = forms.DateField(
        label=capfirst(Edition._meta.get_field("applications_close_at").verbose_name),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    applications_close_at_time = forms.TimeField(
        # Without one, the end of the day: the help above both fields says so.
        label=_("Time of the deadline (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    fee = forms.DecimalField(
        label=_("Fee in euros"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text=_("0 means free of charge"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = Edition
        fields = [
            "label",
            "language",
            "applications_open_at",
            "selection_mode",
            "lottery_at",
            "capacity",
            "waiting_list",
            "offer_hours",
            "credit_points",
            "fee_note_de",
            "fee_note_en",
            "retention_unaccepted_months",
            "retention_attendance_months",
        ]
        field_classes = {
            "applications_open_at": LocalDateTimeField,
            "lottery_at": LocalDateTimeField,
        }
        widgets = {
            "selection_mode": forms.RadioSelect,
            "language": forms.RadioSelect,
            "credit_points": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        # Written as the reader writes numbers: 7,5 in German, 7.5 in English.
        localized_fields = ["credit_points"]

    def __init__(
        self, data: QueryDict | None, *, programme: Programme, edition: Edition | None = None
    ) -> None:
        instance = copy.deepcopy(edition) if edition else Edition(programme=programme)
        super().__init__(
            data,
            instance=instance,
            initial={"fee": Decimal(instance.fee_cents) / 100, **_deadline_initial(edition)},
        )
        self.saved_deadline = edition.applications_close_at if edition else None
        if self.is_bound:
            self.offer_occurrence(self.DEADLINE, self._typed_deadline())
        else:
            self.offer_occurrence_of(self.DEADLINE, self.saved_deadline)
        self.order_fields(_EDITION_ORDER)
        capacity = self.fields["capacity"]
        # The table's constraints, said in words here rather than by the database.
        _at_least_one(capacity)
        _at_least_one(self.fields["offer_hours"])
        self.fields["credit_points"].validators.append(MinValueValidator(0))
        _without_blank(self.fields["language"])
        _without_blank(self.fields["selection_mode"])
        if edition is not None:
            capacity.help_text = _("Raising it offers the new places to the waiting list.")
            self.fields["selection_mode"].help_text = _(
                "A change is kept in the log, and everyone whose application awaits the "
                "selection is told by e-mail."
            )
        links = (
            {link.audience_id: link for link in instance.audience_links.all()} if edition else {}
        )
        self.audience_forms = [
            AudienceLinkForm(data, audience=audience, link=links.get(audience.pk))
            for audience in Audience.objects.all()
        ]
        self.audience_errors: list[str] = []

    def _typed_deadline(self) -> datetime | None:
        """The deadline's wall time as typed, if its date and time can be read."""
        try:
            day = self.fields[self.DEADLINE].clean(self[self.DEADLINE].data)
            time = self.fields[f"{self.DEADLINE}_time"].clean(self[f"{self.DEADLINE}_time"].data)
        except ValidationError:
            return None
        return _deadline_wall_time(day, time) if day else None

    def _clean_deadline(self, data: dict[str, Any]) -> None:
        """The date and the time typed, as one moment in German time: the end of the day
        without a time or at 23:59 (docs/decisions.md, "Dates"), the saved moment when the
        time is unchanged to the minute."""
        day, time = data.get(self.DEADLINE), data.pop(f"{self.DEADLINE}_time", None)
        # Not compared with the opening by the model's own check unless it could be read.
        self.instance.applications_close_at = None  # type: ignore[assignment]
        if self.DEADLINE in self.errors or day is None:
            return
        try:
            deadline = local_moment(
                _deadline_wall_time(day, time), self.occurrence_chosen(self.DEADLINE)
            )
        except ValidationError as error:
            del data[self.DEADLINE]
            self.add_error(self.DEADLINE, error)
            return
        saved = self.saved_deadline
        if saved is not None and deadline == saved.replace(second=0, microsecond=0):
            deadline = saved
        data[self.DEADLINE] = self.instance.applications_close_at = deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_deadline(data)
        self._keep_seconds(data)
        if data.get("selection_mode") != Edition.SelectionMode.LOTTERY:
            data["lottery_at"] = None
        return data

    def problems(self) -> list[CatalogueError]:
        if not all(form.is_valid() for form in self.audience_forms):
            return []
        quotas = {a.audience_id: a.quota for a in self._audience_inputs()}
        return checks.edition_problems(edition=self.instance, quotas=quotas)

    def add_catalogue_error(self, error: CatalogueError) -> None:
        for problem in error.problems or [error]:
            audience_form = next(
                (
                    f
                    for f in self.audience_forms
                    if f.audience.pk == problem.params.get("audience_id")
                ),
                None,
            )
            if problem.code == "quotas_above_capacity":
                self.audience_errors.append(problem.message)
            elif audience_form is not None:
                field = "quota" if problem.code == "quota_below_taken" else "chosen"
                audience_form.add_error(field, problem.message)
            else:
                super().add_catalogue_error(problem)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return valid and all(f.is_valid() for f in self.audience_forms) and not self.audience_errors

    def error_summary(self) -> ErrorSummary:
        summary = super().error_summary()
        summary += [("audiences", message) for message in self.audience_errors]
        for form in self.audience_forms:
            for name, errors in form.errors.items():
                bound = form[name]
                summary += [
                    (bound.id_for_label, f"{form.audience.name}, {bound.label}: {error}")
                    for error in errors
                ]
        return summary

    def _audience_inputs(self) -> tuple[AudienceInput, ...]:
        found = (form.audience_input() for form in self.audience_forms)
        return tuple(audience for audience in found if audience is not None)

    def edition_input(self) -> EditionInput:
        data = self.cleaned_data
        return EditionInput(
            label=data["label"],
            applications_open_at=data["applications_open_at"],
            applications_close_at=data["applications_close_at"],
            capacity=data["capacity"],
            language=data["language"],
            selection_mode=data["selection_mode"],
            lottery_at=data["lottery_at"],
            fee_cents=int(data["fee"] * 100),
            fee_note_de=data["fee_note_de"],
            fee_note_en=data["fee_note_en"],
            offer_hours=data["offer_hours"],
            waiting_list=data["waiting_list"],
            credit_points=data["credit_points"],
            retention_unaccepted_months=data["retention_unaccepted_months"],
            retention_attendance_months=data["retention_attendance_months"],
            audiences=self._audience_inputs(),
        )


def _deadline_initial(edition: Edition | None) -> dict[str, Any]:
    """The saved deadline as the form shows it: its day, and its time unless it is the end
    of the day."""
    if edition is None:
        return {}
    local = timezone.localtime(edition.applications_close_at)
    end_of_day = (local.hour, local.minute) == (23, 59)
    return {
        "applications_close_at": local.date(),
        "applications_close_at_time": None if end_of_day else local.time(),
    }


def _deadline_wall_time(day: date, time: dt_time | None) -> datetime:
    if time is None or (time.hour, time.minute) == (23, 59):
        time = END_OF_DAY
    return datetime.combine(day, time)


class SessionForm(StaffForm, forms.ModelForm[Session]):
    ERROR_FIELDS = {
        "session_ends_before_start": "ends_at",
        "session_before_opening": "starts_at",
        "session_before_deadline": "starts_at",
    }
    DATETIME_FIELDS = ("starts_at", "ends_at")

    online_url = forms.URLField(
        label=capfirst(Session._meta.get_field("online_url").verbose_name),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For an online day: the link to the meeting."),
    )

    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "title_de", "title_en", "place", "online_url"]
        field_classes = {"starts_at": LocalDateTimeField, "ends_at": LocalDateTimeField}

    def __init__(
        self,
        data: QueryDict | None,
        *,
        edition: Edition,
        session: Session | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        instance = copy.deepcopy(session) if session else Session(edition=edition)
        super().__init__(data, instance=instance, initial=initial)
        self.fields["place"].help_text = _("Room and address, or leave empty for an online day.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._keep_seconds(data)
        return data

    def problems(self) -> list[CatalogueError]:
        return checks.session_problems(session=self.instance)

    def session_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            title_de=data["title_de"],
            title_en=data["title_en"],
            place=data["place"],
            online_url=data["online_url"],
        )


_SHIFT_UNITS = [
    ("years", _("years")),
    ("months", _("months")),
    ("weeks", _("weeks")),
    ("days", _("days")),
]


def label_after(label: str) -> str:
    """The label the next edition probably has: every number one up ("2025/26" → "2026/27")."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1).zfill(len(m.group())), label)


class DuplicateForm(StaffForm, forms.Form):
    ERROR_FIELDS = {
        "label_taken": "label",
        "shift_invalid": "shift_amount",
        "shift_out_of_order": "shift_amount",
    }

    label = forms.CharField(
        label=_("Label of the new edition"), max_length=60, help_text=_("e.g. 2027/28")
    )
    shift_amount = forms.IntegerField(
        label=_("Move every date by"), min_value=1, max_value=120, initial=1
    )
    shift_unit = forms.ChoiceField(label=_("Unit"), choices=_SHIFT_UNITS, initial="years")

    def __init__(self, data: QueryDict | None, *, edition: Edition) -> None:
        super().__init__(data, initial={"label": label_after(edition.label)})
        self.edition = edition

    def clean_label(self) -> str:
        label = str(self.cleaned_data["label"]).strip()
        if checks.label_taken(programme_id=self.edition.programme_id, label=label):
            raise ValidationError(CatalogueError("label_taken", label=label).message)
        return label

    def shift(self) -> DateShift:
        amount: int = self.cleaned_data["shift_amount"]
        unit: str = self.cleaned_data["shift_unit"]
        if unit == "weeks":
            return DateShift(days=7 * amount)
        return DateShift(**{unit: amount})
