"""The certificate rule as stored, validated and put into words."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lifelong.catalogue.rules import CertificateRule


def describe(data, sessions, language="en", credit_points=None, **more):
    with translation.override(language):
        return CertificateRule.from_json(data).describe(
            session_count=sessions, credit_points=credit_points, **more
        )


def test_it_describes_a_count_rule_in_both_languages():
    rule = {"kind": "certificate", "min_sessions": 4}
    assert describe(rule, 5) == "Certificate for attending at least 4 of 5 days"
    assert describe(rule, 5, "de") == (
        "Zertifikat für alle, die an mindestens 4 von 5 Tagen teilgenommen haben"
    )


def test_it_describes_attendance_certificates_shares_and_assessments():
    rule = {"kind": "attendance", "min_share_percent": 75}
    assert describe(rule, 8) == "Certificate of attendance for attending at least 6 of 8 days"
    rule = {"kind": "certificate"}
    assert describe(rule, 3, credit_points=Decimal("10"), assessments=["project paper"]) == (
        "Certificate (10 credit points) for passing “project paper”"
    )
    assert describe(rule, 3, "de", Decimal("7.5"), assessments=["Projektarbeit"]) == (
        "Zertifikat (7,5 Leistungspunkte) für alle, die „Projektarbeit“ bestanden haben"
    )


def test_it_describes_workload_excused_days_required_days_and_credit_points():
    rule = {
        "kind": "attendance",
        "min_sessions": 4,
        "count_excused": True,
        "workload_hours": 30,
        "min_credit_points": "15",
    }
    text = describe(rule, 5, mandatory_days=["Tue 7 October 2025"])
    assert text == (
        "Certificate of attendance (30 hours) for attending at least 4 of 5 days (excused "
        "days count), including Tue 7 October 2025 and earning at least 15 credit points"
    )
    german = describe(rule, 5, "de", mandatory_days=["Di 07.10.2025"])
    assert german == (
        "Teilnahmebescheinigung (30 Stunden) für alle, die an mindestens 4 von 5 Tagen "
        "(entschuldigte Tage zählen mit), darunter am Di 07.10.2025, teilgenommen und "
        "mindestens 15 Leistungspunkte erreicht haben"
    )


EVERYTHING = {"kind": "certificate", "min_share_percent": 80, "min_credit_points": "10"}


@pytest.mark.parametrize(
    ("rule", "more", "english", "german"),
    [
        (
            {"kind": "certificate", "min_credit_points": "10"},
            {},
            "Certificate for earning at least 10 credit points",
            "Zertifikat für alle, die mindestens 10 Leistungspunkte erreicht haben",
        ),
        (
            {"kind": "certificate", "min_sessions": 4, "min_credit_points": "10"},
            {},
            "Certificate for attending at least 4 of 5 days and earning at least 10 credit points",
            "Zertifikat für alle, die an mindestens 4 von 5 Tagen teilgenommen und mindestens "
            "10 Leistungspunkte erreicht haben",
        ),
        (
            EVERYTHING,
            {"assessments": [("Project paper", "Projektarbeit")]},
            "Certificate for attending at least 4 of 5 days, passing “Project paper” and "
            "earning at least 10 credit points",
            "Zertifikat für alle, die an mindestens 4 von 5 Tagen teilgenommen, "
            "„Projektarbeit“ bestanden und mindestens 10 Leistungspunkte erreicht haben",
        ),
        (
            {"kind": "attendance"},
            {"mandatory_days": [("Tue 7 October 2025", "Di 07.10.2025")]},
            "Certificate of attendance for attending Tue 7 October 2025",
            "Teilnahmebescheinigung für alle, die am Di 07.10.2025 teilgenommen haben",
        ),
        (
            {"kind": "certificate"},
            {
                "mandatory_days": [
                    ("Tue 7 October 2025", "Di 07.10.2025"),
                    ("Tue 28 October 2025", "Di 28.10.2025"),
                ],
                "assessments": [("Exam", "Klausur"), ("Talk", "Vortrag")],
            },
            "Certificate for attending Tue 7 October 2025 and Tue 28 October 2025 and "
            "passing “Exam” and “Talk”",
            "Zertifikat für alle, die am Di 07.10.2025 und Di 28.10.2025 teilgenommen und "
            "„Klausur“ und „Vortrag“ bestanden haben",
        ),
        (
            {**EVERYTHING, "count_excused": True},
            {
                "mandatory_days": [("Tue 7 October 2025", "Di 07.10.2025")],
                "assessments": [("Exam", "Klausur")],
            },
            "Certificate for attending at least 4 of 5 days (excused days count), including "
            "Tue 7 October 2025, passing “Exam” and earning at least 10 credit points",
            "Zertifikat für alle, die an mindestens 4 von 5 Tagen (entschuldigte Tage zählen "
            "mit), darunter am Di 07.10.2025, teilgenommen, „Klausur“ bestanden und "
            "mindestens 10 Leistungspunkte erreicht haben",
        ),
    ],
)
def test_it_puts_every_combination_into_a_sentence_in_both_languages(rule, more, english, german):
    def given(index):
        return {key: [pair[index] for pair in values] for key, values in more.items()}

    assert describe(rule, 5, **given(0)) == english
    assert describe(rule, 5, "de", **given(1)) == german


def test_it_states_what_was_met_on_its_own():
    """What the certificate prints after "requirements met": the conditions, no document."""
    rule = CertificateRule.from_json({**EVERYTHING, "workload_hours": 30})
    with translation.override("de"):
        assert rule.conditions(session_count=5, assessments=["Projektarbeit"]) == (
            "an mindestens 4 von 5 Tagen teilgenommen, „Projektarbeit“ bestanden und "
            "mindestens 10 Leistungspunkte erreicht"
        )
    with translation.override("en"):
        assert rule.conditions(session_count=5) == (
            "attending at least 4 of 5 days and earning at least 10 credit points"
        )
        assert CertificateRule(kind="certificate").conditions(session_count=5) == ""


def test_it_keeps_what_it_is_given_through_json():
    rule = CertificateRule.from_json(
        {
            "kind": "certificate",
            "min_share_percent": 80,
            "workload_hours": 12,
            "min_credit_points": "7.5",
            "issue_automatically": True,
            "signatories": [{"name": "Dr. A", "role_de": "Leitung", "role_en": "Head"}],
        }
    )
    assert CertificateRule.from_json(rule.to_json()) == rule
    assert rule.signatories[0].role_en == "Head"
    assert rule.min_credit_points == Decimal("7.5")


def test_it_says_nothing_when_there_is_no_certificate():
    assert describe({}, 5) == ""


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "diploma"},
        {"kind": "certificate", "min_sessions": 0},
        {"kind": "certificate", "min_sessions": "4"},
        {"kind": "certificate", "min_share_percent": 101},
        {"kind": "certificate", "min_sessions": 2, "min_share_percent": 50},
        {"kind": "none", "min_sessions": 2},
        {"kind": "certificate", "workload_hours": 0},
        {"kind": "certificate", "min_credit_points": "zero"},
        {"kind": "certificate", "min_credit_points": "-1"},
        {"kind": "certificate", "signatories": [{"role_en": "Head"}]},
        {"kind": "certificate", "signatories": [{"name": f"P{i}"} for i in range(4)]},
        {"kind": "certificate", "assessments": [{"de": "Projektarbeit"}]},
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
