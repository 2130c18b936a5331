"""audit 0003: the English reasons the system used to write become codes, and back."""

from datetime import UTC, datetime
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps

from lifelong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
migration = import_module("lifelong.audit.migrations.0003_system_reasons_as_codes")
AT = datetime(2030, 4, 2, 8, tzinfo=UTC)


def _move(from_state: str, to_state: str, reason: str) -> AuditEvent:
    # Written directly, as the rows were before: audit_event no longer takes these reasons.
    return AuditEvent.objects.create(
        at=AT,
        action="application.state",
        subject_type="enrolment.application",
        subject_id=1,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _stored(event: AuditEvent) -> tuple[str, str, dict[str, Any]]:
    event.refresh_from_db()
    return event.reason_code, event.reason, event.data


def test_it_turns_the_systems_english_reasons_into_codes_and_back():
    first_come = _move("submitted", "accepted", "first come, first served")
    freed = _move("waitlisted", "offered", "place freed")
    lapsed = _move("offered", "lapsed", "offer not answered in time")
    drawn = _move("submitted", "waitlisted", "lottery, drawn 3 of 40")
    typed = _move("submitted", "rejected", "not eligible")
    migration.forwards(apps, None)
    assert _stored(first_come) == ("first_come", "", {})
    assert _stored(freed) == ("place_freed", "", {})
    assert _stored(lapsed) == ("offer_not_answered", "", {})
    assert _stored(drawn) == ("lottery_drawn", "", {"number": 3, "count": 40})
    assert _stored(typed) == ("", "not eligible", {})
    migration.backwards(apps, None)
    assert _stored(first_come) == ("", "first come, first served", {})
    assert _stored(drawn) == ("", "lottery, drawn 3 of 40", {})
    assert _stored(typed) == ("", "not eligible", {})


def test_it_leaves_a_reason_an_organiser_typed_in_the_systems_words():
    # Only the system offers a freed place; an organiser's "place freed" on a rejection stays.
    typed = _move("submitted", "rejected", "place freed")
    migration.forwards(apps, None)
    assert _stored(typed) == ("", "place freed", {})
