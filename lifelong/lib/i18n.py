"""Content in German and English, one column per language, with fallback to the other."""

from typing import Any, overload

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def active_language() -> str:
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def languages_in_preference() -> list[str]:
    first = active_language()
    return [first, *(code for code in LANGUAGE_CODES if code != first)]


class Translated:
    """`obj.title` reads `title_de` or `title_en` for the active language, else the other one."""

    def __init__(self, base: str) -> None:
        self.base = base

    @overload
    def __get__(self, obj: None, owner: type) -> "Translated": ...
    @overload
    def __get__(self, obj: object, owner: type) -> str: ...
    def __get__(self, obj: object | None, owner: type) -> "Translated | str":
        if obj is None:
            return self
        for code in languages_in_preference():
            value: Any = getattr(obj, f"{self.base}_{code}", "")
            if value:
                return str(value)
        return ""

    def language_of(self, obj: object) -> str:
        """The language the shown text is really in (for `lang` attributes)."""
        for code in languages_in_preference():
            if getattr(obj, f"{self.base}_{code}", ""):
                return code
        return active_language()
