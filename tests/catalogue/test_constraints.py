from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from lifelong.catalogue.models import Edition, Programme, Session
from tests.factories import berlin, make_edition, make_institution, make_programme

pytestmark = pytest.mark.django_db


def violates(callable_) -> bool:
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


def test_it_refuses_a_session_that_ends_before_it_starts():
    edition = make_edition()
    start = berlin(2030, 1, 1, 10)
    assert violates(
        lambda: Session.objects.create(
            edition=edition, starts_at=start, ends_at=start - timedelta(hours=1)
        )
    )


def test_it_refuses_a_deadline_before_the_opening_and_an_edition_without_places():
    programme = make_programme()
    opening = berlin(2030, 1, 1)
    base = {"programme": programme, "language": "de", "applications_open_at": opening}
    assert violates(
        lambda: Edition.objects.create(
            **base, label="a", capacity=5, applications_close_at=opening - timedelta(days=1)
        )
    )
    assert violates(
        lambda: Edition.objects.create(
            **base, label="b", capacity=0, applications_close_at=opening + timedelta(days=1)
        )
    )


def test_it_refuses_two_editions_with_the_same_label():
    edition = make_edition(label="2030")
    assert violates(lambda: make_edition(edition.programme, label="2030"))


def test_it_refuses_a_programme_without_any_title_or_with_an_unknown_format():
    institution = make_institution()
    assert violates(
        lambda: Programme.objects.create(
            institution=institution, slug="x", format=Programme.Format.SEMINAR
        )
    )
    assert violates(
        lambda: Programme.objects.create(
            institution=institution, slug="y", title_en="Y", format="party"
        )
    )


def test_it_refuses_an_unknown_edition_status():
    assert violates(lambda: make_edition(status="secret"))
