"""Markdown links from one page to the pages of articles, actors and topics."""

from __future__ import annotations

from itertools import groupby

from generator import urls
from generator.model import Article, Site
from generator.render import text as t


def article_path(article: Article) -> str:
    return urls.article(article.id, article.date.year)


class Links:
    def __init__(self, site: Site, page: str) -> None:
        self.site = site
        self.page = page

    def to(self, target_page: str) -> str:
        return urls.relative(self.page, target_page)

    def actor(self, actor_id: str, label: str | None = None) -> str:
        actor = self.site.actors[actor_id]
        return t.link(label or actor.name, self.to(urls.actor(actor_id)))

    def topic(self, topic_id: str) -> str:
        return t.link(self.site.topics[topic_id].name, self.to(urls.topic(topic_id)))

    def article(self, article_id: str, anchor: str = "") -> str:
        article = self.site.article_by_id[article_id]
        target = self.to(article_path(article)) + (f"#{anchor}" if anchor else "")
        return t.link(article.title, target)

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
