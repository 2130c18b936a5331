"""The privacy notices and imprints: rendered from the settings and the institution's
details, in both languages, versioned; an application records the version it was made under."""

import pytest
from django.test import Client
from django.utils import translation

from lifelong.catalogue import privacy
from lifelong.catalogue.models import PrivacyNoticeVersion
from lifelong.catalogue.privacy import notice_of_institution, privacy_notice_record
from lifelong.catalogue.services import catalogue_changed
from tests.enrolment.helpers import apply, make_open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_settings(settings):
    settings.OPERATOR_NAME = "Ruhr Lernen GmbH"
    settings.OPERATOR_ADDRESS = "Universitätsstr. 150|44801 Bochum"
    settings.OPERATOR_EMAIL = "datenschutz@ruhr-lernen.example"
    settings.OPERATOR_DPO = "Dr. Daten Schutz|dsb@ruhr-lernen.example"
    settings.OPERATOR_SUPERVISORY_AUTHORITY = "LDI NRW|Kavalleriestr. 2-4|40213 Düsseldorf"
    settings.OPERATOR_PROCESSORS = "Hosting: Rechenzentrum Ruhr eG"
    settings.RETENTION_UNACCEPTED_MONTHS = 7
    settings.RETENTION_ATTENDANCE_MONTHS = 13
    return settings


def test_it_renders_the_operators_notice_from_the_settings_in_both_languages(operator_settings):
    english = Client().get("/en/privacy/").content.decode()
    german = Client().get("/de/privacy/").content.decode()
    for page in (english, german):
        assert "Ruhr Lernen GmbH" in page
        assert "44801 Bochum" in page
        assert "dsb@ruhr-lernen.example" in page
        assert "Kavalleriestr. 2-4" in page
        assert "Rechenzentrum Ruhr eG" in page
    assert "deleted 7 months after the programme" in english
    assert "13 months after the certificates were issued" in english
    assert "Art. 6(1)(b) GDPR" in english
    assert "Art. 77 GDPR" in english
    assert "7 Monate nach dem letzten Programmtag gelöscht" in german
    assert "Art. 6 Abs. 1 lit. b DSGVO" in german
    assert "Sie haben das Recht" in german


def test_it_prints_the_institutions_own_periods_and_details(operator_settings):
    edition = make_open_edition()
    institution = edition.programme.institution
    institution.address = "Am Campus 1\n44780 Bochum"
    institution.dpo_contact = "Behördliche Datenschutzbeauftragte"
    institution.retention_unaccepted_months = 3
    institution.save()
    edition.retention_attendance_months = 24
    edition.save()

    page = Client().get(f"/en/institutions/{institution.slug}/privacy/").content.decode()

    assert institution.name_en in page
    assert "Am Campus 1" in page
    assert "Behördliche Datenschutzbeauftragte" in page
    assert "deleted 3 months after the programme" in page
    assert "attendance 24 months" in page  # the edition's own period, listed
    assert "Ruhr Lernen GmbH" in page  # the operator, as processor


def test_it_shows_the_imprints(operator_settings):
    edition = make_open_edition()
    institution = edition.programme.institution
    institution.represented_by = "Prof. Dr. Rektorin"
    institution.save()
    assert "Universitätsstr. 150" in Client().get("/de/imprint/").content.decode()
    page = Client().get(f"/de/institutions/{institution.slug}/imprint/").content.decode()
    assert "Prof. Dr. Rektorin" in page
    assert "§ 5" in page


def test_it_makes_a_new_version_when_an_input_changes(operator_settings):
    institution = make_open_edition().programme.institution
    first = privacy_notice_record(institution)
    assert privacy_notice_record(institution) == first  # the same inputs: the same version
    institution.retention_unaccepted_months = 2
    institution.save()
    second = privacy_notice_record(institution)
    assert second != first
    operator_settings.OPERATOR_DPO = "Someone else"
    third = privacy_notice_record(institution)
    assert third not in (first, second)
    assert PrivacyNoticeVersion.objects.filter(institution=institution).count() == 3


def test_it_makes_a_new_version_when_the_wording_changes(operator_settings, monkeypatch):
    institution = make_open_edition().programme.institution
    before = notice_of_institution(institution).digest
    # Another wording: the notice's templates read differently.
    monkeypatch.setattr(privacy, "NOTICE_TEMPLATES", ("privacy/notice.html",))
    privacy.notice_wording_digest.cache_clear()
    try:
        assert notice_of_institution(institution).digest != before
    finally:
        monkeypatch.undo()
        privacy.notice_wording_digest.cache_clear()
    assert notice_of_institution(institution).digest == before


def test_it_does_not_depend_on_the_readers_language(operator_settings):
    institution = make_open_edition().programme.institution
    with translation.override("en"):
        english = notice_of_institution(institution).digest
    with translation.override("de"):
        assert notice_of_institution(institution).digest == english


def test_it_records_the_version_the_applicant_saw(operator_settings):
    edition = make_open_edition()
    institution = edition.programme.institution
    seen = notice_of_institution(institution).digest
    application = apply(edition)
    assert application.privacy_notice is not None
    assert application.privacy_notice.digest == seen
    assert apply(edition).privacy_notice_id == application.privacy_notice_id
    # As the admin and the office save an institution: the catalogue changed.
    institution.retention_unaccepted_months = 1
    institution.save()
    catalogue_changed()
    later = apply(edition)
    assert later.privacy_notice_id != application.privacy_notice_id
    assert later.privacy_notice is not None
    assert later.privacy_notice.digest == notice_of_institution(institution).digest


def test_it_records_no_version_on_a_get(operator_settings):
    institution = make_open_edition().programme.institution
    Client().get(f"/en/institutions/{institution.slug}/privacy/")
    assert not PrivacyNoticeVersion.objects.exists()


def test_it_links_the_institutions_notice_from_the_programme_page():
    edition = make_open_edition()
    slug = edition.programme.institution.slug
    page = Client().get(f"/en/programmes/{edition.programme.slug}/").content.decode()
    assert f"/en/institutions/{slug}/privacy/" in page
    assert f"/en/institutions/{slug}/imprint/" in page
    assert "/en/imprint/" in Client().get("/en/").content.decode()
