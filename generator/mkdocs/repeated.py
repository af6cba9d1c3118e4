"""What Material's templates render alike on many pages, rendered once per build.

Its words (`partials/language.html`: `lang.t(key)`, a lookup that builds a table of
every word each time it is called, 20 times a page) are looked up once per key.

The navigation (`partials/nav.html`, in every page for the phone's menu) and the tabs
(`partials/tabs.html`) depend on the page being written only through
- which of their entries it is, if it is one (the active entry and its sections), and
- the relative form of their links, which depends on the page's address only through
  its depth and its first DEPTH folders, DEPTH being that of the deepest link.
Every other input (the configuration, the navigation's entries and their metadata) is
the same for every page of a build. So every article, say, shows the same navigation:
it is rendered for the first one and repeated for the others. The same holds for the
partials in ONCE below, whose inputs are a subset of the navigation's. Each is rendered
as its theme wrote it: the loader hands Jinja a wrapper under its name that includes the
theme's template when the page's key is new (`ORIGINAL` + its name).
"""

from __future__ import annotations

import posixpath

from jinja2 import BaseLoader, pass_context

ORIGINAL = "archive-original/"
# The partials whose inputs are those of the navigation's, or fewer: the search box, the
# back-to-top button, the logo, the repository link and the configuration script depend
# on the page only through the relative form of the links and icons they hold; the footer
# too, and through the page's neighbours where "navigation.footer" shows them, which only
# the navigation's entries have.
ONCE = ("partials/nav.html", "partials/tabs.html", "partials/search.html",
        "partials/top.html", "partials/logo.html", "partials/source.html",
        "partials/footer.html", "partials/archive-config.html")
WRAPPERS = {
    name: '{%- call archive_once("' + name + '") -%}{% include "' + ORIGINAL + name + '" %}'
          '{%- endcall -%}'
    for name in ONCE
}
WRAPPERS["partials/language.html"] = (
    '{% import "' + ORIGINAL + 'partials/language.html" as original with context %}'
    '{% macro t(key) %}{{ archive_word(key, original.t) }}{% endmacro %}')


def install(env, nav, config) -> None:
    """For one build: `env` renders the memoized templates once per key."""
    if nav is None:
        return
    rendered = Rendered(nav, config)

    @pass_context
    def once(context, name: str, caller):
        return rendered.once(context.get("page"), name, caller)

    words: dict[str, str] = {}

    def word(key: str, lookup) -> str:
        found = words.get(key)
        if found is None:
            found = words[key] = str(lookup(key))
        return found

    env.loader = MemoLoader(env.loader)
    env.globals["archive_once"] = once
    env.globals["archive_word"] = word


class MemoLoader(BaseLoader):
    """The theme's loader, but for the wrappers of the templates rendered once."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def get_source(self, environment, template: str):
        wrapper = WRAPPERS.get(template)
        if wrapper is not None:
            return wrapper, None, lambda: True
        if template.startswith(ORIGINAL):
            template = template[len(ORIGINAL):]
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


class Rendered:
    """What each memoized template rendered, by its name and the page's key."""

    def __init__(self, nav, config) -> None:
        self.entries = {id(page) for page in nav.pages}
        urls = [config.extra.get("homepage") or "", config.theme.get("logo") or ""]
        urls += _urls(nav.items)
        self.depth = max((len(_folders(url)) for url in urls if _relative(url)), default=0)
        self.made: dict[tuple, str] = {}

    def once(self, page, name: str, caller) -> str:
        url = getattr(page, "url", None)
        if not isinstance(url, str):  # a theme's own page (404.html): rendered as it is
            return caller()
        folders = _folders(url)
        key = (name, len(folders), tuple(folders[:self.depth]),
               id(page) if id(page) in self.entries else None)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = caller()
        return made


def _urls(items) -> list[str]:
    found: list[str] = []
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            found.append(url)
        found += _urls(getattr(item, "children", None) or [])
    return found


def _relative(url: str) -> bool:
    return "://" not in url and not url.startswith(("/", "mailto:", "#"))


def _folders(url: str) -> list[str]:
    """The folders of the address a relative link is worked out from (as MkDocs'
    `get_relative_url` does: a file's name is not one)."""
    head, tail = posixpath.split(url)
    base = head if "." in tail else url
    return [part for part in base.split("/") if part]
