"""Who may see or change what. Every staff page goes through one of these functions.

Each returns the object when the user may act on it and raises otherwise; an object of
another institution looks exactly like one that does not exist (404), so staff cannot probe.
"""

from django.db.models import QuerySet
from django.http import Http404

from lifelong.accounts.models import Membership, Role, User
from lifelong.catalogue.models import Edition

ORGANISING_ROLES = (Role.OWNER, Role.ORGANISER)


def institutions_organised_by(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, role__in=ORGANISING_ROLES)


def editions_organised_by(user: User) -> QuerySet[Edition]:
    if not user.is_authenticated or not user.is_active:
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    institution_ids = institutions_organised_by(user).values("institution_id")
    return Edition.objects.filter(programme__institution_id__in=institution_ids)


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
