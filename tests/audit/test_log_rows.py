"""An edition's log in words (audit.selectors.audit_rows): what changed, who, and why, in
the reader's language, read from the registry."""

from datetime import UTC, datetime
from typing import Any

from django.utils import translation

from lifelong.audit.models import AuditEvent
from lifelong.audit.selectors import LogRow, audit_rows

AT = datetime(2030, 4, 2, 8, tzinfo=UTC)


def _row(language: str, names: dict[int, str] | None = None, **fields: Any) -> LogRow:
    event = AuditEvent(at=AT, subject_type="enrolment.application", subject_id=7, **fields)
    with translation.override(language):
        return audit_rows(events=[event], names=names or {})[0]


def test_it_reads_a_move_and_the_systems_reason_in_the_readers_language():
    fields: dict[str, Any] = {
        "action": "application.state",
        "from_state": "submitted",
        "to_state": "accepted",
        "reason_code": "lottery_drawn",
        "data": {"number": 3, "count": 40},
    }
    english = _row("en", {7: "Ada Lovelace"}, **fields)
    assert (english.about, english.change, english.who, english.why) == (
        "Ada Lovelace",
        "Submitted → Accepted",
        "the system",
        "lottery: drawn 3 of 40",
    )
    german = _row("de", **fields)
    assert (german.who, german.why) == ("das System", "Losverfahren: gezogen als 3 von 40")


def test_it_shows_a_reason_a_person_typed_as_it_was_typed():
    row = _row(
        "de",
        action="waitlist.moved",
        reason="hardship case",
        data={"from_position": 4, "to_position": 1},
    )
    assert (row.change, row.why) == ("Warteliste: Position 4 → 1", "hardship case")


def test_it_calls_the_subject_the_edition_or_a_programme_day():
    events = [
        AuditEvent(at=AT, action="edition.created", subject_type=subject_type, subject_id=1)
        for subject_type in ("catalogue.edition", "catalogue.session")
    ]
    with translation.override("de"):
        rows = audit_rows(events=events, names={1: "Not this one"})
    assert [row.about for row in rows] == ["der Durchgang", "ein Programmtag"]


def test_it_shows_a_row_the_registry_cannot_read_as_it_was_stored():
    row = _row(
        "en", action="application.teleported", from_state="a", to_state="b", reason_code="luck"
    )
    assert (row.change, row.why) == ("application.teleported: a → b", "luck")
    lacking = _row("en", action="waitlist.moved", data={})
    assert lacking.change == "waitlist.moved"
