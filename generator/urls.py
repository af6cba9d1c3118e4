"""Where every page lives: paths in the generated Markdown tree and links between them."""

from __future__ import annotations

import posixpath

HOME = "index.md"
ARCHIVE = "articles/index.md"
ACTORS = "actors/index.md"
TOPICS = "topics/index.md"


def article(article_id: str, year: int) -> str:
    return f"articles/{year}/{article_id}.md"


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def relative(from_page: str, to_page: str) -> str:
    """A link from one generated page to another, as MkDocs resolves it."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def site_url(page: str) -> str:
    """The page's address relative to the site root, with directory URLs."""
    if page == HOME:
        return ""
    stem = page[:-3]
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
