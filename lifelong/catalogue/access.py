"""Which institutions, programmes, editions and programme days a person may manage
(`accounts/access.py` says how these checks work)."""

from django.db.models import QuerySet
from django.http import Http404

from lifelong.accounts.access import is_active_person, memberships_organising, memberships_owning
from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition, Institution, Programme, Session


def institutions_visible_to_organiser(user: User) -> QuerySet[Institution]:
    """The institutions whose programmes, applications and figures the person may manage."""
    if not is_active_person(user):
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=memberships_organising(user).values("institution_id"))


def institutions_owned_by(user: User) -> QuerySet[Institution]:
    """The institutions whose staff the person manages."""
    if not is_active_person(user):
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=memberships_owning(user).values("institution_id"))


def editions_organised_by(user: User) -> QuerySet[Edition]:
    if not is_active_person(user):
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    institution_ids = memberships_organising(user).values("institution_id")
    return Edition.objects.filter(programme__institution_id__in=institution_ids)


def access_institution_by_id_as_organiser(user: User, institution_id: int) -> Institution:
    institution = institutions_visible_to_organiser(user).filter(pk=institution_id).first()
    if institution is None:
        raise Http404
    return institution


def access_institution_by_id_as_owner(user: User, institution_id: int) -> Institution:
    institution = institutions_owned_by(user).filter(pk=institution_id).first()
    if institution is None:
        raise Http404
    return institution


def access_programme_by_id_as_organiser(user: User, programme_id: int) -> Programme:
    programme = (
        Programme.objects.select_related("institution")
        .filter(pk=programme_id, institution__in=institutions_visible_to_organiser(user))
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def access_edition_by_id_as_organiser(user: User, edition_id: int) -> Edition:
    edition = (
        editions_organised_by(user)
        .select_related("programme__institution")
        .filter(pk=edition_id)
        .first()
    )
    if edition is None:
        raise Http404
    return edition


def session_in(
    editions: QuerySet[Edition], session_id: int, *, related: tuple[str, ...] = ()
) -> Session:
    """The programme day, if it belongs to one of `editions` (with `related` read along)."""
    session = (
        Session.objects.select_related("edition__programme__institution", *related)
        .filter(pk=session_id, edition__in=editions)
        .first()
    )
    if session is None:
        raise Http404
    return session


def access_session_by_id_as_organiser(user: User, session_id: int) -> Session:
    return session_in(editions_organised_by(user), session_id)
