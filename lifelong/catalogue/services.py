"""Writes to the catalogue: programmes, and what every catalogue write must do besides.

Whoever changes a catalogue table (these services, the office's edition services, the admin,
the demo loader) calls `catalogue_changed` in the same transaction: the catalogue revision
goes up, so cached public pages are rendered afresh on every app server, and the search text
of the programmes concerned is rebuilt. An explicit call rather than a signal, so that a
reader can follow it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from lifelong.accounts.models import User
from lifelong.audit.services import audit_log
from lifelong.catalogue import checks
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition, Institution, Programme
from lifelong.catalogue.revision import catalogue_revision_bump
from lifelong.lib.changes import changed_fields, field_values
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


def catalogue_changed(*, programme_ids: Iterable[int] = ()) -> None:
    """After any write to a catalogue table, inside its transaction: bump the revision and
    rebuild the search text of the programmes whose words may have changed."""
    catalogue_revision_bump()
    programmes_reindex(programme_ids=programme_ids)


def programmes_of_institution(institution_id: int) -> list[int]:
    """The programmes an institution's name appears in: its own and those it is partner of."""
    own = Programme.objects.filter(institution_id=institution_id).values_list("pk", flat=True)
    partner = Programme.objects.filter(partners=institution_id).values_list("pk", flat=True)
    return sorted({*own, *partner})


def raise_first(problems: list[CatalogueError]) -> None:
    if problems:
        raise problems[0]


def catalogue_log(
    *,
    subject: Programme | Edition,
    action: str,
    actor: User,
    data: dict[str, Any],
    from_state: str = "",
    to_state: str = "",
) -> None:
    """A catalogue change in the log, with its actor and the institution it belongs to."""
    institution_id = (
        subject.institution_id
        if isinstance(subject, Programme)
        else subject.programme.institution_id
    )
    audit_log(
        subject=subject,
        action=action,
        at=timezone.now(),
        actor=actor,
        institution_id=institution_id,
        from_state=from_state,
        to_state=to_state,
        data=data,
    )


# --- programmes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeInput:
    slug: str
    title_de: str
    title_en: str
    format: str
    summary_de: str = ""
    summary_en: str = ""
    description_de: str = ""
    description_en: str = ""
    topic_ids: frozenset[int] = frozenset()
    partner_ids: frozenset[int] = frozenset()


_PROGRAMME_FIELDS = (
    "slug",
    "title_de",
    "title_en",
    "summary_de",
    "summary_en",
    "description_de",
    "description_en",
    "format",
)
# Capacity is not among them: a change of places goes through `edition_capacity_change`.


def _programme_write(programme: Programme, data: ProgrammeInput) -> None:
    for name in _PROGRAMME_FIELDS:
        setattr(programme, name, getattr(data, name).strip())
    raise_first(checks.programme_problems(programme=programme))
    programme.save()
    programme.topics.set(data.topic_ids)
    programme.partners.set(data.partner_ids - {programme.institution_id})
    catalogue_changed(programme_ids=[programme.pk])


def _slug_race(error: IntegrityError, slug: str, programme_id: int | None) -> CatalogueError:
    if checks.slug_taken(slug=slug, programme_id=programme_id):
        return CatalogueError("slug_taken")
    raise error


def programme_create(*, institution: Institution, data: ProgrammeInput, actor: User) -> Programme:
    programme = Programme(institution=institution)
    try:
        with transaction.atomic(durable=True):
            _programme_write(programme, data)
            catalogue_log(
                subject=programme,
                action="programme.created",
                actor=actor,
                data=programme_values(programme),
            )
    except IntegrityError as error:  # the same short name, saved a moment earlier
        raise _slug_race(error, data.slug, None) from error
    return programme


def programme_update(*, programme: Programme, data: ProgrammeInput, actor: User) -> Programme:
    try:
        with transaction.atomic(durable=True):
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            before = programme_values(programme)
            _programme_write(programme, data)
            changes = changed_fields(before, programme_values(programme))
            if changes:
                catalogue_log(
                    subject=programme, action="programme.changed", actor=actor, data=changes
                )
    except IntegrityError as error:
        raise _slug_race(error, data.slug, programme.pk) from error
    return programme


def programme_values(programme: Programme) -> dict[str, object]:
    values = field_values(programme, _PROGRAMME_FIELDS)
    values["topics"] = sorted(programme.topics.values_list("pk", flat=True))
    values["partners"] = sorted(programme.partners.values_list("pk", flat=True))
    return values
