"""Failed background tasks in the back office: an e-mail that cannot be sent is tried again
by the worker, then given up and shown to site administrators with its error (it used to
fail silently); they may try it again now or dismiss it. Retention keeps a given-up record
and prunes the closed ones."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bench.rush import free_port
from lifelong.accounts.models import User
from lifelong.enrolment.notifications import notification_send_task
from lifelong.jobs.models import TaskFailure
from lifelong.office.retention import retention_apply
from tests.enrolment.helpers import (
    apply,
    give_authenticator,
    make_open_edition,
    make_organiser,
    make_user,
    run_tasks,
)

pytestmark = pytest.mark.django_db

PAGE = "/en/staff/tasks/failed/"


@pytest.fixture(autouse=True)
def _mail_server_down(settings):
    """SMTP to a port where nothing listens: every e-mail fails to go out."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 2
    settings.TASK_RETRY_ATTEMPTS = 2
    settings.TASK_RETRY_BASE_SECONDS = 0


def _admin() -> Client:
    admin = User.objects.create_superuser(email="admin@lifelong.example", password=None)
    give_authenticator(admin)
    client = Client()
    client.force_login(admin)
    return client


def _given_up_email() -> TaskFailure:
    edition = make_open_edition()
    apply(edition, make_user("zoe@example.org"), full_name="Zoë Beispiel")  # queues an e-mail
    run_tasks()
    return TaskFailure.objects.get(task_path=notification_send_task.module_path)


def test_it_gives_up_an_email_the_mail_server_refuses_and_shows_it_to_administrators():
    failure = _given_up_email()
    assert (failure.state, failure.attempts) == (TaskFailure.State.GIVEN_UP, 2)
    assert failure.error_class == "builtins.ConnectionRefusedError"

    admin = _admin()
    page = admin.get(PAGE).content.decode()
    assert "E-mail to an applicant" in page
    assert "ConnectionRefusedError" in page
    assert "Connection refused" in page
    assert f"Application no. {failure.args[0]}" in page
    assert "<details><summary>Traceback</summary>" in page
    assert "Zoë" not in page and "zoe@example.org" not in page  # the number is enough
    german = admin.get(PAGE.replace("/en/", "/de/")).content.decode()
    assert "Fehlgeschlagene Hintergrundaufgaben" in german
    assert "E-Mail an eine bewerbende Person" in german
    start = admin.get("/en/staff/").content.decode()
    assert "Failed background tasks (1)" in start
    assert "1 background task was given up" in start


def test_it_tries_a_given_up_task_again_once_however_often_the_button_is_pressed():
    failure = _given_up_email()
    admin = _admin()
    for _press in range(2):
        response = admin.post(f"{PAGE}{failure.pk}/retry/")
        assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.RETRYING
    waiting = DBTaskResult.objects.filter(
        task_path=notification_send_task.module_path, status=TaskResultStatus.READY
    )
    assert list(waiting.values_list("pk", flat=True)) == [failure.current_task_id]

    run_tasks()  # the mail server is still down: given up again after one more attempt
    failure.refresh_from_db()
    assert (failure.state, failure.attempts) == (TaskFailure.State.GIVEN_UP, 3)


def test_it_resolves_the_failure_when_the_task_tried_again_succeeds(settings):
    failure = _given_up_email()
    _admin().post(f"{PAGE}{failure.pk}/retry/")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_tasks()
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.RESOLVED


def test_it_dismisses_a_given_up_task_and_no_longer_lists_it():
    failure = _given_up_email()
    admin = _admin()
    assert admin.post(f"{PAGE}{failure.pk}/dismiss/").status_code == 302
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.DISMISSED
    assert "No task has been given up." in admin.get(PAGE).content.decode()
    assert "Failed background tasks (0)" in admin.get("/en/staff/").content.decode()


def test_it_shows_the_page_to_site_administrators_only():
    edition = make_open_edition()
    organiser = make_organiser(edition)
    client = Client()
    client.force_login(organiser)
    assert client.get(PAGE).status_code == 404
    assert "Failed background tasks" not in client.get("/en/staff/").content.decode()


def test_retention_keeps_a_given_up_task_and_prunes_closed_ones_after_the_days(settings):
    settings.RETENTION_TASK_DAYS = 30
    failure = _given_up_email()
    later = timezone.now() + timedelta(days=31)
    retention_apply(now=later)
    assert TaskFailure.objects.filter(pk=failure.pk).exists()  # its task rows may go
    assert not DBTaskResult.objects.filter(task_path=notification_send_task.module_path).exists()
    assert f"Application no. {failure.args[0]}" in _admin().get(PAGE).content.decode()

    TaskFailure.objects.filter(pk=failure.pk).update(
        state=TaskFailure.State.DISMISSED, closed_at=timezone.now()
    )
    retention_apply(now=later)
    assert not TaskFailure.objects.filter(pk=failure.pk).exists()
