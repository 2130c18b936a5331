"""The catalogue revision: a counter that every catalogue write bumps in its own transaction."""

from django.db import connection
from django.db.models import F

from lifelong.catalogue.models import CatalogueRevision

_ROW = 1
_TABLE = CatalogueRevision._meta.db_table


def catalogue_revision() -> int:
    """Read on every cached page view, so it is one plain SQL statement, not an ORM query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {_TABLE} WHERE id = %s", [_ROW])  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def catalogue_revision_bump() -> None:
    if not CatalogueRevision.objects.filter(pk=_ROW).update(number=F("number") + 1):
        CatalogueRevision.objects.bulk_create(
            [CatalogueRevision(pk=_ROW, number=1)], ignore_conflicts=True
        )
