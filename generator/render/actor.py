"""The page of one actor: who it is, what it said, where it appears, and with whom.

Every list on the page is bounded (quotes per topic, topics, partners, latest articles),
so an actor named in thousands of articles keeps a page of bounded size; the complete
article list lives on year pages (see `listing`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from generator import urls
from generator.link import SHARED_SAMPLE
from generator.model import ACTOR_TYPES, Actor, Quote, Site
from generator.outputs import charts, jsonld, network
from generator.render import listing, records
from generator.render import text as t
from generator.render.links import Links
from generator.render.records import EntryPage, Feed

QUOTES_PER_TOPIC = 5
QUOTE_TOPICS = 10
TOPICS_SHOWN = 25
SHARED_SHOWN = SHARED_SAMPLE  # newest shared articles listed per partner
SEARCH_BOOST = 5
_FAR = dt.date(9999, 12, 31)


def search_meta(names) -> dict:
    """Names go into the search index's `tags` field, which Material ranks highest, so a
    search for any spelling finds the page first (no tags plugin: nothing is shown)."""
    return {"tags": tuple(dict.fromkeys(names)), "search": {"boost": SEARCH_BOOST}}


def render_actor(site: Site, actor: Actor, base_url: str = "",
                 edit_base: str = "") -> list[tuple[str, str]]:
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
    out = [records.front_matter(record)]
    out.append(_facts(site, links, actor, len(article_ids)))
    out.extend(_names(actor))
    if actor.profile:
        out.append(actor.profile + "\n")
    out.extend(_roles(links, actor))
    if article_ids:
        dates = [site.article_by_id[a].date for a in article_ids]
        out.append("## Mentions over time\n")
        out.append(charts.html_block("archive-chart", charts.bar_chart(
            charts.time_buckets(dates), f"Articles naming {actor.name}")))
    out.extend(_quotes(site, links, site.quotes_by_actor.get(actor.id, ())))
    if article_ids:
        out.append(f"## Articles ({len(article_ids)})\n")
        out.extend(listing.section(links, base, article_ids))
    out.extend(_topics(site, links, actor.id))
    out.extend(_partners(site, links, actor.id))
    pages = [(page, "\n".join(out).rstrip() + "\n")]
    pages += listing.year_pages(site, base, page, actor.name, article_ids, base_url=base_url,
                                about=jsonld.actor_about(site, base_url, actor.id))
    return pages


def _facts(site: Site, links: Links, actor: Actor, count: int) -> str:
    facts = [t.plural(count, "article")]
    if actor.affiliation:
        facts.append(f"part of {links.actor(actor.affiliation)}")
    facts.append(f"[Atom feed]({links.to(urls.actor_feed(actor.id))})")
    return " · ".join(facts) + "\n"


def _names(actor: Actor) -> list[str]:
    out = []
    if actor.aliases:
        out.append("**Also known as:** " + " · ".join(t.text(n) for n in actor.aliases) + "\n")
    if actor.weak_aliases:
        out.append("**Also referred to as:** "
                   + " · ".join(t.text(n) for n in actor.weak_aliases) + "\n")
    for scheme, value in actor.ids:
        if scheme == "wikidata":
            url = "https://www.wikidata.org/wiki/" + value
            out.append(f"**Wikidata:** {t.external(value, url)}\n")
    return out


def _roles(links: Links, actor: Actor) -> list[str]:
    if not actor.roles:
        return []
    out = ["## Roles over time\n", "| Role | From | To |", "|---|---|---|"]
    ordered = sorted(actor.roles, key=lambda r: (r.start or r.end or _FAR, r.title))
    for role in reversed(ordered):
        start = t.date(role.start) if role.start else "—"
        end = t.date(role.end) if role.end else ("present" if role.start else "—")
        title = t.text(role.title)
        if role.org:
            title += f" ({links.actor(role.org)})"
        out.append(f"| {title} | {start} | {end} |")
    out.append("")
    return out


def _quotes(site: Site, links: Links, quotes: tuple[Quote, ...]) -> list[str]:
    if not quotes:
        return []
    by_topic: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        topics = quote.topics or site.article_by_id[quote.article].topics
        for topic in topics or ("",):
            by_topic[topic].append(quote)
    ranked = sorted(by_topic.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
    out = [f"## Quotes ({len(quotes)})\n", "Grouped by topic; a quote on several topics "
           "appears under each.\n"]
    for topic, items in ranked[:QUOTE_TOPICS]:
        heading = links.topic(topic) if topic else "Other"
        out.append(f"### {heading} ({len(items)})\n")
        for quote in items[:QUOTES_PER_TOPIC]:
            out.append(quote_block(site, links, quote))
        if len(items) > QUOTES_PER_TOPIC:
            more = t.plural(len(items) - QUOTES_PER_TOPIC, "more quote")
            out.append(f"{more} on this topic: on their article pages and in the "
                       f"[quotes data]({links.to(urls.DATA)}).\n")
    if len(ranked) > QUOTE_TOPICS:
        out.append(f"Quotes on {len(ranked) - QUOTE_TOPICS} more topics are on the article "
                   "pages.\n")
    return out


def quote_block(site: Site, links: Links, quote: Quote, speaker: bool = False) -> str:
    article = site.article_by_id[quote.article]
    who = f"{links.actor(quote.speaker)}, " if speaker else ""
    context = f", {t.text(quote.context)}" if quote.context else ""
    return (f"> {t.text(quote.text)}\n>\n"
            f"> — {who}{t.date(article.date)}{context}, in "
            f"{links.article(article.id, f'quote-{quote.number}')}\n")


def _topics(site: Site, links: Links, actor_id: str) -> list[str]:
    topics = site.topics_of_actor.get(actor_id, ())
    if not topics:
        return []
    out = ["## Topics\n"]
    out.extend(f"- {links.topic(x.id)} — {t.plural(x.count, 'article')}"
               for x in topics[:TOPICS_SHOWN])
    if len(topics) > TOPICS_SHOWN:
        out.append(f"- and {len(topics) - TOPICS_SHOWN} more")
    out.append("")
    return out


def _partners(site: Site, links: Links, actor_id: str) -> list[str]:
    partners = site.co_actors.get(actor_id, ())
    if not partners:
        return []
    out = ["## Seen most often with\n"]
    for tally in partners:
        shared = " · ".join(links.article(a) for a in tally.articles[:SHARED_SHOWN])
        more = f" and {tally.count - SHARED_SHOWN} more" if tally.count > SHARED_SHOWN else ""
        out.append(f"- **{links.actor(tally.id)}** — {t.plural(tally.count, 'shared article')}: "
                   f"{shared}{more}")
    out.append("")
    nodes, edges = network.neighbourhood(
        site, actor_id, lambda other: urls.href(links.page, urls.actor(other)))
    actor = site.actors[actor_id]
    out.append("### Neighbourhood\n")
    out.append(charts.html_block("archive-network", charts.network_svg(
        nodes, edges, f"{actor.name} and the actors seen most often with it",
        size=(640, 420), focus=actor_id),
        "Circle size: articles; line width: shared articles."))
    out.append(charts.legend())
    out.append(f"See the [whole network]({links.to(urls.NETWORK)}).\n")
    return out

