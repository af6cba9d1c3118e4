"""Stage 5: render the linked site into pages and files. Pure: no disk, no MkDocs.

The result maps paths relative to the docs root to text: Markdown pages (`.md`), and the
files published as they are (Atom feeds, JSON and CSV exports).
"""

from __future__ import annotations

from generator.export import iter_exports
from generator.feeds import iter_feeds
from generator.model import Site
from generator.render.actor import render_actor
from generator.render.article import render_article
from generator.render.extras import render_data_page, render_network
from generator.render.indexes import (
    render_actor_index,
    render_archive,
    render_home,
    render_topic_index,
)
from generator.render.topic import render_topic


class PageCollision(Exception):
    """Two pages would be written at one path."""


def render(site: Site, latest: int = 10, base_url: str = "",
           site_name: str = "Archive") -> dict[str, str]:
    """Every page and file of the site: {path relative to the docs root: text}, sorted.

    `base_url` is the site's public address (site_url), used where a full address is
    needed: feeds and structured data; `site_name` is site_config.yml's `site_name`.
    """
    return dict(sorted(iter_render(site, latest, base_url, site_name)))


def iter_render(site: Site, latest: int = 10, base_url: str = "", site_name: str = "Archive"):
    """The same pages one at a time, so that a writer need not hold them all at once."""
    seen: set[str] = set()

    def put(item: tuple[str, str]):
        path = item[0]
        if path in seen:
            raise PageCollision(f"two pages would be written at {path}")
        seen.add(path)
        return item

    yield put(render_home(site, latest, site_name))
    for item in render_archive(site):
        yield put(item)
    yield put(render_actor_index(site))
    yield put(render_topic_index(site))
    yield put(render_network(site))
    yield put(render_data_page(site))
    for article in site.articles:
        yield put(render_article(site, article, base_url))
    for actor in site.actors.values():
        for item in render_actor(site, actor, base_url):
            yield put(item)
    for topic in site.topics.values():
        for item in render_topic(site, topic, base_url):
            yield put(item)
    for item in iter_feeds(site, base_url, site_name):
        yield put(item)
    for item in iter_exports(site):
        yield put(item)
