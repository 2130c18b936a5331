"""Who may see or change what. Every staff page goes through one of these functions.

Each returns the object when the user may act on it and raises otherwise; an object of
another institution looks exactly like one that does not exist (404), so staff cannot probe.
"""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lifelong.accounts.models import Invitation, Membership, Role, User
from lifelong.attendance.days import DayAccess, day_access
from lifelong.attendance.models import CheckinHelper
from lifelong.catalogue.models import Edition, Institution, Programme, Session
from lifelong.certificates.models import Assessment, Certificate
from lifelong.enrolment.models import Application

ORGANISING_ROLES = (Role.OWNER, Role.ORGANISER)


def institutions_organised_by(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, role__in=ORGANISING_ROLES)


def institutions_visible_to_organiser(user: User) -> QuerySet[Institution]:
    """The institutions whose programmes, applications and figures the person may manage."""
    if not user.is_authenticated or not user.is_active:
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    organised = institutions_organised_by(user).values("institution_id")
    return Institution.objects.filter(pk__in=organised)


def access_institution_by_id_as_organiser(user: User, institution_id: int) -> Institution:
    institution = institutions_visible_to_organiser(user).filter(pk=institution_id).first()
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


def access_application_by_id_as_organiser(user: User, application_id: int) -> Application:
    application = Application.objects.filter(
        pk=application_id, edition__in=editions_organised_by(user)
    ).first()
    if application is None:
        raise Http404
    return application


def access_certificate_by_id_as_organiser(user: User, certificate_id: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("edition__programme__institution", "document")
        .filter(pk=certificate_id, edition__in=editions_organised_by(user))
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def access_certificate_by_id_as_holder(user: User, certificate_id: int) -> Certificate:
    """A participant's own certificate (while their application is theirs)."""
    certificate = (
        Certificate.objects.select_related("document")
        .filter(pk=certificate_id, application__applicant=user)
        .first()
    )
    if certificate is None or not user.is_active:
        raise Http404
    return certificate


def access_assessment_by_id_as_organiser(user: User, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("edition__programme__institution")
        .filter(pk=assessment_id, edition__in=editions_organised_by(user))
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind login_required, typed as our User."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def editions_checked_in_by(user: User) -> QuerySet[Edition]:
    """The editions whose lists a person may see to record attendance: those they organise,
    and those they are assigned to as a check-in helper of the edition's institution."""
    if not user.is_authenticated or not user.is_active:
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    helper_at = Membership.objects.filter(user=user, role=Role.CHECKIN).values("institution_id")
    assigned = CheckinHelper.objects.filter(
        user=user, edition__programme__institution_id__in=helper_at
    ).values("edition_id")
    organised = institutions_organised_by(user).values("institution_id")
    return Edition.objects.filter(Q(pk__in=assigned) | Q(programme__institution_id__in=organised))


def _session_in(editions: QuerySet[Edition], session_id: int) -> Session:
    session = (
        Session.objects.select_related("edition__programme__institution", "closing")
        .filter(pk=session_id, edition__in=editions)
        .first()
    )
    if session is None:
        raise Http404
    return session


def may_check_in(user: User, access: DayAccess) -> bool:
    """The rule of `editions_checked_in_by`, for one day already read with the person's
    role and assignment (the check-in path reads both in the same query as the day)."""
    if not user.is_authenticated or not user.is_active:
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


def access_session_by_id_as_organiser(user: User, session_id: int) -> Session:
    return _session_in(editions_organised_by(user), session_id)


def institutions_owned_by(user: User) -> QuerySet[Institution]:
    """The institutions whose staff the person manages."""
    if not user.is_authenticated or not user.is_active:
        return Institution.objects.none()
    if user.is_superuser:
        return Institution.objects.all()
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("institution_id")
    return Institution.objects.filter(pk__in=owned)


def access_institution_by_id_as_owner(user: User, institution_id: int) -> Institution:
    institution = institutions_owned_by(user).filter(pk=institution_id).first()
    if institution is None:
        raise Http404
    return institution


def access_membership_by_id_as_owner(user: User, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "institution")
        .filter(pk=membership_id, institution__in=institutions_owned_by(user))
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_invitation_by_id_as_owner(user: User, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(
        pk=invitation_id, institution__in=institutions_owned_by(user)
    ).first()
    if invitation is None:
        raise Http404
    return invitation
