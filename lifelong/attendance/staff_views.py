"""Check-in desk, room screen, paper, corrections and the matrix, for staff.

Helpers assigned to an edition reach the desk, the room screen, the sign-in sheet and
paper entry (`access_session_by_id_for_checkin`); corrections, closing a day and the
matrix are for organisers (`access_day_by_id_as_organiser`). The desk answers its
scripts with JSON and everyone else with a page, so it works without JavaScript too.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.accounts.forms import CheckinAssignmentForm
from lifelong.accounts.models import Membership, Role
from lifelong.attendance import selectors, services
from lifelong.attendance.access import (
    access_day_by_id_as_organiser,
    access_day_by_id_for_checkin,
    access_session_by_id_for_checkin,
    editions_checked_in_by,
)
from lifelong.attendance.ahead import day_ahead
from lifelong.attendance.codes import ROOM_CODE_SECONDS, room_code
from lifelong.attendance.days import participant_by_id
from lifelong.attendance.errors import AttendanceError
from lifelong.attendance.exports import matrix_csv, matrix_xlsx
from lifelong.attendance.forms import CorrectionForm, PaperForm, PassCodeForm
from lifelong.attendance.models import AttendanceStatus, CheckinHelper
from lifelong.attendance.sheet import sign_in_sheet_pdf
from lifelong.catalogue.access import access_edition_by_id_as_organiser
from lifelong.catalogue.models import Session
from lifelong.enrolment.models import Application
from lifelong.enrolment.passes import pass_code_normalised
from lifelong.lib.qr import qr_svg


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@login_required
def checkin_sessions(request: HttpRequest) -> HttpResponse:
    """The days a person may check people in for: today's first, then the coming ones."""
    editions = editions_checked_in_by(signed_in_user(request))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sessions = list(
        Session.objects.filter(edition__in=editions, ends_at__gte=today)
        .select_related("edition__programme")
        .order_by("starts_at")[:50]
    )
    if not sessions and not editions.exists():
        raise Http404
    return render(request, "attendance/staff/sessions.html", {"sessions": sessions})


