"""Commands for the backup tests (test_backup.py), run in subprocesses on the database named
by DATABASE_URL, with the MEDIA_ROOT and CREDENTIAL_KEYS_FILE of their environment:

    python -m tests.office.backup_world seed     a site with a bit of everything: codes
    python -m tests.office.backup_world counts   rows per model, counted through the ORM
    python -m tests.office.backup_world check    what the verification page, the credential's
                                                 signature and the status list say (codes as
                                                 JSON on stdin)
    python -m tests.office.backup_world write    new rows, one after another, until killed
"""

import json
import sys
from datetime import timedelta
from typing import Any

from bench.rush import django_setup


def _seed() -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from lifelong.attendance.models import Attendance, AttendanceMethod
    from lifelong.catalogue.models import Document
    from lifelong.certificates.services import certificate_issue, certificate_revoke
    from lifelong.office.demo.logos import logo_png
    from tests.certificates.helpers import attended, make_certificate_edition, participant
    from tests.enrolment.helpers import apply, make_organiser

    edition = make_certificate_edition(credit_points="5")
    institution = edition.programme.institution
    institution.logo.save("bochum.png", ContentFile(logo_png("UniverCity Bochum")))
    Document.objects.create(
        programme=edition.programme,
        title_de="Flyer",
        language="de",
        file=ContentFile(b"%PDF-1.4 a flyer\n" * 100, name="flyer.pdf"),
    )
    people = [
        attended(participant(edition, name), ["present"] * 5)
        for name in ("Zoë Łukasiewicz-Öztürk", "Ann Arbor", "Bert Brecht")
    ]
    partly = participant(edition, "Carla Halbzeit")
    first_day = edition.sessions.order_by("starts_at").first()
    assert first_day is not None
    Attendance.objects.create(
        application=partly,
        session=first_day,
        status="present",
        method=AttendanceMethod.SELF,
        recorded_at=timezone.now() - timedelta(minutes=5),
    )
    apply(edition, full_name="Dora Spät")
    issued = [certificate_issue(application=person, actor=None).certificate for person in people]
    certificate_revoke(
        certificate=issued[-1],
        actor=make_organiser(edition),
        category="issued_in_error",
        reason="Entered for the wrong person",
    )
    return {"valid": [c.code for c in issued[:-1]], "revoked": [issued[-1].code]}


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def _check(codes: dict[str, list[str]]) -> dict[str, Any]:
    """For each code: the page's word, the service's state, whether the signature verifies
    with the published keys (jwcrypto, not the library that signed), the status list's bit."""
    from django.test import Client
    from django.utils import timezone

    from lifelong.certificates.credentials import credential_check
    from lifelong.certificates.models import Certificate
    from tests.certificates.test_credential import published_keys, status_bit, verified

    client = Client()
    keys = published_keys(client)
    seen = {}
    for code in [*codes["valid"], *codes["revoked"]]:
        page = client.get(f"/verify/{code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        token = Certificate.objects.get(code=code).document.credential
        payload = verified(token, keys)  # raises if the signature does not verify
        seen[code] = {
            "page": "Revoked" if "Revoked" in page else "Valid" if "Valid" in page else "?",
            "service": credential_check(token, now=timezone.now()).state,
            "revoked_bit": status_bit(client, payload),
        }
    return seen


def _write() -> None:
    """New people, each in its own transaction, as fast as they go."""
    from itertools import count

    from lifelong.accounts.models import User

    for number in count():
        User.objects.create_user(f"writer-{number}@example.org")


if __name__ == "__main__":
    django_setup()
    command = sys.argv[1]
    if command == "write":
        _write()
    elif command == "check":
        print(json.dumps(_check(json.loads(sys.stdin.read()))))
    else:
        print(json.dumps(_seed() if command == "seed" else _counts()))
