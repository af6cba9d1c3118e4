"""Small static charts, drawn at build time: no JavaScript, no external files. Columns are
HTML; a network is an SVG drawing with its names as HTML links over it, so that every
name keeps the text's size on a phone.

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
# A network drawing's margins (x, y) around the nodes, which leave room for the names
PAD = (165, 36)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _colour(actor_type: str) -> str:
    kind = ACTOR_TYPES.get(actor_type)
    return kind.colour if kind else OTHER_COLOUR


def legend(types: Iterable[str] | None = None) -> str:
    """What the colours of network circles mean, from the one table of actor types: of
    `types` (those drawn), or of every type."""
    shown = set(ACTOR_TYPES) if types is None else set(types)
    items = " ".join(
        f'<span class="archive-legend" style="--archive-swatch: {kind.colour}">'
        f"{_e(kind.label)}</span>" for key, kind in ACTOR_TYPES.items() if key in shown)
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
    """A column chart of counts, in HTML: columns sized in percentages of the highest,
    and their names as text at the text's size at any width (an SVG's would shrink with
    the drawing on a phone). Where the columns are too narrow for every name, every
    other one (or every n-th) is shown: the rule for a phone's width and the rule for a
    wider page are worked out here, the screen picks one. Each column's full name and
    count are its tooltip; the whole chart is one image to assistive technology, named
    by its summary."""
    if not buckets:
        return ""
    ticks, below = _ticks([name for name, _ in buckets])
    peak = max(n for _, n in buckets) or 1
    total = sum(n for _, n in buckets)
    summary = f"{label}: {total} {unit}{'' if total == 1 else 's'}, peak {peak}"
    # about 8 px a character at 12 px, and a gap, under the columns a name spans, on a
    # chart about 320 px wide on a phone and 640 px on a wider page
    widest = max(len(tick) for tick in ticks) * 8 + 8
    wide = max(1, math.ceil(widest * len(buckets) / 640))
    narrow = wide * math.ceil(max(1, math.ceil(widest * len(buckets) / 320)) / wide)
    columns = []
    for index, ((name, count), tick) in enumerate(zip(buckets, ticks, strict=True)):
        shown = "" if index % wide else (
            "" if index % narrow == 0 else " archive-bars__tick--wide")
        name_text = (f'<span class="archive-bars__tick{shown}">{_e(tick)}</span>'
                     if not index % wide else "")
        columns.append(f'<li title="{_e(name)}: {count}"><span class="archive-bars__bar" '
                       f'style="height:{_pc(100 * count / peak)}"></span>{name_text}</li>')
    year = f'<p class="archive-bars__below">{_e(below)}</p>' if below else ""
    return (f'<div class="archive-bars" role="img" aria-label="{_e(summary)}">'
            f'<p class="archive-bars__peak">{peak}</p>'
            f'<ol class="archive-bars__columns">{"".join(columns)}</ol>{year}</div>')


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


def network_chart(nodes: Sequence[Node], edges: Sequence[Edge], label: str,
                size: tuple[int, int] = (720, 520), focus: str | None = None) -> str:
    """Nodes (already laid out in a 0..1 square) as circles and edges as lines in an SVG
    drawing, with each node's name over it as an HTML link placed in percentages of the
    drawing: the drawing scales with the page, the names keep the text's size at any
    width (a phone's too), each on a plate that no line crosses, cut to the room beside
    its circle with the whole name in its accessible name and tooltip."""
    if not nodes:
        return ""
    width, height = size
    pad_x, pad_y = PAD
    at = {n.id: (pad_x + n.x * (width - 2 * pad_x), pad_y + n.y * (height - 2 * pad_y))
          for n in nodes}
    heaviest_edge = max((e.weight for e in edges), default=1)
    heaviest_node = max(n.weight for n in nodes) or 1
    parts = [
        '<div class="archive-network__plot">',
        f'<svg class="archive-network__svg" viewBox="0 0 {width} {height}" '
        'aria-hidden="true" xmlns="http://www.w3.org/2000/svg">',
        '<g class="archive-network__edges">',
    ]
    # every node has many edges: its coordinates are formatted once
    ends = {key: (_n(x), _n(y)) for key, (x, y) in at.items()}
    for edge in edges:
        (x1, y1), (x2, y2) = ends[edge.a], ends[edge.b]
        stroke = 0.8 + 4.2 * edge.weight / heaviest_edge
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                     f'stroke-width="{_n(stroke)}"/>')
    parts.append("</g>")
    radius = {n.id: _radius(n, heaviest_node, n.id == focus) for n in nodes}
    for node in nodes:
        x, y = at[node.id]
        cls = ' class="archive-network__focus"' if node.id == focus else ""
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius[node.id])}"'
                     f'{cls} fill="{_colour(node.type)}"/>')
    parts.append("</svg>")
    parts.append(f'<ul class="archive-network__names" aria-label="{_e(label)}">')
    parts.extend(_name(node, at[node.id], radius[node.id], node.id == focus, size)
                 for node in nodes)
    parts.append("</ul></div>")
    return "".join(parts)


def _radius(node: Node, heaviest: int, focus: bool) -> float:
    r = 5 + 11 * (node.weight / heaviest) ** 0.5
    return max(r, 14) if focus else r


def _pc(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def _name(node: Node, at: tuple[float, float], r: float, focus: bool,
          size: tuple[int, int]) -> str:
    """A node's name: a link on a plate beside its circle, away from the middle (below the
    middle one, which edges cross in every direction). Its place and the room it may take
    are percentages of the drawing's width and height (margins of an absolutely placed
    box are taken of the width)."""
    (x, y), (width, height) = at, size
    ux = (x - width / 2) / (width / 2 - PAD[0])
    uy = (y - height / 2) / (height / 2 - PAD[1])
    if focus or abs(ux) < 0.15:
        side = "below" if focus or uy >= 0 else "above"
        room = 2 * min(x, width - x) - 8
        gap = r + 3
    elif ux >= 0:
        side, room, gap = "right", width - x - r - 8, r + 4
    else:
        side, room, gap = "left", x - r - 8, r + 4
    cls = f"archive-network__name--{side}" + (" archive-network__name--focus" if focus else "")
    articles = f'{node.weight} article{"" if node.weight == 1 else "s"}{node.counted}'
    return (f'<li class="{cls}" style="left:{_pc(100 * x / width)};top:{_pc(100 * y / height)};'
            f'--gap:{_pc(100 * gap / width)};--room:{_pc(100 * room / width)}">'
            f'<a href="{_e(node.href)}" title="{_e(node.label)}" '
            f'aria-label="{_e(node.label)}, {_e(articles)}">{_e(node.label)}</a></li>')


def html_block(css_class: str, chart: str, caption: str = "", caption_class: str = "") -> str:
    """A chart (`bar_chart`, `network_chart`) as a figure: raw HTML that Markdown passes
    through untouched, one block, no blank lines."""
    cls = f' class="{caption_class}"' if caption_class else ""
    cap = f"<figcaption{cls}>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure class="{css_class}">{chart}{cap}</figure>\n'
