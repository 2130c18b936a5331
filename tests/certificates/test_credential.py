"""The signed credential: an Open Badges 3.0 OpenBadgeCredential as a VC-JWT, signed with
the site's Ed25519 key. It is checked here with jwcrypto, a JOSE library the site does not
sign with, using only what the site publishes: its keys and its revocation list."""

import base64
import gzip
import html
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from lifelong.certificates.credentials import (
    CredentialState,
    bit_is_set,
    credential_check,
    encoded_list,
)
from lifelong.certificates.models import STATUS_LIST_SIZE
from lifelong.certificates.services import certificate_issue, certificate_revoke
from tests.certificates.helpers import attended, make_certificate_edition, participant
from tests.enrolment.helpers import make_organiser

pytestmark = pytest.mark.django_db
SITE_DID = "did:web:127.0.0.1%3A8000"


@pytest.fixture
def issued():
    edition = make_certificate_edition(credit_points="10")
    person = attended(participant(edition, "Nguyễn Thị Minh Khai", language="en"), ["present"] * 5)
    return certificate_issue(application=person, actor=None).certificate


def published_keys(client) -> jwk.JWKSet:
    return jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)


def verified(token: str, keys: jwk.JWKSet) -> dict[str, Any]:
    """Verify as an outside verifier would: the key named by `kid`, from the published set."""
    signed = jws.JWS()
    signed.deserialize(token)
    header = signed.jose_header
    key = keys.get_key(header["kid"])
    assert key is not None, "the credential's key is not published"
    signed.verify(key, alg="EdDSA")
    payload: dict[str, Any] = json.loads(signed.payload)
    return payload


def test_it_verifies_with_an_independent_library_and_the_published_key(client, issued):
    payload = verified(issued.document.credential, published_keys(client))
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert payload["issuer"]["id"] == payload["iss"] == SITE_DID
    assert payload["jti"] == payload["id"] == f"http://127.0.0.1:8000/verify/{issued.code}/"
    assert payload["nbf"] == int(issued.issued_at.timestamp())
    subject = payload["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Nguyễn Thị Minh Khai"
    assert subject["achievement"]["criteria"]["narrative"].startswith("Certificate (10 credit")
    assert subject["creditsEarned"] == 10.0
    assert payload["credentialStatus"]["type"] == "BitstringStatusListEntry"


def test_the_did_document_publishes_the_same_key(client, issued):
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == SITE_DID
    header = json.loads(base64.urlsafe_b64decode(issued.document.credential.split(".")[0] + "=="))
    method = next(m for m in document["verificationMethod"] if m["id"] == header["kid"])
    assert header["kid"] in document["assertionMethod"]
    key = jwk.JWK(**method["publicKeyJwk"])
    signed = jws.JWS()
    signed.deserialize(issued.document.credential)
    signed.verify(key, alg="EdDSA")


@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_changed_byte_breaks_it(client, issued, part):
    token = issued.document.credential
    parts = token.split(".")
    index = len(parts[part]) // 2
    changed = "A" if parts[part][index] != "A" else "B"
    parts[part] = parts[part][:index] + changed + parts[part][index + 1 :]
    tampered = ".".join(parts)
    with pytest.raises((JWException, ValueError, KeyError)):
        verified(tampered, published_keys(client))
    assert credential_check(tampered, now=timezone.now()).state == CredentialState.INVALID


def status_bit(client, credential_payload: dict[str, Any]) -> bool:
    """Fetch the status list the credential names, verify it, and read its entry's bit."""
    status = credential_payload["credentialStatus"]
    url = status["statusListCredential"].removeprefix("http://127.0.0.1:8000")
    listing = verified(client.get(url).content.decode(), published_keys(client))
    assert listing["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    encoded = listing["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) >= 16 * 1024
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_it_reports_revoked_after_revocation(client, issued):
    payload = verified(issued.document.credential, published_keys(client))
    assert status_bit(client, payload) is False
    assert credential_check(issued.document.credential, now=timezone.now()).state == "valid"
    certificate_revoke(
        certificate=issued,
        actor=make_organiser(issued.edition),
        category="issued_in_error",
        reason="Issued by mistake",
    )
    assert status_bit(client, payload) is True
    check = credential_check(issued.document.credential, now=timezone.now())
    assert check.state == CredentialState.REVOKED
    assert check.certificate is not None
    assert check.certificate.revoked_reason == "Issued by mistake"


def test_old_credentials_verify_after_the_key_is_rotated(client, issued, settings, tmp_path):
    before = issued.document.credential
    call_command("credential_keys", "--rotate", verbosity=0)
    keys = published_keys(client)
    assert len(keys["keys"]) == 2
    verified(before, keys)
    edition = issued.edition
    newcomer = attended(participant(edition, "Ann"), ["present"] * 5)
    after = certificate_issue(application=newcomer, actor=None).certificate.document.credential
    verified(after, keys)
    kid = lambda token: json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]  # noqa: E731
    assert kid(before) != kid(after)
    assert credential_check(before, now=timezone.now()).state == CredentialState.VALID


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("not a credential", "This is not a signed credential"),
        ("e30.e30.e30", "not signed the way this site signs"),
    ],
)
def test_it_explains_what_it_cannot_accept(token, problem, issued):
    from django.utils import translation

    with translation.override("en"):
        check = credential_check(token, now=timezone.now())
    assert check.state == CredentialState.INVALID
    assert problem in check.problem


def test_it_refuses_a_credential_signed_by_another_key(client, issued):
    foreign = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    signed = jws.JWS(json.dumps({"iss": SITE_DID}).encode())
    signed.add_signature(foreign, alg="EdDSA", protected=json.dumps({"alg": "EdDSA", "kid": "x"}))
    check = credential_check(signed.serialize(compact=True), now=timezone.now())
    assert check.state == CredentialState.INVALID


@given(indexes=st.sets(st.integers(0, STATUS_LIST_SIZE - 1), max_size=40))
def test_the_status_list_encodes_exactly_the_revoked_entries(indexes):
    encoded = encoded_list(sorted(indexes))
    for index in [*indexes, 0, 7, 8, STATUS_LIST_SIZE - 1]:
        assert bit_is_set(encoded, index) is (index in indexes)


def test_a_site_without_keys_publishes_none_and_fails_no_page(client, settings):
    settings.DEBUG = settings.TESTING = False
    settings.CREDENTIAL_KEYS_FILE = ""
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}
    assert client.get("/.well-known/did.json").json()["verificationMethod"] == []
    assert client.get("/credentials/status/1").status_code == 404
    token = "eyJhbGciOiJFZERTQSIsImtpZCI6IngifQ.e30.e30"  # {"alg": "EdDSA", "kid": "x"}
    response = client.post("/verify/", {"credential": token}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Not valid" in response.content.decode()


def test_the_credential_box_cuts_no_pasted_text_and_refuses_an_oversized_one(client):
    """A credential cut by the browser would fail its signature check with no word why."""
    form = client.get("/en/verify/").content.decode()
    area = re.search(r'<textarea[^>]*name="credential"[^>]*>', form)
    assert area is not None
    assert " maxlength=" not in area.group(0) and 'data-maxlength="65536"' in area.group(0)
    response = client.post("/en/verify/", {"credential": "e" * 66_000})
    assert "Please shorten your text to 65,536 characters (it has 66,000)." in (
        html.unescape(response.content.decode())
    )
