"""The figures of an edition's dashboard, for a small edition whose figures are known:
applications per day in Berlin and in total, places, groups against quotas, attendance per
programme day and certificates."""

from datetime import date

import pytest
import time_machine

from lifelong.reports.selectors import AudienceMix, DayCount, edition_figures
from tests.enrolment.helpers import apply, make_open_edition
from tests.factories import berlin, make_edition
from tests.reports.helpers import fill_known_edition, make_known_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    known = make_known_edition()
    fill_known_edition(known)
    return known


def test_it_counts_applications_per_day_in_berlin_and_adds_them_up(known):
    figures = edition_figures(edition=known.edition)
    assert figures.per_day == [
        DayCount(day=date(2030, 1, 3), new=2, total=2),  # Ada applied at 00:30 in Berlin
        DayCount(day=date(2030, 1, 5), new=2, total=4),
        DayCount(day=date(2030, 1, 8), new=1, total=5),
    ]
    assert figures.applications == 5


def test_it_counts_applications_by_state(known):
    by_state = edition_figures(edition=known.edition).by_state
    assert by_state["accepted"] == 4
    assert by_state["waitlisted"] == 1
    assert sum(by_state.values()) == 5


def test_it_gives_the_fill_rate_as_accepted_people_per_place(known):
    fill = edition_figures(edition=known.edition).fill
    assert (fill.capacity, fill.accepted, fill.offered, fill.free) == (4, 4, 0, 0)
    assert fill.percent == 100
    known.edition.capacity = 5
    assert edition_figures(edition=known.edition).fill.percent == 80


def test_it_sets_each_group_against_its_quota(known):
    audiences = edition_figures(edition=known.edition).audiences
    assert audiences == [
        AudienceMix(audience=known.city, quota=None, applications=3, accepted=2),
        AudienceMix(audience=known.researchers, quota=2, applications=2, accepted=2),
    ]


def test_it_counts_attendance_of_the_participants_per_programme_day(known):
    # After the second day: presence recorded for a day still ahead would count for nothing.
    with time_machine.travel(berlin(2030, 3, 13, 9), tick=False):
        days = edition_figures(edition=known.edition).days
    counts = [(d.present, d.late, d.excused, d.absent, d.unrecorded) for d in days]
    assert counts == [
        (2, 0, 1, 1, 0),  # Emil, only waiting, was there too: not counted
        (1, 1, 0, 0, 2),
        (0, 0, 0, 0, 4),
    ]
    assert [d.session.starts_at for d in days] == sorted(d.session.starts_at for d in days)


def test_it_counts_valid_and_revoked_certificates(known):
    certificates = edition_figures(edition=known.edition).certificates
    assert (certificates.valid, certificates.revoked, certificates.issued) == (1, 1, 2)


def test_it_reads_an_edition_without_applications():
    edition = make_edition(capacity=10, session_count=2)
    figures = edition_figures(edition=edition)
    assert figures.applications == 0
    assert figures.per_day == []
    assert figures.fill.percent == 0
    assert figures.audiences == []
    assert [d.unrecorded for d in figures.days] == [0, 0]
    assert figures.certificates.issued == 0


def test_it_counts_applications_without_a_group_apart():
    edition = make_open_edition(capacity=10)
    apply(edition)
    apply(edition)
    assert edition_figures(edition=edition).audiences == [
        AudienceMix(audience=None, quota=None, applications=2, accepted=2)
    ]
