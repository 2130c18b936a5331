"""Participants' pages: apply, "My programmes", answer an offer. Thin adapters over the
services; every enrolment error becomes a message in the reader's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.attendance.passes import pass_picture
from lifelong.attendance.selectors import my_attendance
from lifelong.attendance.services import checkin_pass_for, checkin_pass_replace
from lifelong.catalogue.selectors import ApplicationWindow, application_window
from lifelong.certificates.selectors import my_standings
from lifelong.enrolment import selectors, services
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.forms import ApplicationForm, LanguageForm
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.enrolment.notifications import offer_link_application_id
from lifelong.enrolment.places import places_count


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
                return redirect("enrolment:my_programmes")
            form.add_enrolment_error(error)
        else:
            messages.success(request, _("Thank you: your application has been received."))
            return redirect("enrolment:my_programmes")
    if selectors.live_application(edition_id=edition.pk, applicant=user) is not None:
        messages.info(request, _("You have already applied for this edition."))
        return redirect("enrolment:my_programmes")
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


@login_required
def my_programmes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    language_form = LanguageForm(initial={"preferred_language": user.preferred_language})
    rows = selectors.my_applications(applicant=user)
    accepted = [
        row.application for row in rows if row.application.state == ApplicationState.ACCEPTED
    ]
    return render(
        request,
        "enrolment/my_programmes.html",
        {
            "rows": rows,
            "language_form": language_form,
            "days": my_attendance(applications=accepted),
            "passes": {
                application.pk: pass_picture(checkin_pass_for(application=application))
                for application in accepted
            },
            "now": timezone.now(),
            "standings": my_standings(applications=[row.application for row in rows]),
        },
    )


@login_required
@require_POST
def my_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid():
        user = signed_in_user(request)
        user.preferred_language = form.cleaned_data["preferred_language"]
        user.save(update_fields=["preferred_language"])
        messages.success(request, _("Saved: we will write to you in the language you chose."))
    return redirect("enrolment:my_programmes")


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
    application = Application.objects.filter(
        pk=application_id, applicant=signed_in_user(request)
    ).first()
    if application is None:
        raise Http404
    _act(request, application, action)
    return redirect("enrolment:my_programmes")


@login_required
@require_POST
def new_pass(request: HttpRequest, application_id: int) -> HttpResponse:
    """A participant whose pass was lost or shared gets a new code; the old one stops working."""
    user = signed_in_user(request)
    application = (
        Application.objects.filter(
            pk=application_id, applicant=user, state=ApplicationState.ACCEPTED
        )
        .select_related("edition__programme")
        .first()
    )
    if application is None:
        raise Http404
    checkin_pass_replace(application=application, actor=user)
    messages.success(request, _("Your new check-in pass is ready; the old code no longer works."))
    return redirect("enrolment:my_programmes")


def offer(request: HttpRequest, token: str) -> HttpResponse:
    """The page an offer e-mail links to. The signed link stands in for a login, so the
    person can accept or decline from their inbox; it only ever acts on that one offer."""
    application_id = offer_link_application_id(token)
    application = (
        Application.objects.select_related("edition__programme__institution", "applicant")
        .filter(pk=application_id)
        .first()
        if application_id
        else None
    )
    if application is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("accept", "decline") and application.state == ApplicationState.OFFERED:
            _act(request, application, action)
        return HttpResponseRedirect(reverse("enrolment:offer", kwargs={"token": token}))
    return render(
        request, "enrolment/offer.html", {"application": application, "now": timezone.now()}
    )
