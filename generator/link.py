"""Stage 4: compute every cross-link once, into a frozen `Site`.

All work here is bounded per article: co-occurrence counts pairs within one article, and
related articles are looked for only among each entity's nearest articles in time, so the
stage stays linear in the number of articles.

Rankings break ties by what matters to a reader first: between two actors, the articles
they share, then those where both are main subjects (an article's `actors`, not its
`mentions`), then those where one of the two is; an actor in a topic's articles, those
articles, then those where it is a main subject. Equal so far, the actor named in more
articles comes first, then the name (`_prominence`), and the id only last.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import fields, replace
from itertools import compress
from types import MappingProxyType

from generator.model import Actor, Article, Content, Quote, Site, Tally, frozen_map

RELATED_WINDOW = 12  # neighbours in time looked at per shared actor or topic
SHARED_SAMPLE = 3  # newest shared articles kept per pair of actors, for the actor pages


class _Seen:
    """What the articles say, gathered in one pass: each actor's and topic's articles,
    quotes, and the partners and topics of each actor (counted afterwards: one list
    extended per article costs a fraction of a Counter updated per article)."""

    def __init__(self) -> None:
        self.by_actor: dict[str, list[str]] = defaultdict(list)
        self.about_actor: dict[str, list[str]] = defaultdict(list)  # as a main subject
        self.by_topic: dict[str, list[str]] = defaultdict(list)
        self.quotes_by_actor: dict[str, list[Quote]] = defaultdict(list)
        self.quotes_by_topic: dict[str, list[Quote]] = defaultdict(list)
        # actor -> every actor of each of its articles (itself too: removed when counted);
        # of those where it is a main subject, the other main subjects; and the partners
        # of the articles where one of the two is a main subject and the other is not
        self.partners_of: dict[str, list[str]] = defaultdict(list)
        self.both_main: dict[str, list[str]] = defaultdict(list)
        self.one_main: dict[str, list[str]] = defaultdict(list)
        self.topics_of: dict[str, list[str]] = defaultdict(list)
        self.main_topics_of: dict[str, list[str]] = defaultdict(list)

    def add(self, article: Article) -> None:
        actors, main, mentions, topics = (article.all_actors, article.actors,
                                          article.mentions, article.topics)
        for actor in actors:
            self.by_actor[actor].append(article.id)
            self.partners_of[actor].extend(actors)
            if topics:
                self.topics_of[actor].extend(topics)
        for actor in main:
            self.about_actor[actor].append(article.id)
            self.both_main[actor].extend(main)
            if mentions:
                self.one_main[actor].extend(mentions)
            if topics:
                self.main_topics_of[actor].extend(topics)
        if main:
            for actor in mentions:
                self.one_main[actor].extend(main)
        for topic in topics:
            self.by_topic[topic].append(article.id)
        for quote in article.quotes:
            self.quotes_by_actor[quote.speaker].append(quote)
            for topic in quote.topics or topics:
                self.quotes_by_topic[topic].append(quote)


def _sorted_map(items: dict) -> MappingProxyType:
    return frozen_map((k, tuple(v)) for k, v in sorted(items.items()))


def link(content: Content, related_limit: int = 5, co_actor_limit: int = 10) -> Site:
    articles = content.articles  # newest first
    seen = _Seen()
    for article in articles:
        seen.add(article)
    article_by_id = {a.id: a for a in articles}
    order = _prominence(seen.by_actor, content.actors)
    co_actors, co_actors_more = _co_actors(seen, article_by_id, order, co_actor_limit)
    seen.partners_of = seen.both_main = seen.one_main = {}
    topics_of_actor, actors_of_topic = _actor_topics(seen, order)
    seen.topics_of = seen.main_topics_of = {}
    narrower, related_topics = _topic_relations(content)

    return Site(
        articles=articles,
        article_by_id=frozen_map(article_by_id),
        actors=content.actors,
        topics=content.topics,
        articles_by_actor=_sorted_map(seen.by_actor),
        articles_about_actor=_sorted_map(seen.about_actor),
        articles_by_topic=_sorted_map(seen.by_topic),
        quotes_by_actor=_sorted_map(seen.quotes_by_actor),
        quotes_by_topic=_sorted_map(seen.quotes_by_topic),
        co_actors=frozen_map(sorted(co_actors.items())),
        co_actors_more=frozen_map(sorted(co_actors_more.items())),
        topics_of_actor=frozen_map(sorted(topics_of_actor.items())),
        actors_of_topic=frozen_map(sorted(actors_of_topic.items())),
        narrower=frozen_map((k, tuple(sorted(v))) for k, v in sorted(narrower.items())),
        related_topics=frozen_map((k, tuple(sorted(v))) for k, v in sorted(related_topics.items())),
        related_articles=frozen_map(_related_articles(articles, seen.by_actor, seen.by_topic,
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


def _prominence(by_actor: dict[str, list[str]], actors) -> dict[str, int]:
    """Each actor named in an article -> its place among them all: most articles first,
    then by name (case-insensitively), then by id."""
    def key(actor_id: str) -> tuple:
        actor: Actor | None = actors.get(actor_id)
        return (-len(by_actor[actor_id]), actor.name.casefold() if actor else "", actor_id)

    return {actor_id: place for place, actor_id in enumerate(sorted(by_actor, key=key))}


def _co_actors(seen: _Seen, article_by_id: dict, order: dict[str, int], limit: int
               ) -> tuple[dict[str, tuple[Tally, ...]], dict[str, tuple[str, ...]]]:
    """Each actor's partners in articles, ranked: the first `limit` with their counts and
    newest shared articles, and the ids of the rest, in order."""
    co_actors, more = {}, {}
    for actor, partners in seen.partners_of.items():
        counts = Counter(partners)
        del counts[actor]
        if not counts:
            continue
        both = _counted(counts, seen.both_main.get(actor, ()))
        one = _counted(counts, seen.one_main.get(actor, ()))
        ranked = _ranked(counts, (both, one), order)
        co_actors[actor] = tuple(
            Tally(k, counts[k], _shared(article_by_id, seen.by_actor, actor, k, counts[k]),
                  both[k], one[k])
            for k in ranked[:limit])
        if len(ranked) > limit:
            more[actor] = tuple(ranked[limit:])
    return co_actors, more


def _counted(keys: Counter, items: list[str]) -> dict[str, int]:
    """How often each of `keys` is in `items` (0 if never; others may be counted too)."""
    found = dict.fromkeys(keys, 0)
    found.update(Counter(items))
    return found


def _ranked(counts: dict, then: tuple[dict, ...], order: dict[str, int]) -> list[str]:
    """The keys of `counts`, most first; at equal counts, by each of `then` (most first)
    in turn, then by `order`. One stable sort per key, each key a look-up done in C, not
    a Python function called for each of the partners (about 290,000 pairs of actors at
    10,000 articles of the synthetic corpus)."""
    ranked = sorted(counts, key=order.__getitem__)
    for values in (*reversed(then), counts):
        ranked.sort(key=values.__getitem__, reverse=True)
    return ranked


def _actor_topics(seen: _Seen, order: dict[str, int]
                  ) -> tuple[dict[str, tuple[Tally, ...]], dict[str, tuple[Tally, ...]]]:
    """Each actor's topics with counts, most first, and each topic's actors, ranked."""
    topic_counts = {actor: Counter(topics) for actor, topics in seen.topics_of.items()}
    topics_of_actor = {
        actor: tuple(Tally(t, n) for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        for actor, counts in topic_counts.items()
    }
    actors_of_topic: dict[str, list[Tally]] = defaultdict(list)
    for actor, counts in topic_counts.items():
        main = Counter(seen.main_topics_of.get(actor, ()))
        for topic, n in counts.items():
            actors_of_topic[topic].append(Tally(actor, n, (), main[topic]))
    return topics_of_actor, {
        topic: tuple(sorted(tallies, key=lambda x: (-x.count, -x.main, order[x.id])))
        for topic, tallies in actors_of_topic.items()}


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
