"""One content tree's site, reduced to what a reader finds at each published address."""

from __future__ import annotations

import hashlib
import html
import posixpath
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
INDEX, YEAR_PAGE, RANKING, FEED, DATA, REDIRECT, RETRACTION = (
    "index", "year page", "ranking page", "feed", "data file", "redirect",
    "retraction notice")
_KIND_LABEL = {"index": INDEX, "listing": YEAR_PAGE, "ranking": RANKING}
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_REDIRECT = '<meta http-equiv="refresh"'
_REDIRECT_TO = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')
# a page's second-level headings, which divide it into the parts a change is told by
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")
# "Articles (12)" and "Timeline (2 articles)" are the parts "Articles" and "Timeline"
_COUNT = re.compile(r"\s*\(\d[\d,]*(?: [a-z]+)?\)$")
# front matter made from the body (its contents, its search text): told by the body
_FROM_BODY = ("toc: ", "search_sections: ")
TEXT, DETAILS = "text", "page details"  # the part before the first heading; front matter


@dataclass(frozen=True)
class PublishedPage:
    """What answers at one published address."""

    address: str  # relative to the site root: "articles/2023/some-id/", "feeds/all.xml"
    path: str  # the generated file: "articles/2023/some-id/index.md"
    group: str  # ARTICLES, ACTORS, TOPICS or OTHER
    kind: str  # article, actor, topic, or what the rest is (INDEX, FEED, ...)
    title: str  # plain text
    digest: str  # of the file's bytes: equal digests, equal pages
    # a page's parts, (name, digest) in page order: DETAILS (its front matter: structured
    # data, description, dates), TEXT (what comes before its first section), then each
    # section by its heading; nothing for other files
    parts: tuple[tuple[str, str], ...] = ()
    target: str = ""  # a redirect's: the address it leads to


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
        meta, body = read_front_matter(text) or ({}, text)
        kind = str(meta.get("kind", ""))
        title = html.unescape(str(meta.get("title", "")))
        parts = _parts(text[:len(text) - len(body)], body)
        if kind in _GROUP_OF_KIND:
            return PublishedPage(where, path, _GROUP_OF_KIND[kind], kind, title, digest, parts)
        return PublishedPage(where, path, OTHER, _KIND_LABEL.get(kind, INDEX), title, digest,
                             parts)
    if path.endswith(".html"):
        found = _TITLE.search(text)
        title = html.unescape(found.group(1)) if found else ""
        if _REDIRECT in text:
            to = _REDIRECT_TO.search(text)
            return PublishedPage(where, path, OTHER, REDIRECT, title, digest,
                                 target=_followed(where, to.group(1)) if to else "")
        # a retraction notice answers at the article's own address
        return PublishedPage(where, path, ARTICLES, RETRACTION, title, digest)
    if path.endswith(".xml"):
        found = _TITLE.search(text)
        title = html.unescape(found.group(1)) if found else ""
        return PublishedPage(where, path, OTHER, FEED, title, digest)
    title = "Published addresses" if path == addresses.ADDRESSES else path.rpartition("/")[2]
    return PublishedPage(where, path, OTHER, DATA, title, digest)


def _followed(where: str, href: str) -> str:
    """The address a relative link on the page at `where` leads to."""
    target = posixpath.normpath(posixpath.join(where, html.unescape(href)))
    return "" if target == "." else target + "/"


def _parts(front: str, body: str) -> tuple[tuple[str, str], ...]:
    pieces = _H2.split(body)  # text, heading, section, heading, section, ...
    details = "\n".join(line for line in front.split("\n") if not line.startswith(_FROM_BODY))
    parts = [(DETAILS, _short(details)), (TEXT, _short(pieces[0]))]
    for heading, section in zip(pieces[1::2], pieces[2::2], strict=True):
        name = _COUNT.sub("", html.unescape(_TAG.sub("", heading))).strip()
        parts.append((name, _short(heading + section)))
    return tuple(parts)


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def snapshot(files: Iterable[tuple[str, str]]) -> dict[str, PublishedPage]:
    """{address: entry} of generated files given as (path, text): only digests and titles
    are kept, so that two sites of any size fit in memory side by side."""
    entries: dict[str, PublishedPage] = {}
    for path, text in files:
        entry = describe(path, text)
        entries[entry.address] = entry
    return entries
