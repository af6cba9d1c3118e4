"""Permanent addresses: what the site publishes, what leads elsewhere, what disappears.

An entry's address is built from its id, which contributors choose and sometimes fix. An
id listed under `former_ids` keeps its old address alive as a small page that sends the
reader on (and its old feed, as a copy); a retracted article keeps a notice at its
address. `compare` tells which entry addresses of another version of the content (the
base of a pull request) the current content would drop without either, and what line
keeps each one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.diagnostics import Report
from generator.formerids import keep_line
from generator.model import Site

ADDRESSES = "addresses.json"


@dataclass(frozen=True)
class AddressedEntry:
    """One article, actor or topic page, with what can find it again after a rename."""

    kind: str  # article, actor, topic
    id: str
    page: str  # generated page path, e.g. actors/zelenskyy.md
    source: str  # repository-relative path of its file
    names: tuple[str, ...]  # actor and topic names; an article's title
    year: int = 0
    source_url: str | None = None


def entries(site: Site) -> dict[str, AddressedEntry]:
    """{public address: AddressedEntry} of every live entry page."""
    out: dict[str, AddressedEntry] = {}
    for a in site.articles:
        page = urls.article(a.id, a.date.year)
        out[urls.public(page)] = AddressedEntry("article", a.id, page, a.source_path, (a.title,),
                                                a.date.year, a.source.url)
    for x in site.actors.values():
        page = urls.actor(x.id)
        out[urls.public(page)] = AddressedEntry("actor", x.id, page, x.source,
                                                (x.name, *x.aliases, *x.weak_aliases))
    for t in site.topics.values():
        page = urls.topic(t.id)
        out[urls.public(page)] = AddressedEntry("topic", t.id, page, t.source, (t.name, *t.aliases))
    return out


def redirects(site: Site) -> dict[str, str]:
    """{former page path: current page path} for pages, and the same for feeds."""
    out: dict[str, str] = {}
    for a in site.articles:
        for year, old in a.former:
            out[urls.article(old, year)] = urls.article(a.id, a.date.year)
    for r in site.retracted:
        for year, old in r.former:
            out[urls.article(old, year)] = urls.article(r.id, r.year)
    for x in site.actors.values():
        for old in (*x.former_ids, *x.merged_ids):
            out[urls.actor(old)] = urls.actor(x.id)
            out[urls.actor_feed(old)] = urls.actor_feed(x.id)
    for t in site.topics.values():
        for old in (*t.former_ids, *t.merged_ids):
            out[urls.topic(old)] = urls.topic(t.id)
            out[urls.topic_feed(old)] = urls.topic_feed(t.id)
    return dict(sorted(out.items()))


def removed(site: Site) -> dict[str, str]:
    """{page path of a retracted article: why}."""
    return {urls.article(r.id, r.year): r.reason for r in site.retracted}


def still_answering(site: Site) -> set[str]:
    """Every entry address that still answers: live, redirected or marked removed."""
    pages = [urls.public(p) for p in (*redirects(site), *removed(site)) if p.endswith(".md")]
    return set(entries(site)) | set(pages)


def listing(published: list[str], site: Site) -> str:
    """The site's list of its addresses (`addresses.json`), for people and for checks."""
    moved = redirects(site)
    data = {
        "pages": sorted(urls.public(p) for p in published if p.endswith(".md")),
        "files": sorted(p for p in published if not p.endswith((".md", ".html"))),
        "redirects": {urls.public(k): urls.public(v) for k, v in moved.items()},
        "removed": {urls.public(k): v for k, v in removed(site).items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def compare(base: Site, current: Site, root: Path, base_name: str, report: Report) -> None:
    """W801 for every entry address of `base` that `current` would drop, at the line of
    the file that can keep it, with the line to add."""
    alive = still_answering(current)
    finder = _Finder(current)
    for address, old in sorted(entries(base).items()):
        if address in alive:
            continue
        feed = "" if old.kind == "article" else " and its Atom feed"
        message = (f"{old.kind} address {address}{feed} would disappear: it is published "
                   f"from {old.source} on {base_name}")
        heir = finder.heir(old)
        if heir is None:
            if old.kind == "article":
                hint = ("if the article was renamed, list its old id under former_ids in its "
                        f"new file; if it was withdrawn, keep {old.source} and add: "
                        "retracted: <why>")
            else:
                hint = (f"list '{old.id}' under merged_ids of the {old.kind} that takes its "
                        f"place, or under former_ids if it was renamed, or restore {old.source}")
            report.add("W801", old.source, 1, 1, message, hint)
            continue
        former = (f"{old.year}/{old.id}" if old.kind == "article" and old.year != heir.year
                  else old.id)
        # The same entry under a new id is a rename; another entry taking it in, a merge.
        renamed = old.kind == "article" or old.names[0].casefold() == heir.names[0].casefold()
        key = "former_ids" if renamed else "merged_ids"
        line, fix = keep_line(root / heir.source, heir.kind, key, former)
        report.add("W801", heir.source, line, 1, message + f"; it now lives at "
                   f"{urls.public(heir.page)}", f"keep the old address: {fix}")


class _Finder:
    """Finds the current entry that an old one became: by id, names, source or title."""

    def __init__(self, site: Site) -> None:
        self.by_kind: dict[str, dict[str, AddressedEntry]] = {
            "article": {}, "actor": {}, "topic": {}}
        self.articles_by_id: dict[str, AddressedEntry] = {}
        self.articles_by_url: dict[str, AddressedEntry] = {}
        for entry in entries(site).values():
            names = self.by_kind[entry.kind]
            if entry.kind == "article":
                self.articles_by_id.setdefault(entry.id, entry)
                if entry.source_url:
                    self.articles_by_url.setdefault(entry.source_url, entry)
            else:
                names.setdefault(entry.id.casefold(), entry)
            for name in entry.names:
                names.setdefault(" ".join(name.split()).casefold(), entry)

    def heir(self, old: AddressedEntry) -> AddressedEntry | None:
        if old.kind == "article":
            found = self.articles_by_id.get(old.id) or (
                old.source_url and self.articles_by_url.get(old.source_url))
            if found:
                return found
        names = self.by_kind[old.kind]
        keys = ([] if old.kind == "article" else [old.id]) + list(old.names)
        for key in keys:
            found = names.get(" ".join(key.split()).casefold())
            if found is not None:
                return found
        return None
