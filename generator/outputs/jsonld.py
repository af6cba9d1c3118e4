"""schema.org structured data (JSON-LD) for every generated page.

The theme writes the result inside `<script type="application/ld+json">`, with `<`, `>`
and `&` written as JSON unicode escapes (theme/main.html), so that no value can close the
script element or open a comment, whatever the content says.

Every page carries its JSON-LD, so it says each thing once: an actor or topic a page names
is given by its `@id` alone, and described (type, name, address and the rest) on its own
page, whose address plus `#entity` that `@id` is (topics are `DefinedTerm`s). Taken
together, the pages say every fact about each entity that they said when each reference
repeated the type and name (tests/test_structured_data.py expands them with pyld), in
about 45 bytes less per reference: up to 20 of them on an article page. The archive
itself is an Organization (`#publisher` on the home page's address), the publisher of
every article and of the open data, and the site a WebSite (`#website`), which index
pages are part of. Quotations inside an article's `hasPart` leave out `isPartOf` and
`dateCreated`, which repeat the article itself.

With no site_url every address is relative to the site root.
"""

from __future__ import annotations

import json
from functools import lru_cache

from generator import urls
from generator.model import ACTOR_TYPES, Actor, Article, Licence, Quote, Site, Topic

PAGE_QUOTES = 20  # quotations described on an actor or topic page



def script_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# An `@id` is built from the entry's identity, the id it was first published under (see
# model.Actor.identity): a rename keeps it, and the old address still leads to the page.
def actor_id_url(base: str, identity: str) -> str:
    return urls.absolute(base, urls.actor(identity)) + "#entity"


def topic_id_url(base: str, identity: str) -> str:
    return urls.absolute(base, urls.topic(identity)) + "#entity"


def article_id_url(base: str, article: Article) -> str:
    year, identity = article.identity
    return urls.absolute(base, urls.article(identity, year))


def term_set(base: str) -> dict:
    """The set of all topics, described by the topics index (its `mainEntity`)."""
    return {"@type": "DefinedTermSet", "@id": urls.absolute(base, urls.TOPICS) + "#entity"}


def website_id(base: str) -> str:
    return urls.absolute(base, urls.HOME) + "#website"


def publisher(base: str, site_name: str) -> dict:
    """The archive as the publisher of its pages, as other entries refer to it."""
    return {"@type": "Organization", "@id": urls.absolute(base, urls.HOME) + "#publisher",
            "name": site_name}


def _topic_ref(site: Site, base: str, topic_id: str) -> dict:
    return {"@id": topic_id_url(base, site.topics[topic_id].identity)}


def _actor_ref(site: Site, base: str, actor_id: str) -> dict:
    return _reference(base, site.actors[actor_id].identity)


@lru_cache(maxsize=1 << 14)
def _reference(base: str, identity: str) -> dict:
    """An actor as other entries refer to it; one shared dict per actor (only read)."""
    return {"@id": actor_id_url(base, identity)}


def _quotation(site: Site, base: str, quote: Quote, in_article: bool = False) -> dict:
    article = site.article_by_id[quote.article]
    url = urls.absolute(base, urls.article(article.id, article.date.year))
    data = {"@type": "Quotation", "text": quote.text, "url": f"{url}#quote-{quote.number}",
            "creator": _actor_ref(site, base, quote.speaker)}
    if not in_article:
        data.update({"dateCreated": article.date.isoformat(),
                     "isPartOf": {"@id": article_id_url(base, article)}})
    return data


def article_ld(site: Site, base: str, article: Article, site_name: str) -> str:
    url = urls.absolute(base, urls.article(article.id, article.date.year))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": article_id_url(base, article),
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date.isoformat(),
        "inLanguage": article.language,
        "about": [_actor_ref(site, base, a) for a in article.actors]
        + [_topic_ref(site, base, t) for t in article.topics],
        "mentions": [_actor_ref(site, base, a) for a in article.mentions],
        "publisher": publisher(base, site_name),
    }
    # The content names no writers, only the publication: with no byline the publication
    # is the author of the text reproduced here.
    outlet = {"@type": "Organization", "name": article.source.name}
    if article.source.name:
        data["author"] = outlet
    if article.source.url or article.source.name:
        data["isBasedOn"] = {k: v for k, v in (("@type", "NewsArticle"),
                                               ("url", article.source.url),
                                               ("publisher", article.source.name and outlet))
                             if v}
    if article.quotes:
        data["hasPart"] = [_quotation(site, base, q, in_article=True) for q in article.quotes]
    if article.corrections:
        data["dateModified"] = article.modified.isoformat()
        data["correction"] = [{"@type": "CorrectionComment", "text": c.text,
                               "datePublished": c.date.isoformat()}
                              for c in article.corrections]
    return script_json(data)


