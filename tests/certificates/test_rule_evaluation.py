"""Whether a participant meets the rule, at any moment: checked against a plain reference
count for random attendance patterns, and by example for the words it gives."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lifelong.catalogue.rules import CertificateRule
from lifelong.certificates.evaluation import AssessmentFact, DayFact, Standing, evaluate
from lifelong.lib import display

STATUSES = [None, "present", "late", "excused", "absent"]
START = datetime(2030, 3, 5, 9, tzinfo=UTC)


def reference(rule: CertificateRule, days: list[DayFact], works: list[AssessmentFact]) -> str:
    """The rule, counted out as an organiser would count it on paper."""
    if rule.kind == "none":
        return "none"
    counts = {"present", "late"} | ({"excused"} if rule.count_excused else set())
    still_open = [d for d in days if d.status is None and not d.closed]
    attended_now = [d for d in days if d.status in counts]
    needed = rule.required_sessions(len(days))
    required_days = [d for d in days if d.mandatory]
    required_work = [w for w in works if w.required]
    points_now = sum((w.credit_points or 0 for w in works if w.outcome == "passed"), Decimal(0))
    points_best = points_now + sum(
        (w.credit_points or 0 for w in works if w.outcome is None), Decimal(0)
    )
    points_needed = rule.min_credit_points or 0
    if (
        len(attended_now) >= needed
        and all(d.status in counts for d in required_days)
        and all(w.outcome == "passed" for w in required_work)
        and points_now >= points_needed
    ):
        return "met"
    if (
        len(attended_now) + len(still_open) >= needed
        and all(d.status in counts or d in still_open for d in required_days)
        and all(w.outcome != "failed" for w in required_work)
        and points_best >= points_needed
    ):
        return "pending"
    return "missed"


days_strategy = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.booleans(), st.booleans()), min_size=0, max_size=12
)
works_strategy = st.lists(
    st.tuples(
        st.booleans(),
        st.one_of(st.none(), st.sampled_from(["1", "2.5", "5"])),
        st.sampled_from([None, "passed", "failed"]),
    ),
    max_size=4,
)


@st.composite
def rules(draw):
    kind = draw(st.sampled_from(["none", "attendance", "certificate"]))
    if kind == "none":
        return CertificateRule()
    how = draw(st.sampled_from(["count", "share", "neither"]))
    return CertificateRule(
        kind=kind,
        min_sessions=draw(st.integers(1, 12)) if how == "count" else None,
        min_share_percent=draw(st.integers(1, 100)) if how == "share" else None,
        count_excused=draw(st.booleans()),
        min_credit_points=draw(st.one_of(st.none(), st.sampled_from([Decimal(2), Decimal(5)]))),
    )


def facts(day_specs, work_specs):
    days = [
        DayFact(
            session_id=number,
            starts_at=START + timedelta(weeks=number),
            mandatory=mandatory,
            closed=closed,
            status=status,
        )
        for number, (status, closed, mandatory) in enumerate(day_specs)
    ]
    works = [
        AssessmentFact(
            assessment_id=number,
            name=f"work {number}",
            required=required,
            credit_points=Decimal(cp) if cp else None,
            outcome=outcome,
        )
        for number, (required, cp, outcome) in enumerate(work_specs)
    ]
    return days, works


@settings(max_examples=400)
@given(rule=rules(), day_specs=days_strategy, work_specs=works_strategy)
def test_it_matches_a_plain_count_for_any_attendance(rule, day_specs, work_specs):
    days, works = facts(day_specs, work_specs)
    result = evaluate(rule, days, works)
    assert result.standing.value == reference(rule, days, works)
    counted = {"present", "late"} | ({"excused"} if rule.count_excused else set())
    assert result.attended == sum(1 for d in days if d.status in counted)
    assert result.possible == sum(1 for d in days if d.status is None and not d.closed)


@given(rule=rules(), day_specs=days_strategy)
def test_attending_every_day_still_open_never_makes_it_worse(rule, day_specs):
    """Future days count as still possible: attending them can only help."""
    days, _ = facts(day_specs, [])
    before = evaluate(rule, days, []).standing
    after = evaluate(
        rule,
        [
            d if d.status or d.closed else DayFact(**{**d.__dict__, "status": "present"})
            for d in days
        ],
        [],
    ).standing
    order = [Standing.MISSED, Standing.PENDING, Standing.MET]
    if before in order:
        assert order.index(after) >= order.index(before)
        if before == Standing.PENDING:
            assert after == Standing.MET


def test_it_says_why_in_the_readers_language():
    rule = CertificateRule(kind="certificate", min_sessions=4)
    days, _ = facts(
        [
            ("present", True, False),
            ("present", True, False),
            ("absent", True, False),
            ("late", True, False),
            (None, False, False),
        ],
        [],
    )
    result = evaluate(rule, days, [])
    assert result.standing == Standing.PENDING
    with translation.override("en"):
        assert result.reason == "3 of 5 days attended, 1 day left, 4 needed"
    with translation.override("de"):
        assert result.reason == "3 von 5 Tagen besucht, 1 Tag offen, 4 nötig"


def test_a_day_not_recorded_once_closed_cannot_be_made_up():
    rule = CertificateRule(kind="attendance", min_sessions=4)
    days, _ = facts(
        [("present", True, False)] * 3 + [(None, True, False), ("present", True, False)], []
    )
    assert evaluate(rule, days, []).standing == Standing.MET
    days, _ = facts([("present", True, False)] * 3 + [(None, True, False)] * 2, [])
    assert evaluate(rule, days, []).standing == Standing.MISSED


def test_a_missed_required_day_or_failed_work_ends_the_chance():
    rule = CertificateRule(kind="certificate", min_sessions=1)
    days, works = facts(
        [("absent", True, True), ("present", True, False)], [(True, None, "passed")]
    )
    missed = evaluate(rule, days, works)
    assert missed.standing == Standing.MISSED
    with translation.override("en"):
        assert "missed the required day" in missed.reason
    days, works = facts([("present", True, True)], [(True, "5", "failed")])
    failed = evaluate(rule, days, works)
    assert failed.standing == Standing.MISSED
    with translation.override("en"):
        assert "work 0: failed" in failed.reason


def test_an_edition_without_certificate_has_no_standing():
    days, _ = facts([("present", True, False)], [])
    result = evaluate(CertificateRule(), days, [])
    assert result.standing == Standing.NO_CERTIFICATE
    assert result.reason == ""


def test_a_passed_assessment_stays_in_the_standing_with_its_grade():
    rule = CertificateRule(kind="certificate", min_sessions=1)
    days, _ = facts([("present", True, False)], [])
    works = [
        AssessmentFact(
            assessment_id=1,
            name="Project paper",
            required=True,
            credit_points=None,
            outcome="passed",
            grade="1,3",
        ),
        AssessmentFact(
            assessment_id=2, name="Talk", required=False, credit_points=None, outcome="passed"
        ),
        AssessmentFact(
            assessment_id=3, name="Exam", required=True, credit_points=None, outcome=None
        ),
    ]
    result = evaluate(rule, days, works)
    assert result.standing == Standing.PENDING
    with translation.override("en"):
        assert result.reason == (
            "1 of 1 day attended, 1 needed, Project paper: passed (1.3), Talk: passed, "
            "Exam: no result yet"
        )
    with translation.override("de"):
        assert "Project paper: bestanden (1,3), Talk: bestanden" in result.reason


@pytest.mark.parametrize(
    ("typed", "english", "german"),
    [
        ("1.3", "1.3", "1,3"),
        ("1,7", "1.7", "1,7"),
        (" 2 ", " 2 ", " 2 "),
        ("sehr gut", "sehr gut", "sehr gut"),
        ("A", "A", "A"),
    ],
)
def test_a_grade_takes_the_readers_decimal_mark(typed, english, german):
    with translation.override("en"):
        assert display.grade(typed) == english
    with translation.override("de"):
        assert display.grade(typed) == german
