"""The path converter for ids in the site's addresses: `<id:edition_id>`.

Like Django's `int`, but a number that no 64-bit database column can hold does not match,
so the address answers 404 instead of reaching a query (SQLite raises OverflowError).
Registered by `lifelong/urls.py` before any app's addresses are read.
"""

from django.urls import register_converter

from lifelong.lib.forms import ID_MAX


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("beyond 64 bits")  # Django reads it as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
