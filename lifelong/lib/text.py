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
