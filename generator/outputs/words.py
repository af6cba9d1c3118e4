"""What a word is, and the key it is indexed by, for the search index and for the
reader's query alike.

A word is a run of letters, combining marks and digits in any script (Unicode general
categories L, M and N), normalised (NFKC) and in lower case. The search worker splits a
query by the same rule (`/[\\p{L}\\p{M}\\p{N}]+/gu` after `normalize("NFKC")` and
`toLowerCase()`, theme/assets/javascripts/search-words.js), so "ហ៊ុន សែន", "Зеленський"
and "Zelenskyy" are words on both sides. Marks are part of a word: a Khmer or Devanagari
vowel sign does not split it. A word's key is its English stem (`stem`), by the same
rules on both sides too.
"""

from __future__ import annotations

import functools
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


# What `stem` takes off: a word of lower-case ASCII letters, longer than SHORT letters,
# loses a plural ending, then one of "ing", "ed" (leaving at least STEM letters) or "er"
# (leaving at least STEM + 1), then a doubled last consonant or a final "e". The worker
# applies the same rules to the query (`stem` in theme/assets/javascripts/search-words.js;
# tests/test_search_words.py compares the two on a list of words).
SHORT = 3
STEM = 4
_ASCII_WORD = re.compile("[a-z]+")


@functools.cache
def stem(word: str) -> str:
    """The key a word is indexed and looked up by: an English word without its
    inflection ("sanctions", "sanctioned" -> "sanction"; "demining", "deminers" ->
    "demin"). Words in other scripts, with digits, or of SHORT letters or fewer are their
    own key: the rules are English, and names are spelt as they are."""
    if len(word) <= SHORT or not _ASCII_WORD.fullmatch(word):
        return word
    word = _singular(word)
    cut = _suffix(word)
    if cut != word:
        if len(cut) > 2 and cut[-1] == cut[-2] and cut[-1] not in "aeioulsz":
            cut = cut[:-1]  # planned -> plan, running -> run
        return cut
    return word[:-1] if word.endswith("e") and len(word) > STEM else word


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > STEM:
        return word[:-3] + "y"  # policies -> policy
    if word.endswith(("sses", "ches", "shes", "xes", "zes")):
        return word[:-2]  # classes, matches, taxes
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # sanctions; not "process", "status", "crisis"
    return word


def _suffix(word: str) -> str:
    if word.endswith("ied") and len(word) > STEM:
        return word[:-3] + "y"  # carried -> carry
    for suffix, least in (("ing", STEM), ("ed", STEM), ("er", STEM + 1)):
        if word.endswith(suffix) and len(word) - len(suffix) >= least:
            return word[:-len(suffix)]
    return word
