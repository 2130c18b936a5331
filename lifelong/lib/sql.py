"""Model instances from rows of hand-written SQL, for the few hot paths that read with one
plain statement what the ORM would read with several (docs/decisions.md)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass
class RowReader(Generic[M]):
    model: type[M]
    _converters: dict[str, list[tuple[Any, list[Converter]]]] = field(default_factory=dict)

    def columns(self, alias: str) -> str:
        """Every column of the model, in order, for a SELECT list: "u.id, u.email, …"."""
        return ", ".join(f"{alias}.{field.column}" for field in self.model._meta.concrete_fields)

    def instance(self, database: str, row: Sequence[Any]) -> M:
        """The model instance of `row` (the columns of `columns()`), with the values
        converted as the ORM converts them (on SQLite: aware datetimes from naive ones)."""
        connection = connections[database]
        values = []
        for value, (column, converters) in zip(row, self._for(database), strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            values.append(value)
        attnames = [field.attname for field in self.model._meta.concrete_fields]
        return self.model.from_db(database, attnames, values)

    def _for(self, database: str) -> list[tuple[Any, list[Converter]]]:
        if database not in self._converters:
            connection = connections[database]
            table = self.model._meta.db_table
            self._converters[database] = [
                (
                    column,
                    connection.ops.get_db_converters(column) + column.get_db_converters(connection),
                )
                for column in (field.get_col(table) for field in self.model._meta.concrete_fields)
            ]
        return self._converters[database]


def row_reader(model: type[M]) -> RowReader[M]:
    return RowReader(model)
