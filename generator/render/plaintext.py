"""Text that no inline pattern can change is left out of Python-Markdown's inline pass.

Python-Markdown tries each of its inline patterns (links, emphasis, code, entities, raw
HTML, line breaks...) at every text node of the document, and most of an article is
plain prose that none of them can match: at 1,000 articles the inline pass was about 40 %
of the time spent converting article texts, itself 44 % of rendering (bench/RESULTS.md,
figures behind the code). Every one of Python-Markdown's own inline patterns needs one
of a few characters (or two spaces before a line's end) to match, so a text without them
is marked as an `AtomicString`, which the inline pass leaves as it is: the same output,
without the work. Where any other inline pattern or tree processor is registered (an
extension such as smarty brings its own inline pass, which skips such text too), nothing
is marked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

# Python-Markdown's own inline patterns (markdown/inlinepatterns.py), and what each
# needs to match: ` and \ (backtick, escape), [ (the links, references and images),
# < (autolink, automail, html), & (entity), * and _ (emphasis and not_strong), two
# spaces before a newline (linebreak).
KNOWN = frozenset(("backtick", "escape", "reference", "link", "image_link",
                   "image_reference", "short_reference", "short_image_ref", "autolink",
                   "automail", "linebreak", "html", "entity", "not_strong", "em_strong",
                   "em_strong2"))
# The tree processors known to treat an `AtomicString` as any text (Python-Markdown's,
# those of attr_list and toc, and the generator's own).
KNOWN_TREE = frozenset(("inline", "prettify", "unescape", "attr_list", "toc", "plain_text",
                        "actor_mentions", "external_links", "archive_final_links"))
# what a text must not have to be left alone; STX and ETX (placeholders) and { } (the
# attribute lists of attr_list) are kept out of it too, to be safe
_MAY_MATCH = re.compile(f"[`\\\\\\[<&*_{{}}{STX}{ETX}]|  \\n")


class PlainText(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        md = self.md
        if (any(item.name not in KNOWN for item in md.inlinePatterns._priority)
                or any(item.name not in KNOWN_TREE for item in md.treeprocessors._priority)):
            return
        may_match = _MAY_MATCH.search
        for element in root.iter():
            text = element.text
            if text and type(text) is str and not may_match(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and not may_match(tail):
                element.tail = AtomicString(tail)


class PlainTextExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # just before the inline pass (20)
        md.treeprocessors.register(PlainText(md), "plain_text", 21)
