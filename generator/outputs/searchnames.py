"""The search index's names file: every actor's and topic's names, for the reader's
browser to compare a query with letter by letter (a misspelt name still finds its page:
theme/assets/javascripts/search-words.js, `nameTable` and `nearNames`).

    n/HASH.json    [page 0's names, page 1's names, ...]

Page i's names are one line: "|" between names, a space between words (as words.words
splits them, unstemmed), a word already written for the page as "^" and its number
among the page's words, each name once: "ba kraizol|b ^1|foreign minister ^1". The
actors and topics are the index's first pages (search.ordered), so the list stops at
the last of them.
"""

from __future__ import annotations

from collections.abc import Iterable


def name_line(names: Iterable[list[str]]) -> str:
    """A page's names (each a list of its words) as the names file holds them."""
    seen: dict[str, int] = {}
    out = []
    for name in dict.fromkeys(map(tuple, names)):
        written = []
        for word in name:
            if word in seen:
                written.append(f"^{seen[word]}")
            else:
                seen[word] = len(seen)
                written.append(word)
        if written:
            out.append(" ".join(written))
    return "|".join(out)


def names_file(lines: Iterable[str]) -> list[str]:
    """The names file's list: each page's line, up to the last page with a name."""
    names = list(lines)
    while names and not names[-1]:
        names.pop()
    return names
