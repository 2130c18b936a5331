"""The pages that bring the domains together: the back office's start page and the hub of an
edition for organisers, "My programmes" for participants, and closing a programme day (which
may then issue certificates). Thin: access first, then reads or one service, then render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.attendance.access import access_day_by_id_as_organiser, editions_checked_in_by
from lifelong.audit.models import AuditEvent
from lifelong.audit.selectors import audit_events_of_edition
from lifelong.catalogue.access import (
    access_edition_by_id_as_organiser,
    editions_organised_by,
    institutions_owned_by,
    institutions_visible_to_organiser,
)
from lifelong.catalogue.models import Edition
from lifelong.enrolment import selectors as enrolment_selectors
from lifelong.enrolment.forms import CapacityForm, LanguageForm
from lifelong.enrolment.models import LotteryDraw
from lifelong.enrolment.places import places_count
from lifelong.enrolment.services import lottery_order
from lifelong.jobs.selectors import progress_json
from lifelong.office import days, selectors
from lifelong.office.access import access_job_by_id_as_organiser, administers_site
from lifelong.office.retention import edition_schedule
from lifelong.office.task_failures import task_failures_given_up_count


@login_required
def home(request: HttpRequest) -> HttpResponse:
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
        "office/home.html",
        {
            "editions": editions,
            "institutions": [(each, each.pk in owned) for each in institutions],
            # Site administrators see how many background tasks were given up.
            "failed_tasks": task_failures_given_up_count() if administers_site(user) else None,
        },
    )


@login_required
def edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    """One edition's hub: places and the waiting list, the lottery, the days, the rule, the
    latest log, and the way to every page of its work."""
    found = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    draw = LotteryDraw.objects.filter(edition=found).first()
    log = audit_events_of_edition(edition=found, limit=10)
    return render(
        request,
        "office/edition.html",
        {
            "edition": found,
            "places": places_count(found),
            "waitlist": enrolment_selectors.edition_waitlist(edition=found),
            "capacity_form": CapacityForm(initial={"capacity": found.capacity}),
            "draw": draw,
            "awaits_draw": enrolment_selectors.edition_awaits_draw(found),
            "draw_replays": draw is not None
            and lottery_order(candidate_ids=draw.candidate_ids, seed=draw.seed) == draw.drawn_ids,
            "log": log,
            "names": _applicant_names(found, log),
            "sessions": found.sessions.select_related("closing").order_by("starts_at"),
            "rule_text": selectors.edition_rule_text(edition=found),
            "retention": edition_schedule(edition=found),
        },
    )


def _applicant_names(edition: Edition, events: list[AuditEvent]) -> dict[int, str]:
    """The names of the applicants the events are about."""
    ids = [event.subject_id for event in events if event.subject_type == "enrolment.application"]
    return dict(edition.applications.filter(pk__in=ids).values_list("pk", "full_name"))


@login_required
def my_programmes(request: HttpRequest) -> HttpResponse:
    """A participant's applications and places, with their days, attendance, check-in passes
    and certificates. A read: it creates nothing (a pass comes with the place)."""
    user = signed_in_user(request)
    return render(
        request,
        "office/my_programmes.html",
        {
            **selectors.my_programmes(person=user),
            "language_form": LanguageForm(initial={"preferred_language": user.preferred_language}),
            "now": timezone.now(),
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
    return redirect("office:my_programmes")


@login_required
@require_POST
def day_close(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = access_day_by_id_as_organiser(user, session_id)
    closed = days.day_close(session=session, actor=user)
    messages.success(
        request, _("The day is closed. Marked absent: %(count)d") % {"count": closed.absent}
    )
    if closed.certificates_started:
        messages.info(request, _("It was the last day: the certificates are being issued."))
    return redirect("attendance:day", session_id=session.pk)


@never_cache
@login_required
def job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """The progress of any job as JSON, for the progress component (templates/jobs/
    _progress.html, static/js/progress.js): organisers of the job's edition only."""
    job = access_job_by_id_as_organiser(signed_in_user(request), job_id)
    return JsonResponse(progress_json(job))
