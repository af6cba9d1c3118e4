"""Stage 5: render the linked site into Markdown pages. Pure: no disk, no MkDocs."""

from __future__ import annotations

from generator.model import Site
from generator.render.actor import render_actor
from generator.render.article import render_article
from generator.render.indexes import (
    render_actor_index,
    render_archive,
    render_home,
    render_topic_index,
)
from generator.render.topic import render_topic


class PageCollision(Exception):
    """Two pages would be written at one path."""


def render(site: Site, latest: int = 10) -> dict[str, str]:
    """Every page of the site: {path relative to the docs root: Markdown text}."""
    pages: dict[str, str] = {}

    def put(item: tuple[str, str]) -> None:
        path, text = item
        if path in pages:
            raise PageCollision(f"two pages would be written at {path}")
        pages[path] = text

    put(render_home(site, latest))
    put(render_archive(site))
    put(render_actor_index(site))
    put(render_topic_index(site))
    for article in site.articles:
        put(render_article(site, article))
    for actor in site.actors.values():
        put(render_actor(site, actor))
    for topic in site.topics.values():
        put(render_topic(site, topic))
    return dict(sorted(pages.items()))
