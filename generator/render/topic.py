"""The page of one topic: its scope, articles over time, key actors and quotes."""

from __future__ import annotations

from generator import urls
from generator.model import Site, Topic
from generator.outputs import charts, jsonld
from generator.render import listing, ranking, records
from generator.render import text as t
from generator.render.actor import search_meta
from generator.render.citations import Citations
from generator.render.links import Links
from generator.render.markup import Body, e, strong, ul
from generator.render.quotes import quote_figure
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
    actors = _key_actors(body, topic)
    quotes = site.quotes_by_topic.get(topic.id, ())
    if quotes:
        shown = "" if len(quotes) <= QUOTES_SHOWN else f", the latest {QUOTES_SHOWN} shown"
        body.h(2, f"Quotes ({len(quotes)}{shown})")
        body.add(*(quote_figure(links, q) for q in quotes[:QUOTES_SHOWN]))
    if article_ids:
        dates = [site.article_by_id[a].date for a in article_ids]
        body.h(2, f"Timeline ({t.plural(len(article_ids), 'article')})")
        body.add(charts.html_block("archive-chart", charts.bar_chart(
            charts.time_buckets(dates), f"Articles on {topic.name}")))
        listing.section(body, base, article_ids)
    cite.add_list()
    pages = [(page, body)]
    about = jsonld.topic_about(site, base_url, topic.id)
    pages += listing.year_pages(site, base, page, topic.name, article_ids, base_url=base_url,
                                about=about)
    if actors is not None:
        pages += ranking.pages(site, actors, (page, topic.name), _actor_row, record.updated,
                               base_url, about)
    return pages


def _key_actors(body: Body, topic: Topic) -> ranking.Ranking | None:
    """The actors of the topic's articles, ranked, the first KEY_ACTORS shown: added to
    `body`; the whole ranking, or None if there are none."""
    actors = body.links.site.actors_of_topic.get(topic.id, ())
    if not actors:
        return None
    whole = ranking.Ranking(ranking.ranked(actors, [(a.count, a.main) for a in actors]),
                            f"actors in articles on {topic.name}",
                            urls.folder(urls.topic(topic.id)) + "/actors",
                            f"Actors in articles on {topic.name}")
    body.h(2, "Key actors")
    body.p("Ranked by the articles on this topic that name them; where those are equal, "
           "by the articles in which they are a main subject. Equal ranks share a number.")
    body.add(ranking.numbered(body.links, whole.items[:KEY_ACTORS], _actor_row))
    ranking.more(body, whole, KEY_ACTORS, _actor_row)
    return whole


def _actor_row(links: Links, tally) -> str:
    return (f"{links.actor(tally.id)} — {t.plural(tally.count, 'article')}"
            f"{ranking.main_subjects(tally.count, tally.main, pair=False)}")


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
