"""Article lists that stay small at any size: by year, split into pages of PAGE_SIZE.

An actor, topic or the archive with at most INLINE_LIMIT articles lists them all on its
own page. Beyond that the page shows the newest LATEST articles and a table of years, and
each year gets pages of its own (`<base>/<year>/`, `<base>/<year>-2/`, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from generator import urls
from generator.model import Site
from generator.outputs import jsonld
from generator.render import records
from generator.render import text as t
from generator.render.links import Links

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


def section(links: Links, base: str, article_ids: Sequence[str], heading: str = "##") -> list[str]:
    """The articles part of an entity page: every article, or the newest and the years."""
    if not needs_pages(article_ids):
        return links.articles_by_year(article_ids)
    out = [f"{heading}# Latest\n"]
    out.extend(links.article_line(a) for a in article_ids[:LATEST])
    out.append(f"\n{heading}# By year\n")
    out.append("| Year | Articles | Pages |\n|---|---|---|")
    for year, group in groupby(chunks(links.site, base, article_ids), key=lambda c: c.year):
        group = list(group)
        count = sum(len(c.ids) for c in group)
        pages = " ".join(f"[{c.part}]({links.to(c.path)})" for c in group)
        out.append(f"| [{year}]({links.to(group[0].path)}) | {count} | {pages} |")
    out.append("")
    return out


def year_pages(site: Site, base: str, owner_page: str, owner_name: str,
               article_ids: Sequence[str],
               extra: Callable[[Links, str], list[str]] | None = None,
               base_url: str = "", about: dict | None = None) -> list[tuple[str, str]]:
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
        meta = records.front_matter(records.Page(
            title=title, kind="listing", search={"exclude": True},
            updated=newest(site, chunk.ids) or "",
            jsonld=jsonld.collection_ld(base_url, chunk.path, title, about)))
        out = [meta, f"# {t.text(title)}\n",
               f"{t.plural(len(chunk.ids), 'article')}, newest first. "
               f"Back to {t.link(owner_name, links.to(owner_page))}.\n"]
        nav = []
        if index > 0:
            prev = parts[index - 1]
            nav.append(f"[← {_label(prev)}]({links.to(prev.path)})")
        if index + 1 < len(parts):
            nxt = parts[index + 1]
            nav.append(f"[{_label(nxt)} →]({links.to(nxt.path)})")
        if nav:
            out.append(" · ".join(nav) + "\n")
        for article_id in chunk.ids:
            out.append(links.article_line(article_id))
            if extra:
                out.extend(extra(links, article_id))
        out.append("")
        if nav:
            out.append(" · ".join(nav) + "\n")
        pages.append((chunk.path, "\n".join(out).rstrip() + "\n"))
    return pages


def _label(chunk: Chunk) -> str:
    return f"{chunk.year}" + (f" ({chunk.part}/{chunk.parts})" if chunk.parts > 1 else "")

