"""A long answer is counted, never cut: the text area has no `maxlength` for the browser to
cut a paste with, a counter under it says "N of 5,000 characters", and the server refuses a
longer text with both numbers, keeping all of it in the field to shorten."""

import html
import re

import pytest
from django.utils import translation

from lifelong.enrolment.forms import BulkActionForm
from lifelong.enrolment.models import Application, Question
from tests.enrolment.helpers import make_open_edition, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = make_open_edition()
    Question.objects.create(
        edition=edition, kind="long_text", label_de="Warum?", label_en="Why?", required=True
    )
    return edition


@pytest.fixture
def why(edition):
    return f"q{edition.questions.get().pk}"


@pytest.fixture
def applicant(client):
    client.force_login(make_user())


def _send(client, edition, why, answer, language="en"):
    return client.post(
        f"/{language}/editions/{edition.pk}/apply/",
        {"full_name": "Kim Berg", "consent": "on", why: answer},
    )


def _text(response) -> str:
    return html.unescape(str(response.content.decode()))


def test_it_shows_a_counter_and_leaves_the_browser_nothing_to_cut_with(
    client, edition, why, applicant
):
    page = _text(client.get(f"/en/editions/{edition.pk}/apply/"))
    area = re.search(rf"<textarea[^>]*id=\"id_{why}\"[^>]*>", page)
    assert area is not None
    assert " maxlength=" not in area.group(0)
    assert 'data-maxlength="5000"' in area.group(0)
    assert f'<p class="field__count" id="id_{why}_count">0 of 5,000 characters</p>' in page


def test_it_refuses_a_longer_answer_with_both_numbers_and_keeps_all_of_it(
    client, edition, why, applicant
):
    answer = ("Climate " * 1250).strip() + "!"  # 10,000 characters
    response = _send(client, edition, why, answer)
    assert response.status_code == 422
    page = _text(response)
    assert "Please shorten your text to 5,000 characters (it has 10,000)." in page
    assert f'<a href="#id_{why}">Why? Please shorten your text' in page
    assert answer.strip() in page  # the whole text back in the field
    assert "10,000 of 5,000 characters" in page
    assert not Application.objects.exists()


def test_it_says_so_in_german_with_german_digits(client, edition, why, applicant):
    page = _text(_send(client, edition, why, "x" * 12345, language="de"))
    assert "Bitte kürzen Sie Ihren Text auf 5.000 Zeichen (er hat 12.345)." in page
    assert "12.345 von 5.000 Zeichen" in page


def test_it_takes_exactly_5000_characters_counting_a_line_break_as_one(
    client, edition, why, applicant
):
    # What the counter shows as 5,000 arrives with each line break as CR LF.
    answer = "\r\n".join(["a" * 499] * 10) + "a"
    assert len(answer) == 5009
    response = _send(client, edition, why, answer)
    assert response.status_code == 302
    stored = Application.objects.get().answers[why]
    assert len(stored) == 5000 and "\r" not in stored


def test_a_message_to_applicants_is_counted_the_same_way():
    form = BulkActionForm({"action": "message", "subject": "Hello", "body": "é" * 5001})
    with translation.override("de"):
        assert not form.is_valid()
        assert form.errors["body"] == [
            "Bitte kürzen Sie Ihren Text auf 5.000 Zeichen (er hat 5.001)."
        ]
    assert " maxlength=" not in str(form["body"])
