"""Link the first mention of each of an article's actors in its text.

A Python-Markdown tree processor: it works on the parsed document, so it never touches
code, links, headings or raw HTML. Names are matched case-sensitively, longest first
("Royal Academy of Cambodia" before "Cambodia"), and only as whole words, except in
scripts written without spaces between words (Khmer, Thai, Lao, Myanmar, CJK).

The article text is marked in the generated Markdown by two HTML comments on lines of
their own (`wrap_body`), and the processor puts what lies between them into
`<div class="article-text">`. This is why the site needs no md_in_html extension: a
`<div markdown="1">` wrapper would do the same, but that extension's HTML pass is slower
than Python-Markdown's own and parses the wrapped text once more (about 0.27 ms per
article page, and 0.75 ms per actor page, whose charts are long raw HTML).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX

SKIP_TAGS = frozenset(("a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "abbr"))
BODY_CLASS = "article-text"
BODY_START = f"<!-- {BODY_CLASS} -->"
BODY_END = f"<!-- /{BODY_CLASS} -->"
NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
)


def wrap_body(markdown_text: str) -> str:
    """Markdown for an article's text, marked so that the processor wraps and links it."""
    return f"{BODY_START}\n\n{markdown_text}\n\n{BODY_END}\n"


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

    Matches are what `re.finditer` would give for the alternation of the names, longest
    first, each written (?<!\\w)name(?!\\w): the leftmost match, the first name in that
    order at a tie, then on after its end. It is done with `str.find` instead, because
    compiling that pattern cost ~4 ms per page (a new set of names on every article).
    """

    def __init__(self, links: list[dict]) -> None:
        self.target: dict[str, str | None] = {}
        for entry in links:
            for fragment in entry.get("never", ()):
                self.target.setdefault(fragment, None)
        for entry in links:
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
            anchor = etree.Element("a", {"href": url, "class": "actor-mention"})
            anchor.text = name
            anchors.append(anchor)
            last = start + len(name)
        if head is None:
            return text, []
        anchors[-1].tail = text[last:]
        return head, anchors


class MentionLinker(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.links: list[dict] = []

    def run(self, root: etree.Element) -> None:
        body = self._wrap(root)
        if not self.links or body is None:
            return
        self._walk(body, Matcher(self.links))

    def _wrap(self, root: etree.Element) -> etree.Element | None:
        """Move the top-level elements between the two markers into the article-text div;
        without both markers there is no article text, and nothing changes."""
        marks = self._markers(root)
        if len(marks) != 2:
            return None
        children = list(root)
        start, end = (children.index(m) for m in marks)
        if start > end:
            return None
        body = etree.Element("div", {"class": BODY_CLASS})
        body.text = "\n"
        body.tail = marks[1].tail
        body.extend(children[start + 1:end])
        root[start:end + 1] = [body]
        return body

    def _markers(self, root: etree.Element) -> list[etree.Element]:
        """The paragraphs holding the stashed start and end markers, in that order."""
        stash = self.md.htmlStash.rawHtmlBlocks
        found: dict[str, etree.Element] = {}
        for child in root:
            text = child.text
            if child.tag != "p" or not text or len(child) or not text.startswith(STX):
                continue
            match = HTML_PLACEHOLDER_RE.fullmatch(text)
            index = int(match.group(1)) if match else len(stash)
            raw = stash[index] if index < len(stash) else None
            if isinstance(raw, str) and raw.strip() in (BODY_START, BODY_END):
                found.setdefault(raw.strip(), child)
        return [found[m] for m in (BODY_START, BODY_END) if m in found]

    def _walk(self, element: etree.Element, matcher: Matcher) -> None:
        head, anchors = matcher.split(element.text or "")
        if anchors:
            element.text = head
            for index, anchor in enumerate(anchors):
                element.insert(index, anchor)
        children = [c for c in list(element) if c not in anchors]
        for child in children:
            if child.tag not in SKIP_TAGS:
                self._walk(child, matcher)
            head, anchors = matcher.split(child.tail or "")
            if anchors:
                child.tail = head
                position = list(element).index(child)
                for offset, anchor in enumerate(anchors, start=1):
                    element.insert(position + offset, anchor)


class MentionExtension(Extension):
    """Register with `md`; set `.linker.links` to the page's actors before converting."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.linker: MentionLinker | None = None
        self.links: list[dict] = []

    def extendMarkdown(self, md: Markdown) -> None:
        self.linker = MentionLinker(md)
        self.linker.links = self.links
        # After inline parsing (20) and attr_list (8), before MkDocs resolves .md links (0).
        md.treeprocessors.register(self.linker, "actor_mentions", 4)
