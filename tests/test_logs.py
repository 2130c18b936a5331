"""Logs: one JSON object per line in production, each line of a request with its request id,
which also reaches the lines the worker writes for the tasks that request queued."""

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from lifelong.enrolment.notifications import notification_send_task
from lifelong.jobs.backend import task_log_context
from lifelong.lib.logs import log_formatter
from tests.enrolment.helpers import make_open_edition, make_user, run_tasks

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
NGINX_ID = "0f9c2a7d4e5b6c1a8d3e2f4a5b6c7d8e"

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def json_lines() -> Iterator[Lines]:
    """What the logs say meanwhile, as the production formatter writes it, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(log_formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def run_worker_verbosely() -> None:
    """The worker as `run_tasks` runs it, but with its INFO lines on (task started/done)."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command("db_worker", batch=True, startup_delay=False, verbosity=1)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def test_it_writes_one_json_object_per_line_with_the_time_in_utc():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('lifelong.example').warning('seats %s', 3)"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "lifelong.settings"}
    finished = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    (line,) = finished.stderr.splitlines()
    record = json.loads(line)
    assert (record["event"], record["level"], record["logger"]) == (
        "seats 3",
        "warning",
        "lifelong.example",
    )
    assert record["timestamp"].endswith("Z")


def test_it_writes_readable_lines_in_tests_and_development(settings):
    assert settings.LOG_FORMAT == "console"


def test_it_says_the_request_id_back(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=NGINX_ID)
    assert response["X-Request-ID"] == NGINX_ID


def test_it_replaces_a_request_id_that_is_not_a_plain_token(client):
    for sent in ["", "a b", "x" * 65, "id\u00e9", "<script>", "a;b"]:
        answered = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
        assert answered != sent
        assert len(answered) == 32 and int(answered, 16) >= 0


def test_it_makes_a_request_id_when_none_was_sent(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_each_line_of_a_request_carries_its_id(client, json_lines):
    client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="req-404")
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["event"] == "Not Found: /en/no-such-page/"
    assert (line["level"], line["request_id"]) == ("warning", "req-404")


def test_a_server_error_is_logged_with_the_request_id(json_lines):
    client = Client(raise_request_exception=False)
    with mock.patch("lifelong.site_views.JsonResponse", side_effect=RuntimeError("broken")):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500"
    (line,) = [line for line in json_lines() if line["level"] == "error"]
    assert line["request_id"] == "req-500"
    assert "RuntimeError: broken" in line["exception"]


def test_nothing_of_a_request_sticks_to_what_comes_after(client, json_lines):
    client.get("/healthz", HTTP_X_REQUEST_ID="req-before")
    logging.getLogger("lifelong.example").warning("between requests")
    (line,) = json_lines()
    assert "request_id" not in line


def test_a_task_logs_with_the_id_of_the_request_that_queued_it(client, json_lines):
    edition = make_open_edition()
    client.force_login(make_user())
    client.post(
        f"/en/editions/{edition.pk}/apply/",
        {"full_name": "Kim", "consent": "on"},
        HTTP_X_REQUEST_ID=NGINX_ID,
    )
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["request_id"] == NGINX_ID
    run_worker_verbosely()
    task_lines = [line for line in json_lines() if line["logger"] == "django_tasks"]
    assert [line["event"].rsplit("state=")[-1] for line in task_lines] == [
        "RUNNING",
        "SUCCESSFUL",
    ]
    for line in task_lines:
        assert line["request_id"] == NGINX_ID
        assert line["task_id"] == str(queued.pk)
        assert line["task"] == "lifelong.enrolment.notifications.notification_send_task"


def test_a_task_queued_outside_a_request_carries_no_id():
    notification_send_task.enqueue(1, "accepted", None)
    assert "request_id" not in DBTaskResult.objects.get().args_kwargs


def test_a_task_queued_by_a_task_carries_the_same_id_on():
    parent = DBTaskResult.objects.get(pk=notification_send_task.enqueue(1, "accepted", None).id)
    parent.args_kwargs["request_id"] = NGINX_ID
    with task_log_context(parent):
        child = notification_send_task.enqueue(2, "accepted", None)
    assert DBTaskResult.objects.get(pk=child.id).args_kwargs["request_id"] == NGINX_ID


def test_a_task_queued_by_a_task_of_no_request_carries_that_tasks_id():
    parent = DBTaskResult.objects.get(pk=notification_send_task.enqueue(1, "accepted", None).id)
    with task_log_context(parent):
        child = notification_send_task.enqueue(2, "accepted", None)
    assert DBTaskResult.objects.get(pk=child.id).args_kwargs["request_id"] == str(parent.pk)


def test_the_task_still_gets_only_its_own_arguments():
    """django-tasks-db ignores the extra key: the task is called as it was queued."""
    with mock.patch(
        "lifelong.enrolment.notifications.notification_send", return_value=True
    ) as send:
        with task_log_context(DBTaskResult(id="4f0e", task_path="x", args_kwargs={})):
            notification_send_task.enqueue(7, "accepted", None)
        run_tasks()
    send.assert_called_once_with(application_id=7, kind="accepted", session_id=None, occasion="")
