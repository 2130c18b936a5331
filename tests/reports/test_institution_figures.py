"""The figures of an institution's dashboard: every edition of its programmes with its fill
rate and certificates, the newest first, and applications over time of the current ones;
nothing of another institution's editions."""

from datetime import date

import pytest

from lifelong.catalogue.models import Edition
from lifelong.reports.selectors import DayCount, institution_figures
from tests.factories import berlin, make_edition, make_programme
from tests.reports.helpers import NOW, fill_known_edition, make_known_edition, past_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    known = make_known_edition()
    fill_known_edition(known)
    return known


@pytest.fixture
def institution(known):
    return known.edition.programme.institution


def test_it_lists_every_edition_the_newest_first_with_its_fill_rate(known, institution):
    past = past_edition(known)
    draft = make_edition(
        make_programme(institution),
        status=Edition.Status.DRAFT,
        capacity=8,
        applications_open_at=berlin(2030, 6, 1),
        applications_close_at=berlin(2030, 7, 1),
        first_session=berlin(2030, 9, 1, 10),
    )
    figures = institution_figures(institution=institution, now=NOW)
    assert [s.edition for s in figures.editions] == [draft, known.edition, past]
    assert [(s.fill.accepted, s.fill.capacity, s.fill.percent) for s in figures.editions] == [
        (0, 8, 0),
        (4, 4, 100),
        (2, 10, 20),
    ]
    assert [s.applications for s in figures.editions] == [0, 5, 2]


def test_it_counts_certificates_per_edition(known, institution):
    past_edition(known)
    figures = institution_figures(institution=institution, now=NOW)
    assert [(s.certificates.valid, s.certificates.revoked) for s in figures.editions] == [
        (1, 1),
        (2, 0),
    ]


def test_it_follows_the_applications_of_the_current_editions_only(known, institution):
    past_edition(known)
    figures = institution_figures(institution=institution, now=NOW)
    assert [s.edition for s in figures.current] == [known.edition]  # its days are to come
    assert figures.current[0].per_day == [
        DayCount(day=date(2030, 1, 3), new=2, total=2),
        DayCount(day=date(2030, 1, 5), new=2, total=4),
        DayCount(day=date(2030, 1, 8), new=1, total=5),
    ]
    assert figures.editions[1].per_day == []  # not current: not read at all


def test_it_counts_an_edition_as_over_after_its_last_day(known, institution):
    after_the_last_day = berlin(2030, 3, 19, 15)
    assert institution_figures(institution=institution, now=after_the_last_day).current == []


def test_it_leaves_out_other_institutions(known, institution):
    other = make_known_edition()
    figures = institution_figures(institution=institution, now=NOW)
    assert other.edition not in [s.edition for s in figures.editions]
    assert (
        institution_figures(institution=other.edition.programme.institution, now=NOW)
        .editions[0]
        .applications
        == 5
    )
