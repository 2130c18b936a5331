from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lifelong.catalogue.rules import CertificateRule


def describe(data, sessions, language="en", credit_points=None):
    with translation.override(language):
        return CertificateRule.from_json(data).describe(
            session_count=sessions, credit_points=credit_points
        )


def test_it_describes_a_count_rule_in_both_languages():
    rule = {"kind": "certificate", "min_sessions": 4}
    assert describe(rule, 5) == "Certificate for attending at least 4 of 5 days"
    assert describe(rule, 5, "de") == "Zertifikat bei Teilnahme an mindestens 4 von 5 Tagen"


def test_it_describes_attendance_certificates_shares_and_assessments():
    rule = {"kind": "attendance", "min_share_percent": 75}
    assert describe(rule, 8) == "Certificate of attendance for attending at least 6 of 8 days"
    rule = {"kind": "certificate", "assessments": [{"de": "Projektarbeit", "en": "project paper"}]}
    assert describe(rule, 3, credit_points=Decimal("10")) == (
        "Certificate (10 credit points) for passing: project paper"
    )
    assert describe(rule, 3, "de", Decimal("7.5")) == (
        "Zertifikat (7,5 Leistungspunkte) bei Nachweis: Projektarbeit"
    )


def test_it_says_nothing_when_there_is_no_certificate():
    assert describe({}, 5) == ""


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "diploma"},
        {"kind": "certificate", "min_sessions": 0},
        {"kind": "certificate", "min_share_percent": 101},
        {"kind": "certificate", "min_sessions": 2, "min_share_percent": 50},
        {"kind": "none", "min_sessions": 2},
        {"kind": "certificate", "assessments": [{}]},
        {"kind": "certificate", "unknown": 1},
    ],
)
def test_it_rejects_an_invalid_rule(data):
    with pytest.raises(ValidationError):
        CertificateRule.from_json(data)


@given(share=st.integers(1, 100), sessions=st.integers(1, 60))
def test_it_rounds_a_share_up_to_whole_sessions(share, sessions):
    required = CertificateRule(kind="certificate", min_share_percent=share).required_sessions(
        sessions
    )
    assert required * 100 >= share * sessions
    assert (required - 1) * 100 < share * sessions
