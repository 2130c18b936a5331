"""A copy of a person's data (Art. 15 and 20 GDPR): asked for on "My account", gathered by the
worker as a job with progress, downloaded as one zip by that person for EXPORT_DAYS.

The zip holds `data.json` (machine-readable: account, applications with their answers,
attendance, certificates, e-mails sent, log entries about them), the same as a readable
page in the person's language, and the PDFs of their certificates."""

import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from lifelong.accounts.models import User
from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.audit.selectors import audit_rows
from lifelong.audit.services import audit_log
from lifelong.certificates.models import CertificateDocument
from lifelong.certificates.services import certificates_of_applications
from lifelong.enrolment.models import Application, Notification, StaffMessageRecipient
from lifelong.jobs.models import Job, JobState
from lifelong.jobs.services import job_progress, job_run, job_start
from lifelong.office.models import DataExport

EXPORT_JOB = "office.data_export"
EXPORT_DAYS = 7

Data = dict[str, Any]


def data_export_start(*, person: User) -> DataExport:
    """Queue a copy of the person's data; while one is being made, or if one was made within
    the hour, that one."""
    with transaction.atomic(durable=True):
        User.objects.select_for_update().filter(pk=person.pk).first()  # one at a time
        # One being made, or one made within the hour: the same data, no second copy.
        current = DataExport.objects.filter(
            Q(job__state__in=[JobState.QUEUED, JobState.RUNNING])
            | Q(ready_at__gte=timezone.now() - timedelta(hours=1)),
            person=person,
        ).first()
        if current is not None:
            return current
        job = job_start(
            kind=EXPORT_JOB, task=data_export_task, started_by_id=person.pk, total=len(SECTIONS)
        )
        export = DataExport.objects.create(
            person=person, job=job, language=person.preferred_language, created_at=job.created_at
        )
        audit_log(
            subject=person,
            action="person.data_requested",
            at=job.created_at,
            actor=person,
            data={"export": export.pk},
        )
    return export


def data_export_build(*, job_id: int) -> Job | None:
    """The job's work; safe to run again (it builds the whole zip afresh)."""
    return job_run(job_id=job_id, kind=EXPORT_JOB, work=_build)


@task()
def data_export_task(job_id: int) -> str:
    """Gathers a person's data (a job of kind office.data_export); run by the worker."""
    job = data_export_build(job_id=job_id)
    return job.state if job else "gone"


def _build(job: Job) -> None:
    export = DataExport.objects.select_related("person").get(job=job)
    person = export.person
    with translation.override(export.language):
        data: Data = {"generated_at": timezone.now()}
        for number, (name, _title, read) in enumerate(SECTIONS, start=1):
            data[name] = read(person)
            job_progress(job=job, done=number - 1)
        readable = render_to_string(
            "office/account/data_document.html",
            {"person": person, "sections": _readable(data), "generated_at": data["generated_at"]},
        )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        zipped.writestr("index.html", readable)
        for code, pdf in _certificate_pdfs(person):
            zipped.writestr(f"certificates/{code}.pdf", pdf)
    with transaction.atomic():
        now = timezone.now()
        export.archive = archive.getvalue()
        export.ready_at, export.expires_at = now, now + timedelta(days=EXPORT_DAYS)
        export.save(update_fields=["archive", "ready_at", "expires_at"])
        job_progress(job=job, done=len(SECTIONS))


# --- the sections ----------------------------------------------------------------------------


def _account(person: User) -> list[Data]:
    return [
        {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "preferred_language": person.preferred_language,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
        }
    ]


def _applications(person: User) -> list[Data]:
    rows = []
    for application in Application.objects.filter(applicant=person).select_related(
        "edition__programme__institution", "audience"
    ):
        questions = {q.key: q for q in application.edition.questions.all()}
        rows.append(
            {
                "id": application.pk,
                "programme": application.edition.programme.title,
                "edition": application.edition.label,
                "institution": application.edition.programme.institution.name,
                "state": application.get_state_display(),
                "full_name": application.full_name,
                "email": application.email,
                "organisation": application.organisation,
                "audience": application.audience.name if application.audience else "",
                "date_of_birth": application.date_of_birth,
                "student_confirmed": application.student_confirmed,
                "answers": {
                    (questions[key].label if key in questions else key): (
                        questions[key].answer_text(value) if key in questions else value
                    )
                    for key, value in application.answers.items()
                },
                "consented_at": application.consented_at,
                "submitted_at": application.submitted_at,
                "state_changed_at": application.state_changed_at,
                "waitlist_rank": application.waitlist_rank,
                "offer_expires_at": application.offer_expires_at,
            }
        )
    return rows


def _attendance(person: User) -> list[Data]:
    records = Attendance.objects.filter(application__applicant=person).select_related(
        "session__edition__programme"
    )
    return [
        {
            "programme": record.session.edition.programme.title,
            "day": record.session.starts_at,
            "status": record.get_status_display(),
            "recorded_by_way_of": record.get_method_display(),
            "recorded_at": record.recorded_at,
        }
        for record in records.order_by("session__starts_at")
    ]


def _certificates(person: User) -> list[Data]:
    ids = list(Application.objects.filter(applicant=person).values_list("pk", flat=True))
    return [
        {
            "code": certificate.code,
            "issued_at": certificate.issued_at,
            "what_it_certifies": certificate.facts,
            "revoked_at": certificate.revoked_at,
            "revoked_because": certificate.get_revoked_category_display(),
        }
        for certificate in certificates_of_applications(application_ids=ids)
    ]


