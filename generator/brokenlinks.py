"""Links that lead nowhere, reported where they were written.

The link check (`render.finish.check_links`) runs on finished pages, after rendering. A
link it finds broken was either written by a contributor (in an article's text, an
actor's profile or a topic's scope note: E503 at its line in that file, with the fix) or
made by the generator itself (a defect: E503 on the page's source file, saying so). Either
way the build stops with a message, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

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


def report_broken(broken: list[str], site: Site, root: Path, report: Report) -> None:
    """Add an E503 to `report` for each 'page -> target[#id]' of the link check."""
    sources = _sources(site)
    for item in broken:
        page, _, wanted = item.partition(" -> ")
        source = sources.get(page)
        found = _written(root / source, page, wanted) if source else None
        if found is not None:
            line, col, written = found
            report.add("E503", source, line, col,
                       f"the link '{written}' leads to {wanted}, which the site does not "
                       "have", HINT)
        else:
            report.add("E503", source or page, 1, 1,
                       f"the generated page {page} links to {wanted}, which the site does "
                       "not have", "this is a defect of the generator, not of the content: "
                       "please report it with this message")


def _sources(site: Site) -> dict[str, str]:
    """Generated page -> the source file whose text it shows."""
    found = {urls.article(a.id, a.date.year): a.source_path for a in site.articles}
    found.update((urls.actor(key), actor.source) for key, actor in site.actors.items())
    found.update((urls.topic(key), topic.source) for key, topic in site.topics.items())
    return found


def _written(path: Path, page: str, wanted: str) -> tuple[int, int, str] | None:
    """(line, column, address as written) of the first link in the file at `path` that,
    followed from `page`, leads to `wanted`; None if the file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    target, _, anchor = wanted.partition("#")
    for match in _ADDRESS.finditer(text):
        name = match.lastgroup
        value = match.group(name) if name else None
        link = urls.followed(page, value) if value else None
        if link is None or link[0] != target or (anchor and link[1] != anchor):
            continue
        line, col = line_col(text, match.start(name))
        return line, col, value
    return None
