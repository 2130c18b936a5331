"""200 people apply at the same moment for the 30 places of a first-come edition.

A live production server (gunicorn, several workers) on a database of its own: a new SQLite
file, or, when DATABASE_URL names a PostgreSQL server (`make test-postgres`), a new database
on that server. The tests build, serve and drop that database themselves (bench/rush.py), so
they use neither pytest-django's test database nor its `django_db` mark.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import pytest

from bench.harness import ROOT
from bench.rush import (
    APPLY_PATH,
    SUCCESS,
    LiveSite,
    application_request,
    fire,
    live_site,
    run_checked,
    rush,
    seed,
    split,
)
from tests.enrolment.race_urls import UNLOCKED_APPLY_PATH

APPLICANTS = 200
PLACES = 30
QUOTAS = (10, 10, 5, 5)


# Several requests in flight at once, as the control's race needs; and not a divisor of the
# 30 places: workers that happen to run in lockstep (count together, write together) would
# otherwise fill exactly 30 places in five rounds of six and hide the race.
WORKERS = 7


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    with live_site(
        os.environ.get("DATABASE_URL"), workers=WORKERS, urlconf="tests.enrolment.race_urls"
    ) as site:
        # A worker's first request loads the URL patterns, translations and a connection;
        # warm them all so the rush meets them as a running site would.
        rush(site, applicants=40, concurrency=40)
        yield site


def test_it_gives_the_places_to_the_first_and_waitlists_the_rest_in_order(site: LiveSite):
    result = rush(site, applicants=APPLICANTS, concurrency=APPLICANTS, places=PLACES, quotas=QUOTAS)

    assert result.responses == {SUCCESS: APPLICANTS}, result.error_samples
    assert result.accepted == PLACES
    for audience_id, quota in result.quotas.items():
        assert result.accepted_by_audience.get(audience_id, 0) <= quota
    assert result.waitlisted == APPLICANTS - PLACES
    assert result.states == {"accepted": PLACES, "waitlisted": APPLICANTS - PLACES}
    # Ranks 1…170 with no gap or double, in the order the applications were submitted.
    assert result.waitlist_ranks == list(range(1, APPLICANTS - PLACES + 1))


def test_it_oversells_without_the_lock(site: LiveSite):
    """The control: the same rush against a view that counts and writes unlocked."""
    result = rush(
        site,
        applicants=APPLICANTS,
        concurrency=APPLICANTS,
        places=PLACES,
        quotas=QUOTAS,
        path=UNLOCKED_APPLY_PATH,
    )

    assert result.responses == {SUCCESS: APPLICANTS}, result.error_samples
    assert result.accepted > PLACES


def test_it_holds_a_quota_lowered_in_the_middle_of_the_rush(site: LiveSite):
    """300 people of one group apply for 250 places, the group's quota 200; once 20 places
    are taken an organiser lowers the quota to what the group holds at that moment (the
    headroom is wide so that on a busy machine the change still comes mid-rush). The
    requests already in flight read the edition (from the per-process cache) before the
    change: the quota they decide on must be the one read under the lock."""
    applicants, quota = 300, 200
    seeded = seed(site, places=250, quotas=(quota,), applicants=applicants)
    (audience_id,) = seeded.quotas
    organiser = subprocess.Popen(
        [sys.executable, "-m", "tests.enrolment.quota_lowering"]
        + [str(seeded.edition_id), str(audience_id), "20"],
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert organiser.stdout is not None
    assert organiser.stdout.readline().strip() == "ready"
    path = APPLY_PATH.format(edition_id=seeded.edition_id)
    requests = [application_request(path, person) for person in seeded.applicants]
    _seconds, replies = fire(site.base, split(requests, 30))
    lowered_to = int(organiser.communicate(timeout=120)[0].strip())

    assert Counter(reply.outcome for reply in replies) == {SUCCESS: applicants}
    standing = run_checked(
        [sys.executable, "-m", "bench.rush", "standing", str(seeded.edition_id)], site.env
    )
    accepted = json.loads(standing)["accepted_by_audience"].get(str(audience_id), 0)
    assert 20 <= lowered_to < quota  # lowered while people were still applying
    assert accepted == lowered_to
