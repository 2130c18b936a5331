"""Every change to certificates: the rule, assessment results, issuing one or all, and
revoking. Each is one durable transaction and is logged.

Issuing relies on the database's unique key (one certificate per application) rather than a
lock: a second issue of the same person, at the same moment or after an interruption, finds
the first one and returns it. A certificate is written with its PDF, its signed credential,
its log entry and its e-mail in one transaction, so none exists without the others.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from lifelong.accounts.models import User
from lifelong.audit.models import AuditEvent
from lifelong.audit.services import audit_event, audit_log
from lifelong.catalogue.models import Edition
from lifelong.catalogue.rules import CertificateRule
from lifelong.catalogue.services import catalogue_changed
from lifelong.certificates.codes import certificate_code_new
from lifelong.certificates.credentials import credential_sign, verify_url
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.keys import key_ring
from lifelong.certificates.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentResult,
    Certificate,
    CertificateDocument,
    RevocationCategory,
)
from lifelong.certificates.notifications import certificate_email_task
from lifelong.certificates.pdf import certificate_pdf
from lifelong.certificates.selectors import EditionRecord, participants
from lifelong.enrolment.models import Application, ApplicationState
from lifelong.jobs.models import Job
from lifelong.jobs.selectors import job_unfinished
from lifelong.jobs.services import job_progress, job_requeue, job_run, job_start
from lifelong.lib.metrics import CERTIFICATES_ISSUED

# The kind of job that issues an edition's certificates in bulk (a "run").
ISSUE_JOB = "certificates.issue"
# A run issues this many certificates in one transaction and reports its progress in the
# same transaction: few round trips to the database, little lost to an interruption, a bar
# that moves, and figures that never disagree with the certificates, whatever stops it.
ISSUE_BATCH = 20


def _institution_id(edition: Edition) -> int:
    return edition.programme.institution_id


# --- the rule and assessed work ------------------------------------------------------------


def certificate_rule_save(
    *, edition: Edition, rule: CertificateRule, mandatory_session_ids: set[int], actor: User
) -> None:
    rule.validate()
    with transaction.atomic(durable=True):
        before = edition.certificate_rule
        edition.certificate_rule = rule.to_json()
        edition.save(update_fields=["certificate_rule"])
        for session in edition.sessions.all():
            mandatory = session.pk in mandatory_session_ids
            if session.mandatory != mandatory:
                session.mandatory = mandatory
                session.save(update_fields=["mandatory"])
        catalogue_changed()  # the programme page shows the rule
        audit_log(
            subject=edition,
            action="certificate.rule_changed",
            at=timezone.now(),
            actor=actor,
            institution_id=_institution_id(edition),
            data={
                "before": before,
                "after": edition.certificate_rule,
                "mandatory_sessions": sorted(mandatory_session_ids),
            },
        )


def assessment_save(*, assessment: Assessment, actor: User) -> Assessment:
    """Add or change an assessment (its name, kind, credit points, whether it is needed)."""
    with transaction.atomic(durable=True):
        added = assessment.pk is None
        assessment.save()
        catalogue_changed()  # the programme page lists the assessed work
        audit_log(
            subject=assessment.edition,
            action="assessment.added" if added else "assessment.changed",
            at=timezone.now(),
            actor=actor,
            institution_id=_institution_id(assessment.edition),
            data={
                "assessment": assessment.pk,
                "name_de": assessment.name_de,
                "name_en": assessment.name_en,
                "required": assessment.required,
            },
        )
    return assessment


def assessment_delete(*, assessment: Assessment, actor: User) -> None:
    """Remove an assessment and its results (the log keeps what they were)."""
    with transaction.atomic(durable=True):
        results = list(assessment.results.values("application_id", "outcome", "grade"))
        audit_log(
            subject=assessment.edition,
            action="assessment.removed",
            at=timezone.now(),
            actor=actor,
            institution_id=_institution_id(assessment.edition),
            data={
                "assessment": assessment.pk,
                "name_de": assessment.name_de,
                "name_en": assessment.name_en,
                "results": results,
            },
        )
        assessment.delete()
        catalogue_changed()


def assessment_result_record(
    *,
    assessment: Assessment,
    application: Application,
    outcome: str | None,
    grade: str,
    actor: User,
) -> bool:
    """Record (or, with None, remove) a result; False if nothing changed."""
    if outcome is not None and outcome not in AssessmentOutcome.values:
        raise CertificateError("result_unknown")
    grade = grade.strip()
    with transaction.atomic(durable=True):
        existing = (
            AssessmentResult.objects.select_for_update()
            .filter(assessment=assessment, application=application)
            .first()
        )
        before = (existing.outcome, existing.grade) if existing else (None, "")
        if before == (outcome, grade if outcome else ""):
            return False
        now = timezone.now()
        if outcome is None:
            if existing is not None:
                existing.delete()
        else:
            AssessmentResult.objects.update_or_create(
                assessment=assessment,
                application=application,
                defaults={
                    "outcome": outcome,
                    "grade": grade,
                    "recorded_by": actor,
                    "recorded_at": now,
                },
            )
        audit_log(
            subject=application,
            action="assessment.result",
            at=now,
            actor=actor,
            institution_id=_institution_id(assessment.edition),
            from_state=before[0] or "",
            to_state=outcome or "",
            data={"assessment": assessment.pk, "grade": grade, "grade_before": before[1]},
        )
    return True


# --- issuing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    certificate: Certificate
    created: bool  # False: the person had it already


def certificate_issue(*, application: Application, actor: User | None) -> Issued:
    """Issue one participant's certificate if they meet the rule, or return the one they
    have."""
    existing = Certificate.objects.filter(application=application).first()
    if existing is not None:
        return Issued(existing, created=False)
    edition = application.edition
    if not edition.rule.issues_documents:
        raise CertificateError("no_certificate")
    if application.state != ApplicationState.ACCEPTED:
        raise CertificateError("not_a_participant", name=application.full_name)
    record = EditionRecord.read(edition, application_ids=[application.pk])
    evaluation = record.evaluate(application.pk)
    if not evaluation.met:
        raise CertificateError("rule_not_met", name=application.full_name, reason=evaluation.reason)
    return _issue(record, application, actor=actor)


def _unsaved(
    record: EditionRecord, application: Application, *, actor: User | None, now: datetime
) -> Certificate:
    return Certificate(
        code=certificate_code_new(),
        edition=record.edition,
        application=application,
        language=application.applicant.preferred_language,
        facts=record.facts(application),
        issued_at=now,
        issued_by=actor,
    )


def _document(record: EditionRecord, certificate: Certificate) -> CertificateDocument:
    """The PDF and the signed credential of a saved certificate (its id numbers its entry
    in the revocation list)."""
    logo = record.edition.programme.institution.logo
    pdf = certificate_pdf(
        facts=certificate.facts,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
        issued_on=timezone.localtime(certificate.issued_at).date().isoformat(),
        language=certificate.language,
        logo=Path(logo.path) if logo else None,
    )
    return CertificateDocument(
        certificate=certificate, pdf=pdf, credential=credential_sign(certificate)
    )


def _issued_event(record: EditionRecord, certificate: Certificate) -> AuditEvent:
    assert certificate.application is not None  # noqa: S101 (just issued to it)
    return audit_event(
        subject=certificate.application,
        action="certificate.issued",
        at=certificate.issued_at,
        actor=certificate.issued_by,
        institution_id=_institution_id(record.edition),
        to_state="issued",
        data={"code": certificate.code},
    )


def _issue(
    record: EditionRecord,
    application: Application,
    *,
    actor: User | None,
    job: Job | None = None,
    done: int = 0,
) -> Issued:
    """Issue one certificate; with a run's `job`, its progress (`done` with this one) is
    written in the same transaction."""
    key_ring()  # fails before anything is written if no key is configured
    try:
        with transaction.atomic(durable=True):
            certificate = _unsaved(record, application, actor=actor, now=timezone.now())
            certificate.save(force_insert=True)
            _document(record, certificate).save(force_insert=True)
            _issued_event(record, certificate).save()
            certificate_email_task.enqueue(application.pk)
            if job is not None:
                job_progress(job=job, done=done, add={"issued": 1})
    except IntegrityError:
        # Issued meanwhile by another request or run (or, once in 10^17, a code clash).
        existing = Certificate.objects.filter(application=application).first()
        if existing is None:
            raise
        return Issued(existing, created=False)
    CERTIFICATES_ISSUED.inc()  # committed: the transaction above is durable
    return Issued(certificate, created=True)


def _issue_together(
    record: EditionRecord,
    applications: list[Application],
    *,
    actor: User | None,
    job: Job | None = None,
    done: int = 0,
) -> int:
    """Issue to several people in one transaction: a handful of statements for all of them
    instead of a handful each. If one of them got a certificate meanwhile, the batch rolls
    back whole and goes one by one. Returns how many were issued now. With a run's `job`,
    its progress (`done` before this batch) is written in the same transaction."""
    key_ring()
    try:
        with transaction.atomic(durable=True):
            now = timezone.now()
            certificates = Certificate.objects.bulk_create(
                [_unsaved(record, person, actor=actor, now=now) for person in applications]
            )
            CertificateDocument.objects.bulk_create(
                [_document(record, certificate) for certificate in certificates]
            )
            AuditEvent.objects.bulk_create(
                [_issued_event(record, certificate) for certificate in certificates]
            )
            for person in applications:
                certificate_email_task.enqueue(person.pk)
            if job is not None:
                job_progress(
                    job=job, done=done + len(applications), add={"issued": len(applications)}
                )
    except IntegrityError:
        issued = sum(
            _issue(record, person, actor=actor, job=job, done=done + number).created
            for number, person in enumerate(applications, start=1)
        )
        if job is not None:
            job_progress(job=job, done=done + len(applications))  # those who had one too
        return issued
    CERTIFICATES_ISSUED.inc(len(applications))  # committed: the transaction above is durable
    return len(applications)


def issue_run_start(*, edition: Edition, actor: User | None) -> Job:
    """Queue a run (a job) that issues every due certificate of the edition. One at a time:
    while the edition's run is alive a second is refused; a run whose worker died is taken
    up again instead."""
    if not edition.rule.issues_documents:
        raise CertificateError("no_certificate")
    key_ring()
    with transaction.atomic(durable=True):
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        current = job_unfinished(kind=ISSUE_JOB, edition_id=edition.pk)
        if current is not None:
            if not job_requeue(job_id=current.pk):
                raise CertificateError("run_in_progress")
            current.refresh_from_db()
            return current
        job = job_start(
            kind=ISSUE_JOB,
            task=issue_run_task,
            edition_id=edition.pk,
            started_by_id=actor.pk if actor else None,
        )
        audit_log(
            subject=edition,
            action="certificate.run_started",
            at=job.created_at,
            actor=actor,
            institution_id=_institution_id(edition),
            data={"run": job.pk},
        )
    return job


def issue_run_execute(*, job_id: int) -> Job | None:
    """Issue the certificates of a run in batches, reporting progress. Safe to run again
    after an interruption (an error, or a worker that died): who has a certificate is
    skipped, and a run that is done stays done."""
    return job_run(job_id=job_id, kind=ISSUE_JOB, work=_issue_due)


def _issue_due(job: Job) -> None:
    edition = Edition.objects.select_related("programme__institution").get(jobs=job)
    record = EditionRecord.read(edition)
    people = participants(edition)
    having = set(
        Certificate.objects.filter(application__in=people).values_list("application_id", flat=True)
    )
    due = [p for p in people if p.pk not in having and record.evaluate(p.pk).met]
    job_progress(job=job, total=len(having) + len(due), done=len(having), add={"issued": 0})
    for start in range(0, len(due), ISSUE_BATCH):
        batch = due[start : start + ISSUE_BATCH]
        _issue_together(record, batch, actor=job.started_by, job=job, done=len(having) + start)


def last_day_closed(*, edition: Edition, now: datetime) -> Job | None:
    """Once the last day of an edition that issues automatically is closed, start a run."""
    rule = edition.rule
    if not (rule.issues_documents and rule.issue_automatically):
        return None
    if edition.sessions.filter(closing__isnull=True).exists():
        return None
    try:
        return issue_run_start(edition=edition, actor=None)
    except CertificateError:
        return None  # a run is going on already, or no key: organisers issue by hand


# --- revoking ------------------------------------------------------------------------------


def certificate_revoke(
    *, certificate: Certificate, actor: User | None, category: str, reason: str
) -> Certificate:
    """Revoke a certificate: verifiers see that, when, and the `category`; the typed
    `reason` stays internal (staff pages and the log)."""
    with transaction.atomic(durable=True):
        return certificate_revoke_in_transaction(
            certificate=certificate, actor=actor, category=category, reason=reason
        )


def certificate_revoke_in_transaction(
    *, certificate: Certificate, actor: User | None, category: str, reason: str
) -> Certificate:
    """`certificate_revoke` inside a caller's transaction (a re-issue, an erasure)."""
    reason = reason.strip()
    if not reason:
        raise CertificateError("reason_required")
    if category not in RevocationCategory.values:
        raise CertificateError("category_unknown")
    locked = (
        Certificate.objects.select_for_update()
        .select_related("edition__programme")
        .get(pk=certificate.pk)
    )
    if locked.is_revoked:
        raise CertificateError("already_revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_category = category
    locked.revoked_reason = reason[:500]
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_category", "revoked_reason", "revoked_by"])
    audit_log(
        subject=locked.application or locked.edition,
        action="certificate.revoked",
        at=locked.revoked_at,
        actor=actor,
        institution_id=_institution_id(locked.edition),
        from_state="issued",
        to_state="revoked",
        reason=reason,
        data={"code": locked.code, "application": locked.application_id, "category": category},
    )
    return locked


def certificate_reissue(*, certificate: Certificate, actor: User) -> Certificate:
    """A new certificate for the same application, under the name the application has now
    (a corrected name): new code, PDF and credential certifying what the old one did (its
    facts, only the name changed: the attendance it rests on may be gone by retention, and
    the rule may have changed since). The old one is revoked as "re-issued" and points to
    its successor. One transaction."""
    key_ring()
    holder = certificate.application
    if holder is not None and holder.full_name == certificate.facts.get("name"):
        raise CertificateError("name_unchanged")
    with transaction.atomic(durable=True):
        old = certificate_revoke_in_transaction(
            certificate=certificate,
            actor=actor,
            category=RevocationCategory.REISSUED,
            reason="re-issued",
        )
        application = old.application
        if application is None:
            raise CertificateError("no_holder")
        edition = Edition.objects.select_related("programme__institution").get(pk=old.edition_id)
        record = EditionRecord.read(edition, application_ids=[application.pk])
        # The one-certificate-per-application key: the successor takes the application.
        old.application = None
        old.save(update_fields=["application"])
        new = _unsaved(record, application, actor=actor, now=timezone.now())
        new.facts = {**old.facts, "name": application.full_name}
        new.language = old.language
        new.save(force_insert=True)
        _document(record, new).save(force_insert=True)
        old.reissued_as = new
        old.save(update_fields=["reissued_as"])
        audit_log(
            subject=application,
            action="certificate.reissued",
            at=new.issued_at,
            actor=actor,
            institution_id=_institution_id(edition),
            from_state="revoked",
            to_state="issued",
            data={"code": new.code, "replaces": old.code},
        )
        # No e-mail: the certificate e-mail goes once per application (its Notification);
        # the holder downloads the new one from "My programmes".
    CERTIFICATES_ISSUED.inc()  # committed: the transaction above is durable
    return new


# --- a person's certificates (their export, their erasure) ---------------------------------


def certificates_of_applications(*, application_ids: list[int]) -> list[Certificate]:
    """The certificates issued for these applications, and those they replaced."""
    found = list(Certificate.objects.filter(application_id__in=application_ids))
    newer = [certificate.pk for certificate in found]
    while newer:
        older = list(Certificate.objects.filter(reissued_as_id__in=newer))
        found += older
        newer = [certificate.pk for certificate in older]
    return found


def certificate_withdraw_by_holder(*, certificate: Certificate, actor: User | None) -> None:
    """Inside the caller's transaction (an erasure): revoked as "withdrawn by the holder"
    (unless revoked already), the name taken out of what it certifies, the PDF and the
    signed credential (both carry the name) deleted. The code stays verifiable as revoked."""
    if not certificate.is_revoked:
        certificate_revoke_in_transaction(
            certificate=certificate,
            actor=actor,
            category=RevocationCategory.WITHDRAWN_BY_HOLDER,
            reason="withdrawn at the holder's request",
        )
    facts = {**certificate.facts, "name": ""}
    Certificate.objects.filter(pk=certificate.pk).update(facts=facts, application=None)
    CertificateDocument.objects.filter(certificate_id=certificate.pk).delete()


@task()
def issue_run_task(job_id: int) -> str:
    """Issues the certificates of a run (a job of kind certificates.issue); run by
    `manage.py db_worker`, declared beside its work. Safe to run twice."""
    job = issue_run_execute(job_id=job_id)
    return job.state if job else "gone"
