"""The page contract: what a generated page carries in its front matter, kind by kind.

One record per kind of page names every field the page carries, and each field says who
reads it: our templates (`theme/`), Material's own templates and search plugin, or the
finishing step (`finish`, which removes what is not published). tests/test_contract.py
holds the templates to it: a field the theme reads must be declared here, and a field
declared for a reader must be read by it. Renaming a key fails a test, not a page.

Escaping happens once, here or in the template, never in a plugin: `title` and
`description` are written HTML-escaped, because Material prints them as they are (in
`<title>`, the header and `<meta name="description">`); every other text field is plain
and the template escapes it (`| e`). JSON-LD is plain JSON; the template escapes what
could end its script element.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, fields

from generator.render import text as t

THEME, MATERIAL, FINISH, PLUGIN = "theme", "material", "finish", "plugin"


def _f(reader: str, default=None, escaped: bool = False):
    """A field and who reads it; `escaped` fields are written HTML-escaped."""
    return field(default=default, metadata={"reader": reader, "escaped": escaped})


@dataclass(frozen=True)
class Feed:
    title: str
    path: str  # relative to the site root; the template's `url` filter makes it relative


@dataclass(frozen=True)
class Chip:
    name: str
    url: str  # relative to the site root
    note: str = ""  # shown as the link's title: an actor's role at the time


@dataclass(frozen=True, kw_only=True)
class Page:
    """What every generated page carries."""

    title: str = _f(MATERIAL, "", escaped=True)
    kind: str = _f(THEME, "")  # article, actor, topic, index, listing (of years) or ranking
    description: str = _f(MATERIAL, "", escaped=True)
    updated: str = _f(PLUGIN, "")  # the newest article the page shows (sitemap lastmod)
    jsonld: str = _f(THEME, "")
    feeds: tuple[Feed, ...] = _f(THEME, ())
    edit_url: str = _f(THEME, "")  # the source file's edit address
    hide: tuple[str, ...] = _f(MATERIAL, ())  # Material: sidebars to leave out
    # Material's search: {"boost": n} or {"exclude": true}
    search: dict = field(default_factory=dict, metadata={"reader": MATERIAL, "escaped": False})
    tags: tuple[str, ...] = _f(MATERIAL, ())  # Material's search: names ranked first


# An article's, an actor's or a topic's page (and its year and ranking pages) leaves out
# Material's navigation sidebar: under the tabs it would hold a lone link to the
# section's index, a blank column beside the text. (A phone's menu still has the whole
# navigation.)
ENTRY_HIDE = ("navigation",)


@dataclass(frozen=True, kw_only=True)
class ArticlePage(Page):
    hide: tuple[str, ...] = _f(MATERIAL, ENTRY_HIDE)
    date: str = _f(THEME, "")
    date_text: str = _f(THEME, "")
    publication: str = _f(THEME, "")
    publication_url: str = _f(THEME, "")
    chips_actors: tuple[Chip, ...] = _f(THEME, ())
    chips_topics: tuple[Chip, ...] = _f(THEME, ())
    mention_links: tuple[dict, ...] = _f(FINISH, ())  # names to link in the text


@dataclass(frozen=True, kw_only=True)
class EntryPage(Page):
    """An actor's or a topic's page."""

    hide: tuple[str, ...] = _f(MATERIAL, ENTRY_HIDE)
    badge: str = _f(THEME, "")  # what kind of entry it is: Person, Country, ... Topic


KINDS = (Page, ArticlePage, EntryPage)
# Written by `finish` into every page: the headings, for the theme's table of contents
# (the archive plugin hands them to MkDocs), and the page's search entries, a section per
# heading (the archive plugin adds them to the search index).
TOC = "toc"
SEARCH_SECTIONS = "search_sections"


def readers() -> dict[str, str]:
    """{field: who reads it} over every kind of page."""
    return {f.name: f.metadata["reader"] for kind in KINDS for f in fields(kind)}


def front_matter(record: Page) -> str:
    """The record as front matter: empty fields left out, titles escaped once."""
    return t.front_matter(values(record))


def values(record: Page) -> dict:
    """The record's front matter values: empty fields left out, titles escaped once."""
    values = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if value in ("", (), {}, None):
            continue
        if f.metadata["escaped"]:
            # as markupsafe writes it, which Material's own escaping gives elsewhere
            value = html.escape(value, quote=True).replace("&#x27;", "&#39;")
        values[f.name] = _plain(value)
    return values


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (Feed, Chip)):
        return {f.name: getattr(value, f.name) for f in fields(value)
                if getattr(value, f.name) != ""}
    return value
