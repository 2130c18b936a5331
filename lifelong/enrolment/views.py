"""Participants' pages: apply, answer an offer, cancel, a new check-in pass ("My programmes",
which shows all of it, is the office's). Thin adapters over the services; every enrolment
error becomes a message in the reader's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue.calendar import edition_calendar_events
from lifelong.catalogue.selectors import ApplicationWindow, application_window
from lifelong.enrolment import selectors, services
from lifelong.enrolment.access import (
    access_accepted_application_by_id_as_applicant,
    access_application_by_id_as_applicant,
    access_application_by_offer_link,
    is_the_applicant,
    offer_link_open,
)
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.forms import ApplicationForm
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.enrolment.offer_links import offer_link_read
from lifelong.enrolment.places import places_count
from lifelong.lib.ics import calendar_file


@login_required
def apply(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = selectors.edition_for_application(edition_id=edition_id)
    if edition is None:
        raise Http404
    user = signed_in_user(request)
    window = application_window(edition, timezone.now())
    form = ApplicationForm(request.POST or None, edition=edition, user=user)
    # A POST goes straight to the service, which checks everything again under the lock.
    if request.method == "POST" and window == ApplicationWindow.OPEN and form.is_valid():
        try:
            services.application_submit(
                edition=edition, applicant=user, data=form.application_input()
            )
        except EnrolmentError as error:
            if error.code == "already_applied":
                messages.info(request, error.message)
                return redirect("office:my_programmes")
            form.add_enrolment_error(error)
        else:
            messages.success(request, _("Thank you: your application has been received."))
            return redirect("office:my_programmes")
    if selectors.live_application(edition_id=edition.pk, applicant=user) is not None:
        messages.info(request, _("You have already applied for this edition."))
        return redirect("office:my_programmes")
    places = places_count(edition)
    full = places.left == 0 and not edition.waiting_list
    return render(
        request,
        "enrolment/apply.html",
        {
            "edition": edition,
            "programme": edition.programme,
            "form": form,
            "window": window,
            "full": full,
            "places_left": places.left,
        },
        status=422 if request.method == "POST" else 200,
    )


_PARTICIPANT_ACTIONS = {
    "accept": (services.offer_accept, gettext_lazy("You have accepted the place. See you there!")),
    "decline": (services.offer_decline, gettext_lazy("You have declined the place.")),
    "cancel": (services.application_cancel, gettext_lazy("Your application is cancelled.")),
}


def _act(request: HttpRequest, application: Application, action: str) -> bool:
    service, success = _PARTICIPANT_ACTIONS[action]
    try:
        service(application_id=application.pk, applicant=application.applicant)
    except EnrolmentError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, str(success))
    return True


@login_required
@require_POST
def application_action(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    if action not in _PARTICIPANT_ACTIONS:
        raise Http404
    application = access_application_by_id_as_applicant(signed_in_user(request), application_id)
    _act(request, application, action)
    return redirect("office:my_programmes")


@login_required
@require_POST
def new_pass(request: HttpRequest, application_id: int) -> HttpResponse:
    """A participant whose pass was lost or shared gets a new code; the old one stops working."""
    user = signed_in_user(request)
    application = access_application_by_id_as_applicant(user, application_id)
    try:
        services.checkin_pass_replace(application=application, actor=user)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your new check-in pass is ready; the old code no longer works.")
        )
    return redirect("office:my_programmes")


@login_required
@require_safe
def my_calendar(request: HttpRequest, application_id: int) -> HttpResponse:
    """A participant's own calendar file: the days with their online links, which the
    public file leaves out."""
    application = access_accepted_application_by_id_as_applicant(
        signed_in_user(request), application_id
    )
    edition = application.edition
    body = calendar_file(
        name=f"{edition.programme.title} {edition.label}",
        events=edition_calendar_events(
            edition=edition, site_url=request.build_absolute_uri("/"), for_participant=True
        ),
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(edition.programme.title)}-{slugify(edition.label)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def offer(request: HttpRequest, token: str) -> HttpResponse:
    """The page an offer e-mail links to. The signed link stands in for a login, so the
    person can accept or decline from their inbox; it only ever acts on that one offer,
    and only while it is open. Whoever holds the link but is not signed in as the
    applicant sees no name (a forwarded e-mail, a shared screen)."""
    link = offer_link_read(token)
    application = access_application_by_offer_link(link)
    assert link is not None  # noqa: S101  (access refuses a link that is not one)
    if not offer_link_open(application, link, timezone.now()):
        # Answered: the page says how (right after answering it is where one lands);
        # lapsed or replaced by a newer offer: gone.
        answered = application.state in (ApplicationState.ACCEPTED, ApplicationState.DECLINED)
        return render(
            request,
            "enrolment/offer_closed.html",
            {"state": application.state if answered else ""},
            status=200 if answered else 410,
        )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("accept", "decline"):
            _act(request, application, action)
        return HttpResponseRedirect(reverse("enrolment:offer", kwargs={"token": token}))
    return render(
        request,
        "enrolment/offer.html",
        {
            "application": application,
            "name": application.full_name if is_the_applicant(request.user, application) else "",
        },
    )
