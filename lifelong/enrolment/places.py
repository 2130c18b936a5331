"""Counting places. Always called on a locked edition, so the count cannot change under us."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q

from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import PLACE_HOLDING_STATES, Application


def edition_lock(edition_id: int) -> Edition:
    """Lock the edition for the rest of the transaction.

    PostgreSQL: a row lock (SELECT … FOR UPDATE), so writers of one edition queue while
    other editions go on. SQLite: the transaction began with BEGIN IMMEDIATE
    (settings.DATABASES), which already holds the database's write lock; Django ignores
    FOR UPDATE there. Either way, what we count next stays true until we commit.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("edition_lock needs a transaction")
    return (
        Edition.objects.select_for_update(of=("self",))
        .select_related("programme")
        .prefetch_related("audience_links")
        .get(pk=edition_id)
    )


# What an application depends on and an organiser may change while people apply.
_LOCKED_FIELDS = ("status", "capacity", "waiting_list", "selection_mode", "offer_hours")


def edition_relock(edition: Edition) -> None:
    """Lock an edition loaded earlier and refresh the fields that decide a place, in one
    short statement; the rest of the edition was read before the lock to keep it short."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("edition_relock needs a transaction")
    fresh = (
        Edition.objects.select_for_update(of=("self",)).values(*_LOCKED_FIELDS).get(pk=edition.pk)
    )
    for name, value in fresh.items():
        setattr(edition, name, value)


@dataclass
class Places:
    capacity: int
    quotas: dict[int, int]
    taken_by_audience: Counter[int | None] = field(default_factory=Counter)
    # The highest waiting-list rank ever given in this edition; the next one joins after it.
    last_rank: int = 0

    @property
    def taken(self) -> int:
        return sum(self.taken_by_audience.values())

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)

    def problem_for(self, audience_id: int | None) -> str | None:
        """Why a place cannot go to someone of this audience, or None if it can."""
        if self.taken >= self.capacity:
            return "no_place_left"
        quota = self.quotas.get(audience_id) if audience_id is not None else None
        if quota is not None and self.taken_by_audience[audience_id] >= quota:
            return "quota_full"
        return None

    def take(self, audience_id: int | None) -> None:
        self.taken_by_audience[audience_id] += 1

    def release(self, audience_id: int | None) -> None:
        self.taken_by_audience[audience_id] -= 1


def places_count(edition: Edition) -> Places:
    """Recount from the rows: accepted and offered applications hold a place. The same
    statement reads the last waiting-list rank, so applying costs one query less."""
    quotas = {
        link.audience_id: link.quota
        for link in edition.audience_links.all()
        if link.quota is not None
    }
    rows = list(
        Application.objects.filter(edition=edition)
        .values_list("audience_id")
        .annotate(
            held=Count("pk", filter=Q(state__in=PLACE_HOLDING_STATES)),
            last_rank=Max("waitlist_rank"),
        )
        .order_by()
    )
    return Places(
        capacity=edition.capacity,
        quotas=quotas,
        taken_by_audience=Counter({audience_id: held for audience_id, held, _rank in rows}),
        last_rank=max((rank or 0 for _audience, _held, rank in rows), default=0),
    )
