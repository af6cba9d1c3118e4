"""HTML links from one page to the pages of articles, actors and topics, with the final
relative addresses readers follow; every target is recorded for the link check."""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from generator import urls
from generator.model import Article, Site
from generator.render import text as t
from generator.render.markup import attr, e, ul


def article_path(article: Article) -> str:
    return urls.article(article.id, article.date.year)


@lru_cache(maxsize=1 << 12)
def _a(page: str, target_page: str, label: str) -> str:
    """A link from `page`; pure, and asked again and again (an article is linked from
    every actor and topic page it names, and from its neighbours)."""
    return f'<a href="{attr(urls.href(page, target_page))}">{e(label)}</a>'


class Links:
    def __init__(self, site: Site, page: str) -> None:
        self.site = site
        self.page = page
        self.targets: dict[str, set[str]] = {}  # path linked to -> anchors linked ("" none)

    def _record(self, target_page: str, anchor: str = "") -> None:
        self.targets.setdefault(target_page, set()).add(anchor)

    def url(self, target_page: str) -> str:
        """The address of a page or file, not escaped (for code that escapes it)."""
        self._record(target_page)
        return urls.href(self.page, target_page)

    def to(self, target_page: str, anchor: str = "") -> str:
        """The address of a page or file, as an attribute value."""
        self._record(target_page, anchor)
        return attr(urls.href(self.page, target_page) + (f"#{anchor}" if anchor else ""))

    def here(self, anchor: str) -> str:
        """A link to an anchor on this page, as an attribute value."""
        self._record(self.page, anchor)
        return attr(f"#{anchor}")

    def a(self, target_page: str, label: str, anchor: str = "") -> str:
        """A link with a plain-text label."""
        if anchor:
            return f'<a href="{self.to(target_page, anchor)}">{e(label)}</a>'
        self._record(target_page)
        return _a(self.page, target_page, label)

    def actor(self, actor_id: str, label: str | None = None) -> str:
        return self.a(urls.actor(actor_id), label or self.site.actors[actor_id].name)

    def topic(self, topic_id: str) -> str:
        return self.a(urls.topic(topic_id), self.site.topics[topic_id].name)

    def article(self, article_id: str, anchor: str = "") -> str:
        article = self.site.article_by_id[article_id]
        return self.a(article_path(article), article.title, anchor)

    def article_line(self, article_id: str) -> str:
        """An article's date and link: the inside of a list item."""
        article = self.site.article_by_id[article_id]
        return f"{t.date(article.date)} · {self.article(article_id)}"

    def articles_by_year(self, body, article_ids, level: int = 3) -> None:
        """Newest-first article lists under one heading per year, added to `body`."""
        for year, ids in groupby(article_ids, key=lambda a: self.site.article_by_id[a].date.year):
            body.h(level, str(year))
            body.add(ul(self.article_line(a) for a in ids))
