"""Name keys that make transliteration variants of one toponym collide.

``key`` is exact-ish: diacritics, case, punctuation, Arabic article particles, doubled letters and
common vowel spellings are folded ("Al-Qaryatain" and "Al Qaryatayn" → "qaryatain").
``skeleton`` is looser (consonants only) and only proposes candidates that a fuzzy ratio then checks.
"""

from __future__ import annotations

import re
import unicodedata

from dateline.data import table

ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "az", "ash", "at", "an", "ez", "ed", "es", "en", "ul", "the"})
DIVISIONS: dict[str, int] = {w: int(level) for w, level in table("places/divisions.tsv")}  # word → ADM level
SUFFIXES = frozenset(DIVISIONS)
_EXTRA = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "þ": "th"})
_DROP = re.compile(r"['’ʿʾ`´‘]")
_NONWORD = re.compile(r"[^a-z0-9]+")
_VOWELS = (
    ("ey", "ai"),
    ("ay", "ai"),
    ("ei", "ai"),
    ("ou", "o"),
    ("aw", "o"),
    ("au", "o"),
    ("ee", "i"),
    ("oo", "u"),
)
_DOUBLE = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lowercase ASCII with diacritics and apostrophes removed, other punctuation turned into spaces."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NONWORD.sub(" ", _DROP.sub("", text)).split())


def words(text: str, *, suffixes: bool = False) -> list[str]:
    """Folded words without article particles (unless nothing else is left) and, if asked, admin suffixes."""
    parts = fold(text).split()
    kept = [w for w in parts if w not in ARTICLES and not (suffixes and w in SUFFIXES)]
    return kept or parts


def key(text: str, *, suffixes: bool = False) -> str:
    """The match key: words joined, doubled letters collapsed, vowel spellings folded, final h dropped."""
    k = _DOUBLE.sub(r"\1", "".join(words(text, suffixes=suffixes)))
    for a, b in _VOWELS:
        k = k.replace(a, b)
    return k[:-1] if len(k) > 3 and k.endswith("h") and k[-2] in "aeiou" else k


def skeleton(k: str) -> str:
    """The consonant skeleton of a key: first letter kept, then vowels, h, w, y dropped and k/c/q merged."""
    if not k:
        return k
    rest = re.sub(r"[aeiouhwy]", "", k[1:]).replace("k", "q").replace("c", "q")
    return _DOUBLE.sub(r"\1", k[0].replace("k", "q").replace("c", "q") + rest)


def is_latin(text: str) -> bool:
    """Whether a name is written in Latin letters (other scripts cannot match English text)."""
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())
