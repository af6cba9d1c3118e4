"""schema.org structured data (JSON-LD) for article, actor and topic pages.

The theme writes the result inside `<script type="application/ld+json">`. `script_json`
escapes `<`, `>` and `&` as JSON unicode escapes, so no value can close the script
element or open a comment, whatever the content says.

Every page carries its JSON-LD, so it says each thing once: an actor mentioned on a page is
named by type, `@id` and name, and its `url` is given where it is described in full, on its
own page (the `@id` is that page's address plus `#entity`). Quotations inside an article's
`hasPart` leave out `isPartOf` and `dateCreated`, which repeat the article itself.
"""

from __future__ import annotations

import json
from functools import lru_cache

from generator import urls
from generator.model import ACTOR_TYPES, Actor, Article, Quote, Site, Topic

PAGE_QUOTES = 20  # quotations described on an actor or topic page

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).translate(_SCRIPT_SAFE)


def actor_id_url(base: str, actor_id: str) -> str:
    return urls.absolute(base, urls.actor(actor_id)) + "#entity"


def _actor_ref(site: Site, base: str, actor_id: str) -> dict:
    actor = site.actors[actor_id]
    return _reference(base, actor_id, actor.type, actor.name)


@lru_cache(maxsize=1 << 14)
def _reference(base: str, actor_id: str, actor_type: str, name: str) -> dict:
    """An actor as other entries refer to it; one shared dict per actor (only read)."""
    return {"@type": ACTOR_TYPES[actor_type].schema_type, "@id": actor_id_url(base, actor_id),
            "name": name}


def _quotation(site: Site, base: str, quote: Quote, in_article: bool = False) -> dict:
    article = site.article_by_id[quote.article]
    url = urls.absolute(base, urls.article(article.id, article.date.year))
    data = {"@type": "Quotation", "text": quote.text, "url": f"{url}#quote-{quote.number}",
            "creator": _actor_ref(site, base, quote.speaker)}
    if not in_article:
        data.update({"dateCreated": article.date.isoformat(), "isPartOf": {"@id": url}})
    return data


def article_ld(site: Site, base: str, article: Article) -> str:
    url = urls.absolute(base, urls.article(article.id, article.date.year))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date.isoformat(),
        "inLanguage": article.language,
        "about": [_actor_ref(site, base, a) for a in article.actors]
        + [{"@type": "Thing", "name": site.topics[t].name,
            "url": urls.absolute(base, urls.topic(t))} for t in article.topics],
        "mentions": [_actor_ref(site, base, a) for a in article.mentions],
    }
    if article.source.url or article.source.name:
        data["isBasedOn"] = {k: v for k, v in (("@type", "NewsArticle"),
                                               ("url", article.source.url),
                                               ("publisher", article.source.name)) if v}
    if article.quotes:
        data["hasPart"] = [_quotation(site, base, q, in_article=True) for q in article.quotes]
    return script_json(data)


def actor_ld(site: Site, base: str, actor: Actor) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": ACTOR_TYPES[actor.type].schema_type,
        "@id": actor_id_url(base, actor.id),
        "name": actor.name,
        "url": urls.absolute(base, urls.actor(actor.id)),
    }
    if actor.other_names:
        data["alternateName"] = list(actor.other_names)
    same_as = [f"https://www.wikidata.org/wiki/{v}" for k, v in actor.ids if k == "wikidata"]
    if same_as:
        data["sameAs"] = same_as
    if actor.affiliation:
        key = "affiliation" if actor.type == "person" else "parentOrganization"
        if actor.type == "country":
            key = "containedInPlace"
        data[key] = _actor_ref(site, base, actor.affiliation)
    if actor.type == "person":
        current = [r.title for r in actor.roles if r.start and not r.end]
        if current:
            data["jobTitle"] = current
    quotes = site.quotes_by_actor.get(actor.id, ())[:PAGE_QUOTES]
    if quotes:
        data["subjectOf"] = [_quotation(site, base, q) for q in quotes]
    return script_json(data)


def topic_ld(site: Site, base: str, topic: Topic) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": urls.absolute(base, urls.topic(topic.id)) + "#entity",
        "name": topic.name,
        "url": urls.absolute(base, urls.topic(topic.id)),
        "inDefinedTermSet": urls.absolute(base, urls.TOPICS),
    }
    if topic.aliases:
        data["alternateName"] = list(topic.aliases)
    quotes = site.quotes_by_topic.get(topic.id, ())[:PAGE_QUOTES]
    if quotes:
        data["subjectOf"] = [_quotation(site, base, q) for q in quotes]
    return script_json(data)
