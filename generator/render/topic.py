"""The page of one topic: its scope, articles over time, key actors and quotes."""

from __future__ import annotations

from generator import urls
from generator.model import Site, Topic
from generator.outputs import charts, jsonld
from generator.render import listing, records
from generator.render import text as t
from generator.render.actor import quote_block, search_meta
from generator.render.links import Links
from generator.render.records import EntryPage, Feed

KEY_ACTORS = 20
QUOTES_SHOWN = 20


def render_topic(site: Site, topic: Topic, base_url: str = "",
                 edit_base: str = "") -> list[tuple[str, str]]:
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
    out = [records.front_matter(record)]
    out.append(f"{t.plural(len(article_ids), 'article')} · "
               f"[Atom feed]({links.to(urls.topic_feed(topic.id))})\n")
    if topic.aliases:
        out.append("**Also known as:** " + " · ".join(t.text(n) for n in topic.aliases) + "\n")
    if topic.scope:
        out.append("## Scope\n")
        out.append(topic.scope + "\n")
    out.extend(_family(site, links, topic))
    actors = site.actors_of_topic.get(topic.id, ())
    if actors:
        out.append("## Key actors\n")
        out.append("Ranked by the number of articles on this topic that name them.\n")
        out.extend(f"{rank}. {links.actor(a.id)} — {t.plural(a.count, 'article')}"
                   for rank, a in enumerate(actors[:KEY_ACTORS], start=1))
        if len(actors) > KEY_ACTORS:
            out.append(f"\nand {len(actors) - KEY_ACTORS} more.")
        out.append("")
    quotes = site.quotes_by_topic.get(topic.id, ())
    if quotes:
        shown = "" if len(quotes) <= QUOTES_SHOWN else f", the latest {QUOTES_SHOWN} shown"
        out.append(f"## Quotes ({len(quotes)}{shown})\n")
        out.extend(quote_block(site, links, q, speaker=True) for q in quotes[:QUOTES_SHOWN])
    if article_ids:
        dates = [site.article_by_id[a].date for a in article_ids]
        out.append(f"## Timeline ({t.plural(len(article_ids), 'article')})\n")
        out.append(charts.html_block("archive-chart", charts.bar_chart(
            charts.time_buckets(dates), f"Articles on {topic.name}")))
        out.extend(listing.section(links, base, article_ids))
    pages = [(page, "\n".join(out).rstrip() + "\n")]
    pages += listing.year_pages(site, base, page, topic.name, article_ids, base_url=base_url,
                                about=jsonld.topic_about(site, base_url, topic.id))
    return pages


def _family(site: Site, links: Links, topic: Topic) -> list[str]:
    family = []
    if topic.broader:
        family.append(f"- **Broader:** {links.topic(topic.broader)}")
    narrower = site.narrower.get(topic.id, ())
    if narrower:
        family.append("- **Narrower:** " + ", ".join(links.topic(n) for n in narrower))
    related = site.related_topics.get(topic.id, ())
    if related:
        family.append("- **Related:** " + ", ".join(links.topic(r) for r in related))
    if not family:
        return []
    return ["## Broader, narrower and related topics\n", *family, ""]
