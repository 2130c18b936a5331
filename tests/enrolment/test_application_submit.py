"""Applying: first come first served, quotas, the waiting list, one live application per
person, and nothing stored when an application is refused."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from lifelong.audit.models import AuditEvent
from lifelong.catalogue.models import Edition
from lifelong.catalogue.revision import catalogue_revision
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.enrolment.selectors import waitlist_position
from tests.enrolment.helpers import apply, make_open_edition, make_user
from tests.factories import make_audience

S = ApplicationState
pytestmark = pytest.mark.django_db


def test_it_accepts_first_comers_while_places_last_then_waitlists_in_order():
    edition = make_open_edition(capacity=2)
    first, second, third, fourth = (apply(edition) for _ in range(4))
    assert [first.state, second.state] == [S.ACCEPTED, S.ACCEPTED]
    assert [third.state, fourth.state] == [S.WAITLISTED, S.WAITLISTED]
    assert [waitlist_position(third), waitlist_position(fourth)] == [1, 2]


def test_it_keeps_each_audience_within_its_quota():
    city, science = make_audience(), make_audience()
    edition = make_open_edition(capacity=10, audiences={city: 1, science: None})
    accepted_city = apply(edition, audience=city)
    waiting_city = apply(edition, audience=city)
    accepted_science = apply(edition, audience=science)
    assert accepted_city.state == S.ACCEPTED
    assert waiting_city.state == S.WAITLISTED
    assert accepted_science.state == S.ACCEPTED


def test_it_refuses_and_stores_nothing_when_full_without_a_waiting_list():
    edition = make_open_edition(capacity=1, waiting_list=False)
    apply(edition)
    latecomer = make_user()
    with pytest.raises(EnrolmentError) as raised:
        apply(edition, latecomer)
    assert raised.value.code == "edition_full"
    assert not Application.objects.filter(applicant=latecomer).exists()


def test_it_refuses_a_second_live_application_of_the_same_person():
    edition = make_open_edition()
    person = make_user()
    apply(edition, person)
    with pytest.raises(EnrolmentError) as raised:
        apply(edition, person)
    assert raised.value.code == "already_applied"
    assert Application.objects.filter(applicant=person).count() == 1


def test_it_has_a_database_constraint_behind_the_one_application_rule():
    edition = make_open_edition()
    application = apply(edition)
    application.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_it_lets_a_person_apply_again_after_cancelling():
    from lifelong.enrolment.services import application_cancel

    edition = make_open_edition()
    person = make_user()
    first = apply(edition, person)
    application_cancel(application_id=first.pk, applicant=person)
    again = apply(edition, person)
    assert again.state == S.ACCEPTED


def test_it_keeps_reviewed_applications_submitted():
    edition = make_open_edition(selection_mode=Edition.SelectionMode.REVIEWED, capacity=1)
    assert apply(edition).state == S.SUBMITTED
    assert apply(edition).state == S.SUBMITTED


def test_it_refuses_unpublished_editions():
    edition = make_open_edition(status=Edition.Status.DRAFT)
    with pytest.raises(EnrolmentError) as raised:
        apply(edition)
    assert raised.value.code == "not_published"


def test_it_logs_who_applied_and_the_decision():
    edition = make_open_edition(capacity=1)
    person = make_user()
    application = apply(edition, person)
    events = list(
        AuditEvent.objects.filter(subject_type="enrolment.application", subject_id=application.pk)
    )
    assert [(e.from_state, e.to_state) for e in events] == [
        ("", S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
    ]
    assert events[0].actor == person
    assert events[1].actor is None
    assert (events[1].reason_code, events[1].reason) == ("first_come", "")
    assert events[0].institution_id == edition.programme.institution_id


def test_it_makes_public_pages_show_the_new_places_left(django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=3)
    before = catalogue_revision()
    with django_capture_on_commit_callbacks(execute=True):
        apply(edition)
    assert catalogue_revision() > before


def test_it_needs_an_audience_when_the_edition_has_audiences():
    edition = make_open_edition(audiences={make_audience(): None})
    with pytest.raises(EnrolmentError) as raised:
        apply(edition)
    assert raised.value.code == "audience_required"


def test_it_refuses_an_audience_of_another_edition():
    edition = make_open_edition(audiences={make_audience(): None})
    with pytest.raises(EnrolmentError) as raised:
        apply(edition, audience=make_audience())
    assert raised.value.code == "audience_unknown"


def test_it_keeps_the_date_of_birth_only_for_audiences_with_an_age_limit():
    seniors, others = make_audience(), make_audience()
    edition = make_open_edition(audiences={seniors: None, others: None})
    edition.audience_links.filter(audience=seniors).update(min_age=50)
    senior = apply(edition, audience=seniors, date_of_birth=date(1960, 1, 1))
    other = apply(edition, audience=others, date_of_birth=date(1990, 1, 1))
    assert senior.date_of_birth == date(1960, 1, 1)
    assert other.date_of_birth is None
