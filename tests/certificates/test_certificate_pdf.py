"""The certificate as a PDF: A4, in the participant's language, names in any Latin script,
the facts it certifies, the signatories, and a QR code that opens its verification page."""

import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.models import Assessment, AssessmentResult
from lifelong.certificates.pdf import certificate_pdf
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.factories import berlin

pytestmark = pytest.mark.django_db
NAMES = ["Zoë Łukasiewicz-Öztürk", "Nguyễn Thị Minh Khai"]
RULE = CertificateRule.from_json(
    {
        "kind": "certificate",
        "min_sessions": 4,
        "workload_hours": 30,
        "signatories": [
            {"name": "Dr. Miriam Beispiel", "role_de": "Vorstand", "role_en": "Board"},
            {"name": "Jan Muster", "role_de": "Geschäftsführung", "role_en": "Managing director"},
        ],
    }
).to_json()


def pdf_of(name: str, language: str, tmp_path: Path) -> tuple[Path, str]:
    edition = make_certificate_edition(rule=RULE, label="2025/26")
    person = attended(participant(edition, name, language=language), ["present"] * 4 + ["absent"])
    certificate = certificate_issue(application=person, actor=None).certificate
    path = tmp_path / f"{language}.pdf"
    path.write_bytes(bytes(certificate.document.pdf))
    return path, certificate.code


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize(("name", "language"), [(NAMES[0], "de"), (NAMES[1], "en")])
def test_it_prints_the_name_in_its_own_script_and_the_facts(name, language, tmp_path):
    path, code = pdf_of(name, language, tmp_path)
    text = " ".join(run("pdftotext", "-layout", str(path), "-").split())
    assert name in text
    assert code in text
    if language == "de":
        for words in [
            "Zertifikat",
            "Hiermit wird bescheinigt, dass",
            "Wissen gemeinsam gestalten",
            "4 von 5 Tagen",
            "30 Stunden",
            "Dr. Miriam Beispiel",
            "Vorstand",
        ]:
            assert words in text, words
    else:
        for words in [
            "Certificate",
            "This is to certify that",
            "Shaping knowledge together",
            "4 of 5 days",
            "30 hours",
            "Jan Muster",
            "Managing director",
        ]:
            assert words in text, words


def test_it_is_one_a4_page_with_its_fonts_embedded(tmp_path):
    path, _code = pdf_of(NAMES[1], "en", tmp_path)
    info = run("pdfinfo", str(path))
    assert re.search(r"Pages:\s+1$", info, re.MULTILINE)
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column


def test_its_qr_code_opens_the_verification_page(tmp_path):
    path, code = pdf_of(NAMES[0], "de", tmp_path)
    run("pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page"))
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")).strip()
    assert decoded == f"http://127.0.0.1:8000/verify/{code}/"


def text_of(path: Path) -> str:
    return " ".join(run("pdftotext", "-layout", str(path), "-").split())


