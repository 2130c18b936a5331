"""Who may see or change what: the checks every page goes through, one module per floor of
the house. This one knows only people and their roles; `catalogue/access.py` scopes
institutions, programmes and editions, and each app above adds the checks for its own
objects (`enrolment/access.py`, `attendance/access.py`, `certificates/access.py`).

Each `access_*` function returns the object when the user may act on it and raises Http404
otherwise: an object of another institution looks exactly like one that does not exist, so
staff cannot probe. Each takes the id, not the object, so nothing is read before the check.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lifelong.accounts.models import Invitation, Membership, Role, User

ORGANISING_ROLES = (Role.OWNER, Role.ORGANISER)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind login_required, typed as our User."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def is_active_person(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def memberships_organising(user: User) -> QuerySet[Membership]:
    """The person's memberships in a role that organises (owner or organiser)."""
    return Membership.objects.filter(user=user, role__in=ORGANISING_ROLES)


def memberships_owning(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, role=Role.OWNER)


def access_membership_by_id_as_owner(user: User, membership_id: int) -> Membership:
    """A staff member of an institution the person owns (a site administrator: any)."""
    memberships = Membership.objects.select_related("user", "institution").filter(pk=membership_id)
    if not is_active_person(user):
        raise Http404
    if not user.is_superuser:
        memberships = memberships.filter(
            institution_id__in=memberships_owning(user).values("institution_id")
        )
    membership = memberships.first()
    if membership is None:
        raise Http404
    return membership


def access_invitation_by_id_as_owner(user: User, invitation_id: int) -> Invitation:
    invitations = Invitation.objects.filter(pk=invitation_id)
    if not is_active_person(user):
        raise Http404
    if not user.is_superuser:
        invitations = invitations.filter(
            institution_id__in=memberships_owning(user).values("institution_id")
        )
    invitation = invitations.first()
    if invitation is None:
        raise Http404
    return invitation
