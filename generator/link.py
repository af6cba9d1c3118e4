"""Stage 4: compute every cross-link once, into a frozen `Site`.

All work here is bounded per article: co-occurrence counts pairs within one article, and
related articles are looked for only among each entity's nearest articles in time, so the
stage stays linear in the number of articles.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import fields, replace
from itertools import compress
from types import MappingProxyType

from generator.model import Article, Content, Quote, Site, Tally, frozen_map

RELATED_WINDOW = 12  # neighbours in time looked at per shared actor or topic
SHARED_SAMPLE = 3  # newest shared articles kept per pair of actors, for the actor pages


def link(content: Content, related_limit: int = 5, co_actor_limit: int = 10) -> Site:
    articles = content.articles  # newest first
    by_actor: dict[str, list[str]] = defaultdict(list)
    by_topic: dict[str, list[str]] = defaultdict(list)
    quotes_by_actor: dict[str, list[Quote]] = defaultdict(list)
    quotes_by_topic: dict[str, list[Quote]] = defaultdict(list)
    # actor -> every other actor (and topic) of each of its articles, counted below:
    # one list extended per article costs a fraction of a Counter updated per article
    partners_of: dict[str, list[str]] = defaultdict(list)
    topics_of: dict[str, list[str]] = defaultdict(list)

    for article in articles:
        actors = article.all_actors
        for actor in actors:
            by_actor[actor].append(article.id)
            partners_of[actor].extend(actors)  # the actor itself too: removed below
            if article.topics:
                topics_of[actor].extend(article.topics)
        for topic in article.topics:
            by_topic[topic].append(article.id)
        for quote in article.quotes:
            quotes_by_actor[quote.speaker].append(quote)
            for topic in quote.topics or article.topics:
                quotes_by_topic[topic].append(quote)

    article_by_id = {a.id: a for a in articles}
    co_actors = _co_actors(partners_of, article_by_id, by_actor, co_actor_limit)
    del partners_of
    topics_of_actor, actors_of_topic = _actor_topics(topics_of)
    del topics_of
    narrower, related_topics = _topic_relations(content)

    return Site(
        articles=articles,
        article_by_id=frozen_map(article_by_id),
        actors=content.actors,
        topics=content.topics,
        articles_by_actor=frozen_map((k, tuple(v)) for k, v in sorted(by_actor.items())),
        articles_by_topic=frozen_map((k, tuple(v)) for k, v in sorted(by_topic.items())),
        quotes_by_actor=frozen_map((k, tuple(v)) for k, v in sorted(quotes_by_actor.items())),
        quotes_by_topic=frozen_map((k, tuple(v)) for k, v in sorted(quotes_by_topic.items())),
        co_actors=frozen_map(sorted(co_actors.items())),
        topics_of_actor=frozen_map(sorted(topics_of_actor.items())),
        actors_of_topic=frozen_map(
            (t, tuple(sorted(v, key=lambda x: (-x.count, x.id))))
            for t, v in sorted(actors_of_topic.items())
        ),
        narrower=frozen_map((k, tuple(sorted(v))) for k, v in sorted(narrower.items())),
        related_topics=frozen_map((k, tuple(sorted(v))) for k, v in sorted(related_topics.items())),
        related_articles=frozen_map(_related_articles(articles, by_actor, by_topic,
                                                      related_limit)),
        corrected=corrected(articles),
        retracted=content.retracted,
    )


def corrected(articles: tuple[Article, ...]) -> MappingProxyType:
    """The articles with corrections -> the day of the newest, newest first (then as
    listed)."""
    found = [a for a in articles if a.corrections]
    found.sort(key=lambda a: a.modified, reverse=True)
    return frozen_map((a.id, a.modified) for a in found)


def _co_actors(partners_of: dict[str, list[str]], article_by_id: dict, by_actor: dict,
               limit: int) -> dict[str, tuple[Tally, ...]]:
    """Each actor's `limit` most frequent partners in articles, with shared articles."""
    co_actors = {}
    for actor, partners in partners_of.items():
        counts = Counter(partners)
        del counts[actor]
        if counts:
            co_actors[actor] = tuple(
                Tally(other, n, _shared(article_by_id, by_actor, actor, other, n))
                for other, n in _strongest(counts, limit))
    return co_actors


