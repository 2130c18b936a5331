"""`/<lang>/staff/jobs/<id>/progress/`: the progress of any job as JSON, for organisers of
the job's edition and site administrators; to everyone else the job does not exist, and
the check is made in the query that reads the job."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lifelong.accounts.models import Membership, User
from lifelong.jobs.models import Job
from lifelong.jobs.services import job_claim, job_fail, job_progress
from tests.certificates.helpers import make_certificate_edition, participant
from tests.enrolment.helpers import give_authenticator, make_organiser, make_staff, make_user
from tests.factories import make_institution

pytestmark = pytest.mark.django_db

KIND = "test.bulk"


@pytest.fixture
def edition():
    return make_certificate_edition()


@pytest.fixture
def job(edition):
    now = timezone.now()
    return Job.objects.create(kind=KIND, edition=edition, total=4, created_at=now, heartbeat_at=now)


def url(job_id: int) -> str:
    return f"/en/staff/jobs/{job_id}/progress/"


def test_it_shows_the_organiser_of_the_edition_a_waiting_job(client, edition, job):
    client.force_login(make_organiser(edition))
    response = client.get(url(job.pk))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "state": "queued",
        "state_label": "Waiting to start",
        "total": 4,
        "done": 0,
        "count_label": "0 of 4",
        "percent": 0,
        "finished": False,
        "message": "",
    }


def test_it_follows_the_job_to_its_end(client, edition, job):
    client.force_login(make_organiser(edition))
    running = job_claim(job_id=job.pk, kind=KIND)
    assert running is not None
    job_progress(job=running, done=3)
    progress = client.get(url(job.pk)).json()
    assert (progress["state"], progress["done"], progress["percent"]) == ("running", 3, 75)
    assert not progress["finished"]
    job_fail(job=running, error="mail server gone")
    progress = client.get(url(job.pk)).json()
    assert (progress["state_label"], progress["finished"]) == ("Stopped by an error", True)
    assert progress["message"] == "Stopped by an error: mail server gone"


def test_it_speaks_the_language_of_the_address(client, edition, job):
    client.force_login(make_organiser(edition))
    progress = client.get(f"/de/staff/jobs/{job.pk}/progress/").json()
    assert (progress["state_label"], progress["count_label"]) == ("Wartet auf den Start", "0 von 4")


def outsiders(edition) -> dict[str, User]:
    return {
        "organiser of another institution": make_staff(
            make_institution(), Membership.Role.ORGANISER
        ),
        "participant of the edition": participant(edition, "Ana").applicant,
        "someone signed in": make_user(),
    }


def test_it_hides_the_job_from_everyone_else(client, edition, job):
    for who, person in outsiders(edition).items():
        client.force_login(person)
        assert client.get(url(job.pk)).status_code == 404, who
        assert client.get(url(job.pk + 1000)).status_code == 404, who


def test_it_checks_access_in_the_query_that_reads_the_job(client, edition, job):
    """Whoever asks, the job is only read together with the condition on the editions the
    person organises: a job they may not see never leaves the database."""
    for person in [make_organiser(edition), *outsiders(edition).values()]:
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            client.get(url(job.pk))
        reads = [q["sql"] for q in queries.captured_queries if '"jobs_job"' in q["sql"]]
        assert len(reads) == 1
        assert '"accounts_membership"' in reads[0]


def test_it_sends_visitors_to_sign_in(client, job):
    response = client.get(url(job.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_site_administrators_every_job(client, edition, job):
    now = timezone.now()
    of_no_edition = Job.objects.create(kind=KIND, created_at=now, heartbeat_at=now)
    admin = User.objects.create_superuser(email="admin@lifelong.example", password=None)
    give_authenticator(admin)
    client.force_login(admin)
    assert client.get(url(job.pk)).status_code == 200
    assert client.get(url(of_no_edition.pk)).status_code == 200
    client.force_login(make_organiser(edition))
    assert client.get(url(of_no_edition.pk)).status_code == 404
