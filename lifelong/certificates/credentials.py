"""Certificates as signed, machine-readable credentials, and checking them.

Each certificate is also an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
Credential, data model 2.0) secured as a JWT (VC-JWT, Open Badges 3.0 section 8.2): the
credential's members are the JWT's payload, with `iss`, `jti` and `nbf` beside them, signed
with the site's Ed25519 key (`alg` EdDSA, `kid` the DID URL of the key, `keys.py`).

Revocation is published as a Bitstring Status List: every credential names its entry
(`credentialStatus`), and `/credentials/status/<n>` serves the signed list, made from the
database on each request, so a revocation shows at once.
"""

import base64
import gzip
import json
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc import jws
from joserfc.errors import JoseError, SecurityWarning

from lifelong.catalogue.rules import CertificateKind
from lifelong.certificates.codes import certificate_code_normalised
from lifelong.certificates.keys import key_by_id, key_ring, site_did, verification_method
from lifelong.certificates.models import STATUS_LIST_SIZE, Certificate

# RFC 9864 (2025) names the curve in the algorithm ("Ed25519") and deprecates "EdDSA", but
# Open Badges wallets and verifiers read "EdDSA"; we sign with it on purpose.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)

ALGORITHM = "EdDSA"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MEDIA_TYPE = "application/vc+jwt"
# Clocks of verifiers and of this site disagree by seconds, sometimes minutes.
CLOCK_LEEWAY = timedelta(minutes=5)


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def verify_url(code: str) -> str:
    return site_link(reverse("verify:code", args=[code]))


def status_list_url(number: int) -> str:
    return site_link(reverse("verify:status_list", args=[number]))


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sign(payload: dict[str, Any]) -> str:
    key = key_ring().signing
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": verification_method(key)}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(header, body, key, algorithms=[ALGORITHM])


def _in(language: str, texts: dict[str, str]) -> str:
    return texts.get(language) or next((text for text in texts.values() if text), "")


def credential_payload(certificate: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate, from the facts it froze."""
    facts = certificate.facts
    language = certificate.language
    credential_id = verify_url(certificate.code)
    issuer: dict[str, Any] = {
        "id": site_did(),
        "type": ["Profile"],
        "name": _in(language, facts["institutions"][0]["name"]),
    }
    if facts["institutions"][0].get("url"):
        issuer["url"] = facts["institutions"][0]["url"]
    achievement: dict[str, Any] = {
        "id": site_link(facts["programme_path"]) + f"#edition-{certificate.edition_id}",
        "type": ["Achievement"],
        "achievementType": (
            "CertificateOfCompletion"
            if facts["kind"] == CertificateKind.ATTENDANCE
            else "Certificate"
        ),
        "name": f"{_in(language, facts['programme'])} ({facts['edition']})",
        "description": _in(language, facts["document"]),
        "criteria": {"narrative": _in(language, facts["rule"])},
        "inLanguage": language,
    }
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": facts["name"],
                "identityType": "name",
                "hashed": False,
            }
        ],
        "achievement": achievement,
        "activityStartDate": facts["first_day"],
        "activityEndDate": facts["last_day"],
    }
    if facts.get("credit_points"):
        achievement["creditsAvailable"] = float(facts["credit_points"])
        subject["creditsEarned"] = float(facts["credit_points"])
    status_url = status_list_url(certificate.status_list)
    return {
        "@context": CONTEXT,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": _timestamp(certificate.issued_at),
        "name": f"{_in(language, facts['document'])}: {_in(language, facts['programme'])}",
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_url}#{certificate.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.status_index),
            "statusListCredential": status_url,
        },
        # The JWT's registered claims (Open Badges 3.0, 8.2.4), beside the credential.
        "iss": site_did(),
        "jti": credential_id,
        "nbf": int(certificate.issued_at.timestamp()),
    }


def credential_sign(certificate: Certificate) -> str:
    return _sign(credential_payload(certificate))


# --- revocation: the Bitstring Status List ------------------------------------------------


def revoked_indexes(number: int) -> list[int]:
    first = (number - 1) * STATUS_LIST_SIZE + 1
    pks = Certificate.objects.filter(
        pk__gte=first, pk__lt=first + STATUS_LIST_SIZE, revoked_at__isnull=False
    ).values_list("pk", flat=True)
    return [(pk - 1) % STATUS_LIST_SIZE for pk in pks]


def encoded_list(indexes: list[int]) -> str:
    """The bitstring (index 0 the leftmost bit), GZIP-compressed, base64url without padding
    and with the multibase prefix "u", as the specification asks."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def bit_is_set(encoded: str, index: int) -> bool:
    data = encoded.removeprefix("u")
    packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    bits = gzip.decompress(packed)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(number: int, *, now: datetime) -> str:
    url = status_list_url(number)
    return _sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": site_did(),
            "validFrom": _timestamp(now),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded_list(revoked_indexes(number)),
            },
            "iss": site_did(),
            "jti": url,
            "nbf": int(now.timestamp()),
        }
    )


