"""The institution's staff, managed by its owners: invitations, roles, leaving. Thin: access,
form, one service. (Accepting an invitation is accounts'; assigning check-in helpers to an
edition is attendance's.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts import services
from lifelong.accounts.access import (
    access_invitation_by_id_as_owner,
    access_membership_by_id_as_owner,
    signed_in_user,
)
from lifelong.accounts.forms import InvitationForm, RoleForm
from lifelong.accounts.models import Invitation, Membership, Role
from lifelong.catalogue.access import access_institution_by_id_as_owner
from lifelong.catalogue.models import Institution
from lifelong.office.staff import staff_member_remove


def _staff_page(
    request: HttpRequest, institution: Institution, form: InvitationForm | None = None
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .order_by("role", "user__email")
    )
    invitations = [
        invitation
        for invitation in Invitation.objects.filter(
            institution=institution, accepted_at=None, withdrawn_at=None
        ).select_related("invited_by")
        if invitation.is_open
    ]
    return render(
        request,
        "office/staff.html",
        {
            "institution": institution,
            "memberships": memberships,
            "invitations": invitations,
            "form": form or InvitationForm(),
            "roles": Role.choices,
        },
        status=400 if form is not None else 200,
    )


@login_required
def staff_list(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = access_institution_by_id_as_owner(signed_in_user(request), institution_id)
    return _staff_page(request, institution)


@login_required
@require_POST
def staff_invite(request: HttpRequest, institution_id: int) -> HttpResponse:
    user = signed_in_user(request)
    institution = access_institution_by_id_as_owner(user, institution_id)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, institution, form)
    try:
        services.invitation_send(
            institution_id=institution.pk,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            actor=user,
            language=translation.get_language() or "de",
        )
    except services.StaffError as error:
        form.add_error("email", error.message)
        return _staff_page(request, institution, form)
    messages.success(
        request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
    )
    return redirect("office:staff", institution_id=institution.pk)


@login_required
@require_POST
def staff_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    invitation = access_invitation_by_id_as_owner(user, invitation_id)
    try:
        services.invitation_withdraw(invitation=invitation, actor=user)
    except services.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Invitation withdrawn: %(email)s") % {"email": invitation.email}
        )
    return redirect("office:staff", institution_id=invitation.institution_id)


@login_required
@require_POST
def staff_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    user = signed_in_user(request)
    membership = access_membership_by_id_as_owner(user, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], actor=user
            )
        except services.StaffError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Role changed: %(email)s") % {"email": membership.user.email}
            )
    return redirect("office:staff", institution_id=membership.institution_id)


@login_required
@require_POST
def staff_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    user = signed_in_user(request)
    membership = access_membership_by_id_as_owner(user, membership_id)
    try:
        staff_member_remove(membership=membership, actor=user)
    except services.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Removed from the staff: %(email)s") % {"email": membership.user.email}
        )
    return redirect("office:staff", institution_id=membership.institution_id)