def _actor_topics(topics_of: dict[str, list[str]]
                  ) -> tuple[dict[str, tuple[Tally, ...]], dict[str, list[Tally]]]:
    """Each actor's topics with counts, most first, and each topic's actors."""
    topic_counts = {actor: Counter(topics) for actor, topics in topics_of.items()}
    topics_of_actor = {
        actor: tuple(Tally(t, n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        for actor, counts in topic_counts.items()
    }
    actors_of_topic: dict[str, list[Tally]] = defaultdict(list)
    for actor, counts in topic_counts.items():
        for topic, n in counts.items():
            actors_of_topic[topic].append(Tally(actor, n))
    return topics_of_actor, actors_of_topic


def _topic_relations(content: Content) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Each topic's narrower topics, and its related topics both ways. A topic that is
    broader or narrower than another is never also related to it: the broader topic
    lists it as narrower only (a declaration that says both is W604)."""
    narrower: dict[str, list[str]] = defaultdict(list)
    related_topics: dict[str, set[str]] = defaultdict(set)
    topics = content.topics
    for topic in topics.values():
        if topic.broader:
            narrower[topic.broader].append(topic.id)
    for topic in topics.values():
        for other in topic.related:
            if topic.broader == other or getattr(topics.get(other), "broader", None) == topic.id:
                continue
            related_topics[topic.id].add(other)
            related_topics[other].add(topic.id)
    return narrower, related_topics


# The fields of `Site` that `link` computes; the others are the content's
_CONTENT_FIELDS = frozenset({"articles", "actors", "topics", "retracted", "article_by_id"})


def link_maps(site: Site) -> dict[str, tuple[str, dict]]:
    """What `link` computed for `site` (every cross-link), in plain values: with the
    content it was linked from, it makes the site again (`with_maps`). A quote is kept
    as its article and number: it is in its article already, and unpickling a frozen
    record costs several times as much as a tuple."""
    maps = {}
    for f in fields(Site):
        if f.name in _CONTENT_FIELDS:
            continue
        values = getattr(site, f.name)
        first = next((item for value in values.values() if type(value) is tuple
                      for item in value), None)
        if isinstance(first, Tally):  # cached as plain tuples: a tenth of the cost
            maps[f.name] = ("tally", {key: tuple(map(tuple, value))
                                      for key, value in values.items()})
        elif isinstance(first, Quote):
            maps[f.name] = ("quote", {key: tuple((q.article, q.number) for q in value)
                                      for key, value in values.items()})
        else:
            maps[f.name] = ("", dict(values))
    return maps


def with_maps(content: Content, maps: dict[str, tuple[str, dict]]) -> Site:
    """The site of `content` whose cross-links are `maps` (`link_maps` of a site linked
    from content that was the same in everything `link` reads)."""
    quotes = {(q.article, q.number): q for a in content.articles for q in a.quotes}
    links = {}
    for name, (kind, values) in maps.items():
        if kind == "tally":
            values = {key: tuple(map(Tally._make, value)) for key, value in values.items()}
        elif kind == "quote":
            values = {key: tuple(quotes[q] for q in value) for key, value in values.items()}
        links[name] = MappingProxyType(values)
    return Site(articles=content.articles,
                article_by_id=frozen_map((a.id, a) for a in content.articles),
                actors=content.actors, topics=content.topics, retracted=content.retracted,
                **links)


def link_map_names() -> frozenset[str]:
    return frozenset(f.name for f in fields(Site)) - _CONTENT_FIELDS


def relink(content: Content, before: Content, site: Site
           ) -> tuple[Site, frozenset[str]] | None:
    """`site`, linked from `before`, updated for `content`, if the two differ only in
    what no cross-link depends on: the text, title, summary or source of some articles
    (a save in a live preview, mostly). Only those articles' records change. Returns the
    site and the ids of the changed articles; None if anything else differs (then `link`)."""
    if (len(content.articles) != len(before.articles) or content.actors != before.actors
            or content.topics != before.topics or content.retracted != before.retracted):
        return None
    changed = {}
    for new, old in zip(content.articles, before.articles, strict=True):
        if new is old or new == old:
            continue
        if linked_by(new) != linked_by(old):
            return None
        changed[new.id] = new
    if not changed:
        return site, frozenset()
    by_id = dict(site.article_by_id)
    by_id.update(changed)
    return replace(site, articles=tuple(changed.get(a.id, a) for a in site.articles),
                   article_by_id=frozen_map(by_id)), frozenset(changed)


def linked_by(article: Article) -> tuple:
    """What `link` reads of an article (its place in the order is by date and id)."""
    return (article.id, article.date, article.actors, article.mentions, article.topics,
            article.quotes, article.corrections)


def _contenders(counts: Counter, limit: int):
    """The keys that can be among the `limit` highest counts: those reaching the
    limit-th highest count, picked out without a Python loop over all keys."""
    if len(counts) <= limit:
        return counts.keys()
    cutoff = heapq.nlargest(limit, counts.values())[-1]
    return compress(counts.keys(), map(cutoff.__le__, counts.values()))


def _strongest(counts: Counter, limit: int) -> list[tuple[str, int]]:
    """The `limit` highest counts, ties by id."""
    ranked = sorted((-counts[k], k) for k in _contenders(counts, limit))
    return [(k, -neg) for neg, k in ranked[:limit]]


def _shared(article_by_id, by_actor, a: str, b: str, count: int) -> tuple[str, ...]:
    """The newest SHARED_SAMPLE articles naming both actors, found along the shorter of
    the two timelines, so each actor costs at most `co_actor_limit` times its own."""
    want = min(count, SHARED_SAMPLE)
    mine, theirs = by_actor[a], by_actor[b]
    other = b
    if len(theirs) < len(mine):
        mine, other = theirs, a
    found = []
    for article_id in mine:
        article = article_by_id[article_id]
        if other in article.actors or other in article.mentions:
            found.append(article_id)
            if len(found) == want:
                break
    return tuple(found)


def _related_articles(articles: tuple[Article, ...], by_actor, by_topic, limit: int):
    """Articles sharing the most actors and topics, nearest in time first.

    For each shared entity only the RELATED_WINDOW articles nearest in the entity's
    timeline are candidates, so popular actors do not make this quadratic.
    """
    # Each timeline lists its articles in the order of `articles`, so an article's place
    # in it is the number of its articles seen so far.
    seen = {"actor": Counter(), "topic": Counter()}
    order = {a.id: i for i, a in enumerate(articles)}
    half = RELATED_WINDOW // 2
    for me, article in enumerate(articles):
        near: list[str] = []  # counted once, as a Counter updated per entity would
        for kind, timelines, entities in (("actor", by_actor, article.all_actors),
                                          ("topic", by_topic, article.topics)):
            places = seen[kind]
            for entity in entities:
                at = places[entity]
                places[entity] = at + 1
                near.extend(timelines[entity][max(0, at - half): at + half + 1])
        scores = Counter(near)
        del scores[article.id]
        ranked = sorted((-scores[other], abs(order[other] - me), other)
                        for other in _contenders(scores, limit))
        yield article.id, tuple(other for _, _, other in ranked[:limit])
