import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, one space between words: 'Über-Straße' -> 'uber strasse'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", stripped).strip()


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct folded words of a search query, at most `limit` of them."""
    terms: list[str] = []
    for word in fold(query).split():
        if word not in terms:
            terms.append(word)
    return terms[:limit]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """The text on one line: control characters and line breaks become spaces, runs of
    space one. For what must never hold a line break (an e-mail subject, a calendar
    event's title) whatever was saved before the forms refused them."""
    return " ".join(_CONTROL.sub(" ", text).split())
