"""Counts read right in both languages, in the singular and the plural: file sizes and credit
points (which may have decimals). The pages' counts are tested with their pages."""

from decimal import Decimal

import pytest
from django.utils import translation

from lifelong.catalogue.rules import CertificateRule
from lifelong.lib.display import file_size, plural_number


@pytest.mark.parametrize(
    ("language", "size", "said"),
    [("en", 1, "1 byte"), ("en", 999, "999 bytes"), ("de", 1, "1 Byte"), ("de", 999, "999 Byte")],
)
def test_it_counts_bytes(language, size, said):
    with translation.override(language):
        assert file_size(size) == said


def test_it_takes_exactly_one_as_singular_whatever_the_decimals():
    assert [plural_number(value) for value in (Decimal("1"), Decimal("1.0"), "1", 1)] == [1] * 4
    assert [plural_number(value) for value in (Decimal("0.5"), Decimal("1.5"), "2")] == [2] * 3


@pytest.mark.parametrize(
    ("language", "points", "said"),
    [
        ("en", "1", "Certificate (1 credit point) for earning at least 1 credit point"),
        ("en", "1.5", "Certificate (1.5 credit points) for earning at least 1.5 credit points"),
        (
            "de",
            "1",
            "Zertifikat (1 Leistungspunkt) für alle, die mindestens 1 Leistungspunkt"
            " erreicht haben",
        ),
        (
            "de",
            "1.5",
            "Zertifikat (1,5 Leistungspunkte) für alle, die mindestens 1,5 Leistungspunkte"
            " erreicht haben",
        ),
    ],
)
def test_it_counts_credit_points_in_the_rule(language, points, said):
    rule = CertificateRule.from_json({"kind": "certificate", "min_credit_points": points})
    with translation.override(language):
        assert rule.describe(session_count=3, credit_points=Decimal(points)) == said
