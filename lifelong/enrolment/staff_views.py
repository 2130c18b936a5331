"""The organisers' page for one edition: decide on applications, run the waiting list,
change the number of places. Each request goes through an access_* check first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import access_edition_by_id_as_organiser, editions_organised_by
from lifelong.accounts.models import User
from lifelong.audit.selectors import audit_events_of_edition
from lifelong.enrolment import selectors, services
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.forms import CapacityForm, DecisionForm, WaitlistMoveForm
from lifelong.enrolment.models import Application, ApplicationState, LotteryDraw
from lifelong.enrolment.places import places_count
from lifelong.enrolment.services import lottery_order


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required ran)
    return user


@login_required
def staff_editions(request: HttpRequest) -> HttpResponse:
    editions = (
        editions_organised_by(_user(request))
        .select_related("programme__institution")
        .order_by("-applications_close_at")
    )
    if not editions.exists() and not _user(request).is_superuser:
        raise Http404
    return render(request, "enrolment/staff/editions.html", {"editions": editions})


@login_required
def staff_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(_user(request), edition_id)
    draw = LotteryDraw.objects.filter(edition=edition).first()
    return render(
        request,
        "enrolment/staff/edition.html",
        {
            "edition": edition,
            "places": places_count(edition),
            "applications": selectors.edition_applications(edition=edition),
            "waitlist": selectors.edition_waitlist(edition=edition),
            "capacity_form": CapacityForm(initial={"capacity": edition.capacity}),
            "draw": draw,
            "draw_replays": draw is not None
            and lottery_order(candidate_ids=draw.candidate_ids, seed=draw.seed) == draw.drawn_ids,
            "log": audit_events_of_edition(edition=edition),
            "names": dict(
                Application.objects.filter(edition=edition).values_list("pk", "full_name")
            ),
        },
    )


def _organised_application(request: HttpRequest, application_id: int) -> Application:
    application = Application.objects.filter(
        pk=application_id, edition__in=editions_organised_by(_user(request))
    ).first()
    if application is None:
        raise Http404
    return application


_DECISIONS = {
    "accept": ApplicationState.ACCEPTED,
    "waitlist": ApplicationState.WAITLISTED,
    "reject": ApplicationState.REJECTED,
    "cancel": ApplicationState.CANCELLED,
}


@login_required
@require_POST
def staff_decide(request: HttpRequest, application_id: int, decision: str) -> HttpResponse:
    application = _organised_application(request, application_id)
    if decision not in _DECISIONS:
        raise Http404
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_decide(
            application_id=application.pk,
            to_state=_DECISIONS[decision],
            actor=_user(request),
            reason=reason,
        )
    except EnrolmentError as error:
        messages.error(request, f"{application.full_name}: {error.message}")
    else:
        messages.success(request, _("Saved: %(name)s") % {"name": application.full_name})
    return redirect("enrolment:staff_edition", edition_id=application.edition_id)


@login_required
@require_POST
def staff_waitlist_move(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _organised_application(request, application_id)
    form = WaitlistMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a position and a reason to move someone."))
    else:
        try:
            services.waitlist_move(
                application_id=application.pk,
                position=form.cleaned_data["position"],
                actor=_user(request),
                reason=form.cleaned_data["reason"],
            )
        except EnrolmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The waiting list has a new order."))
    return redirect("enrolment:staff_edition", edition_id=application.edition_id)


@login_required
@require_POST
def staff_capacity(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(_user(request), edition_id)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of places and a reason."))
        return redirect("enrolment:staff_edition", edition_id=edition.pk)
    try:
        offers = services.edition_capacity_change(
            edition_id=edition.pk,
            capacity=form.cleaned_data["capacity"],
            actor=_user(request),
            reason=form.cleaned_data["reason"],
        )
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Places changed. Offers sent to the waiting list: %(count)d") % {"count": offers},
        )
    return redirect("enrolment:staff_edition", edition_id=edition.pk)
