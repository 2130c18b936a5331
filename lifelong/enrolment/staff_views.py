"""The organisers' page for one edition: decide on applications, run the waiting list,
change the number of places. Each request goes through an access_* check first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import (
    access_application_by_id_as_organiser,
    access_edition_by_id_as_organiser,
    editions_checked_in_by,
    editions_organised_by,
    institutions_owned_by,
    institutions_visible_to_organiser,
    signed_in_user,
)
from lifelong.audit.models import AuditEvent
from lifelong.audit.selectors import audit_events_of_edition
from lifelong.catalogue.models import Edition
from lifelong.certificates.selectors import EditionRecord
from lifelong.enrolment import selectors, services
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.forms import CapacityForm, DecisionForm, WaitlistMoveForm
from lifelong.enrolment.models import ApplicationState, LotteryDraw
from lifelong.enrolment.places import places_count
from lifelong.enrolment.review_views import redirect_back
from lifelong.enrolment.services import lottery_order


@login_required
def staff_editions(request: HttpRequest) -> HttpResponse:
    """The back office's start page: the institutions one works for, and their editions."""
    user = signed_in_user(request)
    institutions = list(institutions_visible_to_organiser(user).order_by("slug"))
    if not institutions:
        # Check-in helpers organise nothing: their start page is the list of days.
        if editions_checked_in_by(user).exists():
            return redirect("attendance:sessions")
        raise Http404
    owned = set(institutions_owned_by(user).values_list("pk", flat=True))
    editions = (
        editions_organised_by(user)
        .select_related("programme__institution")
        .order_by("-applications_close_at")
    )
    return render(
        request,
        "enrolment/staff/editions.html",
        {
            "editions": editions,
            "institutions": [(each, each.pk in owned) for each in institutions],
        },
    )


@login_required
def staff_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    draw = LotteryDraw.objects.filter(edition=edition).first()
    log = audit_events_of_edition(edition=edition, limit=10)
    return render(
        request,
        "enrolment/staff/edition.html",
        {
            "edition": edition,
            "places": places_count(edition),
            "waitlist": selectors.edition_waitlist(edition=edition),
            "capacity_form": CapacityForm(initial={"capacity": edition.capacity}),
            "draw": draw,
            "draw_replays": draw is not None
            and lottery_order(candidate_ids=draw.candidate_ids, seed=draw.seed) == draw.drawn_ids,
            "log": log,
            "names": _applicant_names(edition, log),
            "sessions": edition.sessions.select_related("closing").order_by("starts_at"),
            "rule_text": EditionRecord.read(edition, application_ids=[]).rule_text(),
        },
    )


def _applicant_names(edition: Edition, events: list[AuditEvent]) -> dict[int, str]:
    """The names of the applicants the events are about."""
    ids = [event.subject_id for event in events if event.subject_type == "enrolment.application"]
    return dict(edition.applications.filter(pk__in=ids).values_list("pk", "full_name"))


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
    return redirect("enrolment:staff_edition", edition_id=application.edition_id)


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
    return redirect("enrolment:staff_edition", edition_id=application.edition_id)


@login_required
@require_POST
def staff_capacity(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    form = CapacityForm(request.POST)
    back = (
        redirect_back(request, edition.pk)
        if request.POST.get("back") == "applications"
        else redirect("enrolment:staff_edition", edition_id=edition.pk)
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
