"""The site's icon: every page links it, and /favicon.ico, which browsers and feed readers
ask for by themselves, answers with it instead of a 404."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)


def test_it_answers_favicon_ico_with_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(ICO_HEADER)


def test_it_links_the_icons_from_its_pages(client):
    page = client.get("/de/").content.decode()

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
    link = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'
    assert link in page
    found = finders.find("favicon.svg")
    assert isinstance(found, str)
    assert re.match(r"<svg [^>]*viewBox=", Path(found).read_text())
