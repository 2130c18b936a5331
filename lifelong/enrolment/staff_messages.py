"""Organisers write to selected applicants of an edition. The message, its recipients and
its job (lifelong/jobs/) are saved in one transaction with the task that sends it; the
worker then sends one e-mail per recipient and records each, so a job taken up again after
its worker died resumes where it stopped and writes to nobody twice (one e-mail may repeat
if the worker dies between sending it and recording it)."""

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
from lifelong.enrolment.models import Application, StaffMessage, StaffMessageRecipient
from lifelong.jobs.models import Job
from lifelong.jobs.services import job_progress, job_run, job_start
from lifelong.lib.errors import DomainError
from lifelong.lib.metrics import email_counted
from lifelong.lib.text import one_line

MAX_RECIPIENTS = 5000
# The kind of job that sends a message.
MESSAGE_JOB = "enrolment.message"


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
    job = job_start(
        kind=MESSAGE_JOB,
        task=staff_message_send_task,
        edition_id=edition.pk,
        started_by_id=actor.pk,
        total=len(recipients),
    )
    message = StaffMessage.objects.create(
        edition=edition,
        sender=actor,
        subject=subject,
        body=body,
        created_at=job.created_at,
        job=job,
    )
    StaffMessageRecipient.objects.bulk_create(
        StaffMessageRecipient(message=message, application_id=pk) for pk in recipients
    )
    audit_log(
        subject=edition,
        action="edition.message_sent",
        at=message.created_at,
        actor=actor,
        institution_id=edition.programme.institution_id,
        reason=subject,
        data={"message": message.pk, "recipients": len(recipients)},
    )
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
    return EmailMessage(subject=one_line(message.subject), body=body, to=[application.email])


def staff_message_deliver(*, job_id: int) -> Job | None:
    """Sends the job's message to each recipient not yet written to. Safe to run twice."""
    return job_run(job_id=job_id, kind=MESSAGE_JOB, work=_deliver)


def _deliver(job: Job) -> None:
    message = StaffMessage.objects.select_related("edition__programme").get(job=job)
    recipients = StaffMessageRecipient.objects.filter(message=message)
    done = recipients.exclude(sent_at=None).count()
    job_progress(job=job, total=recipients.count(), done=done)
    pending = recipients.filter(sent_at=None).select_related("application__applicant")
    for recipient in pending.order_by("pk"):
        email = _email(message, recipient.application)
        with email_counted(kind="staff_message"):
            email.send()
        # Recorded at once, on its own: the e-mail has gone, whatever becomes of the job.
        StaffMessageRecipient.objects.filter(pk=recipient.pk).update(sent_at=timezone.now())
        done += 1
        # The heartbeat, and the check that the job is still this worker's before the next.
        job_progress(job=job, done=done)


@task()
def staff_message_send_task(job_id: int) -> str:
    """Sends a message to applicants (a job of kind enrolment.message); run by
    `manage.py db_worker`, declared beside its work. Safe to run twice."""
    job = staff_message_deliver(job_id=job_id)
    return job.state if job else "gone"
