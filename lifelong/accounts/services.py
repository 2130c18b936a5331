"""Changes to an institution's staff: invitations, roles, leaving. Each is one transaction and
is written to the audit log with the institution, so its owners can see who changed what."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lifelong.accounts.invitations import INVITATION_LINK_SALT, invitation_email_task
from lifelong.accounts.models import Invitation, Membership, Role, User, UserSession
from lifelong.audit.services import audit_log
from lifelong.lib.errors import DomainError

INVITATION_DAYS = 14
# Roles that ask for an authenticator app at the back office (`accounts/middleware.py`).
SECOND_FACTOR_ROLES = (Role.OWNER, Role.ORGANISER)


class StaffError(DomainError):
    MESSAGES = {
        "invitation_unknown": _("This invitation link is not valid."),
        "invitation_used": _("This invitation has already been accepted."),
        "invitation_withdrawn": _("This invitation was withdrawn."),
        "invitation_expired": _("This invitation expired on {date}. Ask for a new one."),
        "invitation_other_email": _(
            "This invitation is for {email}. Sign in with that address to accept it."
        ),
        "already_member": _("{email} already belongs to the staff of this institution."),
        "last_owner": _("An institution keeps at least one owner."),
    }


@transaction.atomic(durable=True)
def invitation_send(
    *, institution_id: int, email: str, role: str, actor: User, language: str
) -> Invitation:
    """Invites `email` in `role`; the worker e-mails the link. A new invitation to the
    same address replaces the open one."""
    email = email.strip().lower()
    staff = Membership.objects.filter(institution_id=institution_id, user__email__iexact=email)
    if staff.exists():
        raise StaffError("already_member", email=email)
    now = timezone.now()
    Invitation.objects.filter(
        institution_id=institution_id, email=email, accepted_at=None, withdrawn_at=None
    ).update(withdrawn_at=now)
    invitation = Invitation.objects.create(
        institution_id=institution_id,
        email=email,
        role=role,
        invited_by=actor,
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    audit_log(
        subject=invitation,
        action="staff.invited",
        at=now,
        actor=actor,
        institution_id=institution_id,
        to_state=role,
        data={"email": email},
    )
    invitation_email_task.enqueue(invitation.pk)
    return invitation


def invitation_by_token(token: str) -> Invitation:
    try:
        invitation_id = signing.loads(token, salt=INVITATION_LINK_SALT)
    except signing.BadSignature:
        invitation_id = None
    if not isinstance(invitation_id, int):
        raise StaffError("invitation_unknown")
    invitation = (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise StaffError("invitation_unknown")
    return invitation


def _check_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise StaffError("invitation_used")
    if invitation.withdrawn_at is not None:
        raise StaffError("invitation_withdrawn")
    if invitation.expires_at <= timezone.now():
        raise StaffError("invitation_expired", date=invitation.expires_at)


@transaction.atomic(durable=True)
def invitation_accept(*, token: str, user: User, keep_session_key: str | None) -> Membership:
    """Gives the signed-in person the invited role, when the invitation was sent to their
    address. Their other sessions end when the role asks for a second factor."""
    invitation = invitation_by_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    if invitation.email.lower() != user.email.lower():
        raise StaffError("invitation_other_email", email=invitation.email)
    now = timezone.now()
    membership, _created = Membership.objects.update_or_create(
        user=user, institution=invitation.institution, defaults={"role": invitation.role}
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_log(
        subject=membership,
        action="staff.joined",
        at=now,
        actor=user,
        institution_id=invitation.institution_id,
        to_state=invitation.role,
        data={"email": user.email, "invitation": invitation.pk},
    )
    _end_other_sessions_if_needed(user, invitation.role, keep_session_key)
    return membership


def _end_other_sessions_if_needed(user: User, role: str, keep_session_key: str | None) -> None:
    """A session remembers that its back-office check passed; a role that needs a second
    factor must be checked again, so the person's other sessions end."""
    if role in SECOND_FACTOR_ROLES:
        sessions_end(user, keep_session_key=keep_session_key)


def sessions_end(user: User, *, keep_session_key: str | None = None) -> int:
    """End the person's sessions (but the one named): they sign in afresh."""
    return UserSession.objects.filter(user=user).exclude(session_key=keep_session_key).delete()[0]


@transaction.atomic(durable=True)
def invitation_withdraw(*, invitation: Invitation, actor: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    now = timezone.now()
    invitation.withdrawn_at = now
    invitation.save(update_fields=["withdrawn_at"])
    audit_log(
        subject=invitation,
        action="staff.invitation_withdrawn",
        at=now,
        actor=actor,
        institution_id=invitation.institution_id,
        data={"email": invitation.email},
    )


def _lock_owners(institution_id: int) -> int:
    """Locks the institution's owner rows (so two owners cannot demote each other at once)
    and returns how many there are."""
    owners = Membership.objects.select_for_update().filter(
        institution_id=institution_id, role=Role.OWNER
    )
    return len(list(owners))


@transaction.atomic(durable=True)
def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    owners = _lock_owners(membership.institution_id)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and owners <= 1:
        raise StaffError("last_owner")
    from_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_log(
        subject=membership,
        action="staff.role_changed",
        at=timezone.now(),
        actor=actor,
        institution_id=membership.institution_id,
        from_state=from_role,
        to_state=role,
        data={"email": membership.user.email},
    )
    if from_role not in SECOND_FACTOR_ROLES:
        _end_other_sessions_if_needed(membership.user, role, keep_session_key=None)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Takes the person off the institution's staff. Not durable on its own: leaving the
    staff also ends their check-in assignments, so `office.staff.staff_member_remove` runs
    both in one transaction."""
    owners = _lock_owners(membership.institution_id)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    if membership.role == Role.OWNER and owners <= 1:
        raise StaffError("last_owner")
    audit_log(
        subject=membership,
        action="staff.removed",
        at=timezone.now(),
        actor=actor,
        institution_id=membership.institution_id,
        from_state=membership.role,
        data={"email": membership.user.email},
    )
    membership.delete()
