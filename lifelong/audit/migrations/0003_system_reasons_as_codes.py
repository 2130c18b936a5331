"""The reasons the system wrote in English ("place freed") become the codes of the reasons
declared in enrolment/events.py ("place_freed"); the lottery's "lottery, drawn 3 of 40"
becomes the code "lottery_drawn" with {"number": 3, "count": 40} in the event's data.

Only state changes of applications are rewritten, and only where the system could have
written the text: a reason an organiser typed is never touched, unless it was word for
word one of the system's own in the same kind of move."""

import re

from django.db import migrations
from django.db.models import Q

# English text, code, and the moves (to_state; "no actor" for the system's own) it was
# written on. Codes are copied here, not imported: a migration keeps working when the
# declarations change.
REASONS = [
    ("first come, first served", "first_come", Q(to_state="accepted", actor=None)),
    ("no_place_left", "no_place_left", Q(to_state="waitlisted", actor=None)),
    ("quota_full", "quota_full", Q(to_state="waitlisted", actor=None)),
    ("place freed", "place_freed", Q(to_state="offered", actor=None)),
    ("offer accepted", "offer_accepted", Q(from_state="offered", to_state="accepted")),
    ("offer declined", "offer_declined", Q(to_state="declined")),
    ("offer not answered in time", "offer_not_answered", Q(to_state="lapsed", actor=None)),
    ("cancelled by the participant", "cancelled_by_participant", Q(to_state="cancelled")),
]
LOTTERY = re.compile(r"^lottery, drawn (\d+) of (\d+)$")
LOTTERY_CODE = "lottery_drawn"


def forwards(apps, schema_editor):
    events = apps.get_model("audit", "AuditEvent").objects
    moves = events.filter(action="application.state", reason_code="")
    for text, code, written_on in REASONS:
        moves.filter(written_on, reason=text).update(reason_code=code, reason="")
    drawn = []
    for event in moves.filter(actor=None, reason__startswith="lottery, drawn ").iterator():
        match = LOTTERY.match(event.reason)
        if match:
            number, count = match.groups()
            event.data = {**event.data, "number": int(number), "count": int(count)}
            event.reason, event.reason_code = "", LOTTERY_CODE
            drawn.append(event)
    events.bulk_update(drawn, ["reason", "reason_code", "data"], batch_size=500)


def backwards(apps, schema_editor):
    events = apps.get_model("audit", "AuditEvent").objects
    moves = events.filter(action="application.state")
    for text, code, _written_on in REASONS:
        moves.filter(reason_code=code).update(reason=text, reason_code="")
    drawn = []
    for event in moves.filter(reason_code=LOTTERY_CODE).iterator():
        data = dict(event.data)
        number, count = data.pop("number", "?"), data.pop("count", "?")
        event.data, event.reason_code = data, ""
        event.reason = f"lottery, drawn {number} of {count}"
        drawn.append(event)
    events.bulk_update(drawn, ["reason", "reason_code", "data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_reason_code")]

    operations = [migrations.RunPython(forwards, backwards)]
