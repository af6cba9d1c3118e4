"""Article lists that stay small at any size: by year, split into pages of PAGE_SIZE.

An actor, topic or the archive with at most INLINE_LIMIT articles lists them all on its
own page. Beyond that the page shows the newest LATEST articles and a table of years, and
each year gets pages of its own (`<base>/<year>/`, `<base>/<year>-2/`, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from generator import urls
from generator.model import Site
from generator.outputs import jsonld
from generator.render import records
from generator.render import text as t
from generator.render.links import Links
from generator.render.markup import Body, e, table, ul

PAGE_SIZE = 100
INLINE_LIMIT = 60
LATEST = 20


@dataclass(frozen=True)
class Chunk:
    year: int
    part: int
    parts: int
    ids: tuple[str, ...]
    path: str


def chunks(site: Site, base: str, article_ids: Sequence[str]) -> list[Chunk]:
    out: list[Chunk] = []
    for year, ids in groupby(article_ids, key=lambda a: site.article_by_id[a].date.year):
        ids = tuple(ids)
        parts = (len(ids) + PAGE_SIZE - 1) // PAGE_SIZE
        for part in range(1, parts + 1):
            out.append(Chunk(year, part, parts, ids[(part - 1) * PAGE_SIZE: part * PAGE_SIZE],
                             urls.listing(base, year, part)))
    return out


def newest(site: Site, article_ids: Sequence[str]) -> str | None:
    """The page date (front matter `updated`, the sitemap's lastmod) of a page that shows
    these articles (newest first): the newest one's date, or None for no articles."""
    return site.article_by_id[article_ids[0]].date.isoformat() if article_ids else None


def site_updated(site: Site) -> str | None:
    """The date of a page that shows the whole archive: its newest article's."""
    return site.articles[0].date.isoformat() if site.articles else None


def needs_pages(article_ids: Sequence[str]) -> bool:
    return len(article_ids) > INLINE_LIMIT


def section(body: Body, base: str, article_ids: Sequence[str], level: int = 2) -> None:
    """The articles part of an entity page, added to `body`: every article, or the newest
    and the years."""
    links = body.links
    if not needs_pages(article_ids):
        links.articles_by_year(body, article_ids, level + 1)
        return
    body.h(level + 1, "Latest")
    body.add(ul(links.article_line(a) for a in article_ids[:LATEST]))
    body.h(level + 1, "By year")
    rows = []
    for year, group in groupby(chunks(links.site, base, article_ids), key=lambda c: c.year):
        group = list(group)
        count = sum(len(c.ids) for c in group)
        pages = " ".join(f'<a href="{links.to(c.path)}">{c.part}</a>' for c in group)
        rows.append((f'<a href="{links.to(group[0].path)}">{year}</a>', str(count), pages))
    body.add(table(("Year", "Articles", "Pages"), rows))


def year_pages(site: Site, base: str, owner_page: str, owner_name: str,
               article_ids: Sequence[str], base_url: str = "",
               about: dict | None = None) -> list[tuple[str, Body]]:
    """The pages of one year's articles, each linking to the owner and its neighbours;
    `about` is the owner's JSON-LD reference (an actor or topic), if it has one."""
    if not needs_pages(article_ids):
        return []
    parts = chunks(site, base, article_ids)
    pages = []
    for index, chunk in enumerate(parts):
        links = Links(site, chunk.path)
        suffix = f", page {chunk.part} of {chunk.parts}" if chunk.parts > 1 else ""
        title = f"{owner_name}: articles in {chunk.year}{suffix}"
        body = Body(records.values(records.Page(
            title=title, kind="listing", search={"exclude": True}, hide=records.ENTRY_HIDE,
            updated=newest(site, chunk.ids) or "",
            jsonld=jsonld.collection_ld(base_url, chunk.path, title, about))), links)
        body.h(1, e(title))
        body.p(f"{t.plural(len(chunk.ids), 'article')}, newest first. "
               f"Back to {links.a(owner_page, owner_name)}.")
        nav = []
        if index > 0:
            prev = parts[index - 1]
            nav.append(f'<a href="{links.to(prev.path)}">← {_label(prev)}</a>')
        if index + 1 < len(parts):
            nxt = parts[index + 1]
            nav.append(f'<a href="{links.to(nxt.path)}">{_label(nxt)} →</a>')
        if nav:
            body.p(" · ".join(nav))
        body.add(ul(links.article_line(a) for a in chunk.ids))
        if nav:
            body.p(" · ".join(nav))
        pages.append((chunk.path, body))
    return pages


def _label(chunk: Chunk) -> str:
    return f"{chunk.year}" + (f" ({chunk.part}/{chunk.parts})" if chunk.parts > 1 else "")
