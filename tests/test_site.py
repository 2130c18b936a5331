from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError

from lifelong.lib.env import cache_from_url, env_bool, env_int

pytestmark = pytest.mark.django_db


def test_it_reports_a_healthy_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_an_unreachable_database(client):
    with mock.patch("lifelong.site_views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503


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
