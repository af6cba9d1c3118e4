"""Do two builds of the same content read the same? `python -m bench.samesite OLD NEW`

Compares every built page (`**/index.html`) of two site folders on what readers get:
the facts of `tests.sitecheck` (visible text, link targets and element ids inside
`<article>`, JSON-LD, edit links, chips, mention links), the table of contents (the
headings Material lists beside the text, with their anchors), and the search index
(`search/search_index.json`: every entry's location, title and text). Markup and
whitespace may differ. Prints each difference; exits 1 if there is one.
"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests import sitecheck


class _Toc(HTMLParser):
    """(href, text) of each link in Material's table of contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[list[str]] = []
        self._depth = 0  # inside <nav class="md-nav--secondary">
        self._link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "md-nav--secondary" in (attrs.get("class") or "").split():
            self._depth = 1
        elif tag == "nav" and self._depth:
            self._depth += 1
        elif tag == "a" and self._depth:
            self._link = [attrs.get("href") or "", ""]

    def handle_endtag(self, tag):
        if tag == "nav" and self._depth:
            self._depth -= 1
        elif tag == "a" and self._link is not None:
            self._link[1] = " ".join(self._link[1].split())
            self.entries.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data


def toc(path: Path) -> list[list[str]]:
    parser = _Toc()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.entries


def search_entries(site: Path) -> list[tuple[str, str, str]]:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return []
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    return sorted((d["location"], d["title"], " ".join(d["text"].split())) for d in docs)


def differences(old: Path, new: Path) -> list[str]:
    found = sitecheck.differences(old, new)
    for path in sorted(old.rglob("index.html")):
        rel = path.relative_to(old)
        if (new / rel).is_file() and toc(path) != toc(new / rel):
            found.append(f"{rel.as_posix()}: toc")
    a, b = search_entries(old), search_entries(new)
    if a != b:
        gone, added = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        found += [f"search entry only in {old}: {x}" for x in gone[:20]]
        found += [f"search entry only in {new}: {x}" for x in added[:20]]
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        raise SystemExit("usage: python -m bench.samesite OLD_SITE NEW_SITE")
    old, new = Path(argv[0]), Path(argv[1])
    found = differences(old, new)
    pages = len(list(old.rglob("index.html")))
    for line in found:
        print(line)
    print(f"{pages} pages compared, {len(search_entries(old))} search entries: "
          f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
