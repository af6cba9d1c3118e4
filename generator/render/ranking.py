"""Rankings a reader can trust: ordered by what matters, ties shown as ties, and never cut
without saying how many more there are and where all of them are.

Items whose counts a reader sees are equal share a rank number ("1, 1, 3"): the order
among them (the actor named in more articles first, then by name: `link`) is only a
way to list them. A page shows the first few of a ranking; the rest follow on the same
page, folded, when the whole ranking has at most INLINE items, and are otherwise listed
whole on pages of their own, PER_PAGE items each (`pages`), as year pages list an
actor's articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.model import Site
from generator.outputs import jsonld
from generator.render import records
from generator.render.links import Links
from generator.render.markup import Body, e

INLINE = 100  # a ranking this long is listed whole on its owner's page
PER_PAGE = 200  # items on each page of a longer one

Row = Callable[[Links, object], str]  # an item as the inside of a list item


@dataclass(frozen=True)
class Ranking:
    """A whole ranking and where it is listed whole when its owner's page cannot."""

    items: tuple[tuple[int, object], ...]  # (rank, item), in order
    noun: str  # what it ranks, plural: "actors seen with Hun Sen"
    base: str  # the folder of its own pages ("actors/<id>/with"), first page first
    title: str  # of those pages: "Actors seen with Hun Sen"


def ranked(items: Sequence, keys: Sequence) -> tuple[tuple[int, object], ...]:
    """`items` (in order) with their ranks: equal `keys` share the rank of the first."""
    out: list[tuple[int, object]] = []
    for place, (item, key) in enumerate(zip(items, keys, strict=True)):
        rank = out[-1][0] if place and key == keys[place - 1] else place + 1
        out.append((rank, item))
    return tuple(out)


def numbered(links: Links, items, row: Row) -> str:
    """An ordered list whose items carry their ranks."""
    return ('<ol class="archive-ranking">\n'
            + "".join(f'<li value="{rank}">{row(links, item)}</li>\n' for rank, item in items)
            + "</ol>")


def main_subjects(count: int, main: int, one: int = 0, pair: bool = True) -> str:
    """What a count is made of, for a reader: ", both main subjects" (in every article
    counted), ", both main subjects in 2, one of the two in 1" (a pair of actors), ", as
    a main subject", ", a main subject in 2" (one actor); "" when none of the articles
    names them so."""
    parts = []
    if main and not pair:
        parts.append("as a main subject" if main == count else f"a main subject in {main}")
    elif main:
        parts.append("both main subjects" + ("" if main == count else f" in {main}"))
    if one and main:
        parts.append(f"one of the two in {one}")
    elif one:
        parts.append("one of the two a main subject" + ("" if one == count else f" in {one}"))
    return ", " + ", ".join(parts) if parts else ""


def page(base: str, part: int) -> str:
    """One of the pages listing a ranking whole (`base`, `base-2`, ...)."""
    return f"{base}/index.md" if part == 1 else f"{base}-{part}/index.md"


def more(body: Body, ranking: Ranking, shown: int, row: Row) -> None:
    """After the first `shown` items of `ranking` on `body`'s page: how many more there
    are, and the rest folded below, or a link to the pages that list it whole."""
    rest = len(ranking.items) - shown
    if rest <= 0:
        return
    links = body.links
    if len(ranking.items) <= INLINE:
        summary = f"<summary>{rest} more {e(ranking.noun)}</summary>"
        body.add(f'<details class="archive-more">\n{summary}\n'
                 f"{numbered(links, ranking.items[shown:], row)}\n</details>")
        return
    body.p(f"{rest} more: "
           f'<a href="{links.to(page(ranking.base, 1))}">all {len(ranking.items)} '
           f"{e(ranking.noun)}, ranked</a>.")


def pages(site: Site, ranking: Ranking, owner: tuple[str, str], row: Row,
          updated: str = "", base_url: str = "", about: dict | None = None
          ) -> list[tuple[str, Body]]:
    """The pages listing `ranking` whole, when its owner's page (`owner`: its path and
    name) cannot; each links back to the owner and to its neighbours."""
    items = ranking.items
    if len(items) <= INLINE:
        return []
    parts = (len(items) + PER_PAGE - 1) // PER_PAGE
    out = []
    for part in range(1, parts + 1):
        path = page(ranking.base, part)
        links = Links(site, path)
        title = ranking.title + (f", page {part} of {parts}" if parts > 1 else "")
        body = Body(records.values(records.Page(
            title=title, kind="ranking", search={"exclude": True}, hide=records.ENTRY_HIDE,
            updated=updated,
            jsonld=jsonld.collection_ld(base_url, path, title, about))), links)
        body.h(1, e(title))
        chunk = items[(part - 1) * PER_PAGE: part * PER_PAGE]
        body.p(f"{len(items)} {e(ranking.noun)}, ranked; equal ranks share a number. "
               f"Back to {links.a(owner[0], owner[1])}.")
        nav = _nav(links, ranking.base, part, parts)
        body.add(*nav, numbered(links, chunk, row), *nav)
        out.append((path, body))
    return out


def _nav(links: Links, base: str, part: int, parts: int) -> list[str]:
    nav = []
    if part > 1:
        nav.append(f'<a href="{links.to(page(base, part - 1))}">← page {part - 1}</a>')
    if part < parts:
        nav.append(f'<a href="{links.to(page(base, part + 1))}">page {part + 1} →</a>')
    return [f"<p>{' · '.join(nav)}</p>"] if nav else []

