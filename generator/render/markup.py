"""Generated page bodies, written straight to HTML.

What the generator writes itself (lists, tables, headings, links between pages) is built
here as HTML with final relative addresses; only what a contributor wrote in Markdown
(article texts, actor profiles, topic scope notes) is a `Markdown` part, converted by
`finish` with the extensions of site_config.yml. Every text value goes through `e`
(HTML-escaped, on one line); every attribute through `attr`.

A `Body` is one page: its front matter values, its parts in order, and its `Links`,
which record every page and anchor linked to, for `finish.check_links`. Headings are
`Heading` parts: `finish` gives them ids as Python-Markdown's toc extension would (its
own slugify and unique, in page order, across generated and contributor headings), so
anchors and the table of contents do not depend on who wrote a heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


def e(value: str) -> str:
    """Plain text shown as written: HTML-escaped, on one line."""
    return html.escape(" ".join(value.split()), quote=False)


def code_spans(value: str) -> str:
    """Plain text in which `backticks` mark code, as the generator's own notes write it."""
    return _CODE.sub(r"<code>\1</code>", e(value))


_CODE = re.compile(r"`([^`]+)`")


def attr(value: str) -> str:
    return html.escape(value, quote=True)


@dataclass(frozen=True)
class Heading:
    level: int
    inner: str  # HTML


@dataclass(frozen=True)
class Markdown:
    """Text a contributor wrote in Markdown."""

    text: str


@dataclass
class Body:
    """One generated page before finishing: front matter values and the parts of its body."""

    meta: dict
    links: object  # generator.render.links.Links: what the page links to
    parts: list = field(default_factory=list)

    def add(self, *parts) -> Body:
        self.parts.extend(parts)
        return self

    def h(self, level: int, inner: str) -> Body:
        self.parts.append(Heading(level, inner))
        return self

    def p(self, inner: str) -> Body:
        self.parts.append(p(inner))
        return self

    def about(self, inner: str) -> Body:
        """A paragraph about the page rather than of it (its counts and feed, the names
        its search record holds already): left out of the page's search text, so that
        a result's excerpt is the page's own text (finish.search_sections; Material's
        search plugin reads the same attribute)."""
        self.parts.append(f"<p data-search-exclude>{inner}</p>")
        return self

    def markdown(self, text: str) -> Body:
        self.parts.append(Markdown(text))
        return self


def p(inner: str) -> str:
    return f"<p>{inner}</p>"


def strong(inner: str) -> str:
    return f"<strong>{inner}</strong>"


def ul(items, tag: str = "ul") -> str:
    return f"<{tag}>\n" + "".join(f"<li>{item}</li>\n" for item in items) + f"</{tag}>"


def ol(items) -> str:
    return ul(items, "ol")


def table(head, rows) -> str:
    """A table as Python-Markdown's tables extension writes one."""
    out = ["<table>\n<thead>\n<tr>\n"]
    out.extend(f"<th>{cell}</th>\n" for cell in head)
    out.append("</tr>\n</thead>\n<tbody>\n")
    for row in rows:
        out.append("<tr>\n")
        out.extend(f"<td>{cell}</td>\n" for cell in row)
        out.append("</tr>\n")
    out.append("</tbody>\n</table>")
    return "".join(out)


def external(label: str, url: str) -> str:
    """A link off the site: it opens without giving the other site this page or a handle
    on the window."""
    return f'<a href="{attr(url)}" rel="noopener noreferrer">{e(label)}</a>'
