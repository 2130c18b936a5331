"""The retention pages: the schedule on the edition's page, the dry run for organisers and
site administrators, and the records of processing for the institution's owners."""

import csv
import io

import pytest
from django.test import Client

from lifelong.accounts.models import Membership, User
from lifelong.enrolment.models import Application
from lifelong.office.retention import edition_schedule
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_staff
from tests.factories import berlin

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_shows_the_schedule_as_dates_on_the_editions_page():
    edition = make_open_edition()
    organiser = make_organiser(edition)
    schedule = edition_schedule(edition=edition)
    page = _client(organiser).get(f"/en/staff/editions/{edition.pk}/").content.decode()
    assert "Keeping personal data" in page
    assert f"{schedule.unaccepted_until:%-d %B %Y}" in page
    assert f"{schedule.attendance_until:%-d %B %Y}" in page


def test_it_shows_what_would_go_and_changes_nothing():
    edition = make_open_edition()
    organiser = make_organiser(edition)
    rejected = apply(edition)
    Application.objects.filter(pk=rejected.pk).update(state="rejected")
    # Due at once: the edition keeps nothing after its end, which is in the past.
    edition.sessions.all().delete()
    edition.retention_unaccepted_months = 0
    edition.applications_open_at = berlin(2020, 1, 1)
    edition.applications_close_at = berlin(2020, 2, 1)
    edition.save()

    page = _client(organiser).get("/en/staff/retention/").content.decode()

    assert "changes nothing" in page
    assert edition.programme.title_en in page
    assert Application.objects.filter(pk=rejected.pk).exists()


def test_it_gives_the_records_of_processing_to_owners():
    edition = make_open_edition()
    institution = edition.programme.institution
    owner = make_staff(institution, Membership.Role.OWNER, "owner@uni.example")
    response = _client(owner).get(
        f"/en/staff/institutions/{institution.pk}/records-of-processing.csv"
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Processing activity"
    names = [row[0] for row in rows[1:]]
    assert "Applications and selection" in names
    retention = {row[0]: row[9] for row in rows[1:]}
    assert "6 months" in retention["Applications and selection"]
    assert "12 months" in retention["Attendance"]
