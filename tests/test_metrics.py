"""`/metrics`: only for Prometheus's token; each counter goes up by one when its event
happens (and only once it is committed); the queue's gauges are read at the scrape; several
processes of one machine add up."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from prometheus_client import REGISTRY

from lifelong.accounts.models import User
from lifelong.certificates.services import certificate_issue
from lifelong.enrolment.errors import EnrolmentError
from lifelong.enrolment.notifications import notification_send, notification_send_task
from tests.attendance.helpers import make_day, make_helper, make_participant
from tests.attendance.test_self_checkin import checkin_url, scan
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import apply, make_open_edition, make_user, run_tasks

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
TOKEN = "s3cret-scrape-token"
NAMES = [
    "lifelong_applications_total",
    "lifelong_checkins_total",
    "lifelong_certificates_issued_total",
    "lifelong_emails_sent_total",
    "lifelong_emails_failed_total",
    "lifelong_task_queue_depth",
    "lifelong_task_queue_oldest_age_seconds",
    "django_http_requests_latency_seconds_by_view_method",
]


def count(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class RefusingBackend(BaseEmailBackend):
    """A mail server that takes nothing."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is away")


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    page: str = response.content.decode()
    return page


# --- who may read them ------------------------------------------------------------------------


def test_it_does_not_exist_without_a_token_set(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, "", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, "Bearer"],
)
def test_it_does_not_exist_for_a_wrong_token(client, token, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    assert client.get("/metrics", **headers).status_code == 404


def test_it_answers_prometheus_with_every_metric(client, token):
    client.get("/healthz")  # a request measured before the scrape
    page = scrape(client)
    for name in NAMES:
        assert f"# TYPE {name.removesuffix('_total')}" in page, name
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert latency + '{method="GET",view="healthz"}' in page
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200


# --- the counters -------------------------------------------------------------------------------


def test_an_application_counts_once_with_the_state_it_arrived_in():
    edition = make_open_edition(capacity=1, waiting_list=True)
    accepted, waitlisted = (
        count("lifelong_applications_total", outcome="accepted"),
        count("lifelong_applications_total", outcome="waitlisted"),
    )
    apply(edition)
    apply(edition)
    assert count("lifelong_applications_total", outcome="accepted") == accepted + 1
    assert count("lifelong_applications_total", outcome="waitlisted") == waitlisted + 1


def test_an_application_rolled_back_does_not_count():
    edition = make_open_edition()
    person = make_user()
    apply(edition, person)
    before = count("lifelong_applications_total", outcome="accepted")
    with pytest.raises(EnrolmentError):
        apply(edition, person)  # the unique key refuses it: its transaction is rolled back
    with (
        mock.patch("lifelong.enrolment.services.audit_event", side_effect=OSError),
        pytest.raises(OSError),
    ):
        apply(edition)
    assert count("lifelong_applications_total", outcome="accepted") == before


def test_a_check_in_counts_once_by_its_method(client, django_capture_on_commit_callbacks):
    day = make_day()
    ada, zoe = make_participant(day, "Ada Lovelace"), make_participant(day, "Zoë")
    desk, by_phone = (
        count("lifelong_checkins_total", method="desk"),
        count("lifelong_checkins_total", method="self"),
    )
    client.force_login(make_helper(day.edition))
    with django_capture_on_commit_callbacks(execute=True):
        for _tap in range(2):  # the second tap finds her checked in: no new check-in
            client.post(f"/en/staff/sessions/{day.pk}/desk/{ada.pk}/present/")
    client.force_login(zoe.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        scan(client, checkin_url(day))
    assert count("lifelong_checkins_total", method="desk") == desk + 1
    assert count("lifelong_checkins_total", method="self") == by_phone + 1


def test_a_certificate_issued_counts_once():
    edition = make_certificate_edition()
    person = attended(participant(edition, "Zoë"), ["present"] * 5)
    before = count("lifelong_certificates_issued_total")
    certificate_issue(application=person, actor=None)
    certificate_issue(application=person, actor=None)  # she has it: nothing new
    assert count("lifelong_certificates_issued_total") == before + 1


def test_an_email_sent_counts_by_its_kind():
    application = apply(make_open_edition())
    mail.outbox.clear()
    before = count("lifelong_emails_sent_total", kind="accepted")
    run_tasks()
    assert len(mail.outbox) == 1
    assert count("lifelong_emails_sent_total", kind="accepted") == before + 1
    notification_send(application_id=application.pk, kind="accepted")  # sent already
    assert count("lifelong_emails_sent_total", kind="accepted") == before + 1


def test_a_sign_in_code_counts_as_its_own_kind(client):
    known = User.objects.create_user(email="known@example.org")
    EmailAddress.objects.create(user=known, email=known.email, verified=True, primary=True)
    before = count("lifelong_emails_sent_total", kind="login_code")
    client.post("/en/accounts/login/", {"login": "known@example.org"})
    assert len(mail.outbox) == 1
    assert count("lifelong_emails_sent_total", kind="login_code") == before + 1


def test_an_email_the_server_refuses_counts_as_failed(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    application = apply(make_open_edition())
    sent, failed = (
        count("lifelong_emails_sent_total", kind="accepted"),
        count("lifelong_emails_failed_total", kind="accepted"),
    )
    with pytest.raises(ConnectionRefusedError):
        notification_send(application_id=application.pk, kind="accepted")
    assert count("lifelong_emails_failed_total", kind="accepted") == failed + 1
    assert count("lifelong_emails_sent_total", kind="accepted") == sent


# --- the queue's gauges --------------------------------------------------------------------------


def test_the_queue_gauges_show_the_tasks_waiting_and_the_oldest_ones_age(client, token):
    page = scrape(client)
    assert "lifelong_task_queue_depth 0.0" in page
    assert "lifelong_task_queue_oldest_age_seconds 0.0" in page
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        notification_send_task.enqueue(1, "accepted", None)
    notification_send_task.enqueue(2, "accepted", None)
    later = timezone.now() + timedelta(days=1)
    notification_send_task.using(run_after=later).enqueue(3, "accepted", None)  # not due
    page = scrape(client)
    assert "lifelong_task_queue_depth 2.0" in page
    (age_line,) = [
        line for line in page.splitlines() if line.startswith("lifelong_task_queue_oldest_age")
    ]
    assert 600 <= float(age_line.split()[-1]) < 700


# --- several processes ---------------------------------------------------------------------------

_COUNT_ONE = (
    "from lifelong.lib.metrics import APPLICATIONS; APPLICATIONS.labels(outcome='accepted').inc()"
)
_SCRAPE = (
    "from lifelong.lib.metrics import metrics_exposition; print(metrics_exposition().decode())"
)


def test_a_scrape_adds_up_the_processes_of_the_machine(tmp_path, settings):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for _process in range(2):
        subprocess.run(
            [sys.executable, "-c", _COUNT_ONE], cwd=ROOT, env=env, check=True, timeout=60
        )
    scraped = subprocess.run(
        [sys.executable, "-c", _SCRAPE],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    assert 'lifelong_applications_total{outcome="accepted"} 2.0' in scraped
