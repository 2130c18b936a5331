"""100 participants checked in at the desk and by phone at the same moment: one record each.

A live production server (gunicorn, several workers) on a database of its own: a new SQLite
file, or, when DATABASE_URL names a PostgreSQL server (`make test-postgres`), a new database
on that server. The tests build, serve and drop that database themselves (bench/checkin.py
on bench/rush.py), so they use neither pytest-django's test database nor its `django_db`
mark.
"""

import os
from collections.abc import Iterator

import pytest

from bench.checkin import checkin_rush
from bench.rush import LiveSite, live_site

PARTICIPANTS = 100
WORKERS = 6  # several requests in flight at once, as the race needs
PAIRS = 12  # people checked in twice at the same moment, 24 requests in flight


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    with live_site(
        os.environ.get("DATABASE_URL"), workers=WORKERS, urlconf="lifelong.urls"
    ) as site:
        # A worker's first request loads the URL patterns, translations and a connection;
        # warm them all so the rush meets them as a running site would.
        checkin_rush(site, participants=2 * WORKERS, concurrency=2 * WORKERS)
        yield site


def test_it_records_one_check_in_when_desk_and_phone_check_in_at_once(site: LiveSite):
    result = checkin_rush(site, participants=PARTICIPANTS, concurrency=PAIRS, both=True)

    assert result.responses == {"desk 200": PARTICIPANTS, "self 200": PARTICIPANTS}, (
        result.error_samples
    )
    assert result.records == PARTICIPANTS
    assert result.duplicates == 0
    assert result.missing == 0
    assert set(result.by_method) <= {"desk", "self"}
    assert result.by_status == {"present": PARTICIPANTS}


def test_it_checks_everyone_in_once_in_a_mixed_rush(site: LiveSite):
    result = checkin_rush(site, participants=PARTICIPANTS, concurrency=PAIRS)

    assert result.responses == {"desk 200": PARTICIPANTS // 2, "self 200": PARTICIPANTS // 2}, (
        result.error_samples
    )
    assert result.records == PARTICIPANTS
    assert result.duplicates == 0
    assert result.missing == 0
    assert result.by_method == {"desk": PARTICIPANTS // 2, "self": PARTICIPANTS // 2}
