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
    relative page paths used here, without its abspath/getcwd calls. Rendering asks this
    about 60 times per article, so only the folder-to-folder part is computed (and
    cached: there are few folders), and the file name is appended.
    """
    to_dir, _, name = to_page.rpartition("/")
    return _prefix(from_page.rpartition("/")[0], to_dir) + name


@lru_cache(maxsize=4096)
def _prefix(from_dir: str, to_dir: str) -> str:
    start = from_dir.split("/") if from_dir else []
    target = to_dir.split("/") if to_dir else []
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + target[common:]
    return "/".join(parts) + "/" if parts else ""


def site_url(page: str) -> str:
    """The page's address relative to the site root, with directory URLs."""
    if page == HOME:
        return ""
    stem = page[:-3]
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
