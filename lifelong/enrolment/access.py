"""Who may see or act on an application: its organisers, and the person who made it
(`accounts/access.py` says how these checks work)."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lifelong.accounts.access import is_active_person
from lifelong.accounts.models import User
from lifelong.catalogue.access import editions_organised_by
from lifelong.enrolment.models import Application, ApplicationState, StaffMessage
from lifelong.enrolment.offer_links import OfferLink


def access_application_by_id_as_organiser(user: User, application_id: int) -> Application:
    application = Application.objects.filter(
        pk=application_id, edition__in=editions_organised_by(user)
    ).first()
    if application is None:
        raise Http404
    return application


def access_application_by_id_as_applicant(user: User, application_id: int) -> Application:
    """The person's own application."""
    if not is_active_person(user):
        raise Http404
    application = (
        Application.objects.select_related("edition__programme", "applicant")
        .filter(pk=application_id, applicant=user)
        .first()
    )
    if application is None:
        raise Http404
    return application


def access_accepted_application_by_id_as_applicant(user: User, application_id: int) -> Application:
    """The person's own application, while it holds a confirmed place (what their own
    calendar file, with the online links, needs)."""
    application = access_application_by_id_as_applicant(user, application_id)
    if application.state != ApplicationState.ACCEPTED:
        raise Http404
    return application


def access_application_by_offer_link(link: OfferLink | None) -> Application:
    """The application a signed offer link names: the link stands in for a login and only
    ever reaches that one application (`offer_links.offer_link_read`)."""
    if link is None:
        raise Http404
    application = (
        Application.objects.select_related("edition__programme__institution", "applicant")
        .filter(pk=link.application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def offer_link_open(application: Application, link: OfferLink, now: datetime) -> bool:
    """Whether the link may still answer the offer: the one it was sent for, not yet
    answered and not past its deadline."""
    expires = application.offer_expires_at
    if application.state != ApplicationState.OFFERED or expires is None:
        return False
    if link.offer_expires is not None and link.offer_expires != int(expires.timestamp()):
        return False
    return now <= expires


def is_the_applicant(user: User | AnonymousUser, application: Application) -> bool:
    """Whether the person signed in is the one who applied (who may see their name)."""
    if not isinstance(user, User):
        return False
    return is_active_person(user) and user.pk == application.applicant_id


def access_staff_message_by_id_as_organiser(user: User, message_id: int) -> StaffMessage:
    """A message to applicants, for the organisers of its edition: the check is part of
    the query that reads it."""
    message = (
        StaffMessage.objects.select_related("sender", "job", "edition__programme__institution")
        .filter(pk=message_id, edition__in=editions_organised_by(user))
        .first()
    )
    if message is None:
        raise Http404
    return message
