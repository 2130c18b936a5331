"""The box above every refused form: each problem as "<label>: <message>", a link to the
field it is about, the problems of the whole form too (lib/forms.py `error_summary`,
templates/forms/_error_summary.html)."""

import html
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from lifelong.lib.forms import GuardedForm, summary_prefix

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


class TripForm(GuardedForm):
    name = forms.CharField(label="Your name")
    colour = forms.ChoiceField(
        label="Favourite colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect
    )
    why = forms.CharField(label="Why?", widget=forms.Textarea)
    agree = forms.BooleanField(label=mark_safe("I agree to the <a href='/terms/'>terms</a>."))

    def clean(self):
        raise ValidationError("The trip is fully booked.")


class LibraryForm(forms.Form):
    """A form of another library (allauth's), which derives from no form of ours."""

    login = forms.EmailField(label="E-mail address")


def test_it_lists_the_whole_forms_problems_first_then_each_field_in_page_order():
    form = TripForm({"name": "", "colour": "", "why": ""})
    assert not form.is_valid()
    assert form.error_summary() == [
        ("", "The trip is fully booked."),
        ("id_name", "Your name: This field is required."),
        ("id_colour_0", "Favourite colour: This field is required."),
        ("id_why", "Why? This field is required."),
        ("id_agree", "I agree to the terms: This field is required."),
    ]


def test_it_names_a_field_as_plain_text_without_its_final_stop():
    assert summary_prefix("I have read the <a href='/p/'>privacy notice</a>.") == (
        "I have read the privacy notice: "
    )
    assert summary_prefix("What do you expect?") == "What do you expect? "
    assert summary_prefix("") == ""


def test_it_renders_a_heading_and_a_link_to_each_field_of_any_form():
    form = LibraryForm({"login": "not an address"})
    form.is_valid()
    form.add_error(None, "Too many attempts.")
    box = render_to_string("forms/_error_summary.html", {"form": form})
    assert 'role="alert"' in box and 'tabindex="-1"' in box
    assert "Please correct 2 things:" in box
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box)
    assert links == [("id_login", "E-mail address: Enter a valid email address.")]
    assert "<li>Too many attempts.</li>" in box


def test_it_shows_nothing_before_the_form_is_sent():
    assert render_to_string("forms/_error_summary.html", {"form": LibraryForm()}).strip() == ""
    assert render_to_string("forms/_error_summary.html", {"form": None}).strip() == ""


def test_the_application_form_names_and_links_every_problem_in_its_summary(client):
    from tests.enrolment.helpers import make_user
    from tests.enrolment.test_apply_page import _edition_with_everything, _url

    edition, *_ = _edition_with_everything()
    client.force_login(make_user())
    response = client.post(_url(edition), {"full_name": ""})
    assert response.status_code == 422
    links = [
        (target, html.unescape(text))
        for target, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', response.content.decode())
    ]
    why, _topics, been = edition.questions.all()
    assert links[:5] == [
        ("id_full_name", "Your name: This field is required."),
        ("id_audience_0", "I apply as: This field is required."),
        (f"id_q{why.pk}", "Why? This field is required."),
        (f"id_q{been.pk}_0", "Been before? This field is required."),
        (
            "id_consent",
            "Privacy notice: Please confirm that you have read the privacy notice: "
            "we cannot process the application without it.",
        ),
    ]
    assert "Please correct 5 things:" in response.content.decode()


def test_allauths_forms_have_the_sites_summary_and_fields(client):
    response = client.post("/en/accounts/signup/", {"email": "nonsense"})
    content = response.content.decode()
    assert 'class="form__errors error-summary"' in content
    assert '<a href="#id_email">' in content
    assert 'class="field field--error"' in content
    assert "novalidate" in content


def test_a_page_of_allauths_without_a_form_has_no_summary(client):
    from tests.enrolment.helpers import make_user

    client.force_login(make_user())
    response = client.get("/en/accounts/logout/")
    assert response.status_code == 200
    assert "error-summary" not in response.content.decode()
