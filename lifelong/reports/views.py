"""The organisers' dashboards and downloads. Each view checks access first (another
institution's edition looks like none at all: 404), then reads, draws and renders."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue.access import (
    access_edition_by_id_as_organiser,
    access_institution_by_id_as_organiser,
)
from lifelong.lib.i18n import active_language
from lifelong.reports import charts, exports, selectors


@login_required
def institution_dashboard(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = access_institution_by_id_as_organiser(signed_in_user(request), institution_id)
    figures = selectors.institution_figures(institution=institution, now=timezone.now())
    return render(
        request,
        "reports/institution_dashboard.html",
        {
            "institution": institution,
            "figures": figures,
            "charts": charts.institution_charts(figures, today=timezone.localdate()),
        },
    )


@login_required
def edition_dashboard(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    figures = selectors.edition_figures(edition=edition)
    return render(
        request,
        "reports/edition_dashboard.html",
        {
            "edition": edition,
            "figures": figures,
            "charts": charts.edition_charts(figures, today=timezone.localdate()),
        },
    )


@login_required
def edition_exports(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    return render(request, "reports/edition_exports.html", {"edition": edition})


@login_required
@never_cache  # personal data: no copy in a shared or browser cache
def edition_export(request: HttpRequest, edition_id: int, kind: str, fmt: str) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise Http404
    download = exports.edition_download(
        edition=edition, kind=kind, fmt=fmt, language=active_language()
    )
    return HttpResponse(
        download.body,
        content_type=download.content_type,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )
