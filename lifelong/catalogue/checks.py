"""The rules a programme, an edition and its programme days must meet, as lists of
`CatalogueError`s. The organisers' forms put each on the field it is about; the services
check again, under the edition's lock, right before they write.

What the places taken and the applications made rule out is enrolment's to say
(`enrolment/checks.py`); `office/checks.py` puts both together for the organisers' forms.

Each check takes the object with the proposed values set on it (not saved yet; a new one has
no primary key) and reads whatever else it needs from the database.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Min

from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition, Programme, Session
from lifelong.lib.display import deadline

# What Edition.clean and Session.clean refuse, by the field they put it on.
_MODEL_CLEAN_CODES = {
    "applications_close_at": "deadline_before_opening",
    "lottery_at": "lottery_before_deadline",
    "ends_at": "session_ends_before_start",
}


def _model_clean_problems(instance: Edition | Session) -> list[CatalogueError]:
    try:
        instance.clean()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        return [CatalogueError(_MODEL_CLEAN_CODES[field]) for field in error.error_dict]
    return []


def programme_problems(*, programme: Programme) -> list[CatalogueError]:
    problems = []
    if not (programme.title_de.strip() or programme.title_en.strip()):
        problems.append(CatalogueError("title_missing"))
    if slug_taken(slug=programme.slug, programme_id=programme.pk):
        problems.append(CatalogueError("slug_taken"))
    return problems


def slug_taken(*, slug: str, programme_id: int | None = None) -> bool:
    others = Programme.objects.filter(slug=slug)
    if programme_id is not None:
        others = others.exclude(pk=programme_id)
    return others.exists()


def first_session_start(edition: Edition) -> datetime | None:
    if not edition.pk:
        return None
    start: datetime | None = edition.sessions.aggregate(first=Min("starts_at"))["first"]
    return start


def label_taken(*, programme_id: int, label: str, edition_id: int | None = None) -> bool:
    others = Edition.objects.filter(programme_id=programme_id, label=label.strip())
    if edition_id is not None:
        others = others.exclude(pk=edition_id)
    return others.exists()


def edition_problems(*, edition: Edition, quotas: dict[int, int | None]) -> list[CatalogueError]:
    """What is wrong with the edition's proposed settings and audiences (`quotas`: each
    chosen audience's id and its quota, None for no limit)."""
    problems = _model_clean_problems(edition)
    if label_taken(programme_id=edition.programme_id, label=edition.label, edition_id=edition.pk):
        problems.append(CatalogueError("label_taken", label=edition.label))
    first = first_session_start(edition)
    if first is not None and edition.applications_close_at > first:
        problems.append(CatalogueError("deadline_after_first_session", start=first))
    total = sum(quota for quota in quotas.values() if quota is not None)
    if total > edition.capacity:
        problems.append(
            CatalogueError("quotas_above_capacity", total=total, capacity=edition.capacity)
        )
    return problems


def session_problems(*, session: Session) -> list[CatalogueError]:
    """A day must end after it starts, and start after applications have closed."""
    problems = _model_clean_problems(session)
    edition = session.edition
    if session.starts_at < edition.applications_open_at:
        problems.append(
            CatalogueError("session_before_opening", opening=edition.applications_open_at)
        )
    elif session.starts_at < edition.applications_close_at:
        problems.append(
            CatalogueError(
                "session_before_deadline", deadline=deadline(edition.applications_close_at)
            )
        )
    return problems
