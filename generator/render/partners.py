"""The actors an actor is seen with, ranked (`link`): the strongest on its page with the
articles they share, the rest after them, folded, or on pages of their own
(`generator/render/ranking.py`).

The rest are ids in the model (`Site.co_actors_more`); their counts are made here from
the actor's own articles, which its page reads already (its neighbourhood chart counts
in them too), so that no page reads another actor's articles.
"""

from __future__ import annotations

from collections import Counter

from generator import urls
from generator.link import SHARED_SAMPLE
from generator.model import Site, Tally
from generator.render import ranking
from generator.render import text as t
from generator.render.links import Links
from generator.render.markup import Body, strong

SHARED_SHOWN = SHARED_SAMPLE  # newest shared articles listed per partner
NOTE = ("Ranked by the articles they share; where those are equal, by the articles in "
        "which both, then one, are main subjects. Equal ranks share a number.")


def section(body: Body, actor_id: str) -> ranking.Ranking | None:
    """The "Seen most often with" list on the actor's page, added to `body`; the whole
    ranking, or None if the actor shares no article with another."""
    site = body.links.site
    partners = site.co_actors.get(actor_id, ())
    if not partners:
        return None
    whole = whole_ranking(site, actor_id)
    body.h(2, "Seen most often with")
    body.p(NOTE)
    body.add(ranking.numbered(body.links, whole.items[:len(partners)], _detailed))
    ranking.more(body, whole, len(partners), row)
    return whole


def whole_ranking(site: Site, actor_id: str) -> ranking.Ranking:
    top = site.co_actors.get(actor_id, ())
    items = [*top, *_counted(site, actor_id, site.co_actors_more.get(actor_id, ()))]
    name = site.actors[actor_id].name
    return ranking.Ranking(
        ranking.ranked(items, [(x.count, x.main, x.one_main) for x in items]),
        f"actors seen with {name}", urls.folder(urls.actor(actor_id)) + "/with",
        f"Actors seen with {name}")


def _counted(site: Site, actor_id: str, others: tuple[str, ...]) -> list[Tally]:
    """`others` with what the actor's articles count of each, as `link` counts them."""
    if not others:
        return []
    wanted = set(others)
    count: Counter = Counter()
    both: Counter = Counter()
    one: Counter = Counter()
    for article_id in site.articles_by_actor.get(actor_id, ()):
        article = site.article_by_id[article_id]
        main = article.actors
        mine = actor_id in main
        for other in article.all_actors:
            if other in wanted:
                count[other] += 1
                theirs = other in main
                if mine and theirs:
                    both[other] += 1
                elif mine or theirs:
                    one[other] += 1
    return [Tally(other, count[other], (), both[other], one[other]) for other in others]


def row(links: Links, tally: Tally) -> str:
    """A partner: its name, the articles shared and what they are made of."""
    return (f"{links.actor(tally.id)} — {t.plural(tally.count, 'shared article')}"
            f"{ranking.main_subjects(tally.count, tally.main, tally.one_main)}")


def _detailed(links: Links, tally: Tally) -> str:
    """A partner with the newest articles shared."""
    shared = " · ".join(links.article(a) for a in tally.articles[:SHARED_SHOWN])
    more = f" and {tally.count - SHARED_SHOWN} more" if tally.count > SHARED_SHOWN else ""
    return (f"{strong(links.actor(tally.id))} — {t.plural(tally.count, 'shared article')}"
            f"{ranking.main_subjects(tally.count, tally.main, tally.one_main)}: "
            f"{shared}{more}")
