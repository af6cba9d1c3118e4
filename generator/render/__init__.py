"""Stage 5: render the linked site into pages and files. Pure: no disk, no MkDocs.

The result maps paths relative to the docs root to text: Markdown pages (`.md`), and the
files published as they are (Atom feeds, JSON and CSV exports, pages at old addresses,
and `addresses.json`, the list of them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import addresses
from generator.export import iter_exports
from generator.feeds import iter_feeds
from generator.model import CC_BY_4, Licence, Site
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

    @classmethod
    def of(cls, settings) -> Options:
        edit = (f"{settings.repo_url.rstrip('/')}/edit/{settings.edit_branch}/"
                if settings.repo_url else "")
        return cls(settings.latest_articles, settings.site_url, settings.site_name,
                   settings.site_description, settings.data_licence,
                   settings.markdown_extensions, edit)


def render(site: Site, options: Options = Options()) -> dict[str, str]:
    """Every page and file of the site: {path relative to the docs root: text}, sorted."""
    return dict(sorted(iter_render(site, options)))


def iter_render(site: Site, options: Options = Options()):
    """The same pages one at a time, so that a writer need not hold them all at once.
    Each page is finished (`finish`): an HTML body with final links, checked at the end."""
    seen: set[str] = set()
    finisher = Finisher(*markdown_options({"markdown_extensions": list(options.markdown)}))

    def put(item: tuple[str, str]):
        path = item[0]
        if path in seen:
            raise PageCollision(f"two pages would be written at {path}")
        seen.add(path)
        return path, finisher.page(path, item[1])

    base_url, site_name, licence = options.base_url, options.site_name, options.licence
    yield put(render_home(site, options.latest, site_name, base_url, options.description))
    for item in render_archive(site, base_url):
        yield put(item)
    yield put(render_actor_index(site, base_url))
    yield put(render_topic_index(site, base_url))
    yield put(render_network(site))
    yield put(render_data_page(site, base_url, site_name, licence))
    for article in site.articles:
        yield put(render_article(site, article, base_url, site_name, options.edit_base))
    for actor in site.actors.values():
        for item in render_actor(site, actor, base_url, options.edit_base):
            yield put(item)
    for topic in site.topics.values():
        for item in render_topic(site, topic, base_url, options.edit_base):
            yield put(item)
    for item in iter_feeds(site, base_url, site_name):
        yield put(item)
    for item in iter_exports(site, site_name, licence, base_url):
        yield put(item)
    for item in iter_moved(site, base_url):
        yield put(item)
    yield addresses.ADDRESSES, addresses.listing(sorted(seen), site)
    broken = check_links(finisher.targets, seen)
    if broken:
        raise LinkError("generated pages link to pages the site does not have: "
                        + "; ".join(broken[:10]))
