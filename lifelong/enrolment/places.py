"""Counting places. Always called on a locked edition, so the count cannot change under us."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from lifelong.catalogue.models import Edition
from lifelong.enrolment.models import PLACE_HOLDING_STATES


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


# Parameters: the two PLACE_HOLDING_STATES, the edition's id, the edition's id again.
# The quotas come in the same statement ('q' rows), read under the lock like the count: an
# edition taken from a cache (`selectors.edition_for_application`) may carry quotas an
# organiser has lowered since, and they would let one more person of the group in.
_PLACES_SQL = """
    SELECT 'a', audience_id,
           SUM(CASE WHEN state IN (%s, %s) THEN 1 ELSE 0 END),
           MAX(waitlist_rank)
      FROM enrolment_application
     WHERE edition_id = %s
     GROUP BY audience_id
    UNION ALL
    SELECT 'q', audience_id, quota, NULL
      FROM catalogue_editionaudience
     WHERE edition_id = %s AND quota IS NOT NULL
"""

# What an application depends on and an organiser may change while people apply.
_LOCKED_FIELDS = (
    "status",
    "applications_open_at",
    "applications_close_at",
    "capacity",
    "waiting_list",
    "selection_mode",
    "offer_hours",
)


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


def places_count(edition: Edition) -> Places:
    """Recount from the rows: accepted and offered applications hold a place. The same
    statement reads the last waiting-list rank and the quotas, so applying costs no more
    queries and nothing it decides on was read before the lock."""
    # Plain SQL: this runs under the edition's lock on every application, and the ORM's
    # query building cost about as much as the query itself. It is the same as
    # Application.objects.filter(edition=…).values("audience_id")
    #     .annotate(held=Count(…, filter=Q(state__in=PLACE_HOLDING_STATES)), Max("waitlist_rank"))
    with connection.cursor() as cursor:
        cursor.execute(_PLACES_SQL, [*PLACE_HOLDING_STATES, edition.pk, edition.pk])
        rows = cursor.fetchall()
    held = [(audience_id, count, rank) for kind, audience_id, count, rank in rows if kind == "a"]
    return Places(
        capacity=edition.capacity,
        quotas={audience_id: quota for kind, audience_id, quota, _ in rows if kind == "q"},
        taken_by_audience=Counter({audience_id: count for audience_id, count, _rank in held}),
        last_rank=max((rank or 0 for _audience, _count, rank in held), default=0),
    )
