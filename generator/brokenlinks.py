"""Links that lead nowhere, reported where they were written.

The link check (`render.finish.check_links`) runs on finished pages, after rendering. A
link it finds broken was either written by a contributor (in an article's text, an
actor's profile or a topic's scope note: E503 at its line in that file, with the fix) or
made by the generator itself (a defect: E503 on the page's source file, saying so). Either
way the build stops with a message, never a traceback.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from generator import urls
from generator.diagnostics import Report, line_col
from generator.model import Site

# Where a link's address can be written in Markdown or HTML: `](x`, `]: x`, `href="x"`,
# `src="x"` (in HTML, with either quote or none).
_ADDRESS = re.compile(
    r"""\]\(\s*<?(?P<md>[^)>\s]+)"""
    r"""|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<ref>[^\s>]+)"""
    r"""|\b(?:href|src)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
    re.MULTILINE | re.IGNORECASE)

HINT = ("link to a page the site has: a full https:// address, or a relative link from "
        "this page's address (an article at articles/YEAR/ID/ links another of the same "
        "year as ../OTHER-ID/ and an actor as ../../../actors/ID/)")


def report_broken(broken: list[str], site: Site, root: Path, report: Report,
                  site_url: str = "") -> None:
    """Add an E503 to `report` for each 'page -> target[#id]' of the link check. A
    target that starts with `/` is a link from the server's root that leaves the path
    the site is published under (that of `site_url`)."""
    sources = _sources(site)
    for item in broken:
        page, _, wanted = item.partition(" -> ")
        source = sources.get(page)
        if (wanted.startswith("/") and source
                and _rooted(root / source, page, wanted, site_url, report, source)):
            continue
        found = (_written(root / source, page, wanted, urls.base_path(site_url))
                 if source else None)
        if found is not None:
            line, col, written = found
            near = _nearest(wanted, page, sources)
            report.add("E503", source, line, col,
                       f"the link '{written}' leads to {wanted}, which the site does not "
                       "have", f"did you mean '{near}'? Otherwise, {HINT}" if near else HINT)
        else:
            report.add("E503", source or page, 1, 1,
                       f"the generated page {page} links to {wanted}, which the site does "
                       "not have", "this is a defect of the generator, not of the content: "
                       "please report it with this message")


def _nearest(wanted: str, page: str, sources: dict[str, str]) -> str | None:
    """The link from `page` to the article, actor or topic page whose address is
    closest to `wanted` (a misspelt id), if one is close."""
    target, _, anchor = wanted.partition("#")
    close = difflib.get_close_matches(target, [urls.folder(p) for p in sources], n=1,
                                      cutoff=0.8)
    if not close:
        return None
    return _link(page, close[0] + "/") + (f"#{anchor}" if anchor else "")


def _link(page: str, address: str) -> str:
    """A relative link from `page` to an address of the site (`actors/hun-sen/`), as a
    contributor writes one: up to the address's folder, then down to it (from an
    article, `../OTHER-ID/`, even for the article itself)."""
    path = address.strip("/")
    if not path:
        return posixpath.relpath(".", urls.folder(page)) + "/"
    parent, _, name = path.rpartition("/")
    up = posixpath.relpath(parent or ".", urls.folder(page))
    return f"{up}/{name}" + ("/" if address.endswith("/") else "")


def _rooted(path: Path, page: str, wanted: str, site_url: str, report: Report,
            source: str) -> bool:
    """E503 for each link in the file at `path` written from the server's root to the
    path `wanted`, with the link relative to `page` to write instead; whether any was."""
    base = urls.base_path(site_url)
    found = False
    for line, col, written in _links(path):
        if urls.rooted(written) != wanted:
            continue
        parts = urlsplit(written)
        relative = _link(page, parts.path)
        relative += f"?{parts.query}" if parts.query else ""
        relative += f"#{parts.fragment}" if parts.fragment else ""
        report.add("E503", source, line, col,
                   f"the link '{written}' starts at the server's root: the site is "
                   f"published under {base}, so it leads out of the site",
                   f"write it relative to this page's address: '{relative}' (if that page "
                   "is what you meant; a full https:// address for another site)")
        found = True
    return found


def _links(path: Path) -> Iterator[tuple[int, int, str]]:
    """(line, column, address as written) of every link in the file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    for match in _ADDRESS.finditer(text):
        name = match.lastgroup
        value = match.group(name) if name else None
        if value:
            yield (*line_col(text, match.start(name)), value)


def _sources(site: Site) -> dict[str, str]:
    """Generated page -> the source file whose text it shows."""
    found = {urls.article(a.id, a.date.year): a.source_path for a in site.articles}
    found.update((urls.actor(key), actor.source) for key, actor in site.actors.items())
    found.update((urls.topic(key), topic.source) for key, topic in site.topics.items())
    return found


def _written(path: Path, page: str, wanted: str, base: str) -> tuple[int, int, str] | None:
    """(line, column, address as written) of the first link in the file at `path` that,
    followed from `page` (or from the site's path `base`, written from the server's
    root), leads to `wanted`; None if the file has none."""
    target, _, anchor = wanted.partition("#")
    for line, col, value in _links(path):
        link = urls.followed(page, value) or urls.from_root(value, base)
        if link is None or link[0] != target or (anchor and link[1] != anchor):
            continue
        return line, col, value
    return None
