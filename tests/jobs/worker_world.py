"""Commands for the dead-worker test (test_dead_worker.py), run in subprocesses on the
database that the real workers use (DATABASE_URL):

    python -m tests.jobs.worker_world start EDITION   queue a bulk certificate run: its job id
    python -m tests.jobs.worker_world report JOB      the job and the edition's certificates

The edition itself is seeded by `python -m bench.certificates seed N`: N participants who
attended all five days, all of them due a certificate.
"""

import json
import sys
from collections import Counter
from typing import Any

from bench.rush import django_setup


def _start(edition_id: int) -> int:
    django_setup()
    from lifelong.catalogue.models import Edition
    from lifelong.certificates.services import issue_run_start

    edition = Edition.objects.select_related("programme__institution").get(pk=edition_id)
    return issue_run_start(edition=edition, actor=None).pk


def _report(job_id: int) -> dict[str, Any]:
    django_setup()
    from django_tasks_db.models import DBTaskResult

    from lifelong.audit.models import AuditEvent
    from lifelong.certificates.models import Certificate, CertificateDocument
    from lifelong.certificates.selectors import EditionRecord, participants
    from lifelong.jobs.models import Job

    job = Job.objects.select_related("edition").get(pk=job_id)
    assert job.edition is not None
    people = participants(job.edition)
    record = EditionRecord.read(job.edition)
    certificates = Certificate.objects.filter(edition=job.edition)
    events = AuditEvent.objects.filter(
        action="certificate.issued",
        subject_type="enrolment.application",
        subject_id__in=[person.pk for person in people],
    )
    tasks = DBTaskResult.objects.filter(task_path=job.task)
    return {
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "result": job.result,
        "attempts": job.attempts,
        "eligible": sorted(person.pk for person in people if record.evaluate(person.pk).met),
        "certificates": Counter(certificates.values_list("application_id", flat=True)),
        "documents": CertificateDocument.objects.filter(certificate__in=certificates).count(),
        "issued_events": Counter(events.values_list("subject_id", flat=True)),
        "tasks": Counter(tasks.values_list("status", flat=True)),
    }


if __name__ == "__main__":
    command, number = sys.argv[1], int(sys.argv[2])
    print(json.dumps(_start(number) if command == "start" else _report(number)))
