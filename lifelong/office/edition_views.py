"""The organisers' back office for programmes, editions and their days. Each view checks
access (the `access_*` functions: anyone but the institution's organisers gets 404), parses the
form, calls one service and renders; a refused change shows its reason on the field."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue import services as catalogue_services
from lifelong.catalogue.access import (
    access_edition_by_id_as_organiser,
    access_institution_by_id_as_organiser,
    access_programme_by_id_as_organiser,
    access_session_by_id_as_organiser,
    institutions_visible_to_organiser,
)
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition, EditionStatus
from lifelong.catalogue.privacy import retention_periods
from lifelong.lib.forms import date_plus
from lifelong.lib.wall_time import WallTime
from lifelong.office import checks, editions, selectors
from lifelong.office.forms import DuplicateForm, EditionForm, ProgrammeForm, SessionForm


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page: 422 when a sent form comes back with its errors."""
    if template == "office/edition_form.html":
        # What an edition's empty retention fields stand for.
        context["institution_periods"] = retention_periods(
            institution=context["programme"].institution
        )
    return render(request, template, context, status=422 if request.method == "POST" else 200)


def _edition_page(edition: Edition, anchor: str = "") -> str:
    url = reverse("office:edition_edit", kwargs={"edition_id": edition.pk})
    return f"{url}#{anchor}" if anchor else url


# --- programmes ----------------------------------------------------------------------------


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    institutions = institutions_visible_to_organiser(signed_in_user(request))
    if not institutions.exists():
        raise Http404
    return render(
        request,
        "office/programmes.html",
        {"programmes": selectors.programmes_of(institutions=institutions)},
    )


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    institutions = institutions_visible_to_organiser(user)
    if not institutions.exists():
        raise Http404
    form = ProgrammeForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        institution = access_institution_by_id_as_organiser(user, form.chosen_institution().pk)
        try:
            programme = catalogue_services.programme_create(
                institution=institution, data=form.programme_input(), actor=user
            )
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(
                request, _("The programme is saved. Now add its first edition and its days.")
            )
            return redirect("office:edition_new", programme_id=programme.pk)
    return _page(request, "office/programme_form.html", {"form": form})


@login_required
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = signed_in_user(request)
    programme = access_programme_by_id_as_organiser(user, programme_id)
    form = ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.programme_update(
                programme=programme, data=form.programme_input(), actor=user
            )
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:programmes")
    return _page(request, "office/programme_form.html", {"form": form, "programme": programme})


# --- editions ------------------------------------------------------------------------------


@login_required
def edition_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = signed_in_user(request)
    programme = access_programme_by_id_as_organiser(user, programme_id)
    form = EditionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            edition = editions.edition_create(
                programme=programme, data=form.edition_input(), actor=user
            )
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(
                request,
                _("The edition is saved as a draft. Add its programme days, then publish it."),
            )
            return redirect(_edition_page(edition, "days"))
    return _page(request, "office/edition_form.html", {"form": form, "programme": programme})


@login_required
def edition_edit(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    form = EditionForm(request.POST or None, programme=edition.programme, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            updated = editions.edition_update(
                edition=edition, data=form.edition_input(), actor=user
            )
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(request, _("Saved."))
            if updated.capacity_changed:
                messages.success(
                    request,
                    _("Places changed. Offers sent to the waiting list: %(count)d")
                    % {"count": updated.offers},
                )
            return redirect(_edition_page(edition))
    return _page(
        request,
        "office/edition_form.html",
        {
            "form": form,
            "programme": edition.programme,
            "edition": edition,
            "days": selectors.edition_days(edition=edition),
            "problems": checks.edition_publish_problems(edition=edition)
            if edition.status == EditionStatus.DRAFT
            else [],
            "duplicate_form": DuplicateForm(None, edition=edition),
        },
    )


@login_required
@require_POST
def edition_publish(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    try:
        editions.edition_publish(edition=edition, actor=user)
    except CatalogueError as error:
        reasons = [error.message, *(problem.message for problem in error.problems)]
        messages.error(request, " ".join(reasons))
    else:
        messages.success(request, _("Published: the edition is in the catalogue now."))
    return redirect(_edition_page(edition))


@login_required
@require_POST
def edition_unpublish(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    try:
        editions.edition_unpublish(edition=edition, actor=user)
    except CatalogueError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The edition is a draft again: it has left the catalogue and takes no applications."),
        )
    return redirect(_edition_page(edition))


@login_required
def edition_duplicate(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    form = DuplicateForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            done = editions.edition_duplicate(
                edition=edition, label=form.cleaned_data["label"], shift=form.shift(), actor=user
            )
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            copied = _("Copied as a draft: %(label)s. Check its dates, then publish it.") % {
                "label": done.edition.label
            }
            told = [_clock_change_text(change) for change in done.clock_changes]
            messages.success(request, " ".join([copied, *told]))
            return redirect(_edition_page(done.edition))
    return _page(request, "office/duplicate.html", {"form": form, "edition": edition})


def _clock_change_names() -> dict[str, str]:
    return {
        "applications_open_at": _("The opening of applications"),
        "applications_close_at": _("The deadline"),
        "lottery_at": _("The draw"),
        "starts_at": _("The start of a programme day"),
        "ends_at": _("The end of a programme day"),
    }


def _clock_change_text(change: editions.ClockChange) -> str:
    """What the change of the clocks did to a time of the copy, in a sentence."""
    params = {
        "what": _clock_change_names()[change.what],
        "time": f"{change.wall_time:%H:%M}",
        "date": formats.date_format(change.wall_time.date(), "DATE_FORMAT"),
        "instead": f"{timezone.localtime(change.moment):%H:%M}",
    }
    if change.kind is WallTime.MISSING:
        return (
            _(
                "%(what)s %(time)s does not exist on %(date)s in German time (the clocks go "
                "forward an hour) and was set to %(instead)s."
            )
            % params
        )
    return (
        _(
            "%(what)s %(time)s happens twice on %(date)s in German time (the clocks go back "
            "an hour): the copy has the earlier, in summer time (CEST). Change it on the form "
            "if you mean the later."
        )
        % params
    )


# --- programme days ------------------------------------------------------------------------


@login_required
def session_new(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    last = edition.sessions.order_by("-starts_at").first()
    # The next day is most often a week after the last one, at the same time.
    # A day saved before dates were checked (9999-12-31) has no week after it: no suggestion.
    starts = date_plus(last.starts_at, timedelta(weeks=1)) if last else None
    ends = date_plus(last.ends_at, timedelta(weeks=1)) if last else None
    initial = {"starts_at": starts, "ends_at": ends} if starts and ends else {}
    form = SessionForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editions.session_create(edition=edition, data=form.session_input(), actor=user)
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(request, _("The day is added."))
            return redirect(_edition_page(edition, "days"))
    return _page(request, "office/session_form.html", {"form": form, "edition": edition})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = access_session_by_id_as_organiser(user, session_id)
    edition = session.edition
    form = SessionForm(request.POST or None, edition=edition, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            editions.session_update(session=session, data=form.session_input(), actor=user)
        except CatalogueError as error:
            form.add_catalogue_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_edition_page(edition, "days"))
    return _page(
        request,
        "office/session_form.html",
        {"form": form, "edition": edition, "session": session},
    )


@login_required
@require_POST
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    session = access_session_by_id_as_organiser(user, session_id)
    try:
        editions.session_delete(session=session, actor=user)
    except CatalogueError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The day is removed."))
    return redirect(_edition_page(session.edition, "days"))
