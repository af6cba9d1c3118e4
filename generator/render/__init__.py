"""Stage 5: render the linked site into pages and files. Pure: no disk, no MkDocs.

The result maps paths relative to the docs root to text: finished pages (`.md`: front
matter and an HTML body), and the files published as they are (Atom feeds, JSON and CSV
exports, pages at old addresses, and `addresses.json`, the list of them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import CC_BY_4, Licence, Site
from generator.outputs import addresses
from generator.outputs.export import iter_exports
from generator.outputs.feeds import iter_feeds
from generator.render.actor import render_actor
from generator.render.article import render_article
from generator.render.extras import render_data_page, render_network
from generator.render.finish import Finisher, LinkError, check_links, markdown_options
from generator.render.indexes import (
    render_actor_index,
    render_archive,
    render_home,
    render_topic_index,
)
from generator.render.moved import iter_moved
from generator.render.topic import render_topic
from generator.render.workers import in_parallel


class PageCollision(Exception):
    """Two pages would be written at one path."""


@dataclass(frozen=True)
class Options:
    """What pages say about the site as a whole, from site_config.yml."""

    latest: int = 10  # articles on the home page
    base_url: str = ""  # site_url: where a full address is needed (feeds, structured data)
    site_name: str = "Archive"
    description: str = ""  # site_description
    licence: Licence = CC_BY_4  # the open data's (`data_licence`)
    markdown: tuple = ()  # markdown_extensions, as MkDocs reads them
    edit_base: str = ""  # where a source file's path makes its edit address
    workers: int = 1  # processes that render and finish pages

    @classmethod
    def of(cls, settings) -> Options:
        edit = (f"{settings.repo_url.rstrip('/')}/edit/{settings.edit_branch}/"
                if settings.repo_url else "")
        return cls(settings.latest_articles, settings.site_url, settings.site_name,
                   settings.site_description, settings.data_licence,
                   settings.markdown_extensions, edit, settings.worker_count)


def render(site: Site, options: Options = Options()) -> dict[str, str]:
    """Every page and file of the site: {path relative to the docs root: text}, sorted."""
    return dict(sorted(iter_render(site, options)))


def iter_render(site: Site, options: Options = Options()):
    """The same pages one at a time, so that a writer need not hold them all at once.
    Each page is finished (`finish`): an HTML body with final links, checked at the end.
    Pages are made by `options.workers` processes, in the same order whatever their number."""
    seen: set[str] = set()
    targets: dict[str, str] = {}

    def put(path: str, text: str):
        if path in seen:
            raise PageCollision(f"two pages would be written at {path}")
        seen.add(path)
        return path, text

    anchors: dict[tuple[str, str], str] = {}
    ids: dict[str, frozenset[str]] = {}
    for pages, linked in in_parallel(_finished, site, options, list(_tasks(site)),
                                     options.workers):
        for key, page in linked.targets.items():
            targets.setdefault(key, page)
        for key, page in linked.anchors.items():
            anchors.setdefault(key, page)
        ids.update(linked.ids)
        for path, text in pages:
            yield put(path, text)
    base_url, site_name, licence = options.base_url, options.site_name, options.licence
    for item in iter_feeds(site, base_url, site_name):
        yield put(*item)
    for item in iter_exports(site, site_name, licence, base_url):
        yield put(*item)
    for item in iter_moved(site, base_url):
        yield put(*item)
    yield addresses.ADDRESSES, addresses.listing(sorted(seen), site)
    broken = check_links(targets, seen, anchors, ids)
    if broken:
        raise LinkError("generated pages link to pages or anchors the site does not have: "
                        + "; ".join(broken[:10]))


TASK_SIZE = 40  # entries per task: small enough to share out, large enough to be cheap


def _tasks(site: Site):
    """The pages to make, as (kind, first, last) slices in the order they are published."""
    yield ("indexes", 0, 0)
    for kind, count in (("articles", len(site.articles)), ("actors", len(site.actors)),
                        ("topics", len(site.topics))):
        for start in range(0, count, TASK_SIZE):
            yield (kind, start, min(count, start + TASK_SIZE))


def _pages(site: Site, options: Options, task: tuple[str, int, int]):
    """The pages of one task, as the renderers make them (`markup.Body`)."""
    kind, start, stop = task
    base_url, site_name = options.base_url, options.site_name
    if kind == "indexes":
        yield render_home(site, options.latest, site_name, base_url, options.description)
        yield from render_archive(site, base_url)
        yield render_actor_index(site, base_url)
        yield render_topic_index(site, base_url)
        yield render_network(site)
        yield render_data_page(site, base_url, site_name, options.licence)
    elif kind == "articles":
        for article in site.articles[start:stop]:
            yield render_article(site, article, base_url, site_name, options.edit_base)
    else:
        entries = list(site.actors.values() if kind == "actors" else site.topics.values())
        render_entry = render_actor if kind == "actors" else render_topic
        for entry in entries[start:stop]:
            yield from render_entry(site, entry, base_url, options.edit_base)


@dataclass(frozen=True)
class Linked:
    """What the pages of one task link to, and the element ids of each page."""

    targets: dict[str, str]  # path -> the first page linking it
    anchors: dict[tuple[str, str], str]  # (path, id) -> the first page linking it
    ids: dict[str, frozenset[str]]  # page -> its element ids


_FINISHERS: dict[str, Finisher] = {}  # one per process and set of extensions


def _finished(site: Site, options: Options, task) -> tuple[list, Linked]:
    """The finished pages of one task, and what they link to."""
    key = repr(options.markdown)
    finisher = _FINISHERS.get(key)
    if finisher is None:
        finisher = _FINISHERS[key] = Finisher(
            *markdown_options({"markdown_extensions": list(options.markdown)}))
    finisher.clear()
    pages = [(path, finisher.page(path, body)) for path, body in _pages(site, options, task)]
    return pages, Linked(dict(finisher.targets), dict(finisher.anchors), dict(finisher.ids))
