"""Dashboards and downloads read a fixed number of queries, however many people applied:
the same for 5 applications as for 50 (and so for the benchmark's 2,000)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifelong.accounts.models import Membership
from tests.enrolment.helpers import make_staff
from tests.factories import make_audience, make_edition
from tests.reports.helpers import add_applications, certify

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # the session and the second-factor check settle on the first visit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def edition_with(count: int):
    edition = make_edition(
        capacity=30, session_count=5, audiences={make_audience(): 10, make_audience(): None}
    )
    add_applications(edition, count)
    for n, application in enumerate(edition.applications.filter(state="accepted")[:3]):
        certify(application, f"CODE-{edition.pk}-{n}", revoked="mistake" if n == 2 else "")
    return edition


def urls(edition) -> list[str]:
    pages = [
        f"/en/staff/editions/{edition.pk}/dashboard/",
        f"/en/staff/institutions/{edition.programme.institution_id}/dashboard/",
        f"/en/staff/editions/{edition.pk}/exports/",
    ]
    downloads = [
        f"/en/staff/editions/{edition.pk}/exports/{kind}.{fmt}"
        for kind in ("applications", "participants", "attendance", "certificates")
        for fmt in ("csv", "xlsx")
    ]
    return pages + downloads


def test_it_reads_the_same_queries_for_5_and_50_applications(client):
    few, many = edition_with(5), edition_with(50)
    assert many.applications.count() == 50
    counts = {}
    for edition in (few, many):
        client.force_login(make_staff(edition.programme.institution, Membership.Role.ORGANISER))
        counts[edition.pk] = {
            url.replace(str(edition.pk), "*").replace(
                str(edition.programme.institution_id), "#"
            ): queries(client, url)
            for url in urls(edition)
        }
    assert counts[few.pk] == counts[many.pk]


def test_it_draws_an_edition_dashboard_in_few_queries(client):
    edition = edition_with(50)
    client.force_login(make_staff(edition.programme.institution, Membership.Role.ORGANISER))
    url = f"/en/staff/editions/{edition.pk}/dashboard/"
    # The session, the user and the access check, then the figures: six queries.
    assert queries(client, url) <= 10
