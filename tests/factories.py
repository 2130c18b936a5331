"""Small builders for catalogue data. Each returns saved rows with sensible defaults."""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from lifelong.catalogue.models import (
    Audience,
    Edition,
    EditionAudience,
    Institution,
    Programme,
    Session,
    Topic,
)
from lifelong.catalogue.services import catalogue_changed

BERLIN = ZoneInfo("Europe/Berlin")
_serial = count(1)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def make_institution(**fields) -> Institution:
    n = next(_serial)
    defaults = {
        "slug": f"institution-{n}",
        "name_de": f"Hochschule {n}",
        "name_en": f"University {n}",
    }
    return Institution.objects.create(**{**defaults, **fields})


def make_topic(**fields) -> Topic:
    n = next(_serial)
    return Topic.objects.create(
        **{"slug": f"topic-{n}", "name_de": f"Thema {n}", "name_en": f"Topic {n}", **fields}
    )


def make_audience(**fields) -> Audience:
    n = next(_serial)
    return Audience.objects.create(
        **{
            "slug": f"audience-{n}",
            "name_de": f"Zielgruppe {n}",
            "name_en": f"Audience {n}",
            **fields,
        }
    )


def make_programme(institution: Institution | None = None, **fields) -> Programme:
    n = next(_serial)
    defaults = {
        "slug": f"programme-{n}",
        "title_de": f"Programm {n}",
        "title_en": f"Programme {n}",
        "summary_de": "Kurzbeschreibung",
        "summary_en": "Summary",
        "format": Programme.Format.SEMINAR,
    }
    programme = Programme.objects.create(
        institution=institution or make_institution(), **{**defaults, **fields}
    )
    catalogue_changed(programme_ids=[programme.pk])
    return programme


def make_edition(
    programme: Programme | None = None,
    *,
    first_session: datetime | None = None,
    session_count: int = 3,
    audiences: dict[Audience, int | None] | None = None,
    **fields,
) -> Edition:
    first_session = first_session or berlin(2030, 3, 5, 10)
    defaults = {
        "label": f"E{next(_serial)}",
        "status": Edition.Status.PUBLISHED,
        "applications_open_at": first_session - timedelta(days=90),
        "applications_close_at": first_session - timedelta(days=14),
        "capacity": 30,
        "language": "de",
    }
    edition = Edition.objects.create(
        programme=programme or make_programme(), **{**defaults, **fields}
    )
    Session.objects.bulk_create(
        Session(
            edition=edition,
            title_de=f"Tag {i + 1}",
            title_en=f"Day {i + 1}",
            starts_at=first_session + timedelta(weeks=i),
            ends_at=first_session + timedelta(weeks=i, hours=4),
            place="Bochum",
        )
        for i in range(session_count)
    )
    for audience, quota in (audiences or {}).items():
        EditionAudience.objects.create(edition=edition, audience=audience, quota=quota)
    # As every writer of the catalogue does; the programme's topics and partners, added
    # since it was made, count for search from here on.
    catalogue_changed(programme_ids=[edition.programme_id])
    return edition


def make_catalogue_in_bulk(size: int, *, institutions: int = 5) -> None:
    """`size` visible programmes, each with one edition of three sessions, in few queries."""
    homes = [make_institution() for _ in range(institutions)]
    topic = make_topic()
    start = next(_serial) * 10_000
    programmes = Programme.objects.bulk_create(
        Programme(
            institution=homes[i % institutions],
            slug=f"bulk-{start + i}",
            title_de=f"Massenprogramm {i}",
            title_en=f"Bulk programme {i}",
            format=Programme.Format.SEMINAR,
            search_text=f" bulk programme {i} ",
        )
        for i in range(size)
    )
    Programme.topics.through.objects.bulk_create(
        Programme.topics.through(programme_id=p.pk, topic_id=topic.pk) for p in programmes
    )
    first = berlin(2030, 1, 7, 9)
    editions = Edition.objects.bulk_create(
        Edition(
            programme=p,
            label="2030",
            status=Edition.Status.PUBLISHED,
            applications_open_at=first - timedelta(days=100),
            applications_close_at=first - timedelta(days=10) + timedelta(hours=i),
            capacity=20,
            language="de",
        )
        for i, p in enumerate(programmes)
    )
    Session.objects.bulk_create(
        Session(
            edition=e,
            starts_at=first + timedelta(days=i + 7 * k),
            ends_at=first + timedelta(days=i + 7 * k, hours=3),
        )
        for i, e in enumerate(editions)
        for k in range(3)
    )
    catalogue_changed()  # search text was written above, in bulk
