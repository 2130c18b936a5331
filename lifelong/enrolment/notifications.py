"""E-mails to applicants: queued with the change they tell about, sent by the worker.

`notification_queue` runs inside the service's transaction: the task that sends the e-mail
is written together with the state change (the task queue lives in the same database), so a
change is never committed without its e-mail, nor the other way round. The task records the
e-mail as a `Notification` row when it sends it, which makes sending it twice impossible and
keeps that write out of the edition's lock.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lifelong.catalogue.calendar import edition_calendar_events
from lifelong.catalogue.models import Session
from lifelong.enrolment.models import (
    Application,
    ApplicationState,
    Notification,
    NotificationKind,
)
from lifelong.enrolment.offer_links import offer_link_token
from lifelong.enrolment.passes import checkin_pass_of, pass_png
from lifelong.enrolment.selectors import waitlist_position
from lifelong.lib.ics import calendar_file
from lifelong.lib.metrics import email_counted
from lifelong.lib.text import one_line

REMINDER_AHEAD = timedelta(days=1)
# An attachment: file name, content, MIME type.
Attachment = tuple[str, bytes, str]


def notification_queue(
    *, application: Application, kind: str, session: Session | None = None, occasion: str = ""
) -> None:
    """Queue the e-mail of this kind (and session, for a reminder; or occasion, for a kind
    sent once per change) for the worker."""
    notification_send_task.enqueue(application.pk, kind, session.pk if session else None, occasion)


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _subject(notification: Notification, programme: str, position: int | None) -> str:
    subjects = {
        NotificationKind.RECEIVED: _("We have received your application: {programme}"),
        NotificationKind.ACCEPTED: _("Your place is confirmed: {programme}"),
        NotificationKind.WAITLISTED: _(
            "You are on the waiting list for {programme} (position {position})"
        ),
        NotificationKind.OFFERED: _("A place is free for you: {programme}"),
        NotificationKind.LAPSED: _("Your offer has lapsed: {programme}"),
        NotificationKind.REJECTED: _("Your application for {programme}"),
        NotificationKind.CANCELLED: _("Cancellation confirmed: {programme}"),
        NotificationKind.REMINDER: _("Tomorrow: {programme}"),
        NotificationKind.CERTIFICATE: _("Your certificate: {programme}"),
        NotificationKind.SELECTION: _("How the places are given has changed: {programme}"),
    }
    return subjects[NotificationKind(notification.kind)].format(
        programme=programme, position=position
    )


def notification_message(
    notification: Notification,
    *,
    extra_context: dict[str, object] | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The e-mail, in the applicant's language. Another domain that writes to applicants
    (certificates) adds its own context and attachments to the same template."""
    application = notification.application
    edition = application.edition
    language = application.applicant.preferred_language
    with translation.override(language):
        programme = edition.programme.title
        position = (
            waitlist_position(application)
            if notification.kind == NotificationKind.WAITLISTED
            else None
        )
        checkin_pass = (
            checkin_pass_of(application) if notification.kind == NotificationKind.ACCEPTED else None
        )
        context = {
            "kind": notification.kind,
            "pass_code": checkin_pass.code if checkin_pass else "",
            "application": application,
            "edition": edition,
            "programme": programme,
            "position": position,
            "session": notification.session,
            "sessions": list(edition.sessions.all()),
            "my_programmes_url": site_link(reverse("office:my_programmes")),
            "offer_url": site_link(
                reverse("enrolment:offer", kwargs={"token": offer_link_token(application)})
            ),
            "site_name": settings.SITE_NAME,
            **(extra_context or {}),
        }
        message = EmailMessage(
            subject=one_line(_subject(notification, programme, position)),
            body=render_to_string("enrolment/email/notification.txt", context),
            to=[application.email],
        )
        if notification.kind in (NotificationKind.ACCEPTED, NotificationKind.REMINDER):
            message.attach(
                "programme.ics",
                calendar_file(
                    name=f"{programme} {edition.label}",
                    events=edition_calendar_events(
                        edition=edition, site_url=settings.SITE_URL, for_participant=True
                    ),
                    stamp=timezone.now(),
                ),
                "text/calendar",
            )
        if checkin_pass is not None:
            message.attach("check-in-pass.png", pass_png(checkin_pass), "image/png")
        for attachment in attachments:
            message.attach(*attachment)
    return message


