"""Follow every internal link and anchor in a built site."""

from __future__ import annotations

import posixpath
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
