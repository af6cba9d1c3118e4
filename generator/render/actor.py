"""The page of one actor: who it is, what it said, where it appears, and with whom.

Every list on the page is bounded (quotes per topic, topics, partners, latest articles),
so an actor named in thousands of articles keeps a page of bounded size; the complete
article list lives on year pages (see `listing`), and a long ranking of the actors seen
with it on pages of its own (`partners`, `ranking`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from generator import urls
from generator.model import ACTOR_TYPES, Actor, Quote, Site
from generator.outputs import charts, jsonld, network
from generator.render import listing, ranking, records
from generator.render import text as t
from generator.render.citations import Citations
from generator.render.links import Links
from generator.render.markup import Body, e, external, strong, table, ul
from generator.render.partners import row as partners_row
from generator.render.partners import section as partners_section
from generator.render.quotes import quote_figure
from generator.render.records import EntryPage, Feed

QUOTES_PER_TOPIC = 5
QUOTE_TOPICS = 10
TOPICS_SHOWN = 25
SEARCH_BOOST = 5
_FAR = dt.date(9999, 12, 31)


def search_meta(names) -> dict:
    """Names go into the search index's `tags` field, which Material ranks highest, so a
    search for any spelling finds the page first (no tags plugin: nothing is shown)."""
    return {"tags": tuple(dict.fromkeys(names)), "search": {"boost": SEARCH_BOOST}}


def render_actor(site: Site, actor: Actor, base_url: str = "",
                 edit_base: str = "") -> list[tuple[str, Body]]:
    page = urls.actor(actor.id)
    base = urls.folder(page)
    links = Links(site, page)
    article_ids = site.articles_by_actor.get(actor.id, ())
    record = EntryPage(
        title=actor.name, kind="actor", badge=ACTOR_TYPES[actor.type].label,
        description=f"{ACTOR_TYPES[actor.type].label} in the archive: "
                    f"{t.plural(len(article_ids), 'article')}.",
        feeds=(Feed(f"{actor.name}: latest articles", urls.actor_feed(actor.id)),),
        updated=listing.newest(site, article_ids) or "",
        jsonld=jsonld.actor_ld(site, base_url, actor),
        edit_url=edit_base + actor.source if edit_base else "",
        **search_meta((actor.name, *actor.other_names)))
    body = Body(records.values(record), links)
    cite = Citations(body)
    body.about(_facts(links, cite, actor, len(article_ids)))
    _names(body, cite, actor)
    if actor.profile:
        body.markdown(actor.profile)
    _roles(body, cite, actor)
    if article_ids:
        dates = [site.article_by_id[a].date for a in article_ids]
        body.h(2, "Mentions over time")
        body.add(charts.html_block("archive-chart", charts.bar_chart(
            charts.time_buckets(dates), f"Articles naming {actor.name}")))
    _quotes(body, site.quotes_by_actor.get(actor.id, ()))
    if article_ids:
        body.h(2, f"Articles ({len(article_ids)})")
        listing.section(body, base, article_ids)
    _topics(body, actor.id)
    partners = partners_section(body, actor.id)
    if partners is not None:
        _neighbourhood(body, actor.id)
    cite.add_list()
    pages = [(page, body)]
    about = jsonld.actor_about(site, base_url, actor.id)
    pages += listing.year_pages(site, base, page, actor.name, article_ids, base_url=base_url,
                                about=about)
    if partners is not None:
        pages += ranking.pages(site, partners, (page, actor.name), partners_row,
                               record.updated, base_url, about)
    return pages


def _facts(links: Links, cite: Citations, actor: Actor, count: int) -> str:
    facts = [t.plural(count, "article")]
    if actor.affiliation:
        relation = affiliation_phrase(actor.type, links.site.actors[actor.affiliation].type)
        facts.append(f"{relation} {links.actor(actor.affiliation)}"
                     f"{cite.mark(actor.affiliation_sources)}")
    facts.append(f'<a href="{links.to(urls.actor_feed(actor.id))}">Atom feed</a>')
    return " · ".join(facts)


def affiliation_phrase(actor_type: str, of_type: str) -> str:
    """How a page says what an actor belongs to: a person is affiliated with an
    organisation or a country, an organisation is part of another or based in a country."""
    if actor_type == "person":
        return "affiliated with"
    return "based in" if of_type == "country" and actor_type != "country" else "part of"


def _names(body: Body, cite: Citations, actor: Actor) -> None:
    sources = dict(actor.name_sources)
    for label, names in (("Also known as:", actor.aliases),
                         ("Also referred to as:", actor.weak_aliases)):
        if names:
            body.about(strong(label) + " "
                   + " · ".join(e(n) + cite.mark(sources.get(n, ())) for n in names))
    for scheme, value in actor.ids:
        if scheme == "wikidata":
            url = "https://www.wikidata.org/wiki/" + value
            body.about(f"{strong('Wikidata:')} {external(value, url)}")


def _roles(body: Body, cite: Citations, actor: Actor) -> None:
    if not actor.roles:
        return
    rows = []
    ordered = sorted(actor.roles, key=lambda r: (r.start or r.end or _FAR, r.title))
    for role in reversed(ordered):
        start = t.date(role.start) if role.start else "—"
        end = t.date(role.end) if role.end else ("present" if role.start else "—")
        title = e(role.title)
        if role.org:
            title += f" ({body.links.actor(role.org)})"
        rows.append((title + cite.mark(role.sources), start, end))
    body.h(2, "Roles over time")
    body.add(table(("Role", "From", "To"), rows))


def _quotes(body: Body, quotes: tuple[Quote, ...]) -> None:
    if not quotes:
        return
    links = body.links
    site = links.site
    by_topic: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        topics = quote.topics or site.article_by_id[quote.article].topics
        for topic in topics or ("",):
            by_topic[topic].append(quote)
    ranked = sorted(by_topic.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
    body.h(2, f"Quotes ({len(quotes)})")
    body.p("Grouped by topic; a quote on several topics appears under each.")
    for topic, items in ranked[:QUOTE_TOPICS]:
        heading = links.topic(topic) if topic else "Other"
        body.h(3, f"{heading} ({len(items)})")
        body.add(*(quote_figure(links, q) for q in items[:QUOTES_PER_TOPIC]))
        if len(items) > QUOTES_PER_TOPIC:
            more = t.plural(len(items) - QUOTES_PER_TOPIC, "more quote")
            body.p(f"{more} on this topic: on their article pages and in the "
                   f'<a href="{links.to(urls.DATA)}">quotes data</a>.')
    if len(ranked) > QUOTE_TOPICS:
        body.p(f"Quotes on {len(ranked) - QUOTE_TOPICS} more topics are on the article pages.")


def _topics(body: Body, actor_id: str) -> None:
    links = body.links
    topics = links.site.topics_of_actor.get(actor_id, ())
    if not topics:
        return
    items = [f"{links.topic(x.id)} — {t.plural(x.count, 'article')}"
             for x in topics[:TOPICS_SHOWN]]
    if len(topics) > TOPICS_SHOWN:
        items.append(f"and {len(topics) - TOPICS_SHOWN} more")
    body.h(2, "Topics")
    body.add(ul(items))


def _neighbourhood(body: Body, actor_id: str) -> None:
    links = body.links
    site = links.site
    nodes, edges = network.neighbourhood(site, actor_id,
                                         lambda other: links.url(urls.actor(other)))
    actor = site.actors[actor_id]
    body.h(3, "Neighbourhood")
    body.add(charts.html_block("archive-network", charts.network_chart(
        nodes, edges, f"{actor.name} and the actors seen most often with it",
        size=(640, 420), focus=actor_id),
        f"Counted in the articles naming {actor.name}: circle size, the articles "
        "shared with it; line width, the articles naming both."))
    body.add(charts.legend(n.type for n in nodes))
    body.p(f'See the <a href="{links.to(urls.NETWORK)}">whole network</a>.')
