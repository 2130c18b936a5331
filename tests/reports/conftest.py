import pytest

from tests.enrolment.helpers import make_organiser
from tests.reports.helpers import Known, fill_known_edition, make_known_edition


@pytest.fixture
def known(client) -> Known:
    """The known edition with its applications, attendance and certificates, and its
    organiser signed in (test files that need less define their own `known`)."""
    known = make_known_edition()
    fill_known_edition(known)
    client.force_login(make_organiser(known.edition))
    return known
