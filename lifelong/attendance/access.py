"""Who may record attendance on a programme day: the edition's organisers, and check-in
helpers who hold the check-in role at the institution and are assigned to the edition
(`accounts/access.py` says how these checks work)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from lifelong.accounts.access import ORGANISING_ROLES, is_active_person, memberships_organising
from lifelong.accounts.models import Membership, Role, User
from lifelong.attendance.days import DayAccess, day_access
from lifelong.attendance.models import CheckinHelper
from lifelong.catalogue.access import editions_organised_by, session_in
from lifelong.catalogue.models import Edition, Session


def editions_checked_in_by(user: User) -> QuerySet[Edition]:
    """The editions whose lists a person may see to record attendance: those they organise,
    and those they are assigned to as a check-in helper of the edition's institution."""
    if not is_active_person(user):
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    helper_at = Membership.objects.filter(user=user, role=Role.CHECKIN).values("institution_id")
    assigned = CheckinHelper.objects.filter(
        user=user, edition__programme__institution_id__in=helper_at
    ).values("edition_id")
    organised = memberships_organising(user).values("institution_id")
    return Edition.objects.filter(Q(pk__in=assigned) | Q(programme__institution_id__in=organised))


def may_check_in(user: User, access: DayAccess) -> bool:
    """The rule of `editions_checked_in_by`, for one day already read with the person's
    role and assignment (the check-in path reads both in the same query as the day)."""
    if not is_active_person(user):
        return False
    if user.is_superuser:
        return True
    if access.role in ORGANISING_ROLES:
        return True
    return access.role == Role.CHECKIN and access.assigned


def access_day_by_id_for_checkin(
    user: User, session_id: int, *, pass_code: str | None = None
) -> DayAccess:
    """The day, for recording attendance: one query for the check-in desk's every scan,
    which also finds the holder of the scanned pass (`pass_code`, in its stored form)."""
    access = day_access(session_id=session_id, user_id=user.pk, pass_code=pass_code)
    if access is None or not may_check_in(user, access):
        raise Http404
    return access


def access_session_by_id_for_checkin(user: User, session_id: int) -> Session:
    access = access_day_by_id_for_checkin(user, session_id)
    return Session.objects.select_related("edition__programme__institution", "closing").get(
        pk=access.day.session_id
    )


def access_day_by_id_as_organiser(user: User, session_id: int) -> Session:
    """A programme day with its closing, for corrections, paper sheets and closing."""
    return session_in(editions_organised_by(user), session_id, related=("closing",))
