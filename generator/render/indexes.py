"""Index pages: home, the chronological archive, actors by type, topics."""

from __future__ import annotations

from itertools import groupby

from generator import urls
from generator.model import ACTOR_TYPES, Site
from generator.outputs import jsonld
from generator.render import listing, records
from generator.render import text as t
from generator.render.links import Links


def _index_meta(site: Site, base_url: str, page: str, title: str,
                main_entity: dict | None = None) -> str:
    return records.front_matter(records.Page(
        title=title, kind="index", updated=listing.site_updated(site) or "",
        jsonld=jsonld.collection_ld(base_url, page, title, main_entity=main_entity)))


def render_home(site: Site, latest: int, site_name: str, base_url: str = "",
                description: str = "") -> tuple[str, str]:
    page = urls.HOME
    links = Links(site, page)
    # Material's primary sidebar would hold a lone "Home": the tabs already are the site's
    # navigation, and the home page uses the width for its content
    meta = records.front_matter(records.Page(
        title="Home", kind="index", hide=("navigation",),
        updated=listing.site_updated(site) or "",
        jsonld=jsonld.website_ld(base_url, site_name, description)))
    counts = (f"{t.plural(len(site.articles), 'article')} · "
              f"[{t.plural(len(site.actors), 'actor')}]({links.to(urls.ACTORS)}) · "
              f"[{t.plural(len(site.topics), 'topic')}]({links.to(urls.TOPICS)})")
    out = [meta, f"# {t.text(site_name)}\n",
           "Follow people, countries and organisations across articles, and find who said "
           "what, and when.\n", counts + "\n"]
    if site.articles:
        out.append("## Latest articles\n")
        for article in site.articles[:latest]:
            out.append(links.article_line(article.id) + "\n")
            out.append(f"    {t.text(article.summary)}\n")
        out.append(f"[All articles]({links.to(urls.ARCHIVE)})\n")
    out.append("## Explore\n")
    out.append(f"- [Network of actors]({links.to(urls.NETWORK)}): who appears with whom")
    out.append(f"- [Open data]({links.to(urls.DATA)}): every article, actor, topic, quote and "
               "relation as JSON and CSV")
    out.append(f"- [Atom feed]({links.to(urls.FEED_ALL)}) of the latest articles; every actor "
               "and topic page has its own\n")
    return page, "\n".join(out).rstrip() + "\n"


def render_archive(site: Site, base_url: str = "") -> list[tuple[str, str]]:
    page = urls.ARCHIVE
    links = Links(site, page)
    ids = [a.id for a in site.articles]
    out = [_index_meta(site, base_url, page, "Articles"), "# Articles\n",
           f"{t.plural(len(site.articles), 'article')}, newest first.\n"]
    out.extend(listing.section(links, "articles", ids))
    pages = [(page, "\n".join(out).rstrip() + "\n")]
    return pages + listing.year_pages(site, "articles", page, "Archive", ids,
                                      base_url=base_url)


def render_actor_index(site: Site, base_url: str = "") -> tuple[str, str]:
    page = urls.ACTORS
    links = Links(site, page)
    out = [_index_meta(site, base_url, page, "Actors"), "# Actors\n",
           "People, countries, organisations and groups, A–Z by type.\n"]
    ordered = sorted(site.actors.values(),
                     key=lambda a: (list(ACTOR_TYPES).index(a.type), a.name.casefold(), a.id))
    for kind, actors in groupby(ordered, key=lambda a: a.type):
        actors = list(actors)
        out.append(f"## {ACTOR_TYPES[kind].label} ({len(actors)})\n")
        for actor in actors:
            count = len(site.articles_by_actor.get(actor.id, ()))
            out.append(f"- {links.actor(actor.id)} ({t.plural(count, 'article')})")
        out.append("")
    return page, "\n".join(out).rstrip() + "\n"


def render_topic_index(site: Site, base_url: str = "") -> tuple[str, str]:
    page = urls.TOPICS
    links = Links(site, page)
    out = [_index_meta(site, base_url, page, "Topics", {
        **jsonld.term_set(base_url), "name": "Topics"}), "# Topics\n"]
    for topic in sorted(site.topics.values(), key=lambda x: (x.name.casefold(), x.id)):
        count = len(site.articles_by_topic.get(topic.id, ()))
        out.append(f"- {links.topic(topic.id)} ({t.plural(count, 'article')})")
    return page, "\n".join(out).rstrip() + "\n"
