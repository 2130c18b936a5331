"""The base of each domain's family of errors: a machine-readable code, and a message in the
reader's language made from the domain's table of messages."""

from datetime import datetime
from typing import ClassVar

from django.utils import formats, timezone
from django.utils.functional import Promise


class DomainError(Exception):
    MESSAGES: ClassVar[dict[str, Promise]] = {}

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        params = {
            name: formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
            if isinstance(value, datetime)
            else value
            for name, value in self.params.items()
        }
        return str(self.MESSAGES[self.code]).format(**params)

    def __str__(self) -> str:
        return f"{self.code}: {self.params}" if self.params else self.code
