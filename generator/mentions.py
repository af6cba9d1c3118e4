"""Link the first mention of each of an article's actors in its text.

A Python-Markdown tree processor: it works on the parsed document, so it never touches
code, links, headings or raw HTML. Names are matched case-sensitively, longest first
("Royal Academy of Cambodia" before "Cambodia"), and only as whole words, except in
scripts written without spaces between words (Khmer, Thai, Lao, Myanmar, CJK).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SKIP_TAGS = frozenset(("a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "abbr"))
BODY_CLASS = "article-text"
_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
)


def _bounded(name: str) -> str:
    escaped = re.escape(name)
    left = "" if _NO_SPACE_SCRIPTS.match(name[0]) else r"(?<!\w)"
    right = "" if _NO_SPACE_SCRIPTS.match(name[-1]) else r"(?!\w)"
    return left + escaped + right


class Matcher:
    """Finds names in text; each name maps to a link target, or to None (never match)."""

    def __init__(self, links: list[dict]) -> None:
        self.target: dict[str, str | None] = {}
        for entry in links:
            for fragment in entry.get("never", ()):
                self.target.setdefault(fragment, None)
        for entry in links:
            for name in entry["names"]:
                self.target[name] = entry["url"]
        names = sorted(self.target, key=lambda n: (-len(n), n))
        self.pattern = re.compile("|".join(_bounded(n) for n in names)) if names else None
        self.done: set[str] = set()

    def split(self, text: str) -> tuple[str, list[etree.Element]]:
        """Text before the first link, and new <a> elements carrying the rest as tails."""
        if not text or self.pattern is None:
            return text, []
        head: str | None = None
        anchors: list[etree.Element] = []
        last = 0
        for match in self.pattern.finditer(text):
            url = self.target[match.group(0)]
            if url is None or url in self.done:
                continue
            self.done.add(url)
            piece = text[last:match.start()]
            if head is None:
                head = piece
            else:
                anchors[-1].tail = piece
            anchor = etree.Element("a", {"href": url, "class": "actor-mention"})
            anchor.text = match.group(0)
            anchors.append(anchor)
            last = match.end()
        if head is None:
            return text, []
        anchors[-1].tail = text[last:]
        return head, anchors


class MentionLinker(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.links: list[dict] = []

    def run(self, root: etree.Element) -> None:
        if not self.links:
            return
        matcher = Matcher(self.links)
        for body in root.iter("div"):
            if BODY_CLASS in (body.get("class") or "").split():
                self._walk(body, matcher)

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
