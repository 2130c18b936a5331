"""An organiser lowering a group's quota in the middle of an application rush, for
tests/enrolment/test_application_rush.py: run in a subprocess on the rush's database.

    python -m tests.enrolment.quota_lowering EDITION AUDIENCE AFTER

Prints "ready" once Django is set up, waits until AFTER places are taken, then lowers the
audience's quota to the places its group holds at that moment (the lowest an organiser may
set, `enrolment.checks`), under the edition's lock as `office.editions.edition_update` does,
and prints that number.
"""

import sys
import time

from bench.rush import django_setup

TIMEOUT_S = 60


def lower_quota(edition_id: int, audience_id: int, after: int) -> int:
    django_setup()
    from django.db import transaction

    from lifelong.catalogue.models import EditionAudience
    from lifelong.catalogue.services import catalogue_changed
    from lifelong.enrolment.models import PLACE_HOLDING_STATES, Application
    from lifelong.enrolment.places import edition_lock

    print("ready", flush=True)
    holding = Application.objects.filter(edition_id=edition_id, state__in=PLACE_HOLDING_STATES)
    deadline = time.monotonic() + TIMEOUT_S
    while holding.count() < after and time.monotonic() < deadline:
        time.sleep(0.002)
    with transaction.atomic(durable=True):
        edition_lock(edition_id)
        taken = holding.filter(audience_id=audience_id).count()
        EditionAudience.objects.filter(edition_id=edition_id, audience_id=audience_id).update(
            quota=taken
        )
        catalogue_changed()
    return taken


if __name__ == "__main__":
    edition, audience, after = (int(arg) for arg in sys.argv[1:4])
    print(lower_quota(edition, audience, after), flush=True)
