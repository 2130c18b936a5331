"""The keys that sign certificates: show the public ones, or put a new signing key first.

manage.py credential_keys            the published keys (JWKS) and the site's DID
manage.py credential_keys --rotate   a new Ed25519 key signs from now on; earlier keys
                                     stay, so what they signed still verifies
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lifelong.certificates.errors import CertificateError
from lifelong.certificates.keys import key_ring_rotate, public_key_set, site_did


class Command(BaseCommand):
    help = "Show the credential signing keys, or rotate them (--rotate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rotate", action="store_true", help="Make a new signing key; keep the old ones."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CREDENTIAL_KEYS_FILE:
            raise CommandError("Set CREDENTIAL_KEYS_FILE to the path of the key file.")
        path = Path(settings.CREDENTIAL_KEYS_FILE)
        if options["rotate"]:
            key = key_ring_rotate(path)
            self.stdout.write(f"New signing key {key.thumbprint()} in {path}.")
            return
        try:
            keys = public_key_set()
        except CertificateError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{site_did()}\n{json.dumps(keys, indent=2)}")
