"""What changed in an object, as the log's JSON keeps it."""

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal


def plain(value: object) -> object:
    """A value as the log's JSON keeps it, the same however it was read or typed."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def field_values(instance: object, fields: Iterable[str]) -> dict[str, object]:
    return {name: plain(getattr(instance, name)) for name in fields}


def changed_fields(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """{field: [before, after]} for each field that changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
