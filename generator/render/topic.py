"""The page of one topic: its scope, articles over time, key actors and quotes."""

from __future__ import annotations

from generator import urls
from generator.model import Site, Topic
from generator.outputs import charts, jsonld
from generator.render import listing, records
from generator.render import text as t
from generator.render.actor import quote_block, search_meta
from generator.render.citations import Citations
from generator.render.links import Links
from generator.render.markup import Body, e, ol, strong, ul
from generator.render.records import EntryPage, Feed

KEY_ACTORS = 20
QUOTES_SHOWN = 20


def render_topic(site: Site, topic: Topic, base_url: str = "",
                 edit_base: str = "") -> list[tuple[str, Body]]:
    page = urls.topic(topic.id)
    base = urls.folder(page)
    links = Links(site, page)
    article_ids = site.articles_by_topic.get(topic.id, ())
    record = EntryPage(
        title=topic.name, kind="topic", badge="Topic",
        description=f"Topic in the archive: {t.plural(len(article_ids), 'article')}.",
        feeds=(Feed(f"{topic.name}: latest articles", urls.topic_feed(topic.id)),),
        updated=listing.newest(site, article_ids) or "",
        jsonld=jsonld.topic_ld(site, base_url, topic),
        edit_url=edit_base + topic.source if edit_base else "",
        **search_meta((topic.name, *topic.aliases)))
    body = Body(records.values(record), links)
    cite = Citations(body)
    body.about(f"{t.plural(len(article_ids), 'article')} · "
           f'<a href="{links.to(urls.topic_feed(topic.id))}">Atom feed</a>')
    if topic.aliases:
        sources = dict(topic.name_sources)
        body.about(strong("Also known as:") + " " + " · ".join(
            e(n) + cite.mark(sources.get(n, ())) for n in topic.aliases))
    if topic.scope:
        body.h(2, "Scope")
        body.markdown(topic.scope)
    _family(body, cite, topic)
    actors = site.actors_of_topic.get(topic.id, ())
    if actors:
        body.h(2, "Key actors")
        body.p("Ranked by the number of articles on this topic that name them.")
        body.add(ol(f"{links.actor(a.id)} — {t.plural(a.count, 'article')}"
                    for a in actors[:KEY_ACTORS]))
        if len(actors) > KEY_ACTORS:
            body.p(f"and {len(actors) - KEY_ACTORS} more.")
    quotes = site.quotes_by_topic.get(topic.id, ())
    if quotes:
        shown = "" if len(quotes) <= QUOTES_SHOWN else f", the latest {QUOTES_SHOWN} shown"
        body.h(2, f"Quotes ({len(quotes)}{shown})")
        body.add(quote_block(links, quotes[:QUOTES_SHOWN], speaker=True))
    if article_ids:
        dates = [site.article_by_id[a].date for a in article_ids]
        body.h(2, f"Timeline ({t.plural(len(article_ids), 'article')})")
        body.add(charts.html_block("archive-chart", charts.bar_chart(
            charts.time_buckets(dates), f"Articles on {topic.name}")))
        listing.section(body, base, article_ids)
    cite.add_list()
    pages = [(page, body)]
    pages += listing.year_pages(site, base, page, topic.name, article_ids, base_url=base_url,
                                about=jsonld.topic_about(site, base_url, topic.id))
    return pages


def _family(body: Body, cite: Citations, topic: Topic) -> None:
    links = body.links
    site = links.site
    family = []
    if topic.broader:
        family.append(f"{strong('Broader:')} {links.topic(topic.broader)}"
                      f"{cite.mark(topic.broader_sources)}")
    narrower = site.narrower.get(topic.id, ())
    if narrower:
        family.append(strong("Narrower:") + " " + ", ".join(
            links.topic(n) + cite.mark(site.topics[n].broader_sources) for n in narrower))
    related = site.related_topics.get(topic.id, ())
    if related:
        family.append(strong("Related:") + " " + ", ".join(
            links.topic(r) + cite.mark(_related_sources(site, topic, r)) for r in related))
    if family:
        body.h(2, "Broader, narrower and related topics")
        body.add(ul(family))


def _related_sources(site, topic: Topic, other: str) -> tuple:
    """The sources of a relation, whichever of the two topics declared it."""
    return (dict(topic.related_sources).get(other)
            or dict(site.topics[other].related_sources).get(topic.id, ()))
