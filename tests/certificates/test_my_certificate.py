"""Participants see the rule in words and where they stand on "My programmes", and once it
is issued they download their certificate and its signed credential; nobody else can."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.certificates.models import Assessment, AssessmentResult
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_participant_sees_the_rule_and_where_they_stand(client):
    edition = make_certificate_edition()
    person = attended(participant(edition, "Ana"), ["present", "present", "absent"])
    client.force_login(person.applicant)
    page = text(client.get("/en/my/"))
    assert "Certificate (30 hours) for attending at least 4 of 5 days" in page
    assert "not yet met" in page
    assert "2 of 5 days attended, 2 days left, 4 needed" in page


def test_the_participant_sees_their_passed_assessment_with_its_grade(client):
    edition = make_certificate_edition()
    paper = Assessment.objects.create(
        edition=edition, kind="project_paper", name_de="Projektarbeit", name_en="Project paper"
    )
    person = attended(participant(edition, "Ana"), ["present", "present"])
    AssessmentResult.objects.create(
        assessment=paper,
        application=person,
        outcome="passed",
        grade="1,3",
        recorded_at=timezone.now(),
    )
    client.force_login(person.applicant)
    assert "Project paper: passed (1.3)" in text(client.get("/en/my/"))
    assert "Projektarbeit: bestanden (1,3)" in text(client.get("/de/my/"))


def test_the_participant_downloads_their_certificate_and_credential(client):
    edition = make_certificate_edition()
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    certificate = certificate_issue(application=person, actor=None).certificate
    client.force_login(person.applicant)
    page = text(client.get("/en/my/"))
    assert certificate.code in page
    pdf = client.get(f"/en/my/certificates/{certificate.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    credential = client.get(f"/en/my/certificates/{certificate.pk}.jwt")
    assert credential.content.decode() == certificate.document.credential


def test_nobody_else_downloads_it(client):
    edition = make_certificate_edition()
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    other = attended(participant(edition, "Ben"), ["present"] * 5)
    certificate = certificate_issue(application=person, actor=None).certificate
    client.force_login(other.applicant)
    assert client.get(f"/en/my/certificates/{certificate.pk}.pdf").status_code == 404
    assert client.get(f"/en/my/certificates/{certificate.pk}.jwt").status_code == 404


def test_a_finished_programme_offers_the_certificate_but_no_pass_or_cancelling(client):
    edition = make_certificate_edition()
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    long_ago = timezone.now() - timedelta(days=400)
    for number, session in enumerate(edition.sessions.order_by("starts_at")):
        session.starts_at = long_ago + timedelta(weeks=number)
        session.ends_at = session.starts_at + timedelta(hours=4)
        session.save()
    certificate_issue(application=person, actor=None)
    client.force_login(person.applicant)
    page = text(client.get("/en/my/"))
    assert "Certificate (PDF)" in page
    assert "My check-in pass" not in page
    assert "Cancel my application" not in page
    assert "Add all dates to my calendar" not in page
