"""One content tree's site, reduced to what a reader finds at each published address."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator import urls
from generator.outputs import addresses
from generator.render.text import read_front_matter

ARTICLES, ACTORS, TOPICS, OTHER = "articles", "actors", "topics", "other"
GROUPS = (ARTICLES, ACTORS, TOPICS, OTHER)
# what a page of each `kind` (the page record's field) is filed under
_GROUP_OF_KIND = {"article": ARTICLES, "actor": ACTORS, "topic": TOPICS}
# what the rest is, as a reader would name it
INDEX, YEAR_PAGE, FEED, DATA, REDIRECT, RETRACTION = (
    "index", "year page", "feed", "data file", "redirect", "retraction notice")
_KIND_LABEL = {"index": INDEX, "listing": YEAR_PAGE}
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_REDIRECT = '<meta http-equiv="refresh"'


@dataclass(frozen=True)
class PublishedPage:
    """What answers at one published address."""

    address: str  # relative to the site root: "articles/2023/some-id/", "feeds/all.xml"
    path: str  # the generated file: "articles/2023/some-id/index.md"
    group: str  # ARTICLES, ACTORS, TOPICS or OTHER
    kind: str  # article, actor, topic, or what the rest is (INDEX, FEED, ...)
    title: str  # plain text
    digest: str  # of the file's bytes: equal digests, equal pages


def address(path: str) -> str:
    """The published address of a generated file (pages and HTML files get folder URLs)."""
    if path.endswith("/index.html") or path == "index.html":
        return path[: -len("index.html")]
    return urls.public(path)


def describe(path: str, text: str) -> PublishedPage:
    """The entry of one generated file, from its path and text."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    where = address(path)
    if path.endswith(".md"):
        meta = (read_front_matter(text) or ({}, ""))[0]
        kind = str(meta.get("kind", ""))
        title = html.unescape(str(meta.get("title", "")))
        if kind in _GROUP_OF_KIND:
            return PublishedPage(where, path, _GROUP_OF_KIND[kind], kind, title, digest)
        return PublishedPage(where, path, OTHER, _KIND_LABEL.get(kind, INDEX), title, digest)
    if path.endswith(".html"):
        found = _TITLE.search(text)
        title = html.unescape(found.group(1)) if found else ""
        if _REDIRECT in text:
            return PublishedPage(where, path, OTHER, REDIRECT, title, digest)
        # a retraction notice answers at the article's own address
        return PublishedPage(where, path, ARTICLES, RETRACTION, title, digest)
    if path.endswith(".xml"):
        found = _TITLE.search(text)
        title = html.unescape(found.group(1)) if found else ""
        return PublishedPage(where, path, OTHER, FEED, title, digest)
    title = "Published addresses" if path == addresses.ADDRESSES else path.rpartition("/")[2]
    return PublishedPage(where, path, OTHER, DATA, title, digest)


def snapshot(files: Iterable[tuple[str, str]]) -> dict[str, PublishedPage]:
    """{address: entry} of generated files given as (path, text): only digests and titles
    are kept, so that two sites of any size fit in memory side by side."""
    entries: dict[str, PublishedPage] = {}
    for path, text in files:
        entry = describe(path, text)
        entries[entry.address] = entry
    return entries
