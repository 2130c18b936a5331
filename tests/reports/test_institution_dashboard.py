"""An institution's dashboard: its editions with links to their dashboards and downloads,
and three charts (fill rate, applications of the current editions, certificates), each an
SVG image with its table."""

import re

import pytest
import time_machine

from lifelong.accounts.models import Membership
from tests.enrolment.helpers import make_staff
from tests.factories import make_institution
from tests.reports.helpers import (
    NOW,
    fill_known_edition,
    make_known_edition,
    past_edition,
    rows,
    section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_february_2030():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def known(client):
    known = make_known_edition()
    fill_known_edition(known)
    past_edition(known)
    institution = known.edition.programme.institution
    client.force_login(make_staff(institution, Membership.Role.OWNER, "owner@uni.example"))
    return known


def page(client, known, language="en") -> str:
    institution = known.edition.programme.institution
    response = client.get(f"/{language}/staff/institutions/{institution.pk}/dashboard/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_links_every_edition_to_its_dashboard_and_downloads(client, known):
    html = page(client, known)
    for edition in known.edition.programme.editions.all():
        assert f'href="/en/staff/editions/{edition.pk}/dashboard/"' in html
        assert f'href="/en/staff/editions/{edition.pk}/exports/"' in html
    assert "2 editions, 1 of them current" in html


def test_it_draws_three_charts_each_with_its_table(client, known):
    html = page(client, known)
    for key in ("fill", "current", "issued"):
        chart = section(html, key)
        assert re.search(rf'<svg[^>]*id="chart-{key}"[^>]*role="img"', chart)
        assert "<caption>" in chart


def test_it_shows_the_fill_rate_of_every_edition(client, known):
    fill = section(page(client, known), "fill")
    assert rows(fill) == [
        ["Shaping knowledge together (2029/30)", "4", "4", "100%"],
        ["Shaping knowledge together (2028/29)", "10", "2", "20%"],
    ]
    assert ">100%<" in fill and ">20%<" in fill  # printed on the bars


def test_it_shows_applications_over_time_of_the_current_editions(client, known):
    current = section(page(client, known), "current")
    assert rows(current) == [
        ["3 January 2030", "2"],
        ["5 January 2030", "4"],
        ["8 January 2030", "5"],
    ]
    assert "Shaping knowledge together (2029/30): deadline 31 January 2030" in current
    assert "(2028/29)" not in current


def test_it_shows_certificates_per_edition(client, known):
    issued = section(page(client, known), "issued")
    assert "3 valid certificates issued." in issued
    assert rows(issued) == [
        ["Shaping knowledge together (2029/30)", "1", "1"],
        ["Shaping knowledge together (2028/29)", "2", "0"],
    ]


def test_it_speaks_german_under_de(client, known):
    html = page(client, known, "de")
    assert rows(section(html, "fill"))[0][-1] == "100\u00a0%"
    assert rows(section(html, "current"))[0][0] == "03.01.2030"


def test_it_draws_an_institution_without_editions(client):
    institution = make_institution()
    client.force_login(make_staff(institution, Membership.Role.OWNER))
    response = client.get(f"/en/staff/institutions/{institution.pk}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No editions yet." in html
    assert html.count('role="img"') == 3
    assert "No figures yet" in html
