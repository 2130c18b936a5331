"""The edition's downloads page: each list with what it holds and a link to it as Excel
workbook and as CSV, in the page's language."""

import pytest

from tests.enrolment.helpers import make_open_edition, make_organiser

pytestmark = pytest.mark.django_db


def test_it_offers_every_list_in_both_formats_with_an_explanation(client):
    edition = make_open_edition()
    client.force_login(make_organiser(edition))
    response = client.get(f"/en/staff/editions/{edition.pk}/exports/")
    html = " ".join(response.content.decode().split())
    for kind in ("applications", "participants", "attendance", "certificates"):
        for fmt in ("xlsx", "csv"):
            assert f'href="/en/staff/editions/{edition.pk}/exports/{kind}.{fmt}"' in html
    assert "a column with the answers to each of the edition's questions" in html
    assert "The people with a confirmed place" in html
    assert "A row per participant and a column per programme day" in html
    assert "when and why it was revoked" in html
    assert f'href="/en/staff/editions/{edition.pk}/dashboard/"' in html


def test_it_links_to_the_german_files_from_the_german_page(client):
    edition = make_open_edition()
    client.force_login(make_organiser(edition))
    html = client.get(f"/de/staff/editions/{edition.pk}/exports/").content.decode()
    assert f'href="/de/staff/editions/{edition.pk}/exports/applications.csv"' in html
