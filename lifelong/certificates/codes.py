"""A certificate's public code: `LL-7K3M-9QX2-P4TD`.

Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), so it can be read
off paper and typed: 31^12 ≈ 8 · 10^17 codes (59 bits), drawn by `secrets`. Guessing one of a
million issued certificates would take about 8 · 10^11 tries, and the verification page
answers only a few unknown codes per address (`certificates/ratelimit.py`).
"""

import re
import secrets

from lifelong.lib.codes import READABLE_ALPHABET

PREFIX = "LL"
GROUPS = 3
GROUP_LENGTH = 4
_OTHER_CHARACTERS = re.compile(r"[^0-9A-Z]")


def certificate_code_new() -> str:
    groups = (
        "".join(secrets.choice(READABLE_ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(GROUPS)
    )
    return "-".join([PREFIX, *groups])


def certificate_code_normalised(typed: str) -> str | None:
    """The stored form of a typed code (case, spaces and dashes do not matter; the prefix
    may be left out), or None if it cannot be a certificate code."""
    raw = _OTHER_CHARACTERS.sub("", typed.upper())
    length = GROUPS * GROUP_LENGTH
    if len(raw) == length + len(PREFIX) and raw.startswith(PREFIX):
        raw = raw[len(PREFIX) :]
    if len(raw) != length or any(character not in READABLE_ALPHABET for character in raw):
        return None
    groups = [raw[i : i + GROUP_LENGTH] for i in range(0, length, GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])
