"""Data protection in the back office: the retention dry run and the records of processing.
Thin: access first, then a read, then render. Neither page changes anything."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue.access import access_institution_by_id_as_owner
from lifelong.office.access import access_retention_as_organiser, administers_site
from lifelong.office.records import records_of_processing_csv
from lifelong.office.retention import retention_plan


@login_required
@require_safe
def retention(request: HttpRequest) -> HttpResponse:
    """The dry run: what tonight's run would delete or pseudonymise, with counts. Site-wide
    kinds (log entries, tasks, sessions) only for site administrators."""
    user = signed_in_user(request)
    editions = access_retention_as_organiser(user)
    site_wide = administers_site(user)
    plan = retention_plan(now=timezone.now(), editions=None if site_wide else editions)
    due = [each for each in plan.editions if any(each.counts.values())]
    return render(
        request,
        "office/retention.html",
        {"plan": plan, "due": due, "counts": plan.counts, "site_wide": site_wide},
    )


@login_required
@require_safe
def records_of_processing(request: HttpRequest, institution_id: int) -> HttpResponse:
    """The institution's records of processing activities (Art. 30 GDPR), as CSV."""
    institution = access_institution_by_id_as_owner(signed_in_user(request), institution_id)
    language = translation.get_language() or "de"
    return HttpResponse(
        records_of_processing_csv(institution=institution, language=language),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="records-of-processing-{institution.slug}.csv"'
            )
        },
    )
