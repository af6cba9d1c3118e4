"""Where every page lives: paths in the generated Markdown tree and links between them."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import urlsplit

HOME = "index.md"
ARCHIVE = "articles/index.md"
ACTORS = "actors/index.md"
TOPICS = "topics/index.md"


# Every page but the home page is an `index.md` in a folder of its own, so that its source
# folder is its address: a relative link in its HTML means the same to a builder that
# resolves it against the source file (Zensical) as to one that leaves it as it is (MkDocs).
def article(article_id: str, year: int) -> str:
    return f"articles/{year}/{article_id}/index.md"


def actor(actor_id: str) -> str:
    return f"actors/{actor_id}/index.md"


def topic(topic_id: str) -> str:
    return f"topics/{topic_id}/index.md"


def folder(page: str) -> str:
    """The folder of a page: what its year pages and other sub-pages sit in."""
    return page.rpartition("/")[0]


def relative(from_page: str, to_page: str) -> str:
    """A link from one generated page to another, as MkDocs resolves it.

    Same result as `posixpath.relpath(to_page, dirname(from_page))` for the normalised
    relative page paths used here, without its abspath/getcwd calls. Rendering asks this
    about 60 times per article, so only the folder-to-folder part is computed (and
    cached: there are few folders), and the file name is appended.
    """
    return relative_from(from_page.rpartition("/")[0], to_page)


def relative_from(from_dir: str, to_page: str) -> str:
    """`relative` for a page in the folder `from_dir` ("" for the root)."""
    to_dir, _, name = to_page.rpartition("/")
    return _prefix(from_dir, to_dir) + name


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


NETWORK = "network/index.md"
DATA = "data/index.md"
FEED_ALL = "feeds/all.xml"


def listing(base: str, year: int, part: int = 1) -> str:
    """One page of a year's articles under `base` ("articles", "actors/<id>", ...)."""
    return f"{base}/{year}/index.md" if part == 1 else f"{base}/{year}-{part}/index.md"


def actor_feed(actor_id: str) -> str:
    return f"feeds/actors/{actor_id}.xml"


def topic_feed(topic_id: str) -> str:
    return f"feeds/topics/{topic_id}.xml"


def data_file(name: str) -> str:
    return f"data/{name}"


def public(page: str) -> str:
    """The address of a page or file relative to the site root (pages get directory URLs)."""
    return site_url(page) if page.endswith(".md") else page


def href(from_page: str, to_page: str) -> str:
    """A link for raw HTML (which MkDocs does not rewrite) from one built page to another."""
    here = [p for p in site_url(from_page).split("/") if p]
    target = public(to_page)
    there = [p for p in target.split("/") if p]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if not parts:
        return "./"
    return "/".join(parts) + ("/" if target.endswith("/") or not target else "")


def followed(page: str, value: str) -> tuple[str, str] | None:
    """Where a relative link written on `page` leads: (path in the generated tree, the
    fragment), or None for a link that leaves the tree (a scheme, a host, an absolute
    path, a bare fragment)."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith(("/", "#")) or not parts.path:
        return None
    folder = page.rpartition("/")[0]
    target = posixpath.normpath(posixpath.join(folder, parts.path))
    return (HOME if target == "." else target), parts.fragment


def base_path(site_url: str) -> str:
    """The path the site is published under (`/news-archive/`; `/` at a domain's root)."""
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def from_root(value: str, base: str) -> tuple[str, str] | None:
    """Where a link written from the server's root (`/articles/...`) leads in the
    generated tree, as `followed` says for a relative one, when it stays under the
    site's path `base`; None for any other link. A root link outside `base` leaves the
    site: `rooted` names it."""
    parts = urlsplit(value)
    path = base if parts.path + "/" == base else parts.path
    if parts.scheme or parts.netloc or not path.startswith(base):
        return None
    target = posixpath.normpath(path[len(base):] or ".")
    return (HOME if target == "." else target), parts.fragment


def rooted(value: str) -> str | None:
    """The path of a link written from the server's root (`/x/y/`), or None."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path


def absolute(base_url: str, page: str) -> str:
    """The full address of a page or file, for feeds and structured data."""
    return base_url.rstrip("/") + "/" + public(page) if base_url else public(page)
