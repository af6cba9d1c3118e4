"""Small static SVG charts, drawn at build time: no JavaScript, no external files.

Every value that comes from content is escaped with `html.escape`; coordinates are rounded
so that the output is byte-identical from one build to the next.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model import ACTOR_TYPES

OTHER_COLOUR = "#455a64"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _colour(actor_type: str) -> str:
    kind = ACTOR_TYPES.get(actor_type)
    return kind.colour if kind else OTHER_COLOUR


def legend() -> str:
    """What the colours of network circles mean, from the one table of actor types."""
    items = " ".join(
        f'<span class="archive-legend" style="--archive-swatch: {kind.colour}">'
        f"{_e(kind.label)}</span>" for kind in ACTOR_TYPES.values())
    return f'<p class="archive-legend-row">{items}</p>\n'


# --- mentions over time -----------------------------------------------------------------


def time_buckets(dates: Iterable[dt.date]) -> list[tuple[str, int]]:
    """Counts per year over the whole span; per month when the span is a single year."""
    dates = list(dates)
    if not dates:
        return []
    first, last = min(dates), max(dates)
    if first.year == last.year:
        months = Counter(d.month for d in dates)
        return [(dt.date(first.year, m, 1).strftime("%b %Y"), months.get(m, 0))
                for m in range(1, 13)]
    years = Counter(d.year for d in dates)
    return [(str(y), years.get(y, 0)) for y in range(first.year, last.year + 1)]


def _ticks(names: Sequence[str]) -> tuple[list[str], str]:
    """Axis labels and a line drawn once below them: buckets named "Jan 2023" … "Dec 2023"
    are labelled "Jan" … "Dec" with "2023" once; other names stand as they are."""
    heads = [name.rpartition(" ") for name in names]
    years = {year for _, _, year in heads}
    if len(years) == 1 and all(head for head, _, _ in heads):
        return [head for head, _, _ in heads], years.pop()
    return list(names), ""


def bar_chart(buckets: Sequence[tuple[str, int]], label: str, unit: str = "article") -> str:
    """A column chart of counts; each column carries its full name and value as a tooltip."""
    if not buckets:
        return ""
    ticks, below = _ticks([name for name, _ in buckets])
    width, top, left = 640, 14, 34
    bottom = 44 if below else 30
    height = 106 + top + bottom
    plot_h = height - top - bottom
    peak = max(n for _, n in buckets) or 1
    step = (width - left - 6) / len(buckets)
    bar_w = max(2.0, min(step * 0.75, 40.0))
    # about 7 px a character at 11 px: a label, and a gap, fit under the columns it spans
    widest = max(len(tick) for tick in ticks) * 7 + 10
    label_every = max(1, math.ceil(widest / step))
    total = sum(n for _, n in buckets)
    summary = f"{label}: {total} {unit}{'' if total == 1 else 's'}, peak {peak}"
    parts = [
        f'<svg class="archive-chart__svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_e(summary)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(summary)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" '
        'class="archive-chart__axis"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="archive-chart__tick">'
        f"{peak}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" '
        'class="archive-chart__tick">0</text>',
    ]
    for index, ((name, count), tick) in enumerate(zip(buckets, ticks, strict=True)):
        x = left + index * step + (step - bar_w) / 2
        h = plot_h * count / peak
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(top + plot_h - h)}" width="{_n(bar_w)}" '
            f'height="{_n(h)}" class="archive-chart__bar"><title>{_e(name)}: {count}</title></rect>'
        )
        if index % label_every == 0:
            parts.append(f'<text x="{_n(x + bar_w / 2)}" y="{top + plot_h + 20}" '
                         f'text-anchor="middle" class="archive-chart__tick">{_e(tick)}</text>')
    if below:
        parts.append(f'<text x="{left}" y="{height - 6}" class="archive-chart__tick">'
                     f"{_e(below)}</text>")
    parts.append("</svg>")
    return "".join(parts)


# --- networks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    type: str
    weight: int  # articles
    href: str
    x: float = 0.0
    y: float = 0.0
    counted: str = ""  # what the articles are counted within, e.g. " with Hun Sen"


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    weight: int  # shared articles


def network_svg(nodes: Sequence[Node], edges: Sequence[Edge], label: str,
                size: tuple[int, int] = (720, 520), focus: str | None = None) -> str:
    """Nodes (already laid out in a 0..1 square) as linked circles, edges as lines."""
    if not nodes:
        return ""
    width, height = size
    pad_x, pad_y = 165, 36
    at = {n.id: (pad_x + n.x * (width - 2 * pad_x), pad_y + n.y * (height - 2 * pad_y))
          for n in nodes}
    heaviest_edge = max((e.weight for e in edges), default=1)
    heaviest_node = max(n.weight for n in nodes) or 1
    parts = [
        # no role: the SVG's own (graphics-document) keeps its links reachable, and HTML
        # allows no group role on svg; role="img" would hide the links
        f'<svg class="archive-network__svg" viewBox="0 0 {width} {height}" '
        f'aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(label)}</title>",
        '<g class="archive-network__edges">',
    ]
    # every node has many edges: its coordinates are formatted once
    ends = {key: (_n(x), _n(y)) for key, (x, y) in at.items()}
    for edge in edges:
        (x1, y1), (x2, y2) = ends[edge.a], ends[edge.b]
        stroke = 0.8 + 4.2 * edge.weight / heaviest_edge
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                     f'stroke-width="{_n(stroke)}"><title>{edge.weight} shared</title></line>')
    parts.append("</g>")
    for node in nodes:
        parts.append(_node_svg(node, at[node.id], heaviest_node, node.id == focus,
                               (width, height), (pad_x, pad_y)))
    parts.append("</svg>")
    return "".join(parts)


def _node_svg(node: Node, at: tuple[float, float], heaviest: int, focus: bool,
              size: tuple[int, int], pad: tuple[int, int]) -> str:
    """One node: a linked circle and its name, placed away from the middle."""
    (x, y), (width, height), (pad_x, pad_y) = at, size, pad
    r = 5 + 11 * (node.weight / heaviest) ** 0.5
    if focus:
        r = max(r, 14)
    # names point away from the middle, so that a ring of nodes keeps them apart
    ux, uy = (x - width / 2) / (width / 2 - pad_x), (y - height / 2) / (height / 2 - pad_y)
    if focus:
        # the middle of a neighbourhood, which edges cross in every direction: the
        # name goes below the circle, on a plate drawn over the edges
        anchor, dx, dy = "middle", 0.0, r + 14
    elif abs(ux) < 0.15:
        anchor, dx, dy = "middle", 0.0, (-(r + 5) if uy < 0 else r + 13)
    else:
        anchor = "start" if ux >= 0 else "end"
        dx, dy = (r + 4 if ux >= 0 else -(r + 4)), 4.0
    # a long name is cut; the cut mark is hidden from assistive technology, which
    # reads the full name from aria-label (which must contain the visible text)
    name = _e(node.label) if len(node.label) <= 24 else (
        _e(_cut(node.label, 23)) + '<tspan aria-hidden="true">…</tspan>')
    cls = "archive-network__node"
    plate = ""
    if focus:
        cls += " archive-network__node--focus"
        # from just below the circle's outline to below the name: about 7 px a
        # character at 12 px, and a margin each side
        plate_w = 7 * min(len(node.label), 24) + 12
        plate = (f'<rect class="archive-network__plate" x="{_n(x - plate_w / 2)}" '
                 f'y="{_n(y + r + 1.5)}" width="{_n(plate_w)}" height="17" rx="3"/>')
    return (f'<a href="{_e(node.href)}" class="{cls}" aria-label="{_e(node.label)}, '
            f'{node.weight} article{"" if node.weight == 1 else "s"}{_e(node.counted)}">'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" '
            f'fill="{_colour(node.type)}"/>{plate}'
            f'<text x="{_n(x + dx)}" y="{_n(y + dy)}" text-anchor="{anchor}">{name}</text></a>')


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a whole word where there is one."""
    head = text[:limit + 1]
    return head[:head.rfind(" ")].rstrip() if " " in head else text[:limit]


def html_block(css_class: str, svg: str, caption: str = "") -> str:
    """Raw HTML that Markdown passes through untouched: one block, no blank lines."""
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure class="{css_class}">{svg}{cap}</figure>\n'
