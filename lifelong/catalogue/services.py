"""Writes to the catalogue that are more than a model save."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from lifelong.catalogue.models import Programme
from lifelong.lib.i18n import LANGUAGE_CODES
from lifelong.lib.text import fold


def programme_search_text(programme: Programme) -> str:
    """Everything a visitor might type to find the programme, in both languages, folded."""
    parts: list[str] = [
        programme.title_de,
        programme.title_en,
        programme.summary_de,
        programme.summary_en,
        programme.description_de,
        programme.description_en,
    ]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            parts.append(str(programme.get_format_display()))
    for institution in [programme.institution, *programme.partners.all()]:
        parts += [institution.name_de, institution.name_en, institution.slug]
    for topic in programme.topics.all():
        parts += [topic.name_de, topic.name_en]
    return " " + fold(" ".join(parts)) + " "


def programmes_reindex(*, programme_ids: Iterable[int]) -> None:
    ids = list(programme_ids)
    if not ids:
        return
    with transaction.atomic():
        programmes = (
            Programme.objects.filter(pk__in=ids)
            .select_related("institution")
            .prefetch_related("partners", "topics")
        )
        for programme in programmes:
            Programme.objects.filter(pk=programme.pk).update(
                search_text=programme_search_text(programme)
            )
