"""The page of one article."""

from __future__ import annotations

import html

from generator import urls
from generator.model import Article, Site
from generator.outputs import jsonld
from generator.render import records
from generator.render import text as t
from generator.render.links import Links, article_path
from generator.render.mentions import wrap_body
from generator.render.records import ArticlePage, Chip


def role_at_time(site: Site, actor_id: str, article: Article) -> str:
    roles = site.actors[actor_id].roles_on(article.date)
    return "; ".join(r.title for r in roles)


def render_article(site: Site, article: Article, base_url: str = "",
                   site_name: str = "Archive", edit_base: str = "") -> tuple[str, str]:
    page = article_path(article)
    links = Links(site, page)
    roles = {a: role_at_time(site, a, article) for a in article.all_actors}
    record = ArticlePage(
        title=article.title,
        kind="article",
        description=article.summary,
        updated=article.date.isoformat(),
        jsonld=jsonld.article_ld(site, base_url, article, site_name),
        edit_url=edit_base + article.source_path if edit_base else "",
        date=article.date.isoformat(),
        date_text=t.date(article.date),
        publication=article.source.name or "",
        publication_url=article.source.url or "",
        chips_actors=tuple(Chip(site.actors[a].name, urls.site_url(urls.actor(a)), roles[a])
                           for a in article.actors),
        chips_topics=tuple(Chip(site.topics[x].name, urls.site_url(urls.topic(x)))
                           for x in article.topics),
        mention_links=tuple(
            {"url": links.to(urls.actor(a)),
             "names": site.actors[a].matchable_names,  # tuples: written as JSON arrays
             "never": site.actors[a].never_match}
            for a in article.all_actors),
    )
    out = [records.front_matter(record)]
    out.append(f'!!! abstract "Summary"\n\n    {t.text(article.summary)}\n')
    out.append(wrap_body(article.body.strip()))
    if article.quotes:
        out.append("## Quotes\n")
        for quote in article.quotes:
            out.append(_quote(links, quote))
    out.append("## People and organisations\n")
    for actor_id in article.actors:
        out.append(_actor_line(links, actor_id, roles[actor_id], main=True))
    for actor_id in article.mentions:
        out.append(_actor_line(links, actor_id, roles[actor_id], main=False))
    out.append("")
    if article.topics:
        out.append("## Topics\n")
        out.extend(f"- {links.topic(x)}" for x in article.topics)
        out.append("")
    related = site.related_articles.get(article.id, ())
    if related:
        out.append("## Related articles\n")
        out.extend(links.article_line(r) for r in related)
        out.append("")
    return page, "\n".join(out).rstrip() + "\n"


def _actor_line(links: Links, actor_id: str, role: str, main: bool) -> str:
    parts = [f"- {links.actor(actor_id)}"]
    if role:
        parts.append(f" — {t.text(role)} at the time")
    if not main:
        parts.append(" *(mentioned)*")
    return "".join(parts)


def _quote(links: Links, quote) -> str:
    """Plain HTML, which Markdown passes through as it is: the same elements that
    `markdown="1"` blocks gave through md_in_html, without that extension's second pass."""
    name = html.escape(links.site.actors[quote.speaker].name, quote=False)
    href = html.escape(urls.href(links.page, urls.actor(quote.speaker)))
    context = f", {_html_text(quote.context)}" if quote.context else ""
    return (
        f'<figure class="archive-quote" id="quote-{quote.number}">\n'
        f"<blockquote>\n<p>{_html_text(quote.text)}</p>\n</blockquote>\n"
        f'<figcaption>\n<p>— <a href="{href}">{name}</a>{context}</p>\n</figcaption>\n'
        f"</figure>\n"
    )


def _html_text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False)