def _affiliation_key(actor_type: str, of_type: str) -> str:
    """The schema.org property for what an actor belongs to, within its range: a
    Person's `affiliation` and an Organization's `parentOrganization` are
    Organizations; a Country (a Place) is a person's `nationality`, an organisation's
    `location` and a country's `containedInPlace`."""
    if of_type == "country":
        return {"person": "nationality", "country": "containedInPlace"}.get(actor_type,
                                                                              "location")
    return "affiliation" if actor_type == "person" else "parentOrganization"


def actor_ld(site: Site, base: str, actor: Actor) -> str:
    data: dict = {
        "@context": "https://schema.org",
        "@type": ACTOR_TYPES[actor.type].schema_type,
        "@id": actor_id_url(base, actor.identity),
        "name": actor.name,
        "url": urls.absolute(base, urls.actor(actor.id)),
    }
    if actor.other_names:
        data["alternateName"] = list(actor.other_names)
    same_as = [f"https://www.wikidata.org/wiki/{v}" for k, v in actor.ids if k == "wikidata"]
    if same_as:
        data["sameAs"] = same_as
    if actor.affiliation:
        data[_affiliation_key(actor.type, site.actors[actor.affiliation].type)] = \
            _actor_ref(site, base, actor.affiliation)
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
        "@id": topic_id_url(base, topic.identity),
        "name": topic.name,
        "url": urls.absolute(base, urls.topic(topic.id)),
        "inDefinedTermSet": term_set(base),
    }
    if topic.aliases:
        data["alternateName"] = list(topic.aliases)
    quotes = site.quotes_by_topic.get(topic.id, ())[:PAGE_QUOTES]
    if quotes:
        data["subjectOf"] = [_quotation(site, base, q) for q in quotes]
    return script_json(data)


def website_ld(base: str, site_name: str, description: str = "",
               corrections_policy: str = "") -> str:
    """The home page: the site, and the archive that publishes it described in full
    (with its corrections policy, where site_config.yml names one). No SearchAction: the
    site's search runs in the browser and has no address to query."""
    home = urls.absolute(base, urls.HOME)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": website_id(base),
        "name": site_name,
        "url": home,
        "publisher": {**publisher(base, site_name), "url": home},
    }
    if not home:  # no site_url: the site's own address is unknown
        del data["url"], data["publisher"]["url"]
    if corrections_policy:
        data["publisher"]["correctionsPolicy"] = corrections_policy
    if description:
        data["description"] = description
    return script_json(data)


def collection_ld(base: str, page: str, title: str, about: dict | None = None,
                  main_entity: dict | None = None) -> str:
    """An index or listing page: a CollectionPage of the WebSite, about an actor or a
    topic where it lists theirs."""
    url = urls.absolute(base, page)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": title,
        "isPartOf": {"@type": "WebSite", "@id": website_id(base)},
    }
    if about:
        data["about"] = about
    if main_entity:
        data["mainEntity"] = main_entity
    return script_json(data)


def actor_about(site: Site, base: str, actor_id: str) -> dict:
    return _actor_ref(site, base, actor_id)


def topic_about(site: Site, base: str, topic_id: str) -> dict:
    return _topic_ref(site, base, topic_id)


def dataset_ld(site: Site, base: str, site_name: str, licence: Licence,
               files: list[tuple[str, str]], description: str) -> str:
    """The Open data page: the exports as one Dataset with a DataDownload per file
    (`files`: (path, media type)); dated by its newest article, never by the build."""
    url = urls.absolute(base, urls.DATA)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": url + "#dataset",
        "url": url,
        "name": f"{site_name}: open data",
        "description": description,
        "license": licence.url,
        "publisher": publisher(base, site_name),
        "creator": publisher(base, site_name),
        "isAccessibleForFree": True,
        "distribution": [{"@type": "DataDownload", "contentUrl": urls.absolute(base, path),
                          "encodingFormat": media, "name": path.rpartition("/")[2]}
                         for path, media in files],
    }
    if site.articles:
        newest, oldest = site.articles[0].date, site.articles[-1].date
        data["dateModified"] = newest.isoformat()
        data["temporalCoverage"] = f"{oldest.isoformat()}/{newest.isoformat()}"
    return script_json(data)
