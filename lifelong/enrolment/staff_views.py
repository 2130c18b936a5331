"""The organisers' decisions on one edition's applications: decide, run the waiting list,
change the number of places (the edition's page, which shows them, is the office's). Each
request goes through an access_* check first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue.access import (
    access_edition_by_id_as_organiser,
)
from lifelong.enrolment import services
from lifelong.enrolment.access import access_application_by_id_as_organiser
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.forms import CapacityForm, DecisionForm, WaitlistMoveForm
from lifelong.enrolment.models import ApplicationState
from lifelong.enrolment.review_views import redirect_back

_DECISIONS = {
    "accept": ApplicationState.ACCEPTED,
    "waitlist": ApplicationState.WAITLISTED,
    "reject": ApplicationState.REJECTED,
    "cancel": ApplicationState.CANCELLED,
}


@login_required
@require_POST
def staff_decide(request: HttpRequest, application_id: int, decision: str) -> HttpResponse:
    application = access_application_by_id_as_organiser(signed_in_user(request), application_id)
    if decision not in _DECISIONS:
        raise Http404
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_decide(
            application_id=application.pk,
            to_state=_DECISIONS[decision],
            actor=signed_in_user(request),
            reason=reason,
        )
    except EnrolmentError as error:
        messages.error(request, f"{application.full_name}: {error.message}")
    else:
        messages.success(request, _("Saved: %(name)s") % {"name": application.full_name})
    return redirect("office:edition", edition_id=application.edition_id)


@login_required
@require_POST
def staff_waitlist_move(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access_application_by_id_as_organiser(signed_in_user(request), application_id)
    form = WaitlistMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a position and a reason to move someone."))
    else:
        try:
            services.waitlist_move(
                application_id=application.pk,
                position=form.cleaned_data["position"],
                actor=signed_in_user(request),
                reason=form.cleaned_data["reason"],
            )
        except EnrolmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The waiting list has a new order."))
    return redirect("office:edition", edition_id=application.edition_id)


@login_required
@require_POST
def staff_capacity(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    form = CapacityForm(request.POST)
    back = (
        redirect_back(request, edition.pk)
        if request.POST.get("back") == "applications"
        else redirect("office:edition", edition_id=edition.pk)
    )
    if not form.is_valid():
        messages.error(request, _("Give the number of places and a reason."))
        return back
    try:
        offers = services.edition_capacity_change(
            edition_id=edition.pk,
            capacity=form.cleaned_data["capacity"],
            actor=signed_in_user(request),
            reason=form.cleaned_data["reason"],
        )
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Places changed. Offers sent to the waiting list: %(count)d") % {"count": offers},
        )
    return back
