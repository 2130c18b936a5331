"""The organisers' applications page of an edition: filter, read the answers, decide on one
or many, write to the selected people; and the log of the edition. Thin: access, forms, one
service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.audit.selectors import audit_events_of_edition_all
from lifelong.catalogue.access import access_edition_by_id_as_organiser
from lifelong.catalogue.models import EditionAudience
from lifelong.enrolment import review, services, staff_messages
from lifelong.enrolment.access import access_staff_message_by_id_as_organiser
from lifelong.enrolment.forms import (
    BULK_DECISIONS,
    ApplicationFilterForm,
    BulkActionForm,
    CapacityForm,
)
from lifelong.enrolment.models import Question
from lifelong.enrolment.places import places_count
from lifelong.enrolment.selectors import edition_awaits_draw
from lifelong.lib.forms import ids_or_nothing, return_query

LOG_PAGE_SIZE = 100


def _audiences(edition_id: int) -> list[tuple[int, str]]:
    links = EditionAudience.objects.filter(edition_id=edition_id).select_related("audience")
    return [(link.audience_id, link.audience.name) for link in links]


@login_required
def applications(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    filter_form = ApplicationFilterForm(request.GET, audiences=_audiences(edition.pk))
    filters = filter_form.filters()
    page = review.edition_applications_page(
        edition=edition, filters=filters, page_number=request.GET.get("page")
    )
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "enrolment/staff/applications.html",
        {
            "edition": edition,
            "filter_form": filter_form,
            "filtered": bool(query),
            "page": page,
            "query": urlencode(query),
            "questions": list(Question.objects.filter(edition=edition).order_by("position", "pk")),
            "quota_status": review.edition_quota_status(edition=edition),
            "places": places_count(edition),
            "capacity_form": CapacityForm(
                initial={"capacity": edition.capacity}, auto_id="places_%s"
            ),
            "bulk_form": BulkActionForm(None),
            "decisions": BULK_DECISIONS,
            "awaits_draw": edition_awaits_draw(edition),
        },
    )


@login_required
@require_POST
def applications_act(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Decides on, or writes to, the applications ticked on the page."""
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    ids = ids_or_nothing(request.POST.getlist("application"))
    back = redirect_back(request, edition.pk)
    form = BulkActionForm(request.POST)
    if not ids:
        messages.error(request, _("Select at least one application."))
        return back
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    action = form.cleaned_data["action"]
    if action == "message":
        try:
            message = staff_messages.staff_message_send(
                edition=edition,
                application_ids=ids,
                subject=form.cleaned_data["subject"].strip(),
                body=form.cleaned_data["body"].strip(),
                actor=user,
            )
        except staff_messages.MessageError as error:
            messages.error(request, error.message)
            return back
        return redirect("enrolment:staff_message", message_id=message.pk)
    result = services.applications_decide(
        edition=edition,
        application_ids=ids,
        to_state=BULK_DECISIONS[action],
        actor=user,
        reason=form.cleaned_data["reason"],
    )
    if result.decided:
        messages.success(
            request,
            ngettext(
                "Saved for %(count)d person: %(names)s",
                "Saved for %(count)d people: %(names)s",
                len(result.decided),
            )
            % {
                "count": len(result.decided),
                "names": ", ".join(application.full_name for application in result.decided),
            },
        )
    for application, reason in result.refused:
        messages.error(request, f"{application.full_name}: {reason}")
    return back


def redirect_back(request: HttpRequest, edition_id: int) -> HttpResponse:
    """To the applications page with the filters the organiser had set."""
    query = return_query(request.POST.get("return_query", ""))
    response = redirect("enrolment:staff_applications", edition_id=edition_id)
    if query:
        response["Location"] += f"?{query}"
    return response


@login_required
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    found = access_staff_message_by_id_as_organiser(signed_in_user(request), message_id)
    return render(
        request, "enrolment/staff/message.html", {"edition": found.edition, "message": found}
    )


@login_required
def edition_log(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Every recorded change of the edition, its applications, days and certificates."""
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    page = Paginator(audit_events_of_edition_all(edition=edition), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = dict(edition.applications.values_list("pk", "full_name"))
    return render(
        request,
        "enrolment/staff/log.html",
        {"edition": edition, "page": page, "log": page.object_list, "names": names},
    )
