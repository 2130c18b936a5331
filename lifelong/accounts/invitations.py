"""The invitation's link and its e-mail. The e-mail is a task (run by `manage.py db_worker`),
declared here beside its work, so that the services that queue it import it without a
circle."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from lifelong.accounts.models import Invitation
from lifelong.lib.metrics import email_counted
from lifelong.lib.text import one_line

INVITATION_LINK_SALT = "lifelong.invitation"


def invitation_token(invitation: Invitation) -> str:
    """The secret part of the invitation's link: its id, signed with the site's key."""
    return signing.dumps(invitation.pk, salt=INVITATION_LINK_SALT)


@task()
def invitation_email_task(invitation_id: int) -> bool:
    """E-mails the invitation link, in the language the inviting owner wrote in. An
    invitation that is no longer open is not sent (safe to run late or twice)."""
    invitation = (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    with translation.override(invitation.language):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "accounts:invitation", args=[invitation_token(invitation)]
        )
        subject = _("Invitation to the staff of %(institution)s") % {
            "institution": invitation.institution.name
        }
        body = render_to_string(
            "accounts/email/invitation.txt",
            {"invitation": invitation, "link": link, "site_name": settings.SITE_NAME},
        )
    with email_counted(kind="invitation"):
        EmailMessage(subject=one_line(subject), body=body, to=[invitation.email]).send()
    return True
