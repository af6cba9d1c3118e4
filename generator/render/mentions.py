"""Link the first mention of each of an article's actors and topics in its text.

A Python-Markdown tree processor: it works on the parsed document, so it never touches
code, links, headings or raw HTML. Names are matched case-sensitively, longest first
across actors and topics ("Royal Academy of Cambodia" before "Cambodia", the topic
"Russia-Ukraine conflict" before the actors Russia and Ukraine), and only as whole
words, except in scripts written without spaces between words (Khmer, Thai, Lao,
Myanmar, CJK).

The article text is marked in the generated Markdown by two HTML comments on lines of
their own (`wrap_body`), and the processor puts what lies between them into
`<div class="article-text">`. This is why the site needs no md_in_html extension: a
`<div markdown="1">` wrapper would do the same, but that extension's HTML pass is slower
than Python-Markdown's own and parses the wrapped text once more (most on actor pages,
whose charts are long raw HTML: bench/RESULTS.md, figures behind the code).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX

from generator.names import Matcher

SKIP_TAGS = frozenset(("a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3",
                       "h4", "h5", "h6", "abbr"))
BODY_CLASS = "article-text"
BODY_START = f"<!-- {BODY_CLASS} -->"
BODY_END = f"<!-- /{BODY_CLASS} -->"
def wrap_body(markdown_text: str) -> str:
    """Markdown for an article's text, marked so that the processor wraps and links it."""
    return f"{BODY_START}\n\n{markdown_text}\n\n{BODY_END}\n"


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
    """Register with `md`; set `.linker.links` to the page's actors and topics (`Matcher`
    entries) before converting."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.linker: MentionLinker | None = None
        self.links: list[dict] = []

    def extendMarkdown(self, md: Markdown) -> None:
        self.linker = MentionLinker(md)
        self.linker.links = self.links
        # After inline parsing (20) and attr_list (8), before MkDocs resolves .md links (0).
        md.treeprocessors.register(self.linker, "actor_mentions", 4)
