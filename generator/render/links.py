"""Markdown links from one page to the pages of articles, actors and topics."""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from generator import urls
from generator.model import Article, Site
from generator.render import text as t


def article_path(article: Article) -> str:
    return urls.article(article.id, article.date.year)


@lru_cache(maxsize=1 << 15)
def _link(folder: str, target_page: str, label: str) -> str:
    """A Markdown link from a page in `folder`; pure, and asked again and again (an
    article is linked from every actor and topic page it names, and from its neighbours)."""
    return t.link(label, urls.relative_from(folder, target_page))


class Links:
    def __init__(self, site: Site, page: str) -> None:
        self.site = site
        self.page = page
        self.folder = page.rpartition("/")[0]

    def to(self, target_page: str) -> str:
        return urls.relative_from(self.folder, target_page)

    def actor(self, actor_id: str, label: str | None = None) -> str:
        return _link(self.folder, urls.actor(actor_id), label or self.site.actors[actor_id].name)

    def topic(self, topic_id: str) -> str:
        return _link(self.folder, urls.topic(topic_id), self.site.topics[topic_id].name)

    def article(self, article_id: str, anchor: str = "") -> str:
        article = self.site.article_by_id[article_id]
        if anchor:
            return t.link(article.title, f"{self.to(article_path(article))}#{anchor}")
        return _link(self.folder, article_path(article), article.title)

    def article_line(self, article_id: str) -> str:
        article = self.site.article_by_id[article_id]
        return f"- {t.date(article.date)} · {self.article(article_id)}"

    def articles_by_year(self, article_ids) -> list[str]:
        """Newest-first article lines under one heading per year."""
        out: list[str] = []
        for year, ids in groupby(article_ids, key=lambda a: self.site.article_by_id[a].date.year):
            out.append(f"### {year}\n")
            out.extend(self.article_line(a) for a in ids)
            out.append("")
        return out
