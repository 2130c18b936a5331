"""My account: correcting one's name (and the organisers' re-issue of a certificate under
it), and a copy of one's data, made in the background, downloadable by that person for 7
days."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.certificates.models import Certificate
from lifelong.certificates.services import certificate_issue, certificate_withdraw_by_holder
from lifelong.enrolment.models import Application
from lifelong.office.models import DataExport
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser, make_user, run_tasks

pytestmark = pytest.mark.django_db


def test_it_corrects_the_name_on_the_account_and_the_applications(client):
    application = participant(make_certificate_edition(), "Ana Smiht", language="en")
    person = application.applicant
    client.force_login(person)
    assert "My account" in client.get("/en/my/").content.decode()
    bad = client.post("/en/my/account/name/", {"first_name": "Ana", "last_name": ""})
    assert bad.status_code == 422
    response = client.post("/en/my/account/name/", {"first_name": "Ana", "last_name": "Smith"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.get_full_name() == "Ana Smith"
    assert Application.objects.get(pk=application.pk).full_name == "Ana Smith"
    assert AuditEvent.objects.filter(action="person.name_corrected").count() == 1


def test_organisers_reissue_a_certificate_under_the_corrected_name(client):
    edition = make_certificate_edition()
    organiser = make_organiser(edition)
    application = attended(participant(edition, "Ana Smiht"), ["present"] * 5)
    old = certificate_issue(application=application, actor=organiser).certificate
    Application.objects.filter(pk=application.pk).update(full_name="Ana Smith")
    client.force_login(organiser)
    page = client.get(f"/en/staff/editions/{edition.pk}/certificates/").content.decode()
    assert "Re-issue with the corrected name" in page
    response = client.post(f"/en/staff/certificates/{old.pk}/reissue/")
    assert response.status_code == 302
    old.refresh_from_db()
    new = Certificate.objects.get(application=application)
    assert (old.revoked_category, old.reissued_as, old.application) == ("reissued", new, None)
    assert new.code != old.code and new.facts["name"] == "Ana Smith"
    verify = client.get(f"/verify/{old.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Replaced by a re-issued certificate" in verify
    assert AuditEvent.objects.filter(action="certificate.reissued").count() == 1


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


@pytest.mark.parametrize("language", ["en", "de"])
def test_it_makes_a_copy_of_the_data_in_the_background(client, language):
    edition = make_certificate_edition()
    application = attended(participant(edition, "Ana Smith", language=language), ["present"] * 5)
    certificate_issue(application=application, actor=None)
    person = application.applicant
    client.force_login(person)
    assert client.get("/en/my/account/").status_code == 200
    response = client.post(f"/{language}/my/account/data/")
    export = DataExport.objects.get(person=person)
    assert response["Location"] == f"/{language}/my/account/data/{export.pk}/"
    waiting = client.get(response["Location"])
    assert "data-job-active" in waiting.content.decode()
    progress = client.get(f"/en/my/account/data/{export.pk}/progress/").json()
    assert progress["finished"] is False

    run_tasks()

    ready = client.get(response["Location"]).content.decode()
    assert ("Your copy is ready" if language == "en" else "Ihre Kopie ist bereit") in ready
    archive = _zip(client.get(f"/en/my/account/data/{export.pk}/download/"))
    data = json.loads(archive.read("data.json"))
    assert data["account"][0]["email"] == person.email
    assert data["applications"][0]["full_name"] == "Ana Smith"
    assert len(data["attendance"]) == 5
    assert data["certificates"][0]["what_it_certifies"]["name"] == "Ana Smith"
    assert len(data["emails"]) == 2  # the place, the certificate
    assert all(row["sent_at"] for row in data["emails"])
    assert data["log"]
    readable = archive.read("index.html").decode()
    assert "Ana Smith" in readable and f'lang="{language}"' in readable
    assert any(name.startswith("certificates/") for name in archive.namelist())


def test_the_download_is_for_that_person_only_and_for_7_days(client):
    person = make_user()
    client.force_login(person)
    client.post("/en/my/account/data/")
    run_tasks()
    export = DataExport.objects.get(person=person)
    download = f"/en/my/account/data/{export.pk}/download/"
    client.force_login(make_user())
    assert client.get(download).status_code == 404
    assert client.get(f"/en/my/account/data/{export.pk}/").status_code == 404
    client.force_login(person)
    assert client.get(download).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        expired = client.get(download)
        assert expired.status_code == 410
        assert "This download has expired" in expired.content.decode()


def test_asking_twice_while_it_is_made_gives_the_same_copy(client):
    person = make_user()
    client.force_login(person)
    first = client.post("/en/my/account/data/")["Location"]
    assert client.post("/en/my/account/data/")["Location"] == first
    assert DataExport.objects.count() == 1


def test_a_name_with_a_line_break_is_refused_and_nothing_changes(client):
    person = make_user("ida@example.org")
    client.force_login(person)

    response = client.post(
        "/en/my/account/name/", {"first_name": "Ida", "last_name": "Muster\r\nBcc: x"}
    )

    assert response.status_code == 422
    assert "without control characters" in response.content.decode()
    person.refresh_from_db()
    assert person.last_name != "Muster\r\nBcc: x"


def test_a_copy_made_within_the_hour_is_given_again_then_a_new_one(client):
    person = make_user()
    client.force_login(person)
    first = client.post("/en/my/account/data/")["Location"]
    run_tasks()
    assert client.post("/en/my/account/data/")["Location"] == first
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client.post("/en/my/account/data/")["Location"] != first
    assert DataExport.objects.filter(person=person).count() == 2


def test_the_copy_names_no_staff_member(client):
    edition = make_certificate_edition()
    organiser = make_organiser(edition)
    application = attended(participant(edition, "Ana Smith", language="en"), ["present"] * 5)
    certificate_issue(application=application, actor=organiser)  # logged as the organiser's
    person = application.applicant
    client.force_login(person)
    client.post("/en/my/account/data/")
    run_tasks()
    export = DataExport.objects.get(person=person)

    archive = _zip(client.get(f"/en/my/account/data/{export.pk}/download/"))

    log = json.loads(archive.read("data.json"))["log"]
    assert "the organisers" in {row["who"] for row in log}
    assert organiser.email not in archive.read("data.json").decode()
    assert organiser.email not in archive.read("index.html").decode()


def test_a_name_too_long_for_an_application_is_refused(client):
    person = make_user()
    client.force_login(person)

    response = client.post("/en/my/account/name/", {"first_name": "A" * 120, "last_name": "B" * 90})

    assert response.status_code == 422
    assert "200 characters at most" in response.content.decode()


def test_a_reissued_certificate_certifies_what_the_old_one_did(client):
    """The attendance it rests on may be gone by retention: the facts are carried over."""
    edition = make_certificate_edition()
    organiser = make_organiser(edition)
    application = attended(participant(edition, "Ana Smiht"), ["present"] * 5)
    old = certificate_issue(application=application, actor=organiser).certificate
    Attendance.objects.filter(application=application).delete()
    Application.objects.filter(pk=application.pk).update(full_name="Ana Smith")
    client.force_login(organiser)

    client.post(f"/en/staff/certificates/{old.pk}/reissue/")

    new = Certificate.objects.get(application=application)
    assert new.facts == {**old.facts, "name": "Ana Smith"}


def test_the_staff_pdf_of_a_withdrawn_certificate_is_gone(client):
    edition = make_certificate_edition()
    organiser = make_organiser(edition)
    application = attended(participant(edition, "Ana Smith"), ["present"] * 5)
    certificate = certificate_issue(application=application, actor=organiser).certificate
    client.force_login(organiser)
    assert client.get(f"/en/staff/certificates/{certificate.pk}.pdf").status_code == 200

    certificate_withdraw_by_holder(certificate=certificate, actor=None)

    assert client.get(f"/en/staff/certificates/{certificate.pk}.pdf").status_code == 404
