"""Where every page lives: paths in the generated Markdown tree and links between them."""

from __future__ import annotations

from functools import lru_cache

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
    """A link from one generated page to another, as MkDocs resolves it.

    Same result as `posixpath.relpath(to_page, dirname(from_page))` for the normalised
    relative paths used here, without its abspath/getcwd calls: rendering asks this about
    a dozen times per link-heavy line, so it is on the hot path of every page.
    """
    return _relative(from_page.rpartition("/")[0], to_page)


@lru_cache(maxsize=8192)
def _relative(from_dir: str, to_page: str) -> str:
    start = from_dir.split("/") if from_dir else []
    target = to_page.split("/")
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + target[common:]
    return "/".join(parts) if parts else "."


def site_url(page: str) -> str:
    """The page's address relative to the site root, with directory URLs."""
    if page == HOME:
        return ""
    stem = page[:-3]
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
