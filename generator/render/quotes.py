"""A quote as every page shows it: the words, then who said them, the role they held
that day, where they said them and, away from its article, when and in which article.
One style everywhere (left-aligned, one bar beside words and caption)."""

from __future__ import annotations

from generator.model import Quote
from generator.render import text as t
from generator.render.links import Links
from generator.render.markup import e


def role_at_time(site, actor_id: str, article) -> str:
    """The titles an actor held on an article's date, as one line."""
    return "; ".join(r.title for r in site.actors[actor_id].roles_on(article.date))


def quote_figure(links: Links, quote: Quote, on_its_article: bool = False) -> str:
    """One quote; `on_its_article`: on its article's page, which it is anchored on
    (#quote-N) and whose date and title the caption then leaves out."""
    site = links.site
    article = site.article_by_id[quote.article]
    said = [links.actor(quote.speaker)]
    role = role_at_time(site, quote.speaker, article)
    if role:
        said.append(e(role))
    if quote.context:
        said.append(e(quote.context))
    caption = "— " + ", ".join(said)
    if not on_its_article:
        caption += (f" · {t.date(article.date)}, in "
                    f"{links.article(article.id, f'quote-{quote.number}')}")
    anchor = f' id="quote-{quote.number}"' if on_its_article else ""
    return (f'<figure class="archive-quote"{anchor}>\n'
            f"<blockquote>\n<p>{e(quote.text)}</p>\n</blockquote>\n"
            f"<figcaption>{caption}</figcaption>\n</figure>")
