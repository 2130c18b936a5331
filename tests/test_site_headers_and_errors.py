"""The site's error pages need no database and speak the address's language; personal pages are
never stored by a cache; no page may use the camera, the microphone or the location."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse

import lifelong.urls
from lifelong import site_views
from lifelong.lib.headers import PERMISSIONS_POLICY
from tests.enrolment.helpers import make_user


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/de/programmes/no-such-programme/", "de", "Seite nicht gefunden"),
        ("/en/programmes/no-such-programme/", "en", "Page not found"),
    ],
)
@pytest.mark.django_db
def test_not_found_page_in_the_language_of_the_address(
    client: Client, path: str, language: str, heading: str
) -> None:
    response = client.get(path)

    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (site_views.bad_request, 400),
        (site_views.permission_denied, 403),
        (site_views.page_not_found, 404),
        (site_views.csrf_failure, 403),
    ],
)
def test_error_pages_ask_the_database_nothing(handler: object, status: int) -> None:
    # Without the django_db mark any query raises: the page renders with no database at all.
    response = handler(RequestFactory().get("/en/staff/"), Exception("x"))  # type: ignore[operator]

    assert response.status_code == status
    assert b"<h1>" in response.content


def test_server_error_page_asks_the_database_nothing() -> None:
    response = site_views.server_error(RequestFactory().get("/de/my/"))

    assert response.status_code == 500
    assert "Bei uns ist etwas schiefgegangen" in response.content.decode()


def _broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the database went away")


# The site's addresses and one that crashes, for the test below (pytest.mark.urls).
urlpatterns = [path("en/crash/", _broken_view), *lifelong.urls.urlpatterns]
handler500 = lifelong.urls.handler500


@pytest.mark.urls("tests.test_site_headers_and_errors")
@pytest.mark.django_db
def test_a_crash_shows_the_friendly_page_and_no_trace() -> None:
    response = Client(raise_request_exception=False).get("/en/crash/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "RuntimeError" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_a_form_sent_without_its_token_gets_the_friendly_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.example"})

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/en/my/", "/de/staff/", "/en/accounts/login/", "/en/offer/abc/", "/checkin/abc/"],
)
def test_personal_pages_are_not_stored(client: Client, path: str) -> None:
    response = client.get(path)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_every_page_seen_with_a_session_is_not_stored(client: Client) -> None:
    client.force_login(make_user("reader@example.org"))

    response = client.get(reverse("catalogue:list"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_without_a_session_may_be_cached(client: Client) -> None:
    response = client.get(reverse("catalogue:list"))

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_no_page_may_use_camera_microphone_or_location(client: Client) -> None:
    response = client.get(reverse("catalogue:list"))

    policy = response["Permissions-Policy"]
    assert policy == PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy
