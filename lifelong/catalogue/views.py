"""Public catalogue pages: thin adapters over the selectors."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from lifelong.catalogue import selectors
from lifelong.catalogue.calendar import edition_calendar_events
from lifelong.catalogue.forms import CatalogueFilterForm
from lifelong.catalogue.models import Document, Institution
from lifelong.catalogue.page_cache import public_page
from lifelong.catalogue.privacy import (
    institution_party,
    notice_of_institution,
    privacy_notice_current,
)
from lifelong.catalogue.structured_data import programme_course
from lifelong.lib.ics import calendar_file
from lifelong.lib.jsonld import jsonld_script

PAGE_SIZE = 20


@require_safe
@public_page
def catalogue_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = CatalogueFilterForm(request.GET, options=selectors.filter_options(now=now))
    filters = form.filters()
    paginator = Paginator(selectors.programme_list(filters=filters, now=now), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    cards = [
        (programme, selectors.current_edition(programme.published_editions, now))
        for programme in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "cards": cards,
            "query_without_page": query.urlencode(),
        },
    )


@require_safe
@public_page
def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_detail(slug=slug)
    if programme is None:
        raise Http404
    editions = selectors.edition_facts(programme=programme)
    course = programme_course(programme=programme, editions=editions, request=request)
    return render(
        request,
        "catalogue/programme.html",
        {
            "programme": programme,
            "editions": [facts for facts in editions if not facts.is_past],
            "past_editions": [facts for facts in editions if facts.is_past],
            "audiences": selectors.programme_audiences(editions),
            "jsonld": jsonld_script(course),
        },
    )


@require_safe
def edition_calendar(request: HttpRequest, slug: str, edition_id: int) -> HttpResponse:
    edition = selectors.edition_for_calendar(slug=slug, edition_id=edition_id)
    if edition is None:
        raise Http404
    body = calendar_file(
        name=f"{edition.programme.title} {edition.label}",
        events=edition_calendar_events(edition=edition, site_url=request.build_absolute_uri("/")),
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(edition.programme.title)}-{slugify(edition.label)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def document_download(request: HttpRequest, document_id: int, filename: str) -> FileResponse:
    document = get_object_or_404(
        Document.objects.filter(programme__in=selectors.programmes_visible()), pk=document_id
    )
    if filename != document.filename:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=document.filename)


@require_safe
def institution_privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's privacy notice, rendered from its inputs (catalogue/privacy.py)."""
    institution = get_object_or_404(Institution, slug=slug)
    notice = notice_of_institution(institution)
    return render(
        request,
        "privacy/notice.html",
        {
            "notice": notice,
            "institution": institution,
            "controller": institution_party(institution),
            "version": privacy_notice_current(institution),
        },
    )


@require_safe
def institution_imprint(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    return render(
        request,
        "privacy/imprint.html",
        {"party": institution_party(institution), "institution": institution},
    )