# --- checking a credential someone uploaded ----------------------------------------------


class CredentialState:
    VALID = "valid"
    REVOKED = "revoked"
    INVALID = "invalid"


@dataclass(frozen=True)
class CredentialCheck:
    state: str
    problem: str = ""  # why it is invalid, in the reader's language
    claims: dict[str, Any] | None = None  # what the credential says, once its signature holds
    certificate: Certificate | None = None


def _header(token: str) -> dict[str, Any] | None:
    try:
        encoded = token.split(".", 1)[0]
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return header if isinstance(header, dict) else None


# What reading a malformed credential may raise. RecursionError: JSON nested a few thousand
# levels deep (json.loads recurses); TypeError: a claim of another type than it should be.
_MALFORMED = (JoseError, ValueError, TypeError, KeyError, AttributeError, RecursionError)


def credential_check(token: str, *, now: datetime) -> CredentialCheck:
    """Signature, issuer key, validity dates and revocation of a VC-JWT. Anything that is
    not a readable credential is answered "not valid", never with an error."""
    try:
        return _credential_check(token, now=now)
    except _MALFORMED:
        return _invalid(_("This is not a valid credential."))


def _credential_check(token: str, *, now: datetime) -> CredentialCheck:
    token = "".join(token.split())
    header = _header(token) if token.count(".") == 2 else None
    if header is None:
        return _invalid(_("This is not a signed credential (a JWT: three parts with dots)."))
    if header.get("alg") != ALGORITHM:
        return _invalid(_("The credential is not signed the way this site signs."))
    key = key_by_id(str(header.get("kid", "")))
    if key is None:
        return _invalid(_("The credential was not signed by this site."))
    try:
        payload = json.loads(jws.deserialize_compact(token, key, algorithms=[ALGORITHM]).payload)
    except (JoseError, ValueError):
        return _invalid(_("The signature does not match: the credential has been changed."))
    if not isinstance(payload, dict):
        return _invalid(_("The credential's content cannot be read."))
    return _check_claims(payload, now=now)


def _check_claims(claims: dict[str, Any], *, now: datetime) -> CredentialCheck:
    issuer = claims.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if claims.get("iss") != site_did() or issuer_id != site_did():
        return _invalid(_("The credential names another issuer than this site."), claims)
    if "OpenBadgeCredential" not in claims.get("type", []):
        return _invalid(_("This is not an Open Badges credential."), claims)
    valid_from = _moment(claims.get("validFrom"))
    if valid_from is None or valid_from > now + CLOCK_LEEWAY:
        return _invalid(_("The credential is not valid yet."), claims)
    valid_until = _moment(claims.get("validUntil"))
    if valid_until is not None and valid_until < now - CLOCK_LEEWAY:
        return _invalid(_("The credential has expired."), claims)
    code = certificate_code_normalised(str(claims.get("jti", "")).rstrip("/").rsplit("/", 1)[-1])
    certificate = Certificate.objects.filter(code=code).first() if code else None
    status = claims.get("credentialStatus")
    if not isinstance(status, dict) or not str(status.get("statusListIndex", "")).isdigit():
        return _invalid(_("The credential names no revocation list."), claims)
    number = str(status.get("statusListCredential", "")).rstrip("/").rsplit("/", 1)[-1]
    if not number.isdigit() or status.get("statusListCredential") != status_list_url(int(number)):
        return _invalid(_("The credential names a revocation list of another site."), claims)
    revoked = bit_is_set(encoded_list(revoked_indexes(int(number))), int(status["statusListIndex"]))
    state = CredentialState.REVOKED if revoked else CredentialState.VALID
    return CredentialCheck(state=state, claims=claims, certificate=certificate)


def _invalid(problem: str, claims: dict[str, Any] | None = None) -> CredentialCheck:
    return CredentialCheck(state=CredentialState.INVALID, problem=problem, claims=claims)


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
