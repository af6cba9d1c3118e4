"""Index pages: home, the chronological archive, actors by type, topics."""

from __future__ import annotations

from itertools import groupby

from generator import urls
from generator.model import ACTOR_TYPES, Site
from generator.outputs import jsonld
from generator.render import listing, records
from generator.render import text as t
from generator.render.links import Links
from generator.render.markup import Body, e, p, ul


def _index_body(site: Site, base_url: str, page: str, title: str,
                main_entity: dict | None = None) -> Body:
    return Body(records.values(records.Page(
        title=title, kind="index", updated=listing.site_updated(site) or "",
        jsonld=jsonld.collection_ld(base_url, page, title, main_entity=main_entity))),
        Links(site, page))


def render_home(site: Site, latest: int, site_name: str, base_url: str = "",
                description: str = "", corrections_policy: str = "") -> tuple[str, Body]:
    page = urls.HOME
    links = Links(site, page)
    # Material's primary sidebar would hold a lone "Home": the tabs already are the site's
    # navigation, and the home page uses the width for its content
    body = Body(records.values(records.Page(
        title="Home", kind="index", hide=("navigation",),
        updated=listing.site_updated(site) or "",
        jsonld=jsonld.website_ld(base_url, site_name, description, corrections_policy))),
        links)
    body.h(1, e(site_name))
    body.p("Follow people, countries and organisations across articles, and find who said "
           "what, and when.")
    body.p(f'<a href="{links.to(urls.ARCHIVE)}">{t.plural(len(site.articles), "article")}</a> · '
           f'<a href="{links.to(urls.ACTORS)}">{t.plural(len(site.actors), "actor")}</a> · '
           f'<a href="{links.to(urls.TOPICS)}">{t.plural(len(site.topics), "topic")}</a>')
    if site.articles:
        body.h(2, "Latest articles")
        body.add(ul(f"\n{p(links.article_line(a.id))}\n{p(e(a.summary))}\n"
                    for a in site.articles[:latest]))
        body.p(f'<a href="{links.to(urls.ARCHIVE)}">All articles</a>')
    body.h(2, "Explore")
    body.add(ul((
        f'<a href="{links.to(urls.NETWORK)}">Network of actors</a>: who appears with whom',
        f'<a href="{links.to(urls.DATA)}">Open data</a>: every article, actor, topic, quote '
        "and relation as JSON and CSV",
        f'<a href="{links.to(urls.FEED_ALL)}">Atom feed</a> of the latest articles; every '
        "actor and topic page has its own")))
    return page, body


def render_archive(site: Site, base_url: str = "") -> list[tuple[str, Body]]:
    page = urls.ARCHIVE
    body = _index_body(site, base_url, page, "Articles")
    ids = [a.id for a in site.articles]
    body.h(1, "Articles")
    body.p(f"{t.plural(len(site.articles), 'article')}, newest first.")
    listing.section(body, "articles", ids)
    return [(page, body), *listing.year_pages(site, "articles", page, "Archive", ids,
                                              base_url=base_url)]


def render_actor_index(site: Site, base_url: str = "") -> tuple[str, Body]:
    page = urls.ACTORS
    body = _index_body(site, base_url, page, "Actors")
    links = body.links
    body.h(1, "Actors")
    body.p("People, countries, organisations and groups, A–Z by type.")
    ordered = sorted(site.actors.values(),
                     key=lambda a: (list(ACTOR_TYPES).index(a.type), a.name.casefold(), a.id))
    for kind, actors in groupby(ordered, key=lambda a: a.type):
        actors = list(actors)
        body.h(2, f"{e(ACTOR_TYPES[kind].label)} ({len(actors)})")
        body.add(ul(f"{links.actor(actor.id)} "
                    f"({t.plural(len(site.articles_by_actor.get(actor.id, ())), 'article')})"
                    for actor in actors))
    return page, body


def render_topic_index(site: Site, base_url: str = "") -> tuple[str, Body]:
    page = urls.TOPICS
    body = _index_body(site, base_url, page, "Topics",
                       {**jsonld.term_set(base_url), "name": "Topics"})
    links = body.links
    body.h(1, "Topics")
    body.add(ul(f"{links.topic(topic.id)} "
                f"({t.plural(len(site.articles_by_topic.get(topic.id, ())), 'article')})"
                for topic in sorted(site.topics.values(),
                                    key=lambda x: (x.name.casefold(), x.id))))
    return page, body
