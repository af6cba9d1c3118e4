"""Links that leave the site carry `rel="noopener noreferrer"`.

A Python-Markdown tree processor, registered by the MkDocs adapter, so it covers links
written in article text as well as links the renderers generate.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

REL = ("noopener", "noreferrer")


def is_external(href: str) -> bool:
    href = href.strip().lower()
    return href.startswith(("http://", "https://", "//"))


class ExternalLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for anchor in root.iter("a"):
            if is_external(anchor.get("href") or ""):
                rel = (anchor.get("rel") or "").split()
                anchor.set("rel", " ".join(dict.fromkeys([*rel, *REL])))


class ExternalLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ExternalLinks(md), "external_links", 1)
