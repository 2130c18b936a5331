"""Changes to an institution's staff that reach beyond accounts."""

from django.db import transaction

from lifelong.accounts.models import Membership, User
from lifelong.accounts.services import membership_remove
from lifelong.attendance.services import checkin_helpers_end


def staff_member_remove(*, membership: Membership, actor: User) -> None:
    """Take a person off the institution's staff, and with it their check-in assignments
    there, in one transaction (a person invited again starts with none)."""
    with transaction.atomic(durable=True):
        membership_remove(membership=membership, actor=actor)
        checkin_helpers_end(user_id=membership.user_id, institution_id=membership.institution_id)