@login_required
def desk(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session_by_id_for_checkin(signed_in_user(request), session_id)
    query = request.GET.get("q", "")[:100]
    everyone = selectors.session_roster(session=session)
    rows = selectors.roster_matching(everyone, query)
    return render(
        request,
        "attendance/staff/desk.html",
        {
            "session": session,
            "edition": session.edition,
            "rows": rows,
            "counts": selectors.roster_counts(everyone),
            "query": query,
            "pass_form": PassCodeForm(),
            "closed": services.session_is_closed(session),
            "ahead": day_ahead(session.starts_at, today=timezone.localdate()),
        },
    )


def _desk_answer(
    request: HttpRequest,
    session_id: int,
    *,
    check_in: services.CheckIn | None = None,
    error: AttendanceError | None = None,
    undone: Application | None = None,
) -> HttpResponse:
    if error is not None:
        text, level = error.message, messages.ERROR
    elif undone is not None:
        text, level = _("Check-in taken back: %(name)s") % {"name": undone.full_name}, messages.INFO
    elif check_in is not None and check_in.already:
        text = _("%(name)s was already checked in (%(status)s).") % {
            "name": check_in.name,
            "status": check_in.status_label,
        }
        level = messages.INFO
    elif check_in is not None:
        text = _("Checked in: %(name)s (%(status)s)") % {
            "name": check_in.name,
            "status": check_in.status_label,
        }
        level = messages.SUCCESS
    else:
        raise ValueError("nothing to answer")
    if _wants_json(request):
        if error is not None:
            return JsonResponse({"ok": False, "code": error.code, "message": text}, status=400)
        return JsonResponse(
            {
                "ok": True,
                "message": text,
                "application": check_in.application_id if check_in else undone and undone.pk,
                "status": check_in.status if check_in else "",
                "status_label": check_in.status_label if check_in else "",
            }
        )
    messages.add_message(request, level, text)
    url = reverse("attendance:desk", args=[session_id])
    query = request.POST.get("q", "")
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@login_required
@require_POST
def desk_pass(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    form = PassCodeForm(request.POST)
    code = pass_code_normalised(form.cleaned_data["code"]) if form.is_valid() else None
    scanned = access_day_by_id_for_checkin(user, session_id, pass_code=code)
    if code is None:
        return _desk_answer(request, session_id, error=AttendanceError("pass_unknown"))
    try:
        check_in = services.desk_check_in_by_pass(
            scanned=scanned,
            status=request.POST.get("status", AttendanceStatus.PRESENT),
            actor=user,
        )
    except AttendanceError as error:
        return _desk_answer(request, session_id, error=error)
    return _desk_answer(request, session_id, check_in=check_in)


_DESK_ACTIONS = {"present", "late", "undo"}


@login_required
@require_POST
def desk_mark(
    request: HttpRequest, session_id: int, application_id: int, action: str
) -> HttpResponse:
    user = signed_in_user(request)
    day = access_day_by_id_for_checkin(user, session_id).day
    participant = participant_by_id(application_id=application_id, edition_id=day.edition_id)
    if participant is None or action not in _DESK_ACTIONS:
        raise Http404
    try:
        if action == "undo":
            application = Application.objects.get(pk=application_id)
            services.attendance_undo(
                session=access_session_by_id_for_checkin(user, session_id),
                application=application,
                actor=user,
            )
            return _desk_answer(request, session_id, undone=application)
        check_in = services.desk_check_in(
            day=day, participant=participant, status=action, actor=user
        )
    except AttendanceError as error:
        return _desk_answer(request, session_id, error=error)
    return _desk_answer(request, session_id, check_in=check_in)


def _room_state(request: HttpRequest, session: Session) -> dict[str, object]:
    now = timezone.now()
    url = request.build_absolute_uri(
        reverse("self_checkin", args=[room_code(session_id=session.pk, at=now)])
    )
    counts = selectors.roster_counts(selectors.session_roster(session=session))
    return {
        "url": url,
        "svg": qr_svg(url, title=_("QR code for checking in")),
        "checked_in": counts["checked_in"],
        "total": counts["total"],
        "seconds_left": ROOM_CODE_SECONDS - int(now.timestamp()) % ROOM_CODE_SECONDS,
    }


@login_required
def room(request: HttpRequest, session_id: int) -> HttpResponse:
    """The screen in the room: a QR code that changes every 30 seconds."""
    session = access_session_by_id_for_checkin(signed_in_user(request), session_id)
    return render(
        request,
        "attendance/staff/room.html",
        {
            "session": session,
            "edition": session.edition,
            "closed": services.session_is_closed(session),
            **_room_state(request, session),
        },
    )


@login_required
def room_code_now(request: HttpRequest, session_id: int) -> JsonResponse:
    session = access_session_by_id_for_checkin(signed_in_user(request), session_id)
    return JsonResponse(_room_state(request, session))


@login_required
def sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session_by_id_for_checkin(signed_in_user(request), session_id)
    language = request.GET.get("language", translation.get_language() or "de")[:2]
    if language not in ("de", "en"):
        language = "de"
    names = [
        (row.application.full_name, row.application.organisation)
        for row in selectors.session_roster(session=session)
    ]
    pdf = sign_in_sheet_pdf(session=session, names=names, language=language)
    filename = f"sign-in-{session.starts_at:%Y-%m-%d}-{language}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@login_required
def paper(request: HttpRequest, session_id: int) -> HttpResponse:
    """Enter the signed sheet: one row per participant, one choice per row."""
    user = signed_in_user(request)
    session = access_session_by_id_for_checkin(user, session_id)
    rows = selectors.session_roster(session=session)
    form = PaperForm(
        request.POST or None, recorded={row.application.pk: row.status for row in rows}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.attendance_paper_enter(
                    session=session, statuses=form.statuses(), actor=user
                )
            except AttendanceError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Saved. Records changed: %(count)d") % {"count": changed}
                )
                return redirect("attendance:paper", session_id=session.pk)
        else:
            messages.error(request, _("Choose one of the attendance statuses."))
    return render(
        request,
        "attendance/staff/paper.html",
        {
            "session": session,
            "edition": session.edition,
            "rows": [(row, form[f"a{row.application.pk}"]) for row in rows],
            "closed": services.session_is_closed(session),
            "ahead": day_ahead(session.starts_at, today=timezone.localdate()),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def day(request: HttpRequest, session_id: int) -> HttpResponse:
    """An organiser's view of one day: every record, who made it and how, corrections."""
    session = access_day_by_id_as_organiser(signed_in_user(request), session_id)
    rows = selectors.session_roster(session=session)
    return render(
        request,
        "attendance/staff/day.html",
        {
            "session": session,
            "edition": session.edition,
            "rows": rows,
            "counts": selectors.roster_counts(rows),
            "closed": services.session_is_closed(session),
            "ahead": day_ahead(session.starts_at, today=timezone.localdate()),
            "form": CorrectionForm(),
        },
    )


@login_required
@require_POST
def correct(request: HttpRequest, session_id: int, application_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = access_day_by_id_as_organiser(user, session_id)
    application = Application.objects.filter(
        pk=application_id, edition_id=session.edition_id
    ).first()
    if application is None:
        raise Http404
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose the attendance and give a reason; it is kept in the log.")
        )
    else:
        try:
            changed = services.attendance_correct(
                session=session,
                application=application,
                status=form.status_or_none(),
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except AttendanceError as error:
            messages.error(request, error.message)
        else:
            if changed:
                messages.success(
                    request, _("Corrected: %(name)s") % {"name": application.full_name}
                )
            else:
                messages.info(
                    request, _("Nothing changed: %(name)s") % {"name": application.full_name}
                )
    return redirect("attendance:day", session_id=session.pk)


@login_required
def matrix(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    return render(
        request,
        "attendance/staff/matrix.html",
        {"edition": edition, "matrix": selectors.edition_matrix(edition=edition)},
    )


@login_required
def matrix_download(request: HttpRequest, edition_id: int, kind: str) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    language = translation.get_language() or "de"
    data = selectors.edition_matrix(edition=edition)
    filename = f"attendance-{edition.programme.slug}-{edition.pk}.{kind}"
    if kind == "csv":
        body, content_type = matrix_csv(data, language=language), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body = matrix_xlsx(data, language=language)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    return HttpResponse(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


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
        return redirect("attendance:edition_helpers", edition_id=edition.pk)
    assigned = set(CheckinHelper.objects.filter(edition=edition).values_list("user_id", flat=True))
    return render(
        request,
        "attendance/staff/helpers.html",
        {
            "edition": edition,
            "helpers": [(membership, membership.user_id in assigned) for membership in helpers],
            "is_owner": Membership.objects.filter(
                user=user, institution_id=edition.programme.institution_id, role=Role.OWNER
            ).exists()
            or user.is_superuser,
        },
    )
