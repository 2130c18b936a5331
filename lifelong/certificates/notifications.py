"""The e-mail that brings a participant their certificate, with the PDF attached. It goes
through enrolment's e-mails to applicants (`enrolment/notifications.py`): the same template
and language, recorded once as a `Notification`, so it is never sent twice."""

from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Notification, NotificationKind
from lifelong.enrolment.notifications import notification_message, notification_send, site_link


def certificate_message(notification: Notification) -> EmailMessage:
    certificate = Certificate.objects.select_related("document").get(
        application=notification.application
    )
    return notification_message(
        notification,
        extra_context={
            "certificate": certificate,
            "verify_url": site_link(reverse("verify:code", args=[certificate.code])),
        },
        attachments=[
            (f"{certificate.code}.pdf", bytes(certificate.document.pdf), "application/pdf")
        ],
    )


@task()
def certificate_email_task(application_id: int) -> bool:
    """Run by `manage.py db_worker`, queued in the transaction that issued the certificate.
    Safe to run twice: the e-mail goes out once."""
    return notification_send(
        application_id=application_id,
        kind=NotificationKind.CERTIFICATE,
        compose=certificate_message,
    )
