"""The registry of event kinds and system reasons (audit/events.py): every kind the code
writes is declared, reads in German and in English, and an undeclared one cannot be written."""

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

import lifelong
from lifelong.audit.events import (
    EventKind,
    Reason,
    ReasonKind,
    UnknownKind,
    event_kind,
    event_kinds,
    reason_kind,
    reason_kinds,
)
from lifelong.audit.models import AuditEvent
from lifelong.audit.services import audit_event
from lifelong.catalogue.models import Institution

AT = datetime(2030, 4, 2, 8, tzinfo=UTC)
SOURCE = Path(lifelong.__file__).parent


def _event(**fields) -> AuditEvent:
    return AuditEvent(at=AT, subject_type="catalogue.edition", subject_id=1, **fields)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("states", [("", ""), ("accepted", "owner")])
def test_it_reads_every_kind_with_its_example_data(language, states):
    from_state, to_state = states
    for kind in event_kinds():
        event = _event(action=kind.code, data=dict(kind.data), from_state=from_state)
        event.to_state = to_state
        with translation.override(language):
            sentence = kind.sentence_of(event)  # a missing placeholder raises KeyError
        assert sentence and "%(" not in sentence, kind.code


def test_it_has_every_sentence_translated_into_german():
    kinds: list[EventKind | ReasonKind] = [*event_kinds(), *reason_kinds()]
    for kind in kinds:
        if not isinstance(kind.sentence, Promise):
            continue  # "%(from)s → %(to)s" reads the same in both
        event = _event(action="", data=dict(kind.data))
        with translation.override("en"):
            english = kind.sentence_of(event)
        with translation.override("de"):
            german = kind.sentence_of(event)
        assert german != english, f"{kind.code}: no German for {english!r}"


@pytest.mark.parametrize("language", ["de", "en"])
def test_it_reads_every_system_reason_with_its_example_data(language):
    for reason in reason_kinds():
        with translation.override(language):
            sentence = reason.sentence_of(_event(action="", data=dict(reason.data)))
        assert sentence and "%(" not in sentence, reason.code


def test_it_refuses_to_write_a_kind_nobody_declared():
    with pytest.raises(UnknownKind, match=r"application\.teleported"):
        audit_event(subject=Institution(pk=1), action="application.teleported", at=AT)


def test_it_refuses_a_system_reason_nobody_declared():
    with pytest.raises(UnknownKind, match="bad_luck"):
        audit_event(
            subject=Institution(pk=1), action="application.state", at=AT, reason=Reason("bad_luck")
        )


def test_it_refuses_an_event_without_the_data_its_kind_declares():
    with pytest.raises(ValueError, match="to_position"):
        audit_event(
            subject=Institution(pk=1), action="waitlist.moved", at=AT, data={"from_position": 3}
        )
    with pytest.raises(ValueError, match="count"):
        audit_event(
            subject=Institution(pk=1),
            action="application.state",
            at=AT,
            reason=Reason("lottery_drawn", {"number": 3}),
        )


def test_it_stores_a_system_reason_as_its_code_and_a_typed_one_as_text():
    drawn = audit_event(
        subject=Institution(pk=1),
        action="application.state",
        at=AT,
        reason=Reason("lottery_drawn", {"number": 3, "count": 40}),
    )
    assert (drawn.reason_code, drawn.reason, drawn.data) == (
        "lottery_drawn",
        "",
        {"number": 3, "count": 40},
    )
    typed = audit_event(
        subject=Institution(pk=1), action="application.state", at=AT, reason="place freed"
    )
    assert (typed.reason_code, typed.reason) == ("", "place freed")


CODE = re.compile(r"[a-z_]+\.[a-z_]+")


def _calls():
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            yield from (
                node
                for node in ast.walk(ast.parse(path.read_text(), str(path)))
                if isinstance(node, ast.Call)
            )


def _strings(node: ast.AST) -> list[str | ast.JoinedStr]:
    found: list[str | ast.JoinedStr] = []
    for part in ast.walk(node):
        if isinstance(part, ast.JoinedStr):
            found.append(part)
        elif isinstance(part, ast.Constant) and isinstance(part.value, str):
            found.append(part.value)
    return found


def _written_codes() -> tuple[set[str], set[str], set[str]]:
    """Every event code in an `action=` argument as it stands in the source, the literal
    start of codes written as f-strings, and every code in a `Reason(...)`."""
    codes: set[str] = set()
    prefixes: set[str] = set()
    reasons: set[str] = set()
    for call in _calls():
        if isinstance(call.func, ast.Name) and call.func.id == "Reason" and call.args:
            reasons.update(s for s in _strings(call.args[0]) if isinstance(s, str))
        for keyword in call.keywords:
            for found in _strings(keyword.value) if keyword.arg == "action" else []:
                if isinstance(found, str) and CODE.fullmatch(found):
                    codes.add(found)
                elif isinstance(found, ast.JoinedStr):
                    prefixes.update(s for s in _strings(found.values[0]) if isinstance(s, str))
    return codes, prefixes, reasons


def test_it_knows_every_kind_and_reason_the_code_writes():
    codes, prefixes, reasons = _written_codes()
    assert len(codes) > 30 and "attendance." in prefixes and "place_freed" in reasons
    for code in codes:
        event_kind(code)  # raises UnknownKind
    declared = [kind.code for kind in event_kinds()]
    for prefix in prefixes:
        assert any(code.startswith(prefix) for code in declared), prefix
    for code in reasons:
        reason_kind(code)
