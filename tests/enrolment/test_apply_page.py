"""The application form: who sees it, what it asks, and how it explains a refusal."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lifelong.enrolment.models import Application, Question
from tests.enrolment.helpers import make_open_edition, make_user
from tests.factories import make_audience

pytestmark = pytest.mark.django_db


def _url(edition, language="en"):
    return f"/{language}/editions/{edition.pk}/apply/"


def _edition_with_everything():
    city, seniors, students = (
        make_audience(name_en="City staff"),
        make_audience(name_en="Seniors"),
        make_audience(name_en="Students"),
    )
    edition = make_open_edition(audiences={city: None, seniors: None, students: None})
    edition.audience_links.filter(audience=city).update(email_domains="bochum.de")
    edition.audience_links.filter(audience=seniors).update(min_age=50)
    edition.audience_links.filter(audience=students).update(requires_student_confirmation=True)
    Question.objects.create(
        edition=edition, kind="long_text", label_de="Warum?", label_en="Why?", required=True
    )
    Question.objects.create(
        edition=edition,
        kind="multiple_choice",
        label_de="Themen",
        label_en="Topics",
        required=False,
        choices=[
            {"key": "a", "de": "Klima", "en": "Climate"},
            {"key": "b", "de": "Mobilität", "en": "Mobility"},
        ],
    )
    Question.objects.create(
        edition=edition,
        kind="yes_no",
        label_de="Schon dabei?",
        label_en="Been before?",
        required=True,
    )
    return edition, city, seniors, students


def test_it_sends_visitors_to_sign_in_first(client):
    edition = make_open_edition()
    response = client.get(_url(edition))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_it_shows_the_editions_questions_and_audiences_in_the_page_language(client):
    edition, *_ = _edition_with_everything()
    client.force_login(make_user())
    page = client.get(_url(edition, "de")).content.decode()
    assert "Warum?" in page and "Klima" in page and "Schon dabei?" in page
    page = client.get(_url(edition, "en")).content.decode()
    assert "Why?" in page and "Mobility" in page
    assert "City staff (e-mail addresses at bochum.de)" in page
    assert "Seniors (aged 50 and over)" in page


def test_it_stores_the_answers_and_says_thank_you(client):
    edition, city, *_ = _edition_with_everything()
    person = make_user("kim@bochum.de")
    client.force_login(person)
    response = client.post(
        _url(edition),
        {
            "full_name": "Kim Berg",
            "audience": city.pk,
            "consent": "on",
            f"q{edition.questions.all()[0].pk}": "To help.",
            f"q{edition.questions.all()[1].pk}": ["a", "b"],
            f"q{edition.questions.all()[2].pk}": "no",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/en/my/"
    application = Application.objects.get(applicant=person)
    questions = list(edition.questions.all())
    assert application.answers == {
        f"q{questions[0].pk}": "To help.",
        f"q{questions[1].pk}": ["a", "b"],
        f"q{questions[2].pk}": "no",
    }
    assert application.email == "kim@bochum.de"
    assert "your application has been received" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "audience_index", "extra", "message"),
    [
        ("kim@gmail.com", 0, {}, "open to e-mail addresses at bochum.de only"),
        ("kim@example.org", 1, {"date_of_birth": ""}, "Please enter your date of birth"),
        ("kim@example.org", 2, {}, "Please confirm that you are an enrolled student"),
    ],
)
def test_it_explains_each_eligibility_refusal_and_keeps_what_was_typed(
    client, email, audience_index, extra, message
):
    edition, *audiences = _edition_with_everything()
    client.force_login(make_user(email))
    why = edition.questions.all()[0]
    response = client.post(
        _url(edition),
        {
            "full_name": "Kim Berg",
            "audience": audiences[audience_index].pk,
            "consent": "on",
            f"q{why.pk}": "My reasons",
            **extra,
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'value="Kim Berg"' in page and "My reasons" in page
    assert not Application.objects.exists()


def test_it_refuses_people_under_the_minimum_age_to_the_day(client):
    edition, _city, seniors, _students = _edition_with_everything()
    client.force_login(make_user())
    today = timezone.localdate()
    fifty_tomorrow = date(today.year - 50, today.month, today.day) + timedelta(days=1)
    why, _topics, been = edition.questions.all()
    data = {
        "full_name": "Kim",
        "audience": seniors.pk,
        "consent": "on",
        f"q{why.pk}": "x",
        f"q{been.pk}": "yes",
    }
    response = client.post(_url(edition), {**data, "date_of_birth": fifty_tomorrow.isoformat()})
    assert "open to people aged 50 and over" in response.content.decode()
    response = client.post(
        _url(edition), {**data, "date_of_birth": (fifty_tomorrow - timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 302


def test_it_requires_consent_to_the_privacy_notice(client):
    edition = make_open_edition()
    client.force_login(make_user())
    response = client.post(_url(edition), {"full_name": "Kim"})
    assert "Please confirm that you have read the privacy notice" in response.content.decode()
    assert not Application.objects.exists()


def test_it_says_the_deadline_has_passed_and_takes_nothing(client):
    now = timezone.now()
    edition = make_open_edition(
        applications_open_at=now - timedelta(days=9), applications_close_at=now - timedelta(days=1)
    )
    client.force_login(make_user())
    page = client.get(_url(edition)).content.decode()
    assert "The application deadline has passed" in page
    assert '<form method="post" class="form"' not in page
    client.post(_url(edition), {"full_name": "Kim", "consent": "on"})
    assert not Application.objects.exists()


def test_it_says_when_the_edition_is_full_without_a_waiting_list(client):
    from tests.enrolment.helpers import apply

    edition = make_open_edition(capacity=1, waiting_list=False)
    apply(edition)
    client.force_login(make_user())
    assert (
        "This edition is full and keeps no waiting list"
        in client.get(_url(edition)).content.decode()
    )


def test_it_sends_people_who_applied_already_to_their_applications(client):
    from tests.enrolment.helpers import apply

    edition = make_open_edition()
    person = make_user()
    apply(edition, person)
    client.force_login(person)
    assert client.get(_url(edition))["Location"] == "/en/my/"


def test_it_hides_draft_editions(client):
    edition = make_open_edition(status="draft")
    client.force_login(make_user())
    assert client.get(_url(edition)).status_code == 404
