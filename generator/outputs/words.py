"""What a word is, for the search index and for the reader's query alike.

A word is a run of letters, combining marks and digits in any script (Unicode general
categories L, M and N), normalised (NFKC) and in lower case. The search worker splits a
query by the same rule (`/[\\p{L}\\p{M}\\p{N}]+/gu` after `normalize("NFKC")` and
`toLowerCase()`, theme/assets/javascripts/search-worker.js), so "ហ៊ុន សែន", "Зеленський"
and "Zelenskyy" are words on both sides. Marks are part of a word: a Khmer or Devanagari
vowel sign does not split it.
"""

from __future__ import annotations

import re
import unicodedata


def _marks() -> str:
    """Every combining mark (categories Mn, Mc, Me) of the Basic Multilingual Plane, as
    a regular-expression class body: Python's `\\w` has letters and digits but not
    marks. Listed one by one, the class is a bitmap, as fast as `\\w` alone; the few
    marks beyond the plane (historic scripts) are left out, since any character there
    turns the class into a slow list of ranges."""
    return re.escape("".join(chr(code) for code in range(0x10000)
                             if unicodedata.category(chr(code))[0] == "M"))


# letters, digits and marks; `\\w`'s underscore is taken out before
_WORD = re.compile(f"[\\w{_marks()}]+")


def words(text: str) -> list[str]:
    """The words of `text`, in order, as the index keeps them."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower().replace("_", " "))
