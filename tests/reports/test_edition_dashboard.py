"""An edition's dashboard: a chart per figure, drawn on the server as an SVG image that
screen readers can name, with the numbers in a table behind it, in the page's language."""

import re

import pytest
import time_machine

from lifelong.accounts.models import User
from lifelong.catalogue.models import Edition
from tests.enrolment.helpers import make_organiser
from tests.factories import berlin, make_edition
from tests.reports.helpers import NOW, rows, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_february_2030():
    with time_machine.travel(NOW, tick=False):
        yield


def page(client, known, language="en") -> str:
    response = client.get(f"/{language}/staff/editions/{known.edition.pk}/dashboard/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_draws_five_charts_each_an_image_with_a_name(client, known):
    html = page(client, known)
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 5
    for key in ("applications", "places", "audiences", "attendance", "certificates"):
        svg = re.search(rf'<svg[^>]*id="chart-{key}"[^>]*>', html)
        assert svg, key
        assert 'role="img"' in svg.group(0)
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in svg.group(0)
        assert f'<title id="chart-{key}-title">' in html
        assert f'<desc id="chart-{key}-desc">' in html


def test_it_leaves_nothing_in_the_svg_that_the_content_security_policy_blocks(client, known):
    html = page(client, known)
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert "<style" not in svg
        assert "<script" not in svg
        assert "style=" not in svg
        assert "href=" not in svg  # no external script or stylesheet
    assert "kozea.github.io" not in html


def test_it_shows_applications_per_day_against_the_deadline(client, known):
    applications = section(page(client, known), "applications")
    assert "5 applications so far; the deadline is 31 January 2030." in applications
    assert ">Deadline<" in applications  # the second series: a line at the deadline
    assert ">31 Jan<" in applications  # and the deadline's label on the time axis
    assert "Applications per day (deadline: 31 January 2030)" in applications
    assert rows(applications) == [
        ["3 January 2030", "2", "2"],
        ["5 January 2030", "2", "4"],
        ["8 January 2030", "1", "5"],
    ]


def test_it_shows_the_places_taken(client, known):
    places = section(page(client, known), "places")
    assert "4 of 4 places taken: 100%." in places
    assert 'class="value">4</text>' in places  # printed on the bar of the accepted
    assert rows(places) == [
        ["Places", "4"],
        ["Accepted", "4"],
        ["Offered, awaiting an answer", "0"],
        ["Free", "0"],
        ["Fill rate", "100%"],
        ["On the waiting list", "1"],
    ]


def test_it_sets_the_groups_against_their_quotas(client, known):
    audiences = section(page(client, known), "audiences")
    assert rows(audiences) == [["City staff", "3", "2", "no limit"], ["Researchers", "2", "2", "2"]]
    assert ">City staff<" in audiences  # the chart's labels


def test_it_shows_attendance_per_programme_day(client, known):
    # After the second day: presence recorded for a day still ahead would count for nothing.
    organiser = User.objects.get(pk=client.session["_auth_user_id"])
    with time_machine.travel(berlin(2030, 3, 13, 9), tick=False):
        client.force_login(organiser)  # a fresh session on that day
        attendance = section(page(client, known), "attendance")
    assert rows(attendance) == [
        ["5 March 2030", "2", "0", "1", "1", "0"],
        ["12 March 2030", "1", "1", "0", "0", "2"],
        ["19 March 2030", "0", "0", "0", "0", "4"],
    ]
    for label in ("Present", "Late", "Excused", "Absent", "Not recorded"):
        assert f'<th scope="col">{label}</th>' in attendance
        assert f">{label}<" in attendance.split("<details")[0]  # in the chart's legend too


def test_it_shows_valid_and_revoked_certificates(client, known):
    certificates = section(page(client, known), "certificates")
    assert "Valid certificates: 1 · revoked: 1." in certificates
    assert certificates.count('class="value">1</text>') == 2
    assert rows(certificates)[:3] == [["Valid", "1"], ["Revoked", "1"], ["Issued in all", "2"]]


def test_it_gives_every_table_a_caption_and_headers_with_a_scope(client, known):
    html = page(client, known)
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 5
    for table in tables:
        assert "<caption>" in table
        assert all('scope="' in th for th in re.findall(r"<th[ >][^>]*", table))


def test_it_speaks_german_under_de(client, known):
    html = page(client, known, "de")
    places = section(html, "places")
    assert "100\u00a0%" in places
    assert "Platz bestätigt" in places  # the state's name, as the application pages say it
    assert ">31.1.<" in section(html, "applications")
    assert rows(section(html, "attendance"))[0][0] == "05.03.2030"


def test_it_escapes_names_in_the_charts(client, known):
    known.researchers.name_en = "<script>alert(1)</script>"
    known.researchers.save()
    html = page(client, known)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_it_draws_an_edition_without_applications(client):
    edition = make_edition(session_count=0)
    client.force_login(make_organiser(edition))
    response = client.get(f"/en/staff/editions/{edition.pk}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 applications so far" in html
    assert html.count('role="img"') == 5
    assert "No figures yet." in html  # in the empty tables


def test_it_names_the_time_of_a_deadline_that_is_not_the_end_of_the_day(client, known):
    Edition.objects.filter(pk=known.edition.pk).update(
        applications_close_at=berlin(2030, 1, 31, 12, 0)
    )
    applications = section(page(client, known), "applications")
    assert "5 applications so far; the deadline is 31 January 2030, 12:00." in applications
    assert "Applications per day (deadline: 31 January 2030, 12:00)" in applications