def in_order(text: str, parts: list[str]) -> None:
    """Each part is in the text, after the one before."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not after position {position} in {text!r}"
        position = found + len(part)


def issued_in_bochum(language: str, tmp_path: Path, *, rule=None) -> Path:
    """A certificate issued on 12 March 2027 by an institution in Bochum, with a passed
    project paper graded 1.3 and the first day required."""
    with time_machine.travel(berlin(2027, 3, 12, 10), tick=False):
        edition = make_certificate_edition(
            rule=rule or {**RULE, "min_credit_points": "5"}, label="2025/26"
        )
        institution = edition.programme.institution
        institution.city = "Bochum"
        institution.save()
        first = edition.sessions.order_by("starts_at")[0]
        first.mandatory = True
        first.save()
        paper = Assessment.objects.create(
            edition=edition,
            kind="project_paper",
            name_de="Projektarbeit",
            name_en="Project paper",
            credit_points=5,
        )
        person = attended(
            participant(edition, NAMES[0], language=language), ["present"] * 4 + ["absent"]
        )
        AssessmentResult.objects.create(
            assessment=paper,
            application=person,
            outcome="passed",
            grade="1.3",
            recorded_at=timezone.now(),
        )
        certificate = certificate_issue(application=person, actor=None).certificate
    path = tmp_path / f"{language}.pdf"
    path.write_bytes(bytes(certificate.document.pdf))
    return path


def test_it_is_laid_out_as_a_german_certificate(tmp_path):
    """Title, holder, what and when, what was done, the rule met (once), place and date,
    signatures, the seal."""
    text = text_of(issued_in_bochum("de", tmp_path))
    in_order(
        text,
        [
            "Zertifikat",
            "Hiermit wird bescheinigt, dass",
            NAMES[0],
            "am folgenden Programm teilgenommen hat:",
            "Wissen gemeinsam gestalten",
            "2025/26,",
            "Besuchte Programmtage 4 von 5 Tagen",
            "Bestandene Projektarbeit (Note 1,3)",
            "Die Voraussetzungen sind erfüllt: an mindestens 4 von 5 Tagen, darunter am",
            "teilgenommen, „Projektarbeit“ bestanden und mindestens 5 Leistungspunkte erreicht.",
            "Bochum, 12. März 2027",
            "Dr. Miriam Beispiel",
            "Vorstand",
            "Echtheit prüfen",
        ],
    )
    assert text.count("mindestens 4 von 5 Tagen") == 1
    assert "Vergeben für" not in text
    assert "Zertifikat (" not in text  # the document's name and workload are not repeated


def test_it_is_laid_out_the_same_way_in_english(tmp_path):
    text = text_of(issued_in_bochum("en", tmp_path))
    in_order(
        text,
        [
            "Certificate",
            "This is to certify that",
            NAMES[0],
            "has taken part in the programme",
            "Shaping knowledge together",
            "Assessed work passed Project paper (grade 1.3)",
            "Awarded for attending at least 4 of 5 days, including",
            "passing “Project paper” and earning at least 5 credit points.",
            "Bochum, 12 March 2027",
            "Jan Muster",
            "Managing director",
            "Scan the code",
        ],
    )
    assert text.count("at least 4 of 5 days") == 1
    assert "Certificate (" not in text


def test_without_a_place_or_signatories_it_gives_the_date_and_the_institution(tmp_path):
    rule = {"kind": "attendance", "min_sessions": 4}
    with time_machine.travel(berlin(2027, 3, 12, 10), tick=False):
        edition = make_certificate_edition(rule=rule)
        person = attended(participant(edition, NAMES[1], language="en"), ["present"] * 4)
        certificate = certificate_issue(application=person, actor=None).certificate
    path = tmp_path / "plain.pdf"
    path.write_bytes(bytes(certificate.document.pdf))
    text = text_of(path)
    institution = edition.programme.institution.name_en
    in_order(text, ["Awarded for attending at least 4 of 5 days.", "12 March 2027", institution])
    assert ", 12 March 2027" not in text


def test_a_certificate_issued_before_the_requirements_stood_alone_still_prints_its_rule(
    tmp_path,
):
    """A re-issue copies the facts frozen at first issue, which may have no "conditions"."""
    edition = make_certificate_edition(rule=RULE)
    person = attended(participant(edition, NAMES[1], language="en"), ["present"] * 4)
    facts = dict(certificate_issue(application=person, actor=None).certificate.facts)
    del facts["conditions"], facts["place"]
    path = tmp_path / "old.pdf"
    path.write_bytes(
        certificate_pdf(
            facts=facts,
            code="LL-2222-3333-4444",
            verify_url="http://127.0.0.1:8000/verify/LL-2222-3333-4444/",
            issued_on="2027-03-12",
            language="en",
        )
    )
    in_order(
        text_of(path),
        ["Awarded for Certificate (30 hours) for attending at least 4 of 5", "12 March 2027"],
    )
