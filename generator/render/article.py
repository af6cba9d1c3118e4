"""The page of one article."""

from __future__ import annotations

from generator import urls
from generator.model import Article, Site
from generator.outputs import jsonld
from generator.render import records
from generator.render import text as t
from generator.render.links import Links, article_path
from generator.render.markup import Body, e, p, ul
from generator.render.mentions import wrap_body
from generator.render.quotes import quote_figure, role_at_time
from generator.render.records import ArticlePage, Chip


def render_article(site: Site, article: Article, base_url: str = "",
                   site_name: str = "Archive", edit_base: str = "") -> tuple[str, Body]:
    page = article_path(article)
    links = Links(site, page)
    roles = {a: role_at_time(site, a, article) for a in article.all_actors}
    record = ArticlePage(
        title=article.title,
        kind="article",
        description=article.summary,
        updated=article.modified.isoformat(),
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
        mention_links=mention_links(site, article, page),
    )
    body = Body(records.values(record), links)
    body.add('<div class="admonition abstract">\n<p class="admonition-title">Summary</p>\n'
             f"{p(e(article.summary))}\n</div>")
    body.markdown(wrap_body(article.body.strip()))
    if article.corrections:
        body.h(2, "Corrections")
        body.add(_corrections(article))
    if article.quotes:
        body.h(2, "Quotes")
        body.add(*(quote_figure(links, quote, on_its_article=True)
                   for quote in article.quotes))
    body.h(2, "People and organisations")
    body.add(ul([*(_actor_line(links, a, roles[a], main=True) for a in article.actors),
                 *(_actor_line(links, a, roles[a], main=False) for a in article.mentions)]))
    if article.topics:
        body.h(2, "Topics")
        body.add(ul(links.topic(x) for x in article.topics))
    related = site.related_articles.get(article.id, ())
    if related:
        body.h(2, "Related articles")
        body.add(ul(links.article_line(r) for r in related))
    return page, body


def mention_links(site: Site, article: Article, page: str) -> tuple[dict, ...]:
    """The names of the article's topics and actors to link in its text (`finish`), each
    with a path in the generated tree, made final with the text's own links. A name an
    actor and a topic share links the actor, which comes later."""
    folder = urls.folder(page)
    topics = tuple(
        {"url": urls.relative_from(folder, urls.topic(x)), "kind": "topic",
         "names": (site.topics[x].name, *site.topics[x].aliases)}
        for x in article.topics)
    return topics + tuple(
        {"url": urls.relative_from(folder, urls.actor(a)),
         "names": site.actors[a].matchable_names,  # tuples: written as JSON arrays
         "never": site.actors[a].never_match}
        for a in article.all_actors)


def _corrections(article: Article) -> str:
    items = "".join(f'<li><time datetime="{c.date.isoformat()}">{t.date(c.date)}</time>: '
                    f"{e(c.text)}</li>\n" for c in article.corrections)
    return f'<ul class="archive-corrections">\n{items}</ul>'


def _actor_line(links: Links, actor_id: str, role: str, main: bool) -> str:
    parts = [links.actor(actor_id)]
    if role:
        parts.append(f" — {e(role)} at the time")
    if not main:
        parts.append(" <em>(mentioned)</em>")
    return "".join(parts)
