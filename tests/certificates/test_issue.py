"""Issuing one certificate: only when the rule is met, exactly once, with the facts frozen,
its PDF and signed credential written with it, logged, and e-mailed to the participant."""

import re

import pytest
from django.core import mail
from django.utils import translation

from lifelong.audit.models import AuditEvent
from lifelong.certificates.errors import CertificateError
from lifelong.certificates.models import Certificate, CertificateDocument
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser, run_tasks

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^LL-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
FOUR_OF_FIVE = ["present", "present", "late", "absent", "present"]


@pytest.fixture
def edition():
    return make_certificate_edition()


def test_it_issues_a_certificate_that_freezes_what_it_certifies(edition):
    organiser = make_organiser(edition)
    zoe = attended(participant(edition, "Zoë Łukasiewicz-Öztürk"), FOUR_OF_FIVE)
    issued = certificate_issue(application=zoe, actor=organiser)
    certificate = issued.certificate
    assert issued.created
    assert CODE.match(certificate.code)
    facts = certificate.facts
    assert facts["name"] == "Zoë Łukasiewicz-Öztürk"  # as the participant wrote it
    assert facts["programme"] == {
        "de": "Wissen gemeinsam gestalten",
        "en": "Shaping knowledge together",
    }
    assert facts["institutions"][0]["name"]["de"] == edition.programme.institution.name_de
    assert (facts["days_attended"], facts["days_total"]) == (4, 5)
    assert [day["attended"] for day in facts["days"]] == [True, True, True, False, True]
    assert facts["workload_hours"] == 30
    assert facts["rule"]["en"].startswith("Certificate (30 hours) for attending at least 4 of 5")
    assert facts["rule"]["de"].startswith("Zertifikat (30 Stunden) für alle, die an mindestens")
    document = CertificateDocument.objects.get(certificate=certificate)
    assert bytes(document.pdf).startswith(b"%PDF-")
    assert document.credential.count(".") == 2
    event = AuditEvent.objects.get(action="certificate.issued")
    assert (event.actor, event.subject_id, event.data["code"]) == (
        organiser,
        zoe.pk,
        certificate.code,
    )


def test_the_certificate_keeps_its_facts_when_the_programme_changes(edition):
    zoe = attended(participant(edition, "Zoë"), FOUR_OF_FIVE)
    certificate = certificate_issue(application=zoe, actor=None).certificate
    pdf = bytes(certificate.document.pdf)
    edition.programme.title_en = "Renamed later"
    edition.programme.save()
    zoe.full_name = "Someone else"
    zoe.save()
    certificate.refresh_from_db()
    assert certificate.facts["programme"]["en"] == "Shaping knowledge together"
    assert certificate.facts["name"] == "Zoë"
    assert bytes(certificate.document.pdf) == pdf


def test_it_refuses_someone_who_does_not_meet_the_rule_and_says_why(edition):
    three = attended(participant(edition, "Tom"), ["present", "present", "absent", "absent"])
    with translation.override("de"), pytest.raises(CertificateError) as refused:
        certificate_issue(application=three, actor=None)  # the reason in the reader's language
    assert refused.value.code == "rule_not_met"
    with translation.override("de"):
        assert refused.value.message == (
            "Tom erfüllt die Regel noch nicht: 2 von 5 Tagen besucht, 1 Tag offen, 4 nötig"
        )
    assert not Certificate.objects.exists()


def test_it_refuses_an_edition_without_certificate():
    edition = make_certificate_edition(rule={})
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    with pytest.raises(CertificateError) as refused:
        certificate_issue(application=person, actor=None)
    assert refused.value.code == "no_certificate"


def test_issuing_again_returns_the_same_certificate(edition):
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    first = certificate_issue(application=person, actor=None)
    again = certificate_issue(application=person, actor=None)
    assert not again.created
    assert again.certificate.pk == first.certificate.pk
    assert Certificate.objects.count() == 1


def test_the_participant_gets_an_email_in_their_language_with_the_pdf(edition):
    person = attended(participant(edition, "Nguyễn Thị Minh Khai", language="en"), ["present"] * 5)
    certificate = certificate_issue(application=person, actor=None).certificate
    run_tasks()
    message = next(m for m in mail.outbox if "certificate" in m.subject.lower())
    assert message.subject == "Your certificate: Shaping knowledge together"
    assert certificate.code in message.body
    assert f"/verify/{certificate.code}/" in message.body
    name, content, kind = message.attachments[0]
    assert (name, kind) == (f"{certificate.code}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")


def test_the_language_of_the_certificate_is_the_participants(edition):
    english = attended(participant(edition, "Ann", language="en"), ["present"] * 5)
    german = attended(participant(edition, "Anna", language="de"), ["present"] * 5)
    assert certificate_issue(application=english, actor=None).certificate.language == "en"
    assert certificate_issue(application=german, actor=None).certificate.language == "de"


def test_without_a_signing_key_in_production_nothing_is_issued(edition, settings):
    settings.DEBUG = settings.TESTING = False
    settings.CREDENTIAL_KEYS_FILE = ""
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    with pytest.raises(CertificateError) as refused:
        certificate_issue(application=person, actor=None)
    assert refused.value.code == "signing_key_missing"
    assert not Certificate.objects.exists()
