"""The verification page anyone reaches from a certificate's QR code: valid, revoked (date,
reason) or unknown; only what the certificate shows; checks of uploaded credentials; and
few answers to anyone guessing codes."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now

from lifelong.certificates.models import Assessment, AssessmentResult
from lifelong.certificates.services import certificate_issue, certificate_revoke
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    edition = make_certificate_edition()
    person = attended(participant(edition, "Zoë Łukasiewicz-Öztürk"), ["present"] * 5)
    person.organisation = "Stadtwerke Herne AG"
    person.save()
    return certificate_issue(application=person, actor=None).certificate


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_it_says_valid_and_shows_what_the_certificate_shows(client, certificate):
    response = client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = text(response)
    assert "Valid" in page
    for fact in [
        "Zoë Łukasiewicz-Öztürk",
        "Shaping knowledge together",
        "5 of 5",
        "30 hours",
        certificate.code,
    ]:
        assert fact in page, fact
    # nothing about the person that the certificate does not print
    assert certificate.application.email not in page
    assert "Stadtwerke Herne" not in page


def test_it_speaks_german_too(client, certificate):
    page = text(client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="de"))
    assert "Gültig" in page
    assert "Wissen gemeinsam gestalten" in page


def test_it_shows_a_grade_with_the_readers_decimal_mark(client):
    edition = make_certificate_edition()
    paper = Assessment.objects.create(
        edition=edition, kind="project_paper", name_de="Projektarbeit", name_en="Project paper"
    )
    person = attended(participant(edition, "Ana"), ["present"] * 5)
    AssessmentResult.objects.create(
        assessment=paper, application=person, outcome="passed", grade="1.3", recorded_at=now()
    )
    code = certificate_issue(application=person, actor=None).certificate.code
    assert "Projektarbeit (Note 1,3)" in text(client.get(f"/de/verify/{code}/"))
    assert "Project paper (grade 1.3)" in text(client.get(f"/en/verify/{code}/"))


def test_it_says_revoked_with_date_and_category_at_once(client, certificate):
    assert "Valid" in text(client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en"))
    certificate_revoke(
        certificate=certificate,
        actor=make_organiser(certificate.edition),
        category="issued_in_error",
        reason="Attendance was entered for the wrong person",
    )
    page = text(client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Revoked" in page
    assert "Issued in error" in page
    assert "It is no longer valid" in page
    german = text(client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="de"))
    assert "Irrtümlich ausgestellt" in german


def test_the_typed_reason_never_reaches_the_public(client, certificate):
    """L4: the note names circumstances next to the holder's name; verifiers see only the
    category, on the page, on a checked credential and in every public document."""
    note = "Secret note about Ana's misconduct"
    certificate_revoke(
        certificate=certificate,
        actor=make_organiser(certificate.edition),
        category="obtained_improperly",
        reason=note,
    )
    public = [
        client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE=language)
        for language in ("en", "de")
    ]
    public.append(client.post("/verify/", {"credential": certificate.document.credential}))
    public.append(client.get(f"/verify/{certificate.code}/credential.jwt"))
    public.append(client.get("/credentials/status/1"))
    for response in public:
        assert response.status_code in (200, 404)
        assert "misconduct" not in response.content.decode(), response
    assert "Obtained improperly" in text(public[0])


def test_it_says_unknown_for_a_code_nobody_has(client, certificate):
    response = client.get("/verify/LL-2222-3333-4444/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Unknown" in text(response)


def test_it_shows_the_page_in_the_language_of_its_address(client, certificate):
    """/de/verify/… and /en/verify/… speak their language, whatever the browser asks for."""
    english = client.get(f"/en/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="de")
    assert english.status_code == 200
    assert english["Content-Language"] == "en"
    assert "Valid" in text(english)
    assert "Shaping knowledge together" in text(english)
    german = client.get(f"/de/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert german.status_code == 200
    assert german["Content-Language"] == "de"
    assert "Gültig" in text(german)
    assert "Wissen gemeinsam gestalten" in text(german)
    # its forms and its download stay in that language
    assert 'action="/de/verify/"' in german.content.decode()
    assert f"/de/verify/{certificate.code}/credential.jwt" in german.content.decode()


@pytest.mark.parametrize(
    ("prefix", "unknown"), [("", "Unknown"), ("/en", "Unknown"), ("/de", "Unbekannt")]
)
def test_it_says_unknown_where_it_was_asked(client, certificate, prefix, unknown):
    """An unknown code is a 404 on the short page too, not a redirect to a prefixed one."""
    response = client.get(f"{prefix}/verify/LL-2222-3333-4444/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert unknown in text(response)
    missing = client.get(f"{prefix}/verify/LL-2222-3333-4444/credential.jwt")
    assert missing.status_code == 404


def test_a_typed_code_stays_in_the_language_of_its_address(client, certificate):
    typed = certificate.code.lower().replace("-", " ")
    response = client.get("/de/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/de/verify/{certificate.code}/"
    response = client.get(f"/en/verify/{certificate.code.lower()}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/verify/{certificate.code}/"


def test_the_short_address_and_the_prefixed_ones_are_cached_apart(client, certificate, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="de")
    german = client.get(f"/de/verify/{certificate.code}/").content.decode()
    assert 'action="/de/verify/"' in german


def test_a_typed_code_finds_its_page_however_it_is_written(client, certificate):
    typed = certificate.code.lower().replace("-", " ")
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"
    response = client.get("/verify/", {"code": "not a code"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "twelve letters and digits" in text(response)


def test_guessing_codes_is_stopped_but_valid_codes_never_count(client, certificate, settings):
    settings.VERIFY_UNKNOWN_CODES_PER_HOUR = 3
    for _ in range(10):
        assert client.get(f"/verify/{certificate.code}/").status_code == 200
    for guess in ["LL-2222-2222-2222", "LL-3333-3333-3333", "LL-4444-4444-4444"]:
        assert client.get(f"/verify/{guess}/").status_code == 404
    refused = client.get(f"/verify/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many unknown codes" in text(refused)
    assert int(refused["Retry-After"]) <= 3600
    other_address = client.get(f"/verify/{certificate.code}/", REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_behind_a_proxy_the_client_address_counts(client, certificate, settings):
    settings.VERIFY_UNKNOWN_CODES_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    client.get("/verify/LL-2222-2222-2222/", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy)
    blocked = client.get(
        f"/verify/{certificate.code}/", HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy
    )
    other = client.get(
        f"/verify/{certificate.code}/", HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy
    )
    assert (blocked.status_code, other.status_code) == (429, 200)


def test_it_checks_a_pasted_or_uploaded_credential(client, certificate):
    token = certificate.document.credential
    pasted = client.post("/verify/", {"credential": token}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Valid" in text(pasted)
    assert "Zoë Łukasiewicz-Öztürk" in text(pasted)
    uploaded = client.post(
        "/verify/",
        {"file": SimpleUploadedFile("c.jwt", token.encode(), content_type="application/jwt")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Valid" in text(uploaded)


def test_an_altered_credential_is_not_valid(client, certificate):
    header, payload, signature = certificate.document.credential.split(".")
    altered = ".".join(
        [header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature]
    )
    page = text(client.post("/verify/", {"credential": altered}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Not valid" in page
    assert "the credential has been changed" in page


def test_a_revoked_credential_says_so(client, certificate):
    certificate_revoke(
        certificate=certificate,
        actor=make_organiser(certificate.edition),
        category="reissued",
        reason="Duplicate",
    )
    page = text(
        client.post(
            "/verify/", {"credential": certificate.document.credential}, HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert "Revoked" in page
    assert "Replaced by a re-issued certificate" in page
    assert "Duplicate" not in page


def test_it_asks_for_something_to_check(client):
    response = client.post("/verify/", {"credential": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "Paste a credential or choose its file" in text(response)
    big = SimpleUploadedFile("big.jwt", b"x" * 70_000)
    response = client.post("/verify/", {"file": big}, HTTP_ACCEPT_LANGUAGE="en")
    assert "too large" in text(response)


def test_anyone_with_the_code_downloads_the_signed_credential(client, certificate):
    response = client.get(f"/verify/{certificate.code}/credential.jwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode() == certificate.document.credential
    assert client.get("/verify/LL-2222-2222-2222/credential.jwt").status_code == 404


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


MALFORMED = {
    "nested header": _b64(b"[" * 20_000 + b"]" * 20_000) + ".e30.c2ln",
    "nested object": _b64(b'{"a":' * 5_000 + b"1" + b"}" * 5_000) + ".e30.c2ln",
    "not base64": "%%%.%%%.%%%",
    "not JSON": _b64(b"\xff\xfe") + ".e30.c2ln",
    "a list": _b64(b"[1, 2]") + ".e30.c2ln",
    "kid of another type": _b64(b'{"alg": "EdDSA", "kid": [1]}') + ".e30.c2ln",
    "NUL and emoji": "\x00\U0001f600.\u202e.x",
}


@pytest.mark.parametrize("credential", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_credential_is_not_valid_and_counts(client, settings, credential):
    """The probe's L1: 20,000 nested brackets in the header raised RecursionError (500),
    before the rate limit counted the request."""
    settings.VERIFY_UNKNOWN_CODES_PER_HOUR = 1
    page = client.post("/verify/", {"credential": credential}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code in (200, 422)  # the verdict "Not valid", or a form error
    assert "Not valid" in text(page) or "field__errors" in page.content.decode()
    assert client.post("/verify/", {"credential": credential}).status_code == 429


def test_a_malformed_upload_counts_too(client, settings):
    settings.VERIFY_UNKNOWN_CODES_PER_HOUR = 1
    not_text = SimpleUploadedFile("c.jwt", b"\xff\xfe\x00")
    assert client.post("/verify/", {"file": not_text}).status_code == 422
    assert client.post("/verify/", {"credential": "x.y.z"}).status_code == 429


def test_a_big_upload_is_refused_before_it_is_read(client, settings):
    settings.VERIFY_UNKNOWN_CODES_PER_HOUR = 1
    big = SimpleUploadedFile("big.jwt", b"x" * 1_000_000)
    response = client.post("/verify/", {"file": big}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "too large to be a credential" in text(response)
    assert client.post("/verify/", {"credential": "x.y.z"}).status_code == 429
