from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.utils import timezone

from lifelong.enrolment.notifications import notification_send_task
from lifelong.lib.env import cache_from_url, env_bool, env_int

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_the_database(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_each_service(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert body["checks"]["task_queue"] == {
        "ok": True,
        "waiting": 0,
        "oldest_age_seconds": 0.0,
        "max_age_seconds": 300,
    }


def test_readiness_fails_without_the_database(client):
    with mock.patch("lifelong.site_views.connection.cursor", side_effect=OperationalError):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_readiness_fails_without_the_shared_cache(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        # Nothing listens on port 1: the cache is unreachable.
        "default": cache_from_url("redis://127.0.0.1:1/0", database_table="unused"),
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_readiness_says_degraded_when_tasks_wait_too_long(client, settings):
    settings.TASK_QUEUE_MAX_AGE_SECONDS = 60
    with time_machine.travel(timezone.now() - timedelta(minutes=5), tick=False):
        notification_send_task.enqueue(1, "accepted", None)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["task_queue"]["ok"] is False
    assert body["checks"]["task_queue"]["waiting"] == 1
    assert 290 <= body["checks"]["task_queue"]["oldest_age_seconds"] <= 400


def test_a_task_due_later_is_not_waiting(client):
    later = timezone.now() + timedelta(hours=1)
    notification_send_task.using(run_after=later).enqueue(1, "accepted", None)
    assert client.get("/readyz").json()["checks"]["task_queue"]["waiting"] == 0


@pytest.mark.parametrize(
    ("header", "target"),
    [("de-DE,de;q=0.9", "/de/"), ("en-GB,en;q=0.8", "/en/"), ("fr-FR", "/de/")],
)
def test_it_picks_the_browser_language_on_the_first_visit(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == target


def test_it_remembers_a_chosen_language(client):
    response = client.get("/language/en/", {"next": "/en/programmes/x/"})
    assert response["Location"] == "/en/programmes/x/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/en/"


def test_it_never_redirects_to_another_site(client):
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_it_sends_security_headers(client):
    response = client.get("/de/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_it_fails_loudly_on_a_bad_setting(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    monkeypatch.setenv("WORKERS", "two")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG", False)
    with pytest.raises(ImproperlyConfigured):
        env_int("WORKERS", 1)


def test_it_refuses_a_number_out_of_its_range(monkeypatch):
    monkeypatch.setenv("DAILY_TASKS_HOUR", "24")
    with pytest.raises(ImproperlyConfigured, match="at most 23"):
        env_int("DAILY_TASKS_HOUR", 3, minimum=0, maximum=23)
    monkeypatch.setenv("DAILY_TASKS_HOUR", "23")
    assert env_int("DAILY_TASKS_HOUR", 3, minimum=0, maximum=23) == 23


def test_the_database_cache_keeps_running_counts_through_a_rush():
    """Django's default of 300 entries would cull live counts (and so reset limits)."""
    cache = cache_from_url("db://", database_table="lifelong_cache")
    assert cache["OPTIONS"] == {"MAX_ENTRIES": 20_000}
