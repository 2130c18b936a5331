"""The link in an invitation e-mail: who invites, to what, and accepting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lifelong.accounts import services
from lifelong.accounts.access import signed_in_user
from lifelong.accounts.middleware import SESSION_KEY
from lifelong.accounts.models import Role


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
        return redirect("office:home")
    return render(request, "accounts/invitation.html", {"invitation": found})
