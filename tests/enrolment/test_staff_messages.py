"""Organisers write to selected applicants: the worker sends one e-mail each, in the
background, with progress to follow; a run that stops resumes without writing twice."""

from unittest import mock

import pytest
from django.core import mail

from lifelong.audit.models import AuditEvent
from lifelong.enrolment import staff_messages
from lifelong.enrolment.models import StaffMessage
from lifelong.enrolment.staff_messages import staff_message_deliver
from lifelong.jobs.models import Job
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user, run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_open_edition(selection_mode="reviewed")


@pytest.fixture
def organiser(edition, client):
    user = make_organiser(edition)
    client.force_login(user)
    return user


def _write(client, edition, people, subject="Room change", body="We meet in room 3."):
    return client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {
            "application": [p.pk for p in people],
            "action": "message",
            "subject": subject,
            "body": body,
        },
    )


def test_it_sends_each_selected_person_one_e_mail_greeted_in_their_language(
    client, organiser, edition
):
    german = apply(edition, make_user(preferred_language="de"), full_name="Jörg Klein")
    english = apply(edition, make_user(preferred_language="en"), full_name="Ann Smith")
    apply(edition)  # not selected
    run_tasks()
    mail.outbox.clear()
    response = _write(client, edition, [german, english])
    message = StaffMessage.objects.get()
    assert response["Location"] == f"/en/staff/messages/{message.pk}/"
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([german.email, english.email])
    by_address = {m.to[0]: str(m.body) for m in mail.outbox}
    assert "Guten Tag Jörg Klein" in by_address[german.email]
    assert "Hello Ann Smith" in by_address[english.email]
    assert all("We meet in room 3." in body for body in by_address.values())
    progress = client.get(f"/en/staff/jobs/{message.job_id}/progress/").json()
    assert (progress["done"], progress["total"], progress["finished"]) == (2, 2, True)
    event = AuditEvent.objects.get(action="edition.message_sent")
    assert (event.actor, event.data["recipients"]) == (organiser, 2)


def test_it_stops_at_an_error_and_says_so_with_what_it_sent(client, organiser, edition):
    people = [apply(edition) for _ in range(3)]
    run_tasks()
    mail.outbox.clear()
    _write(client, edition, people)  # queued; the worker is not running
    message = StaffMessage.objects.get()
    real_email = staff_messages._email
    made = []

    def second_fails(*args):
        made.append(args)
        if len(made) == 2:
            broken = mock.Mock()
            broken.send.side_effect = OSError("mail server gone")
            return broken
        return real_email(*args)

    with mock.patch.object(staff_messages, "_email", second_fails), pytest.raises(OSError):
        staff_message_deliver(job_id=message.job_id)
    job = Job.objects.get(pk=message.job_id)
    assert (job.state, job.done, job.total, job.error) == ("failed", 1, 3, "mail server gone")
    assert len(mail.outbox) == 1
    progress = client.get(f"/en/staff/jobs/{job.pk}/progress/").json()
    assert progress["finished"]
    assert progress["message"] == "Stopped by an error: mail server gone"
    # An error is not a worker that died: the job is not taken up again by itself.
    staff_message_deliver(job_id=message.job_id)
    assert len(mail.outbox) == 1


def test_it_asks_for_a_subject_and_a_text_and_sends_nothing_without(client, organiser, edition):
    person = apply(edition)
    response = client.post(
        f"/en/staff/editions/{edition.pk}/applications/act/",
        {"application": [person.pk], "action": "message", "subject": " ", "body": ""},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Give the message a subject." in page
    assert "Write the message." in page
    assert not StaffMessage.objects.exists()


def test_it_shows_the_progress_page_with_a_bar(client, organiser, edition):
    person = apply(edition)
    _write(client, edition, [person])
    message = StaffMessage.objects.get()
    page = client.get(f"/en/staff/messages/{message.pk}/").content.decode()
    assert "<progress" in page
    assert "Room change" in page


def test_it_hides_messages_from_organisers_of_other_editions(client, edition):
    person = apply(edition)
    client.force_login(make_organiser(edition))
    _write(client, edition, [person])
    message = StaffMessage.objects.get()
    other_edition = make_open_edition()
    client.force_login(make_organiser(other_edition, email="other@uni.example"))
    assert client.get(f"/en/staff/messages/{message.pk}/").status_code == 404
    assert client.get(f"/en/staff/jobs/{message.job_id}/progress/").status_code == 404
