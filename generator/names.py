"""Finding names in text: whole words, longest first, never-match fragments left.

Shared by the check that reports actors named but not listed (source/lint.py) and the
linking of first mentions of actors and topics in article pages (render/mentions.py), so
that both read a name the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
)


def _is_word(char: str) -> bool:
    """The same test as the regex class \\w on str."""
    return char.isalnum() or char == "_"


def _find(text: str, entry: tuple[str, bool, bool], start: int) -> int:
    """First place at or after `start` where the name stands as a whole word, or -1.

    Whole word means (?<!\\w)name(?!\\w), on the sides where the name's script uses spaces.
    """
    name, left, right = entry
    size = len(text)
    at = text.find(name, start)
    while at >= 0:
        end = at + len(name)
        if ((not left or at == 0 or not _is_word(text[at - 1]))
                and (not right or end >= size or not _is_word(text[end]))):
            return at
        at = text.find(name, at + 1)
    return -1


class Matcher:
    """Finds names in text; each name maps to a link target, or to None (never match).
    An entry may say what it names (`kind`: "actor", the default, or "topic"): its
    links carry the class `<kind>-mention`. A name two entries give leads to the later
    one's target.

    Matches are what `re.finditer` would give for the alternation of the names, longest
    first, each written (?<!\\w)name(?!\\w): the leftmost match, the first name in that
    order at a tie, then on after its end. It is done with `str.find` instead, because
    compiling that pattern, a new set of names on every article, costs more than the
    search (bench/RESULTS.md, figures behind the code).
    """

    def __init__(self, links: list[dict]) -> None:
        self.target: dict[str, str | None] = {}
        self.kind: dict[str, str] = {}  # target -> what it names
        for entry in links:
            for fragment in entry.get("never", ()):
                self.target.setdefault(fragment, None)
        for entry in links:
            self.kind[entry["url"]] = entry.get("kind", "actor")
            for name in entry["names"]:
                self.target[name] = entry["url"]
        names = sorted(self.target, key=lambda n: (-len(n), n))
        self.names = [(n, not NO_SPACE_SCRIPTS.match(n[0]), not NO_SPACE_SCRIPTS.match(n[-1]))
                      for n in names if n]
        self.urls = {url for url in self.target.values() if url is not None}
        self.done: set[str] = set()

    def finditer(self, text: str):
        """(start, name) of each match, left to right, never overlapping."""
        names = self.names
        following = [_find(text, entry, 0) for entry in names]
        while True:
            best = rank = -1
            for index, at in enumerate(following):
                if at >= 0 and (best < 0 or at < best):
                    best, rank = at, index
            if best < 0:
                return
            name = names[rank][0]
            yield best, name
            end = best + len(name)
            for index, at in enumerate(following):
                if 0 <= at < end:
                    following[index] = _find(text, names[index], end)

    def split(self, text: str) -> tuple[str, list[etree.Element]]:
        """Text before the first link, and new <a> elements carrying the rest as tails."""
        if not text or len(self.done) == len(self.urls):
            return text, []
        head: str | None = None
        anchors: list[etree.Element] = []
        last = 0
        for start, name in self.finditer(text):
            url = self.target[name]
            if url is None or url in self.done:
                continue
            self.done.add(url)
            piece = text[last:start]
            if head is None:
                head = piece
            else:
                anchors[-1].tail = piece
            anchor = etree.Element("a", {"href": url, "class": f"{self.kind[url]}-mention"})
            anchor.text = name
            anchors.append(anchor)
            last = start + len(name)
        if head is None:
            return text, []
        anchors[-1].tail = text[last:]
        return head, anchors
