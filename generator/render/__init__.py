"""Stage 5: render the linked site into pages and files. Pure: no disk, no MkDocs.

The result maps paths relative to the docs root to text: Markdown pages (`.md`), and the
files published as they are (Atom feeds, JSON and CSV exports, pages at old addresses,
and `addresses.json`, the list of them all).
"""

from __future__ import annotations

from generator import addresses
from generator.export import iter_exports
from generator.feeds import iter_feeds
from generator.model import CC_BY_4, Licence, Site
from generator.render.actor import render_actor
from generator.render.article import render_article
from generator.render.extras import render_data_page, render_network
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


def render(site: Site, latest: int = 10, base_url: str = "", site_name: str = "Archive",
           licence: Licence = CC_BY_4, description: str = "") -> dict[str, str]:
    """Every page and file of the site: {path relative to the docs root: text}, sorted.

    `base_url` is the site's public address (site_url), used where a full address is
    needed: feeds and structured data; `site_name` and `description` are site_config.yml's
    `site_name` and `site_description`; `licence` is the open data's (`data_licence`).
    """
    return dict(sorted(iter_render(site, latest, base_url, site_name, licence, description)))


def iter_render(site: Site, latest: int = 10, base_url: str = "", site_name: str = "Archive",
                licence: Licence = CC_BY_4, description: str = ""):
    """The same pages one at a time, so that a writer need not hold them all at once."""
    seen: set[str] = set()

    def put(item: tuple[str, str]):
        path = item[0]
        if path in seen:
            raise PageCollision(f"two pages would be written at {path}")
        seen.add(path)
        return item

    yield put(render_home(site, latest, site_name, base_url, description))
    for item in render_archive(site, base_url):
        yield put(item)
    yield put(render_actor_index(site, base_url))
    yield put(render_topic_index(site, base_url))
    yield put(render_network(site))
    yield put(render_data_page(site, base_url, site_name, licence))
    for article in site.articles:
        yield put(render_article(site, article, base_url, site_name))
    for actor in site.actors.values():
        for item in render_actor(site, actor, base_url):
            yield put(item)
    for topic in site.topics.values():
        for item in render_topic(site, topic, base_url):
            yield put(item)
    for item in iter_feeds(site, base_url, site_name):
        yield put(item)
    for item in iter_exports(site, site_name, licence, base_url):
        yield put(item)
    for item in iter_moved(site, base_url):
        yield put(item)
    yield addresses.ADDRESSES, addresses.listing(sorted(seen), site)