def notification_send(
    *,
    application_id: int,
    kind: str,
    session_id: int | None = None,
    occasion: str = "",
    compose: Callable[[Notification], EmailMessage] = notification_message,
) -> bool:
    """Send the e-mail unless it has gone out already; True if it was sent now. `compose`
    writes it (certificates bring their own, with the PDF attached).

    The row is unique per application, kind (and session or occasion), so a second run
    finds it sent.
    If the process dies between sending and marking, the retry sends once more: an e-mail
    twice is better than none. An e-mail the person's newer state has overtaken is not
    sent, and leaves no record (`_overtaken`).
    """
    state = Application.objects.filter(pk=application_id).values_list("state", flat=True)
    if _overtaken(kind, state.first()):
        return False
    try:
        notification, _created = Notification.objects.select_related(
            "application__applicant", "application__edition__programme__institution", "session"
        ).get_or_create(
            application_id=application_id,
            kind=kind,
            session_id=session_id,
            occasion=occasion,
            defaults={"created_at": timezone.now()},
        )
    except IntegrityError:  # the application was erased meanwhile
        return False
    if notification.sent_at is not None:
        return False
    message = compose(notification)
    with email_counted(kind=notification.kind):
        message.send()
    Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
    return True


# The state an application must still be in for an e-mail of these kinds to be sent.
_STILL_TRUE_IN = {
    NotificationKind.WAITLISTED: ApplicationState.WAITLISTED,
    NotificationKind.SELECTION: ApplicationState.SUBMITTED,
}


def _overtaken(kind: str, state: str | None) -> bool:
    """A waiting-list or selection-change e-mail whose application has moved on before it
    went out (offered the freed place, decided): the e-mail of the newer state tells the
    person, this one would be stale. Also an application erased meanwhile (no state)."""
    if state is None:
        return True
    still = _STILL_TRUE_IN.get(NotificationKind(kind))
    return still is not None and state != still


def reminders_queue(*, session_id: int, expected_start: datetime) -> int:
    """Queue the day-before reminder for everyone accepted. Skips a session that was moved
    (its new time has a task of its own) and people reminded already; a reminder queued
    twice is still sent once (`notification_send`)."""
    session = Session.objects.filter(pk=session_id, starts_at=expected_start).first()
    if session is None:
        return 0
    already = Notification.objects.filter(
        Q(kind=NotificationKind.REMINDER) & Q(session=session)
    ).values("application_id")
    queued = 0
    for application in Application.objects.filter(
        edition_id=session.edition_id, state=Application.State.ACCEPTED
    ).exclude(pk__in=already):
        notification_queue(application=application, kind=NotificationKind.REMINDER, session=session)
        queued += 1
    return queued


def reminders_schedule(*, session: Session) -> None:
    """Queue the day-before reminder of a future programme day; inside the transaction that
    added or moved it. A reminder queued for a time since changed finds the day moved and
    stops (`reminders_queue`)."""
    now = timezone.now()
    if session.starts_at <= now:
        return
    session_reminders_task.using(run_after=max(session.starts_at - REMINDER_AHEAD, now)).enqueue(
        session.pk, session.starts_at.isoformat()
    )


# --- tasks run by `manage.py db_worker`, declared beside their work: thin, take ids, safe to
# run twice or late.


@task()
def notification_send_task(
    application_id: int, kind: str, session_id: int | None, occasion: str = ""
) -> bool:
    return notification_send(
        application_id=application_id, kind=kind, session_id=session_id, occasion=occasion
    )


@task()
def session_reminders_task(session_id: int, starts_at: str) -> int:
    with transaction.atomic():
        return reminders_queue(
            session_id=session_id, expected_start=datetime.fromisoformat(starts_at)
        )
