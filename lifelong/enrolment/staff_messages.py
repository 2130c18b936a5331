"""Organisers write to selected applicants of an edition. The message and its recipients are
saved in one transaction with the task that sends it; the worker then sends one e-mail per
recipient and records each, so a stopped run resumes where it stopped and writes to nobody
twice (one e-mail may repeat if the worker dies between sending it and recording it)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from lifelong.accounts.models import User
from lifelong.audit.services import audit_log
from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import (
    Application,
    StaffMessage,
    StaffMessageRecipient,
    StaffMessageState,
)
from lifelong.lib.errors import DomainError

MAX_RECIPIENTS = 5000
# Progress is saved after each batch: often enough for the bar, rarely enough to stay cheap.
PROGRESS_EVERY = 10


class MessageError(DomainError):
    MESSAGES = {
        "no_recipients": _("Select at least one person to write to."),
        "too_many_recipients": _("Write to at most {count} people at once."),
    }


@transaction.atomic(durable=True)
def staff_message_send(
    *, edition: Edition, application_ids: list[int], subject: str, body: str, actor: User
) -> StaffMessage:
    """Queues a message to the edition's applicants among `application_ids`."""
    recipients = list(
        Application.objects.filter(edition=edition, pk__in=application_ids).values_list(
            "pk", flat=True
        )
    )
    if not recipients:
        raise MessageError("no_recipients")
    if len(recipients) > MAX_RECIPIENTS:
        raise MessageError("too_many_recipients", count=MAX_RECIPIENTS)
    now = timezone.now()
    message = StaffMessage.objects.create(
        edition=edition,
        sender=actor,
        subject=subject,
        body=body,
        created_at=now,
        total=len(recipients),
    )
    StaffMessageRecipient.objects.bulk_create(
        StaffMessageRecipient(message=message, application_id=pk) for pk in recipients
    )
    audit_log(
        subject=edition,
        action="edition.message_sent",
        at=now,
        actor=actor,
        institution_id=edition.programme.institution_id,
        reason=subject,
        data={"message": message.pk, "recipients": len(recipients)},
    )
    staff_message_send_task.enqueue(message.pk)
    return message


def _email(message: StaffMessage, application: Application) -> EmailMessage:
    language = application.applicant.preferred_language
    with translation.override(language):
        body = render_to_string(
            "enrolment/email/staff_message.txt",
            {
                "message": message,
                "application": application,
                "programme": message.edition.programme.title,
                "site_name": settings.SITE_NAME,
            },
        )
    return EmailMessage(subject=message.subject, body=body, to=[application.email])


def staff_message_deliver(*, message_id: int) -> int:
    """Sends the message to each recipient not yet written to; returns how many now."""
    message = StaffMessage.objects.select_related("edition__programme").get(pk=message_id)
    if message.state == StaffMessageState.DONE:
        return 0
    StaffMessage.objects.filter(pk=message.pk).update(state=StaffMessageState.SENDING)
    pending = (
        StaffMessageRecipient.objects.filter(message=message, sent_at=None)
        .select_related("application__applicant")
        .order_by("pk")
    )
    sent_now = 0
    try:
        for recipient in pending:
            _email(message, recipient.application).send()
            StaffMessageRecipient.objects.filter(pk=recipient.pk).update(sent_at=timezone.now())
            sent_now += 1
            if sent_now % PROGRESS_EVERY == 0:
                _save_progress(message.pk, StaffMessageState.SENDING)
    except Exception as error:
        _save_progress(message.pk, StaffMessageState.FAILED, error=str(error)[:300])
        raise
    _save_progress(message.pk, StaffMessageState.DONE)
    return sent_now


def _save_progress(message_id: int, state: str, error: str = "") -> None:
    sent = StaffMessageRecipient.objects.filter(message_id=message_id, sent_at__isnull=False)
    StaffMessage.objects.filter(pk=message_id).update(state=state, sent=sent.count(), error=error)


@task()
def staff_message_send_task(message_id: int) -> int:
    """Run by `manage.py db_worker`; declared beside its work. Safe to run twice."""
    return staff_message_deliver(message_id=message_id)
