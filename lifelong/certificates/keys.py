"""The site's Ed25519 keys for signing credentials, and where verifiers find them.

The keys live in a JSON Web Key Set file (`CREDENTIAL_KEYS_FILE`, private keys, readable by
the app only): the first key signs, the others are earlier keys that still verify what they
signed. `manage.py credential_keys --rotate` puts a new key first; nothing is ever removed
without a decision, because a removed key makes its credentials unverifiable. Each key is
named by its RFC 7638 thumbprint (`kid`), and the site publishes the public halves as a
JWKS (`/.well-known/jwks.json`) and as the `did:web` document of the site's DID
(`/.well-known/did.json`), the issuer of every credential.

In development and tests a key file is made on first use; in production a missing file
stops issuing with a clear message, never with a key made up on the spot.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from joserfc.jwk import OKPKey

from lifelong.certificates.errors import CertificateError


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[OKPKey, ...]  # the signing key first

    @property
    def signing(self) -> OKPKey:
        return self.keys[0]

    def find(self, kid: str) -> OKPKey | None:
        """The key named by a credential's `kid`: the thumbprint, or the DID URL ending in it."""
        fragment = kid.rsplit("#", 1)[-1]
        return next((key for key in self.keys if key.thumbprint() == fragment), None)


def key_ring() -> KeyRing:
    path = Path(settings.CREDENTIAL_KEYS_FILE) if settings.CREDENTIAL_KEYS_FILE else None
    if path is None:
        raise CertificateError("signing_key_missing")
    if not path.exists():
        if not (settings.DEBUG or settings.TESTING):
            raise CertificateError("signing_key_missing")
        key_ring_rotate(path)
    return _read(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read(path: str, _modified: int) -> KeyRing:
    data = json.loads(Path(path).read_text())
    keys = tuple(OKPKey.import_key(item) for item in data.get("keys", []))
    if not keys or any(not key.is_private or key.as_dict()["crv"] != "Ed25519" for key in keys):
        raise CertificateError("signing_key_missing")
    return KeyRing(keys=keys)


def key_ring_rotate(path: Path) -> OKPKey:
    """A new Ed25519 key, first in the file, the earlier ones kept after it. Written to a
    new file that replaces the old one at once, readable by its owner only."""
    earlier = json.loads(path.read_text()).get("keys", []) if path.exists() else []
    key = OKPKey.generate_key("Ed25519", private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".credential-keys-")
    with os.fdopen(handle, "w") as file:
        json.dump({"keys": [key.as_dict(private=True), *earlier]}, file, indent=2)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return key


def published_keys() -> tuple[OKPKey, ...]:
    """The keys verifiers may find: none (rather than an error) on a site without keys."""
    try:
        return key_ring().keys
    except CertificateError:
        return ()


def key_by_id(kid: str) -> OKPKey | None:
    return KeyRing(keys=published_keys()).find(kid) if published_keys() else None


def site_did() -> str:
    """did:web of the site's address: `did:web:lifelong.example`, a port as `%3A8000`."""
    host = urlsplit(settings.SITE_URL).netloc
    return "did:web:" + quote(host, safe="")


def verification_method(key: OKPKey) -> str:
    return f"{site_did()}#{key.thumbprint()}"


def _public(key: OKPKey) -> dict[str, Any]:
    return {
        **key.as_dict(private=False),
        "kid": verification_method(key),
        "alg": "EdDSA",
        "use": "sig",
    }


def public_key_set() -> dict[str, Any]:
    return {"keys": [_public(key) for key in published_keys()]}


def did_document() -> dict[str, Any]:
    did = site_did()
    methods = [
        {
            "id": verification_method(key),
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": key.as_dict(private=False),
        }
        for key in published_keys()
    ]
    references = [method["id"] for method in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": references,
    }
