"""Stage 4: compute every cross-link once, into a frozen `Site`.

All work here is bounded per article: co-occurrence counts pairs within one article, and
related articles are looked for only among each entity's nearest articles in time, so the
stage stays linear in the number of articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from generator.model import Article, Content, Quote, Site, Tally, frozen_map

RELATED_WINDOW = 12  # neighbours in time looked at per shared actor or topic


def link(content: Content, related_limit: int = 5, co_actor_limit: int = 10) -> Site:
    articles = content.articles  # newest first
    by_actor: dict[str, list[str]] = defaultdict(list)
    by_topic: dict[str, list[str]] = defaultdict(list)
    quotes_by_actor: dict[str, list[Quote]] = defaultdict(list)
    quotes_by_topic: dict[str, list[Quote]] = defaultdict(list)
    pair_articles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    topic_counts: dict[str, Counter] = defaultdict(Counter)
    topic_articles: dict[tuple[str, str], list[str]] = defaultdict(list)

    for article in articles:
        actors = sorted(article.all_actors)
        for actor in actors:
            by_actor[actor].append(article.id)
            for other in actors:
                if other != actor:
                    pair_articles[actor][other].append(article.id)
            for topic in article.topics:
                topic_counts[actor][topic] += 1
                topic_articles[(actor, topic)].append(article.id)
        for topic in article.topics:
            by_topic[topic].append(article.id)
        for quote in article.quotes:
            quotes_by_actor[quote.speaker].append(quote)
            for topic in quote.topics or article.topics:
                quotes_by_topic[topic].append(quote)

    co_actors = {
        actor: _top(((other, ids) for other, ids in partners.items()), co_actor_limit)
        for actor, partners in pair_articles.items()
    }
    topics_of_actor = {
        actor: tuple(Tally(t, n, tuple(topic_articles[(actor, t)]))
                     for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        for actor, counts in topic_counts.items()
    }
    actors_of_topic: dict[str, list[Tally]] = defaultdict(list)
    for (actor, topic), ids in topic_articles.items():
        actors_of_topic[topic].append(Tally(actor, len(ids), tuple(ids)))

    narrower: dict[str, list[str]] = defaultdict(list)
    related_topics: dict[str, set[str]] = defaultdict(set)
    for topic in content.topics.values():
        if topic.broader:
            narrower[topic.broader].append(topic.id)
        for other in topic.related:
            related_topics[topic.id].add(other)
            related_topics[other].add(topic.id)

    return Site(
        articles=articles,
        article_by_id=frozen_map((a.id, a) for a in articles),
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
    )


def _top(items, limit: int) -> tuple[Tally, ...]:
    ranked = sorted(((other, ids) for other, ids in items), key=lambda kv: (-len(kv[1]), kv[0]))
    return tuple(Tally(other, len(ids), tuple(ids)) for other, ids in ranked[:limit])


def _related_articles(articles: tuple[Article, ...], by_actor, by_topic, limit: int):
    """Articles sharing the most actors and topics, nearest in time first.

    For each shared entity only the RELATED_WINDOW articles nearest in the entity's
    timeline are candidates, so popular actors do not make this quadratic.
    """
    position: dict[tuple[str, str], int] = {}
    for key, lists in (("a", by_actor), ("t", by_topic)):
        for entity, ids in lists.items():
            for index, article_id in enumerate(ids):
                position[(key + entity, article_id)] = index
    order = {a.id: i for i, a in enumerate(articles)}
    half = RELATED_WINDOW // 2
    for article in articles:
        scores: Counter = Counter()
        entities = [("a", e, by_actor[e]) for e in article.all_actors]
        entities += [("t", e, by_topic[e]) for e in article.topics]
        for key, entity, ids in entities:
            at = position[(key + entity, article.id)]
            for other in ids[max(0, at - half): at + half + 1]:
                if other != article.id:
                    scores[other] += 1
        me = order[article.id]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], abs(order[kv[0]] - me), kv[0]))
        yield article.id, tuple(other for other, _ in ranked[:limit])
