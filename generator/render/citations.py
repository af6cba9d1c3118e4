"""Numbered citations on an entry page: each sourced fact carries a small number linking
to its source (an article of the archive, or a page elsewhere), and the page ends with
the numbered list of its sources. A source cited twice keeps its first number; a fact
without a source carries nothing."""

from __future__ import annotations

from generator import urls
from generator.model import Citation, Retraction
from generator.render import text as t
from generator.render.links import article_path
from generator.render.markup import Body, attr, e, external, ol

HEADING = "Sources"


class Citations:
    def __init__(self, body: Body) -> None:
        self.body = body
        self.numbers: dict[Citation, int] = {}

    def mark(self, sources: tuple[Citation, ...]) -> str:
        """The numbers of `sources` (a superscript after the fact), or "" for none."""
        if not sources:
            return ""
        marks = []
        for source in sources:
            number = self.numbers.setdefault(source, len(self.numbers) + 1)
            # named "Source 2" (not "[2]"); what it is, as its description
            rel = "" if source.article else ' rel="noopener noreferrer"'
            marks.append(f'<a href="{self._href(source)}"{rel} '
                         f'title="{attr(self._name(source))}" aria-label="Source {number}">'
                         f"[{number}]</a>")
        return f'<sup class="archive-cite">{"".join(marks)}</sup>'

    def add_list(self) -> None:
        """The page's sources, numbered, as the last section of the page."""
        if not self.numbers:
            return
        self.body.h(2, HEADING)
        self.body.add(ol(self._item(source) for source in self.numbers))

    def _article(self, source: Citation):
        """The article cited, or its retraction."""
        site = self.body.links.site
        found = site.article_by_id.get(source.article)
        return found or next(r for r in site.retracted if r.id == source.article)

    def _name(self, source: Citation) -> str:
        if source.article:
            article = self._article(source)
            return article.title + (" (retracted)" if isinstance(article, Retraction) else "")
        return source.title or source.url

    def _href(self, source: Citation) -> str:
        if not source.article:
            return attr(source.url)
        article = self._article(source)
        if isinstance(article, Retraction):
            # the notice at its address: a file of the site, not a page the links check
            return attr(urls.href(self.body.links.page, urls.article(article.id, article.year)))
        return self.body.links.to(article_path(article))

    def _item(self, source: Citation) -> str:
        if source.article:
            article = self._article(source)
            if isinstance(article, Retraction):
                return (f'<a href="{self._href(source)}">{e(article.title)}</a>, '
                        f"{t.date(article.date)}, retracted from this archive")
            return (f"{self.body.links.article(source.article)}, "
                    f"{t.date(article.date)}, in this archive")
        item = external(source.title or source.url, source.url)
        if source.accessed:
            item += f", read {t.date(source.accessed)}"
        return item
