"""The catalogue revision: a counter that every catalogue write bumps in its own transaction."""

from django.db.models import F

from lifelong.catalogue.models import CatalogueRevision

_ROW = 1


def catalogue_revision() -> int:
    number = CatalogueRevision.objects.filter(pk=_ROW).values_list("number", flat=True).first()
    return number or 0


def catalogue_revision_bump() -> None:
    if not CatalogueRevision.objects.filter(pk=_ROW).update(number=F("number") + 1):
        CatalogueRevision.objects.bulk_create(
            [CatalogueRevision(pk=_ROW, number=1)], ignore_conflicts=True
        )
