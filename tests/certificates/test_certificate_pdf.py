"""The certificate as a PDF: A4, in the participant's language, names in any Latin script,
the facts it certifies, the signatories, and a QR code that opens its verification page."""

import re
import subprocess
from pathlib import Path

import pytest

from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.services import certificate_issue
from tests.certificates.helpers import attended, make_certificate_edition, participant

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
