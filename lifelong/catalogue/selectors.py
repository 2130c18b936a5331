"""Reads that feed the public catalogue pages. Each runs a fixed number of SQL queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from lifelong.catalogue.models import (
    Audience,
    Edition,
    EditionAudience,
    Institution,
    Programme,
    Session,
    Topic,
)
from lifelong.lib.display import day_label
from lifelong.lib.i18n import languages_in_preference
from lifelong.lib.text import search_terms

VISIBLE_EDITION_STATUSES = (Edition.Status.PUBLISHED, Edition.Status.ARCHIVED)


class Sort:
    RELEVANCE = "relevance"
    START = "start"
    DEADLINE = "deadline"
    TITLE = "title"


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    institution: str = ""
    audience: str = ""
    topic: str = ""
    format: str = ""
    language: str = ""
    price: str = ""  # "free" or "paid"
    month: date | None = None  # first day of the month an edition starts in
    sort: str = ""


@dataclass(frozen=True)
class FilterOptions:
    institutions: list[Institution]
    audiences: list[Audience]
    topics: list[Topic]
    months: list[date]


def _published_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(status=Edition.Status.PUBLISHED)


def _editions_of_outer_programme() -> QuerySet[Edition]:
    return _published_editions().filter(programme=OuterRef("pk"))


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following


def programmes_visible() -> QuerySet[Programme]:
    """Programmes with at least one published edition."""
    return Programme.objects.filter(Exists(_editions_of_outer_programme()))


def _filtered(filters: CatalogueFilters) -> QuerySet[Programme]:
    programmes = programmes_visible()
    if filters.institution:
        programmes = programmes.filter(
            Q(institution__slug=filters.institution)
            | Exists(
                Programme.partners.through.objects.filter(
                    programme_id=OuterRef("pk"), institution__slug=filters.institution
                )
            )
        )
    if filters.audience:
        programmes = programmes.filter(
            Exists(
                EditionAudience.objects.filter(
                    edition__programme=OuterRef("pk"),
                    edition__status=Edition.Status.PUBLISHED,
                    audience__slug=filters.audience,
                )
            )
        )
    if filters.topic:
        programmes = programmes.filter(
            Exists(
                Programme.topics.through.objects.filter(
                    programme_id=OuterRef("pk"), topic__slug=filters.topic
                )
            )
        )
    if filters.format:
        programmes = programmes.filter(format=filters.format)
    if filters.language:
        programmes = programmes.filter(
            Exists(_editions_of_outer_programme().filter(language=filters.language))
        )
    if filters.price == "free":
        programmes = programmes.filter(Exists(_editions_of_outer_programme().filter(fee_cents=0)))
    elif filters.price == "paid":
        programmes = programmes.filter(
            Exists(_editions_of_outer_programme().filter(fee_cents__gt=0))
        )
    if filters.month:
        start, end = _month_bounds(filters.month)
        starting = (
            _editions_of_outer_programme()
            .annotate(first_start=Min("sessions__starts_at"))
            .filter(first_start__gte=start, first_start__lt=end)
        )
        programmes = programmes.filter(Exists(starting))
    for term in search_terms(filters.q):
        programmes = programmes.filter(search_text__contains=term)
    return programmes


def _title_in_active_language() -> Coalesce:
    first, *others = languages_in_preference()
    return Coalesce(NullIf(f"title_{first}", Value("")), *[f"title_{code}" for code in others])


def _sorted(
    programmes: QuerySet[Programme], filters: CatalogueFilters, now: datetime
) -> QuerySet[Programme]:
    next_session = (
        Session.objects.filter(
            edition__programme=OuterRef("pk"),
            edition__status=Edition.Status.PUBLISHED,
            starts_at__gte=now,
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    next_deadline = (
        _editions_of_outer_programme()
        .filter(applications_close_at__gte=now)
        .order_by("applications_close_at")
        .values("applications_close_at")[:1]
    )
    programmes = programmes.annotate(
        next_start=Subquery(next_session),
        next_deadline=Subquery(next_deadline),
        title_sort=_title_in_active_language(),
    )
    sort = filters.sort or (Sort.RELEVANCE if filters.q else Sort.START)
    if sort == Sort.TITLE:
        return programmes.order_by("title_sort", "pk")
    if sort == Sort.DEADLINE:
        return programmes.order_by("next_deadline", "title_sort", "pk")
    if sort == Sort.RELEVANCE and filters.q:
        score = sum(
            (
                Case(
                    When(Q(title_de__icontains=term) | Q(title_en__icontains=term), then=Value(2)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for term in search_terms(filters.q)
            ),
            start=Value(0, output_field=IntegerField()),
        )
        return programmes.annotate(score=score).order_by("-score", "next_start", "pk")
    # Soonest first; programmes with nothing ahead go last (NULLs sort last on both databases).
    return programmes.order_by(
        Case(When(next_start__isnull=True, then=Value(1)), default=Value(0)),
        "next_start",
        "title_sort",
        "pk",
    )


def _editions_with_dates() -> QuerySet[Edition]:
    return Edition.objects.annotate(
        first_start=Min("sessions__starts_at"),
        last_end=Max("sessions__ends_at"),
        session_count=Count("sessions"),
    ).order_by("applications_open_at")


def programme_list(
    *, filters: CatalogueFilters, now: datetime | None = None
) -> QuerySet[Programme]:
    """Visible programmes for the catalogue list, filtered and sorted, ready for a page slice."""
    now = now or timezone.now()
    return (
        _sorted(_filtered(filters), filters, now)
        .select_related("institution")
        .prefetch_related(
            "topics",
            Prefetch(
                "editions",
                queryset=_editions_with_dates().filter(status=Edition.Status.PUBLISHED),
                to_attr="published_editions",
            ),
        )
    )


def filter_options(*, now: datetime | None = None) -> FilterOptions:
    now = now or timezone.now()
    visible = programmes_visible()
    institutions = Institution.objects.filter(
        Q(programmes__in=visible) | Q(partner_programmes__in=visible)
    ).distinct()
    first_starts = (
        _published_editions()
        .annotate(first_start=Min("sessions__starts_at"))
        .filter(first_start__gte=now - timedelta(days=31))
        .values_list("first_start", flat=True)
    )
    months = sorted(
        {timezone.localtime(start).date().replace(day=1) for start in first_starts if start}
    )
    return FilterOptions(
        institutions=sorted(institutions, key=lambda i: i.name.casefold()),
        audiences=sorted(Audience.objects.all(), key=lambda a: a.name.casefold()),
        topics=sorted(Topic.objects.all(), key=lambda t: t.name.casefold()),
        months=months,
    )


# --- the programme page ---------------------------------------------------------------


class ApplicationWindow:
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class EditionFacts:
    """What the programme page says about one edition, computed once."""

    edition: Edition
    sessions: list[Session]
    audiences: list[EditionAudience]
    places_left: int
    window: str
    is_past: bool

    @property
    def first_start(self) -> datetime | None:
        return self.sessions[0].starts_at if self.sessions else None

    @property
    def last_end(self) -> datetime | None:
        return self.sessions[-1].ends_at if self.sessions else None

    @property
    def rule_text(self) -> str:
        return self.edition.rule.describe(
            session_count=len(self.sessions),
            credit_points=self.edition.credit_points,
            mandatory_days=[day_label(s.starts_at) for s in self.sessions if s.mandatory],
            # prefetched by programme_detail (certificates.Assessment, related name)
            assessments=[a.name for a in self.edition.assessments.all() if a.required],
        )

    @property
    def credit_points(self) -> Decimal | None:
        return self.edition.credit_points


def application_window(edition: Edition, now: datetime) -> str:
    if now < edition.applications_open_at:
        return ApplicationWindow.NOT_YET_OPEN
    if now <= edition.applications_close_at:
        return ApplicationWindow.OPEN
    return ApplicationWindow.CLOSED


def edition_places_left(edition: Edition) -> int:
    """Places neither accepted nor offered, from the `places_held` annotation."""
    return max(edition.capacity - getattr(edition, "places_held", 0), 0)


def _places_held() -> Count:
    # Accepted and offered applications hold a place (lifelong.enrolment.places).
    return Count("applications", filter=Q(applications__state__in=["accepted", "offered"]))


def programme_detail(*, slug: str) -> Programme | None:
    """A visible programme with everything its page shows, in a fixed number of queries."""
    return (
        programmes_visible()
        .filter(slug=slug)
        .select_related("institution")
        .prefetch_related(
            "partners",
            "topics",
            "documents",
            Prefetch(
                "editions",
                queryset=Edition.objects.filter(status__in=VISIBLE_EDITION_STATUSES)
                .annotate(places_held=_places_held())
                .order_by("applications_open_at")
                .prefetch_related(
                    "sessions",
                    "assessments",
                    Prefetch(
                        "audience_links",
                        queryset=EditionAudience.objects.select_related("audience"),
                    ),
                ),
                to_attr="visible_editions",
            ),
        )
        .first()
    )


def edition_facts(*, programme: Programme, now: datetime | None = None) -> list[EditionFacts]:
    now = now or timezone.now()
    facts = []
    for edition in getattr(programme, "visible_editions", []):
        sessions = list(edition.sessions.all())
        last_end = sessions[-1].ends_at if sessions else edition.applications_close_at
        facts.append(
            EditionFacts(
                edition=edition,
                sessions=sessions,
                audiences=list(edition.audience_links.all()),
                places_left=edition_places_left(edition),
                window=application_window(edition, now),
                is_past=edition.status == Edition.Status.ARCHIVED or last_end < now,
            )
        )
    return facts


def programme_audiences(facts: list[EditionFacts]) -> list[Audience]:
    seen: dict[int, Audience] = {}
    for edition in facts:
        for link in edition.audiences:
            seen.setdefault(link.audience.pk, link.audience)
    return list(seen.values())


def current_edition(editions: list[Any], now: datetime) -> Any | None:
    """The edition a card shows: the first that has not ended, else the latest."""
    for edition in editions:
        if edition.last_end is None or edition.last_end >= now:
            return edition
    return editions[-1] if editions else None


def edition_for_calendar(*, slug: str, edition_id: int) -> Edition | None:
    return (
        Edition.objects.filter(
            pk=edition_id, programme__slug=slug, status__in=VISIBLE_EDITION_STATUSES
        )
        .select_related("programme__institution")
        .prefetch_related("sessions")
        .first()
    )
