"""Certificates for organisers: the rule, assessed work and its results, where everyone
stands, issuing one or all (with progress), revoking. Organisers of the edition's
institution only (`accounts.access`); everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.access import signed_in_user
from lifelong.catalogue.access import access_edition_by_id_as_organiser
from lifelong.certificates import services
from lifelong.certificates.access import (
    access_assessment_by_id_as_organiser,
    access_certificate_by_id_as_organiser,
)
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.evaluation import Standing as Mark
from lifelong.certificates.forms import AssessmentForm, ResultsForm, RevokeForm, RuleForm
from lifelong.certificates.models import AssessmentResult, Certificate, CertificateDocument
from lifelong.certificates.selectors import EditionRecord, edition_standings, participants
from lifelong.enrolment.access import access_application_by_id_as_organiser
from lifelong.jobs.selectors import job_latest


@login_required
def edition_certificates(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    standings = edition_standings(edition=edition)
    record = EditionRecord.read(edition, application_ids=[])
    counts = {mark.value: 0 for mark in Mark}
    for standing in standings:
        counts[standing.evaluation.standing.value] += 1
    issued = Certificate.objects.filter(edition=edition).aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
    )
    due = sum(1 for s in standings if s.evaluation.met and s.certificate is None)
    return render(
        request,
        "certificates/staff/edition.html",
        {
            "edition": edition,
            "rule_text": record.rule_text(),
            "rule": record.rule,
            "assessments": record.assessments,
            "standings": standings,
            "counts": counts,
            "issued": issued,
            "due": due,
            "run": job_latest(kind=services.ISSUE_JOB, edition_id=edition.pk),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
def rule_edit(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    sessions = list(edition.sessions.order_by("starts_at"))
    form = RuleForm(request.POST or None, rule=edition.rule, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        services.certificate_rule_save(
            edition=edition,
            rule=form.rule(),
            mandatory_session_ids=form.mandatory_session_ids(),
            actor=user,
        )
        messages.success(request, _("The certificate rule is saved."))
        return redirect("certificates:edition", edition_id=edition.pk)
    return render(
        request,
        "certificates/staff/rule.html",
        {"edition": edition, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def assessments(request: HttpRequest, edition_id: int) -> HttpResponse:
    """The edition's assessed work, and a form to add one."""
    edition = access_edition_by_id_as_organiser(signed_in_user(request), edition_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.edition = edition
        services.assessment_save(assessment=assessment, actor=signed_in_user(request))
        messages.success(request, _("Added: %(name)s") % {"name": assessment.name})
        return redirect("certificates:assessment", assessment_id=assessment.pk)
    return render(
        request,
        "certificates/staff/assessments.html",
        {"edition": edition, "assessments": list(edition.assessments.all()), "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """One assessment: its settings, and every participant's result and grade."""
    user = signed_in_user(request)
    assessment = access_assessment_by_id_as_organiser(user, assessment_id)
    people = participants(assessment.edition)
    recorded = {person.pk: ("", "") for person in people}
    for result in AssessmentResult.objects.filter(assessment=assessment, application__in=people):
        recorded[result.application_id] = (result.outcome, result.grade)
    action = request.POST.get("action") if request.method == "POST" else None
    settings_form = AssessmentForm(
        request.POST if action == "settings" else None, instance=assessment
    )
    results_form = ResultsForm(request.POST if action == "results" else None, recorded=recorded)
    if action == "settings" and settings_form.is_valid():
        services.assessment_save(assessment=settings_form.save(commit=False), actor=user)
        messages.success(request, _("Saved."))
        return redirect("certificates:assessment", assessment_id=assessment.pk)
    if action == "delete":
        name = assessment.name
        edition_id = assessment.edition_id
        services.assessment_delete(assessment=assessment, actor=user)
        messages.success(request, _("Removed: %(name)s") % {"name": name})
        return redirect("certificates:assessments", edition_id=edition_id)
    if action == "results" and results_form.is_valid():
        by_id = {person.pk: person for person in people}
        changed = 0
        try:
            for application_id, (outcome, grade) in results_form.results().items():
                changed += services.assessment_result_record(
                    assessment=assessment,
                    application=by_id[application_id],
                    outcome=outcome,
                    grade=grade,
                    actor=user,
                )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved. Results changed: %(count)d") % {"count": changed})
            return redirect("certificates:assessment", assessment_id=assessment.pk)
    return render(
        request,
        "certificates/staff/assessment.html",
        {
            "edition": assessment.edition,
            "assessment": assessment,
            "settings_form": settings_form,
            "rows": [
                (person, results_form[f"o{person.pk}"], results_form[f"g{person.pk}"])
                for person in people
            ],
        },
        status=422 if action else 200,
    )


@login_required
@require_POST
def issue_all(request: HttpRequest, edition_id: int) -> HttpResponse:
    user = signed_in_user(request)
    edition = access_edition_by_id_as_organiser(user, edition_id)
    try:
        services.issue_run_start(edition=edition, actor=user)
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Issuing has started. This page shows the progress."))
    return redirect("certificates:edition", edition_id=edition.pk)


@login_required
@require_POST
def issue_one(request: HttpRequest, application_id: int) -> HttpResponse:
    user = signed_in_user(request)
    application = access_application_by_id_as_organiser(user, application_id)
    try:
        issued = services.certificate_issue(application=application, actor=user)
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        if issued.created:
            messages.success(
                request,
                _("Certificate %(code)s issued to %(name)s")
                % {"code": issued.certificate.code, "name": application.full_name},
            )
        else:
            messages.info(
                request, _("%(name)s has a certificate already.") % {"name": application.full_name}
            )
    return redirect("certificates:edition", edition_id=application.edition_id)


@login_required
@require_POST
def revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    user = signed_in_user(request)
    certificate = access_certificate_by_id_as_organiser(user, certificate_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason and add a note for the log."))
    else:
        try:
            services.certificate_revoke(
                certificate=certificate,
                actor=user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Revoked: %(code)s") % {"code": certificate.code})
    return redirect("certificates:edition", edition_id=certificate.edition_id)


@login_required
@require_POST
def reissue(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """Re-issue under the application's current name (a corrected name): organisers decide,
    as the institution signs what the certificate says."""
    user = signed_in_user(request)
    certificate = access_certificate_by_id_as_organiser(user, certificate_id)
    try:
        new = services.certificate_reissue(certificate=certificate, actor=user)
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Re-issued as %(new)s; %(old)s is revoked.")
            % {"new": new.code, "old": certificate.code},
        )
    return redirect("certificates:edition", edition_id=certificate.edition_id)


@login_required
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = access_certificate_by_id_as_organiser(signed_in_user(request), certificate_id)
    document = CertificateDocument.objects.filter(certificate=certificate).first()
    if document is None:  # withdrawn by its holder: the PDF went with the name
        raise Http404
    return HttpResponse(
        bytes(document.pdf),
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{certificate.code}.pdf"'},
    )
