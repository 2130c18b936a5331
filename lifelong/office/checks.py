"""Everything an organiser's change of an edition must pass: the catalogue's rules
(`catalogue/checks.py`) and what the places taken and the applications made rule out
(`enrolment/checks.py`). The forms put each problem on its field; the services in
`office/editions.py` ask again under the edition's lock, right before they write."""

from lifelong.catalogue import checks as catalogue_checks
from lifelong.catalogue.errors import CatalogueError
from lifelong.catalogue.models import Edition
from lifelong.enrolment.checks import edition_places_problems

# Unchanged from the catalogue: they look at nothing beyond it.
label_taken = catalogue_checks.label_taken
programme_problems = catalogue_checks.programme_problems
session_problems = catalogue_checks.session_problems


def edition_problems(*, edition: Edition, quotas: dict[int, int | None]) -> list[CatalogueError]:
    """What is wrong with the edition's proposed settings and audiences (`quotas`: each
    chosen audience's id and its quota, None for no limit)."""
    problems = catalogue_checks.edition_problems(edition=edition, quotas=quotas)
    if edition.pk is not None:
        problems += edition_places_problems(edition=edition, quotas=quotas)
    return problems


def edition_publish_problems(*, edition: Edition) -> list[CatalogueError]:
    """Everything that stands between the edition as saved and its publication."""
    quotas = {link.audience_id: link.quota for link in edition.audience_links.all()}
    problems = edition_problems(edition=edition, quotas=quotas)
    if not edition.sessions.exists():
        problems.append(CatalogueError("no_sessions"))
    return problems
