"""E-mails: one per change, in the person's language, sent by the worker, never twice."""

import email
import socket
from datetime import timedelta
from email import policy

import icalendar
import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from lifelong.catalogue.models import Session
from lifelong.enrolment import services
from lifelong.enrolment.models import Notification
from lifelong.enrolment.notifications import (
    notification_queue,
    notification_send,
    notification_send_task,
    reminders_schedule,
)
from tests.enrolment.helpers import apply, make_open_edition, make_user, refreshed, run_tasks

pytestmark = pytest.mark.django_db


def test_it_sends_the_acceptance_with_a_calendar_of_all_sessions():
    edition = make_open_edition(capacity=1)
    apply(edition, make_user(preferred_language="en"))
    run_tasks()
    (message,) = mail.outbox
    assert message.subject == f"Your place is confirmed: {edition.programme.title_en}"
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("programme.ics", "text/calendar")
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == edition.sessions.count() == 3


def test_it_writes_in_the_persons_language():
    edition = make_open_edition(capacity=1)
    apply(edition, make_user(preferred_language="en"))
    apply(edition, make_user(preferred_language="de"))
    run_tasks()
    english, german = mail.outbox
    assert "waiting list" not in english.subject
    assert (
        german.subject == f"Sie stehen auf der Warteliste (Platz 1): {edition.programme.title_de}"
    )
    assert "Platz 1" in german.body


def test_it_names_the_programme_in_german_whatever_its_title_begins_with():
    """A title such as "Zertifikatsprogramm „…“" needs an article after "für"; the German
    e-mails name the programme after a colon instead."""
    edition = make_open_edition(capacity=1)
    edition.programme.title_de = "Zertifikatsprogramm „Wissen gemeinsam gestalten“"
    edition.programme.save()
    apply(edition, make_user(preferred_language="de"))
    run_tasks()
    (accepted,) = mail.outbox
    title = f"Zertifikatsprogramm „Wissen gemeinsam gestalten“ ({edition.label})"
    assert f"Ihr Platz ist bestätigt: {title}." in accepted.body
    assert "für Zertifikatsprogramm" not in accepted.body
    assert "Ihr Check-in-Code: " in accepted.body


def test_it_drops_a_waiting_list_e_mail_overtaken_by_an_offer():
    """Put on the list, then offered the freed place before the worker ran: the person gets
    the offer, not a stale "you are on the waiting list at position None"."""
    edition = make_open_edition(capacity=1)
    first = apply(edition, make_user(preferred_language="en"))
    second = apply(edition, make_user(preferred_language="de"))
    services.application_cancel(application_id=first.pk, applicant=first.applicant)
    assert refreshed(second).state == "offered"
    run_tasks()
    to_second = [message for message in mail.outbox if message.to == [second.email]]
    assert [message.subject.split(":")[0] for message in to_second] == [
        "Ein Platz für Sie ist frei geworden"
    ]
    assert not any("None" in f"{message.subject} {message.body}" for message in mail.outbox)
    # Nothing on record as queued and never sent (the person's data export lists them).
    assert not Notification.objects.filter(application=second, kind="waitlisted").exists()


def test_a_task_queued_before_e_mails_had_occasions_still_sends():
    """Tasks wait in the queue across a deploy: one queued with three arguments runs."""
    edition = make_open_edition(capacity=1)
    person = apply(edition, make_user(preferred_language="en"))
    run_tasks()
    mail.outbox.clear()
    Notification.objects.all().delete()
    assert notification_send_task.call(person.pk, "accepted", None) is True
    (message,) = mail.outbox
    assert message.subject.startswith("Your place is confirmed")


def test_it_tells_reviewed_applicants_that_the_application_arrived():
    edition = make_open_edition(selection_mode="reviewed")
    apply(edition, make_user(preferred_language="en"))
    run_tasks()
    assert mail.outbox[0].subject.startswith("We have received your application")


def test_it_links_the_offer_email_to_a_page_that_accepts_without_a_password(client):
    edition = make_open_edition(capacity=1)
    accepted = apply(edition)
    waiting = apply(edition, make_user(preferred_language="en"))
    services.application_cancel(application_id=accepted.pk, applicant=accepted.applicant)
    mail.outbox.clear()
    run_tasks()
    offer_mail = next(m for m in mail.outbox if "A place is free" in m.subject)
    link = next(line for line in offer_mail.body.splitlines() if "/offer/" in line)
    path = link.strip().split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"action": "accept"})
    assert response.status_code == 302
    assert refreshed(waiting).state == "accepted"


def test_it_refuses_a_forged_offer_link(client):
    assert client.get("/en/offer/1:forged:token/").status_code == 404


def test_it_sends_each_email_once_even_if_the_task_runs_twice():
    application = apply(make_open_edition())
    notification_queue(application=application, kind="accepted")  # the same e-mail again
    run_tasks()
    assert len(mail.outbox) == 1
    assert Notification.objects.get(application=application).sent_at is not None
    assert notification_send(application_id=application.pk, kind="accepted") is False


def test_it_reminds_accepted_people_the_day_before_each_session():
    edition = make_open_edition(capacity=1)
    accepted = apply(edition, make_user(preferred_language="en"))
    apply(edition)  # waitlisted: no reminder
    starts = timezone.now() + timedelta(days=3)
    session = Session.objects.create(
        edition=edition, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Rathaus"
    )
    reminders_schedule(session=session)  # as the office's services do for a new day
    run_tasks()
    mail.outbox.clear()
    with time_machine.travel(starts - timedelta(hours=23)):
        run_tasks()
    (reminder,) = mail.outbox
    assert reminder.to == [accepted.email]
    assert reminder.subject.startswith("Tomorrow:")
    assert "Rathaus" in reminder.body
    assert Notification.objects.filter(kind="reminder", session=session).count() == 1


def test_it_skips_the_reminder_of_a_session_that_was_moved():
    edition = make_open_edition(capacity=1)
    apply(edition)
    starts = timezone.now() + timedelta(days=3)
    session = Session.objects.create(
        edition=edition, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    reminders_schedule(session=session)
    session.starts_at = starts + timedelta(days=7)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    reminders_schedule(session=session)  # as the office's services do for a moved day
    run_tasks()
    mail.outbox.clear()
    with time_machine.travel(starts - timedelta(hours=23)):
        run_tasks()
    assert mail.outbox == []  # the old time's reminder found the day moved
    with time_machine.travel(session.starts_at - timedelta(hours=23)):
        run_tasks()
    assert len(mail.outbox) == 1  # and the new time's reminder went out


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_it_delivers_through_a_real_smtp_server_via_the_worker(settings):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        edition = make_open_edition(capacity=1)
        apply(edition, make_user("anna@example.org", preferred_language="de"))
        run_tasks()
    finally:
        controller.stop()
    (message,) = inbox.messages
    assert message["To"] == "anna@example.org"
    assert message["Subject"] == f"Ihr Platz ist bestätigt: {edition.programme.title_de}"
    attachment = next(part for part in message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert Notification.objects.get().sent_at is not None
