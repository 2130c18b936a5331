"""Commands for the production test, run in subprocesses on the stack's database:

python -m tests.production.world organiser EDITION [EDITION …]
    an organiser of the editions' institutions, with an authenticator app and a signed-in
    session that passed it: {"session": key, "programmes": [[id, slug], …]}
"""

import json
import secrets
import sys
from typing import Any

from bench.rush import django_setup, sign_in_in_bulk


def _organiser(edition_ids: list[int]) -> dict[str, Any]:
    django_setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    from lifelong.accounts.models import Membership, User
    from lifelong.catalogue.models import Edition

    email = f"organiser-{secrets.token_hex(4)}@uni.example"
    user = User.objects.create_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    TOTP.activate(user, "PRODUCTIONSTACKPRODUCTIONSTACKPR")
    editions = Edition.objects.filter(pk__in=edition_ids).select_related("programme")
    for institution_id in {edition.programme.institution_id for edition in editions}:
        Membership.objects.get_or_create(
            user=user, institution_id=institution_id, defaults={"role": "organiser"}
        )
    (session,) = sign_in_in_bulk([user])
    return {
        "session": session,
        "programmes": [[edition.programme_id, edition.programme.slug] for edition in editions],
    }


if __name__ == "__main__":
    if sys.argv[1:2] != ["organiser"]:
        raise SystemExit(__doc__)
    print(json.dumps(_organiser([int(n) for n in sys.argv[2:]])))
