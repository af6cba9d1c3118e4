"""The page of one actor: who it is, what it said, where it appears, and with whom."""

from __future__ import annotations

from generator import urls
from generator.model import Actor, Site
from generator.render import text as t
from generator.render.links import Links

TYPE_LABELS = {
    "person": "Person",
    "country": "Country",
    "organization": "Organisation",
    "group": "Group",
}


def render_actor(site: Site, actor: Actor) -> tuple[str, str]:
    page = urls.actor(actor.id)
    links = Links(site, page)
    article_ids = site.articles_by_actor.get(actor.id, ())
    meta = {"title": actor.name, "kind": "actor", "source": actor.source,
            "actor_type": actor.type}
    out = [t.front_matter(meta)]
    facts = [f"**{TYPE_LABELS[actor.type]}**", t.plural(len(article_ids), "article")]
    if actor.affiliation:
        facts.append(f"part of {links.actor(actor.affiliation)}")
    out.append(" · ".join(facts) + "\n")
    if actor.other_names:
        names = ", ".join(t.text(n) for n in actor.other_names)
        out.append(f"**Other names:** {names}\n")
    for scheme, value in actor.ids:
        if scheme == "wikidata":
            url = "https://www.wikidata.org/wiki/" + value
            out.append(f"**Wikidata:** {t.external(value, url)}\n")
    if actor.profile:
        out.append(actor.profile + "\n")
    if actor.roles:
        out.append("## Roles\n")
        out.append("| Role | From | To |\n|---|---|---|")
        for role in actor.roles:
            start = t.date(role.start) if role.start else "—"
            end = t.date(role.end) if role.end else ("present" if role.start else "—")
            title = t.text(role.title)
            if role.org:
                title += f" ({links.actor(role.org)})"
            out.append(f"| {title} | {start} | {end} |")
        out.append("")
    quotes = site.quotes_by_actor.get(actor.id, ())
    if quotes:
        out.append("## Quotes\n")
        for quote in quotes:
            article = site.article_by_id[quote.article]
            context = f", {t.text(quote.context)}" if quote.context else ""
            out.append(f"> {t.text(quote.text)}\n>\n"
                       f"> — {t.date(article.date)}{context}, in "
                       f"{links.article(article.id, f'quote-{quote.number}')}\n")
    if article_ids:
        out.append(f"## Articles ({len(article_ids)})\n")
        out.extend(links.articles_by_year(article_ids))
    topics = site.topics_of_actor.get(actor.id, ())
    if topics:
        out.append("## Topics\n")
        out.extend(f"- {links.topic(x.id)} ({x.count})" for x in topics)
        out.append("")
    partners = site.co_actors.get(actor.id, ())
    if partners:
        out.append("## Seen most often with\n")
        for tally in partners:
            out.append(f"- {links.actor(tally.id)} — {t.plural(tally.count, 'article')}")
        out.append("")
    return page, "\n".join(out).rstrip() + "\n"
