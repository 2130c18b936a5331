"""The institution's staff, managed by its owners: invitations, roles, leaving; and the
check-in helpers of an edition, given by its organisers. Thin: access, form, one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts import services
from lifelong.accounts.access import (
    access_edition_by_id_as_organiser,
    access_institution_by_id_as_owner,
    access_invitation_by_id_as_owner,
    access_membership_by_id_as_owner,
    signed_in_user,
)
from lifelong.accounts.forms import CheckinAssignmentForm, InvitationForm, RoleForm
from lifelong.accounts.middleware import SESSION_KEY
from lifelong.accounts.models import Invitation, Membership, Role
from lifelong.attendance.models import CheckinHelper
from lifelong.catalogue.models import Institution


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
        "accounts/staff/staff.html",
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
            institution=institution,
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
    return redirect("accounts:staff", institution_id=institution.pk)


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
    return redirect("accounts:staff", institution_id=invitation.institution_id)


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
    return redirect("accounts:staff", institution_id=membership.institution_id)


@login_required
@require_POST
def staff_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    user = signed_in_user(request)
    membership = access_membership_by_id_as_owner(user, membership_id)
    try:
        services.membership_remove(membership=membership, actor=user)
    except services.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Removed from the staff: %(email)s") % {"email": membership.user.email}
        )
    return redirect("accounts:staff", institution_id=membership.institution_id)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: shows what is offered, and accepts on POST."""
    user = signed_in_user(request)
    try:
        found = services.invitation_by_token(token)
    except services.StaffError as error:
        return render(request, "accounts/invitation.html", {"error": error.message}, status=404)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(
                token=token, user=user, keep_session_key=request.session.session_key
            )
        except services.StaffError as error:
            return render(
                request,
                "accounts/invitation.html",
                {"invitation": found, "error": error.message},
                status=400,
            )
        request.session.pop(SESSION_KEY, None)  # the new role is checked afresh
        messages.success(
            request,
            _("Welcome to the staff of %(institution)s.")
            % {"institution": membership.institution.name},
        )
        if membership.role == Role.CHECKIN:
            return redirect("attendance:sessions")
        return redirect("enrolment:staff_editions")
    return render(request, "accounts/invitation.html", {"invitation": found})


@login_required
def edition_helpers(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The check-in helpers of the edition's institution, and which of them this edition has."""
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    helpers = (
        Membership.objects.filter(
            institution_id=edition.programme.institution_id, role=Role.CHECKIN
        )
        .select_related("user")
        .order_by("user__email")
    )
    if request.method == "POST":
        form = CheckinAssignmentForm(request.POST)
        membership = (
            helpers.filter(pk=form.cleaned_data["membership"]).first() if form.is_valid() else None
        )
        if membership is None:
            messages.error(request, _("Choose one of the check-in helpers."))
        elif form.cleaned_data["assigned"]:
            services.checkin_helper_assign(edition_id=edition.pk, membership=membership, actor=user)
            messages.success(
                request, _("%(email)s can now check people in.") % {"email": membership.user.email}
            )
        else:
            services.checkin_helper_unassign(
                edition_id=edition.pk, membership=membership, actor=user
            )
            messages.success(
                request,
                _("%(email)s no longer checks people in here.") % {"email": membership.user.email},
            )
        return redirect("accounts:edition_helpers", edition_id=edition.pk)
    assigned = set(CheckinHelper.objects.filter(edition=edition).values_list("user_id", flat=True))
    return render(
        request,
        "accounts/staff/helpers.html",
        {
            "edition": edition,
            "helpers": [(membership, membership.user_id in assigned) for membership in helpers],
            "is_owner": Membership.objects.filter(
                user=user, institution_id=edition.programme.institution_id, role=Role.OWNER
            ).exists()
            or user.is_superuser,
        },
    )
