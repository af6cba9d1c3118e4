"""The page of one topic: its scope, articles over time, key actors and quotes."""

from __future__ import annotations

from generator import urls
from generator.model import Site, Topic
from generator.render import text as t
from generator.render.links import Links


def render_topic(site: Site, topic: Topic) -> tuple[str, str]:
    page = urls.topic(topic.id)
    links = Links(site, page)
    article_ids = site.articles_by_topic.get(topic.id, ())
    meta = {"title": topic.name, "kind": "topic", "source": topic.source}
    out = [t.front_matter(meta)]
    out.append(f"**Topic** · {t.plural(len(article_ids), 'article')}\n")
    if topic.aliases:
        out.append("**Other names:** " + ", ".join(t.text(n) for n in topic.aliases) + "\n")
    if topic.scope:
        out.append(topic.scope + "\n")
    family = []
    if topic.broader:
        family.append(f"**Broader:** {links.topic(topic.broader)}")
    narrower = site.narrower.get(topic.id, ())
    if narrower:
        family.append("**Narrower:** " + ", ".join(links.topic(n) for n in narrower))
    related = site.related_topics.get(topic.id, ())
    if related:
        family.append("**Related:** " + ", ".join(links.topic(r) for r in related))
    if family:
        out.append("\n\n".join(family) + "\n")
    actors = site.actors_of_topic.get(topic.id, ())
    if actors:
        out.append("## Key actors\n")
        out.extend(f"- {links.actor(a.id)} ({t.plural(a.count, 'article')})" for a in actors)
        out.append("")
    quotes = site.quotes_by_topic.get(topic.id, ())
    if quotes:
        out.append("## Quotes\n")
        for quote in quotes:
            article = site.article_by_id[quote.article]
            out.append(f"> {t.text(quote.text)}\n>\n"
                       f"> — {links.actor(quote.speaker)}, {t.date(article.date)}, in "
                       f"{links.article(article.id, f'quote-{quote.number}')}\n")
    if article_ids:
        out.append(f"## Articles ({len(article_ids)})\n")
        out.extend(links.articles_by_year(article_ids))
    return page, "\n".join(out).rstrip() + "\n"
