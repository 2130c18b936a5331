"""The recount under the lock: accepted and offered applications hold places, per group."""

from collections import Counter

import pytest
from django.db.models import Count, Max

from lifelong.enrolment.models import PLACE_HOLDING_STATES, Application
from lifelong.enrolment.places import places_count
from tests.enrolment.helpers import apply, make_open_edition
from tests.factories import make_audience

pytestmark = pytest.mark.django_db


def test_it_counts_the_places_held_per_group_and_the_last_rank_like_the_orm():
    city, science = make_audience(), make_audience()
    edition = make_open_edition(capacity=3, audiences={city: 1, science: None})
    for audience in (city, city, science, science, science, city):
        apply(edition, audience=audience)
    Application.objects.filter(edition=edition, audience=science, state="waitlisted").update(
        state="offered", offer_expires_at="2030-01-01T00:00Z", waitlist_rank=None
    )
    places = places_count(edition)
    held = Application.objects.filter(edition=edition, state__in=PLACE_HOLDING_STATES)
    expected = Counter(dict(held.values_list("audience_id").annotate(n=Count("pk")).order_by()))
    assert {k: v for k, v in places.taken_by_audience.items() if v} == expected
    assert places.taken == 4 and places.left == 0
    assert places.quotas == {city.pk: 1}
    last = Application.objects.filter(edition=edition).aggregate(top=Max("waitlist_rank"))["top"]
    assert places.last_rank == last == 3
    assert places.problem_for(city.pk) == "no_place_left"
