"""Erasing a person while others rush to apply for the edition where they hold a place.

A live production server (gunicorn, several workers) on a database of its own, as the
application rush (tests/enrolment/test_application_rush.py): SQLite, or PostgreSQL when
DATABASE_URL names one. Vera (tests/office/erasure_world.py) erases her account in the
middle of 40 applications to the same full edition; afterwards no column of any table
holds her name or address but the certificate she kept, and her places went to the people
first in line."""

import json
import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bench.harness import PYTHON
from bench.rush import LiveSite, Prepared, fire, live_site, run_checked, split
from tests.office.erasure_world import EMAIL

RUSH = 40
WORKERS = 4


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    with live_site(os.environ.get("DATABASE_URL"), workers=WORKERS, urlconf="lifelong.urls") as s:
        yield s


def _post(path: str, session_key: str, fields: dict[str, str], label: str) -> Prepared:
    csrf = secrets.token_hex(16)
    return Prepared(
        "POST",
        path,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        },
        urlencode({**fields, "csrfmiddlewaretoken": csrf}),
        label,
    )


def test_it_erases_a_person_during_a_rush_and_passes_their_places_on(site: LiveSite):
    seeded = json.loads(
        run_checked([PYTHON, "-m", "tests.office.erasure_world", "seed", "2", str(RUSH)], site.env)
    )
    world = seeded["world"]
    apply_path = f"/de/editions/{world['edition_a']}/apply/"
    rush = [
        _post(apply_path, key, {"full_name": f"Rusher {n}", "consent": "on"}, "apply")
        for n, key in enumerate(seeded["keys"])
    ]
    erase = _post("/de/my/account/erase/", seeded["victim_key"], {"email": EMAIL}, "erase")
    lanes = split(rush, WORKERS * 2)
    lanes[0].insert(len(lanes[0]) // 2, erase)  # in the middle of the rush

    _seconds, replies = fire(site.base, lanes)

    outcomes = {reply.label: reply.outcome for reply in replies if reply.label == "erase"}
    assert outcomes == {"erase": "302 /de/erased/"}, outcomes
    assert all(r.outcome.startswith("302") for r in replies), [r.outcome for r in replies]
    after = json.loads(
        run_checked(
            [PYTHON, "-m", "tests.office.erasure_world", "check", json.dumps(world)], site.env
        )
    )
    assert after["victim_exists"] is False
    assert {(table, column) for table, column, _text in after["hits"]} == {
        ("certificates_certificate", "facts")
    }
    assert (after["waiting_a"], after["waiting_b"]) == ("offered", "offered")
    assert after["places_a"] == 2
