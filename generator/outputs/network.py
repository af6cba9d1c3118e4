"""The co-occurrence network: which actors appear together, laid out at build time.

Bounded by construction: the site network holds the TOP_ACTORS actors with the most
articles and only edges already counted in `Site.co_actors` (each actor's strongest
partners), and a neighbourhood holds one actor and its NEIGHBOURS strongest partners.
The layout is a fixed number of force-directed steps from a fixed start, so it costs the
same at any corpus size and gives the same picture on every build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from generator.model import Site
from generator.outputs.charts import Edge, Node

TOP_ACTORS = 40
NEIGHBOURS = 10
STEPS = 120
DENSE = 0.5  # share of all possible edges above which the layout is a circle


def site_network(site: Site, href: Callable[[str], str],
                 limit: int = TOP_ACTORS) -> tuple[list[Node], list[Edge]]:
    ranked = sorted(site.articles_by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    chosen = [actor_id for actor_id, _ in ranked[:limit]]
    keep = set(chosen)
    edges = _edges_among(site, keep)
    nodes = [_node(site, a, href) for a in chosen]
    return _layout(nodes, edges), edges


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


def _edges_among(site: Site, keep: set[str]) -> list[Edge]:
    seen: dict[tuple[str, str], int] = {}
    for actor_id in sorted(keep):
        for tally in site.co_actors.get(actor_id, ()):
            if tally.id in keep:
                key = (min(actor_id, tally.id), max(actor_id, tally.id))
                seen[key] = max(seen.get(key, 0), tally.count)
    return [Edge(a, b, n) for (a, b), n in sorted(seen.items())]


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
