"""Checks on a built site: internal links and anchors, what pages load from elsewhere,
and the facts of each page's content (to compare two builds of the same pages)."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass, fields
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.links.append(attrs[key])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, base_path: str = "/news-archive/") -> list[str]:
    """'page -> link: why' for every internal link that does not resolve.

    `base_path` is the path of site_url: absolute links under it point into the site.
    """
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    problems = []
    for rel, page in pages.items():
        base = posixpath.dirname(rel)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            path = unquote(parts.path)
            if path.startswith(base_path):
                path, here = path[len(base_path):], ""
            else:
                here = base
            target = rel if not parts.path else posixpath.normpath(posixpath.join(here, path))
            if parts.path.endswith("/") or (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if target.startswith("../") or not (site / target).is_file():
                problems.append(f"{rel} -> {link}: no such file")
                continue
            if parts.fragment and target.endswith(".html"):
                ids = pages[target].ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{rel} -> {link}: no anchor #{parts.fragment}")
    return problems


# --- what a page makes the browser fetch --------------------------------------------------

# Elements and attributes that make a browser fetch something when the page loads (links
# a reader follows, canonical and feed links are not fetched).
FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"),
           ("audio", "src"), ("embed", "src"), ("object", "data"), ("track", "src"),
           ("input", "src"), ("image", "href"), ("use", "href")}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                 "preconnect", "dns-prefetch", "apple-touch-icon"}
CSS_LOADS = re.compile(r"(?:url\(|@import)\s*[\"']?((?:https?:)?//[^\"')\s]+)")


class Loads(HTMLParser):
    """Every URL a page makes the browser fetch, and Material's components on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.components: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("data-md-component"):
            self.components.append(attrs["data-md-component"])
        if tag == "link" and FETCHED_LINKS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        for key, value in attrs.items():
            if (tag, key) in FETCHED or (key == "style" and "url(" in (value or "")):
                self.urls.append(value or "")

    handle_startendtag = handle_starttag


def off_site(url: str) -> bool:
    return bool(re.search(r"(^|[\s,(\"'])(https?:)?//", url))


def off_site_loads(site: Path) -> list[str]:
    """'file: url' for everything a page or stylesheet of the site loads from another site."""
    found = []
    for path in sorted(site.rglob("*.html")):
        page = Loads()
        page.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        found += [f"{rel}: {u}" for u in page.urls if off_site(u)]
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(site).as_posix()}: {m}" for m in CSS_LOADS.findall(text)]
    return found


# --- what a page says ----------------------------------------------------------------------


@dataclass
class Facts:
    """What a built page shows of its content, apart from the builder's own chrome."""

    text: str  # the visible text of <article>, whitespace collapsed
    links: list[str]  # link targets inside <article>
    ids: list[str]  # element ids inside <article>
    jsonld: list  # each JSON-LD script, parsed
    edit: list[str]  # targets of rel="edit" links
    chips: list[tuple[str, str, str]]  # (class, target, text) of each actor and topic chip
    mentions: list[tuple[str, str]]  # (target, text) of each linked mention in the text


# Elements whose text is not shown, and which Zensical and Material place differently.
_HIDDEN = {"script", "style", "template"}
# Builder chrome inside <article>: Zensical puts its skip-link target there.
_CHROME_IDS = {"__skip"}


class _FactsParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.ids: list[str] = []
        self.jsonld: list[str] = []
        self.edit: list[str] = []
        self.chips: list[tuple[str, str, str]] = []
        self.mentions: list[tuple[str, str]] = []
        self._article = 0  # depth of nested <article> elements
        self._hidden = 0
        self._script: list[str] | None = None  # the JSON-LD script being read
        self._anchor: tuple[str, str, list[str]] | None = None  # chip or mention being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        elif tag in _HIDDEN:
            self._hidden += 1
        if tag == "a" and "edit" in (attrs.get("rel") or "").split():
            self.edit.append(attrs.get("href") or "")
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if attrs.get("id") and attrs["id"] not in _CHROME_IDS:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
            kind = next((c for c in classes if c in ("archive-chip", "actor-mention",
                                                     "topic-mention")), None)
            if kind:
                chip = next((c for c in classes if c.startswith("archive-chip--")), kind)
                self._anchor = (chip, attrs["href"], [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN or tag == "article":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None
        elif tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "article":
            self._article = max(0, self._article - 1)
        elif tag == "a" and self._anchor is not None:
            kind, href, text = self._anchor
            name = " ".join("".join(text).split())
            if kind in ("actor-mention", "topic-mention"):
                self.mentions.append((href, name))
            else:
                self.chips.append((kind, href, name))
            self._anchor = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif self._article and not self._hidden:
            self.text.append(data)
            if self._anchor is not None:
                self._anchor[2].append(data)


def facts(path: Path) -> Facts:
    return facts_of(path.read_text(encoding="utf-8"))


def facts_of(html: str) -> Facts:
    parser = _FactsParser()
    parser.feed(html)
    parser.close()
    return Facts(text=" ".join("".join(parser.text).split()), links=parser.links,
                 ids=parser.ids, jsonld=[json.loads(s) for s in parser.jsonld],
                 edit=parser.edit, chips=parser.chips, mentions=parser.mentions)


def differences(a: Path, b: Path) -> list[str]:
    """'page: fact' for every page (`**/index.html`) whose facts differ between two builds
    of the same pages, and for every page only one of them has."""
    pages_a = {p.relative_to(a).as_posix() for p in a.rglob("index.html")}
    pages_b = {p.relative_to(b).as_posix() for p in b.rglob("index.html")}
    found = [f"{rel}: only in {a.name}" for rel in sorted(pages_a - pages_b)]
    found += [f"{rel}: only in {b.name}" for rel in sorted(pages_b - pages_a)]
    for rel in sorted(pages_a & pages_b):
        fa, fb = facts(a / rel), facts(b / rel)
        for f in fields(Facts):
            if getattr(fa, f.name) != getattr(fb, f.name):
                found.append(f"{rel}: {f.name}")
    return found


def search_fragments(site: Path) -> list[dict]:
    """Every page's entry in the site's search index (search/p/N.json.gz: url, title, kind,
    names and sections), with "/" before its url and its filter values from the filter
    file ({facet: [value, ...]}), in page order."""
    folder = site / "search"
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    out = []
    for number in range(manifest["pages"]):
        page = json.loads(gzip.decompress((folder / "p" / f"{number}.json.gz").read_bytes()))
        out.append({**page, "url": "/" + page["url"], "filters": {}})
    facets = json.loads((folder / manifest["filters"]).read_text("utf-8"))
    for facet, values in facets.items():
        for value, steps in values.items():
            number = 0
            for step in steps:
                number += step
                out[number]["filters"].setdefault(facet, []).append(value)
    return out