def _emails(person: User) -> list[Data]:
    sent = Notification.objects.filter(application__applicant=person).select_related(
        "application__edition__programme"
    )
    rows: list[Data] = [
        {
            "kind": notification.get_kind_display(),
            "programme": notification.application.edition.programme.title,
            "to": notification.application.email,
            "queued_at": notification.created_at,
            "sent_at": notification.sent_at,
        }
        for notification in sent
    ]
    messages = StaffMessageRecipient.objects.filter(
        application__applicant=person, sent_at__isnull=False
    ).select_related("message", "application")
    rows += [
        {
            "kind": _("Message from the organisers"),
            "to": recipient.application.email,
            "subject": recipient.message.subject,
            "text": recipient.message.body,
            "sent_at": recipient.sent_at,
        }
        for recipient in messages
    ]
    return rows


def _log(person: User) -> list[Data]:
    ids = list(Application.objects.filter(applicant=person).values_list("pk", flat=True))
    events = AuditEvent.objects.filter(
        Q(subject_type="accounts.user", subject_id=person.pk)
        | Q(subject_type="enrolment.application", subject_id__in=ids)
    ).order_by("at", "pk")
    rows = audit_rows(events=events, names={})
    return [
        {
            "at": event.at,
            "what": row.change,
            "who": _who(event, person, row.who),
            # The reason given for a decision about them is theirs to know (Art. 15).
            "why": row.why,
        }
        for event, row in zip(events, rows, strict=True)
    ]


def _who(event: AuditEvent, person: User, label: str) -> str:
    """Who made the change, without naming the staff member: their address is their data,
    not the person's."""
    if event.actor_id == person.pk:
        return str(_("you"))
    if event.actor_id is not None:
        return str(_("the organisers"))
    return label


SECTIONS: list[tuple[str, Callable[[], str], Callable[[User], list[Data]]]] = [
    ("account", lambda: _("Your account"), _account),
    ("applications", lambda: _("Applications and answers"), _applications),
    ("attendance", lambda: _("Attendance"), _attendance),
    ("certificates", lambda: _("Certificates"), _certificates),
    ("emails", lambda: _("E-mails sent to you"), _emails),
    ("log", lambda: _("Log entries about you"), _log),
]


def _readable(data: Data) -> list[tuple[str, list[list[tuple[str, Any]]]]]:
    """The sections for the readable page: title, and each item's (label, value) pairs."""
    return [
        (
            title(),
            [[(_label(key), _shown(value)) for key, value in item.items()] for item in data[name]],
        )
        for name, title, _read in SECTIONS
    ]


def _label(key: str) -> str:
    return str(_LABELS.get(key, key.replace("_", " ")))


def _shown(value: Any) -> Any:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(_shown(item)) for item in value)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _certificate_pdfs(person: User) -> list[tuple[str, bytes]]:
    ids = list(Application.objects.filter(applicant=person).values_list("pk", flat=True))
    certificates = certificates_of_applications(application_ids=ids)
    documents = CertificateDocument.objects.filter(certificate__in=certificates).select_related(
        "certificate"
    )
    return [(document.certificate.code, bytes(document.pdf)) for document in documents]


_LABELS = {
    "email": gettext_lazy("e-mail address"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "preferred_language": gettext_lazy("preferred language"),
    "date_joined": gettext_lazy("account created"),
    "last_login": gettext_lazy("last signed in"),
    "id": gettext_lazy("number"),
    "programme": gettext_lazy("programme"),
    "edition": gettext_lazy("edition"),
    "institution": gettext_lazy("institution"),
    "state": gettext_lazy("state"),
    "full_name": gettext_lazy("name"),
    "organisation": gettext_lazy("organisation"),
    "audience": gettext_lazy("group"),
    "date_of_birth": gettext_lazy("date of birth"),
    "student_confirmed": gettext_lazy("confirmed being a student"),
    "answers": gettext_lazy("answers"),
    "consented_at": gettext_lazy("privacy notice accepted"),
    "submitted_at": gettext_lazy("submitted"),
    "state_changed_at": gettext_lazy("state changed"),
    "waitlist_rank": gettext_lazy("place on the waiting list"),
    "offer_expires_at": gettext_lazy("offer valid until"),
    "day": gettext_lazy("day"),
    "status": gettext_lazy("attendance"),
    "recorded_by_way_of": gettext_lazy("recorded by way of"),
    "recorded_at": gettext_lazy("recorded"),
    "code": gettext_lazy("code"),
    "issued_at": gettext_lazy("issued"),
    "what_it_certifies": gettext_lazy("what it certifies"),
    "revoked_at": gettext_lazy("revoked"),
    "revoked_because": gettext_lazy("revoked because"),
    "kind": gettext_lazy("kind"),
    "to": gettext_lazy("to"),
    "queued_at": gettext_lazy("written"),
    "sent_at": gettext_lazy("sent"),
    "subject": gettext_lazy("subject"),
    "text": gettext_lazy("message"),
    "at": gettext_lazy("when"),
    "what": gettext_lazy("what"),
    "who": gettext_lazy("who"),
    "why": gettext_lazy("why"),
}
