"""The co-occurrence network: which actors appear together, laid out at build time.

Bounded by construction: the site network holds the TOP_ACTORS actors with the most
articles and the pairs of them named in the same articles (counted from each one's
articles, at most TOP_ACTORS² / 2 pairs), of which it draws at most MAX_LINES, the
pairs named together most often (`least`); a neighbourhood holds one actor and its
NEIGHBOURS strongest partners (`Site.co_actors`). The layout is a fixed number of
force-directed steps from a fixed start, so it costs the same at any corpus size and
gives the same picture on every build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.model import Site
from generator.outputs.charts import Edge, Node

TOP_ACTORS = 40
NEIGHBOURS = 10
MAX_LINES = 150  # unless the pairs named together most often are more
STEPS = 120
DENSE = 0.5  # share of all possible edges above which the layout is a circle


@dataclass(frozen=True)
class Pair:
    """Two actors named in the same articles: `a` is the one named in more articles
    (then by name); `main`, of those articles, the ones where both are main subjects,
    `one_main` where one of the two is."""

    a: str
    b: str
    count: int
    main: int
    one_main: int


@dataclass(frozen=True)
class Network:
    nodes: list[Node]  # laid out
    edges: list[Edge]  # the lines drawn: the pairs named together in `least` articles or more
    pairs: list[Pair]  # every pair of the nodes named in the same articles, ranked
    least: int


def site_network(site: Site, href: Callable[[str], str], limit: int = TOP_ACTORS
                 ) -> Network:
    """The `limit` actors named in the most articles, every pair of them named in the
    same articles, and lines for at most MAX_LINES of those (`least`)."""
    counts = {actor: len(ids) for actor, ids in site.articles_by_actor.items()}
    names = {actor: site.actors[actor].name for actor in counts}
    chosen = sorted(counts, key=lambda a: (-counts[a], names[a].casefold(), a))[:limit]
    pairs = _pairs(site, chosen)
    pairs.sort(key=lambda p: (-p.count, -p.main, -p.one_main, -(counts[p.a] + counts[p.b]),
                              names[p.a].casefold(), names[p.b].casefold(), p.a, p.b))
    fewest = least(pairs, MAX_LINES)
    edges = [Edge(p.a, p.b, p.count) for p in pairs if p.count >= fewest]
    nodes = [_node(site, a, href) for a in chosen]
    return Network(_layout(nodes, edges), edges, pairs, fewest)


def least(pairs: list[Pair], most: int) -> int:
    """The fewest shared articles of a pair drawn: the smallest count of a pair such
    that at most `most` pairs have as many or more, or, if the pairs named together
    most often are more than that, their count (the strongest are always drawn)."""
    counts = sorted((p.count for p in pairs), reverse=True)
    if not counts:
        return 1
    fewest = counts[0]
    for place, count in enumerate(counts, start=1):
        if place > most:
            break
        if place == len(counts) or counts[place] < count:  # `place` pairs share `count`+
            fewest = count
    return fewest


def _pairs(site: Site, chosen: list[str]) -> list[Pair]:
    """The pairs of `chosen` (most named first) named in the same articles, counted."""
    named = [set(site.articles_by_actor[a]) for a in chosen]
    about = [set(site.articles_about_actor.get(a, ())) for a in chosen]
    pairs = []
    for i, a in enumerate(chosen):
        for j in range(i + 1, len(chosen)):
            count = len(named[i] & named[j])
            if count:
                both = len(about[i] & about[j])
                one = len(about[i] & named[j]) + len(named[i] & about[j]) - 2 * both
                pairs.append(Pair(a, chosen[j], count, both, one))
    return pairs


def neighbourhood(site: Site, actor_id: str, href: Callable[[str], str],
                  limit: int = NEIGHBOURS) -> tuple[list[Node], list[Edge]]:
    """The actor in the middle, its strongest partners around it, ordered by strength,
    everything counted within the actor's own articles: a partner's circle is the
    articles it shares with the actor, a line between two partners the actor's
    articles that name both. So the chart changes when the actor's articles do, not
    when an article elsewhere names its partners."""
    partners = list(site.co_actors.get(actor_id, ())[:limit])
    if not partners:
        return [], []
    nodes = [_node(site, actor_id, href, x=0.5, y=0.5)]
    count = len(partners)
    shared = f" with {site.actors[actor_id].name}"
    for index, tally in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        partner = site.actors[tally.id]
        nodes.append(Node(tally.id, partner.name, partner.type, tally.count, href(tally.id),
                          0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle), shared))
    edges = [Edge(actor_id, t.id, t.count) for t in partners]
    edges += _edges_within(site, actor_id, {t.id for t in partners})
    return nodes, edges


def _edges_within(site: Site, actor_id: str, keep: set[str]) -> list[Edge]:
    """Pairs of `keep` named together in the articles of `actor_id`, with their count."""
    seen: dict[tuple[str, str], int] = {}
    for article_id in site.articles_by_actor.get(actor_id, ()):
        present = sorted(a for a in site.article_by_id[article_id].all_actors if a in keep)
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                seen[(a, b)] = seen.get((a, b), 0) + 1
    return [Edge(a, b, n) for (a, b), n in sorted(seen.items())]


def _node(site: Site, actor_id: str, href: Callable[[str], str],
          x: float = 0.0, y: float = 0.0) -> Node:
    actor = site.actors[actor_id]
    return Node(actor_id, actor.name, actor.type,
                len(site.articles_by_actor.get(actor_id, ())), href(actor_id), x, y)


def _layout(nodes: list[Node], edges: list[Edge]) -> list[Node]:
    """Fruchterman-Reingold from a circle, then scaled into the unit square."""
    count = len(nodes)
    if count == 0:
        return []
    if count == 1:
        return [_moved(nodes[0], 0.5, 0.5)]
    if len(edges) > DENSE * count * (count - 1) / 2:
        return _circle(nodes)
    pos = [[math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)]
           for i in range(count)]
    index = {n.id: i for i, n in enumerate(nodes)}
    pairs = [(index[e.a], index[e.b], 1 + math.log(e.weight)) for e in edges]
    k = 1.6 / math.sqrt(count)
    heat = 0.2
    for _ in range(STEPS):
        move = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            xi, yi = pos[i]
            for j in range(i + 1, count):
                dx, dy = xi - pos[j][0], yi - pos[j][1]
                d2 = dx * dx + dy * dy or 1e-6
                f = k * k / d2
                move[i][0] += dx * f
                move[i][1] += dy * f
                move[j][0] -= dx * f
                move[j][1] -= dy * f
        for i, j, w in pairs:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            d = math.sqrt(dx * dx + dy * dy) or 1e-6
            f = d * w / k
            move[i][0] -= dx * f
            move[i][1] -= dy * f
            move[j][0] += dx * f
            move[j][1] += dy * f
        for i in range(count):
            mx, my = move[i]
            # a weak pull to the centre keeps unconnected actors on the page
            mx -= pos[i][0] * 0.5
            my -= pos[i][1] * 0.5
            length = math.sqrt(mx * mx + my * my) or 1e-6
            step = min(length, heat)
            pos[i][0] += mx / length * step
            pos[i][1] += my / length * step
        heat *= 0.97
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return [_moved(n, round((p[0] - min(xs)) / span_x, 4), round((p[1] - min(ys)) / span_y, 4))
            for n, p in zip(nodes, pos, strict=True)]


def _circle(nodes: list[Node]) -> list[Node]:
    """A dense graph has no shape to show: a circle, grouped by type, keeps names apart."""
    order = sorted(nodes, key=lambda n: (n.type, -n.weight, n.id))
    count = len(order)
    return [_moved(n, round(0.5 + 0.5 * math.cos(-math.pi / 2 + 2 * math.pi * i / count), 4),
                   round(0.5 + 0.5 * math.sin(-math.pi / 2 + 2 * math.pi * i / count), 4))
            for i, n in enumerate(order)]


def _moved(node: Node, x: float, y: float) -> Node:
    return replace(node, x=x, y=y)
