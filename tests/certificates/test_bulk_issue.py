"""Issuing certificates for a whole edition: by the worker, with progress, exactly one per
participant even when a run is interrupted and run again; and by itself once the last day
of an edition that asks for it is closed."""

from collections import Counter
from unittest import mock

import pytest

from lifelong.certificates import pdf, services
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.models import Certificate, CertificateDocument
from lifelong.certificates.selectors import EditionRecord
from lifelong.enrolment.models import Application
from lifelong.jobs.models import Job
from lifelong.office.days import day_close
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser, run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_certificate_edition(capacity=100)


def cohort(edition, *, meeting: int, missing: int) -> list[Application]:
    people = [
        attended(participant(edition, f"Person {n:02d}"), ["present"] * 5) for n in range(meeting)
    ]
    people += [
        attended(participant(edition, f"Absent {n:02d}"), ["absent"] * 5) for n in range(missing)
    ]
    return people


def test_a_run_issues_to_everyone_who_meets_the_rule_and_reports_progress(edition):
    cohort(edition, meeting=12, missing=3)
    run = services.issue_run_start(edition=edition, actor=make_organiser(edition))
    assert (run.kind, run.state) == ("certificates.issue", Job.State.QUEUED)
    run_tasks()
    run.refresh_from_db()
    assert (run.state, run.total, run.done, run.percent) == ("done", 12, 12, 100)
    assert (run.result, run.attempts) == ({"issued": 12}, 1)
    assert Certificate.objects.filter(edition=edition).count() == 12
    assert not Certificate.objects.filter(application__full_name__startswith="Absent").exists()


def test_an_interrupted_run_run_again_gives_everyone_exactly_one(edition):
    batch = services.ISSUE_BATCH
    people = cohort(edition, meeting=2 * batch + 5, missing=2)
    real_pdf = pdf.certificate_pdf
    calls: Counter[str] = Counter()

    def failing_in_the_second_batch(**kwargs):
        calls["pdf"] += 1
        if calls["pdf"] == batch + 5:
            raise RuntimeError("the machine went down")
        return real_pdf(**kwargs)

    run = services.issue_run_start(edition=edition, actor=None)
    with (
        mock.patch.object(services, "certificate_pdf", side_effect=failing_in_the_second_batch),
        pytest.raises(RuntimeError),
    ):
        services.issue_run_execute(job_id=run.pk)
    run.refresh_from_db()
    assert run.state == Job.State.FAILED
    assert "the machine went down" in run.error
    assert Certificate.objects.count() == run.done == batch  # the second batch rolled back whole

    again = services.issue_run_start(edition=edition, actor=None)  # a failed run is no obstacle
    services.issue_run_execute(job_id=again.pk)
    per_person = Counter(Certificate.objects.values_list("application_id", flat=True))
    assert sorted(per_person) == sorted(p.pk for p in people[: 2 * batch + 5])
    assert set(per_person.values()) == {1}
    assert CertificateDocument.objects.count() == Certificate.objects.count()
    again.refresh_from_db()
    assert (again.done, again.result["issued"]) == (2 * batch + 5, batch + 5)


def test_a_batch_with_someone_issued_meanwhile_goes_one_by_one(edition):
    people = cohort(edition, meeting=3, missing=0)
    run = services.issue_run_start(edition=edition, actor=None)
    record = EditionRecord.read(edition)
    services.certificate_issue(application=people[1], actor=None)  # meanwhile, by hand
    assert services._issue_together(record, people, actor=None) == 2
    services.issue_run_execute(job_id=run.pk)
    assert Counter(Certificate.objects.values_list("application_id", flat=True)) == {
        p.pk: 1 for p in people
    }


def test_running_the_same_run_twice_issues_nothing_twice(edition):
    cohort(edition, meeting=3, missing=0)
    run = services.issue_run_start(edition=edition, actor=None)
    services.issue_run_execute(job_id=run.pk)
    services.issue_run_execute(job_id=run.pk)
    assert Certificate.objects.count() == 3


def test_only_one_run_at_a_time(edition):
    cohort(edition, meeting=1, missing=0)
    services.issue_run_start(edition=edition, actor=None)
    with pytest.raises(CertificateError) as refused:
        services.issue_run_start(edition=edition, actor=None)
    assert refused.value.code == "run_in_progress"


def test_closing_the_last_day_issues_certificates_by_themselves():
    edition = make_certificate_edition(
        rule={"kind": "attendance", "min_sessions": 4, "issue_automatically": True}
    )
    organiser = make_organiser(edition)
    people = cohort(edition, meeting=2, missing=1)
    sessions = list(edition.sessions.order_by("starts_at"))
    for session in sessions[:-1]:
        assert not day_close(session=session, actor=organiser).certificates_started
    assert not Job.objects.exists()  # a day is left
    assert day_close(session=sessions[-1], actor=organiser).certificates_started
    run_tasks()
    assert set(Certificate.objects.values_list("application_id", flat=True)) == {
        people[0].pk,
        people[1].pk,
    }
    assert Job.objects.get().started_by is None


def test_closing_the_last_day_issues_nothing_unless_the_rule_asks(edition):
    cohort(edition, meeting=1, missing=0)
    organiser = make_organiser(edition)
    for session in edition.sessions.all():
        assert not day_close(session=session, actor=organiser).certificates_started
    assert not Job.objects.exists()
