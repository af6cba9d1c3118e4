"""The static SVG charts: labels that stay apart, and a neighbourhood whose centre reads."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from generator.outputs import charts
from generator.outputs.charts import Edge, Node

pytestmark = pytest.mark.fast

TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def _ticks(svg: str) -> list[tuple[float, str]]:
    """(x, text) of the labels under the axis line (y=120): columns' names, then the year."""
    return [(float(x), text) for x, y, text in TEXT.findall(svg) if float(y) > 120]


def test_month_labels_are_short_and_the_year_is_shown_once():
    dates = [dt.date(2023, 5, 29), dt.date(2023, 5, 30), dt.date(2023, 11, 2)]
    svg = charts.bar_chart(charts.time_buckets(dates), "Articles")
    labels = [text for _, text in _ticks(svg)]
    assert labels == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                      "Nov", "Dec", "2023"]
    # the full name stays in each column's tooltip
    assert "<title>May 2023: 2</title>" in svg and "<title>Nov 2023: 1</title>" in svg


def test_axis_labels_never_run_together():
    for first in (dt.date(2023, 1, 1), dt.date(1990, 1, 1), dt.date(1800, 1, 1)):
        svg = charts.bar_chart(charts.time_buckets([first, dt.date(2023, 12, 1)]), "A")
        row = [(x, text) for x, y, text in TEXT.findall(svg) if y == "140"]
        assert len(row) >= 6, row
        for (x1, a), (x2, b) in itertools.pairwise(row):
            x1, x2 = float(x1), float(x2)
            # centred labels at about 7 px a character (11 px type), and a gap
            assert x2 - x1 >= 3.5 * (len(a) + len(b)) + 6, (a, b, x2 - x1)


def _neighbourhood() -> str:
    ring = [Node(f"n{i}", f"Partner {i}", "country", 1, f"p{i}/", x=x, y=y)
            for i, (x, y) in enumerate([(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)])]
    nodes = [Node("me", "The Actor In The Middle", "person", 3, "me/", 0.5, 0.5), *ring]
    edges = [Edge("me", n.id, 1) for n in ring] + [Edge("n0", "n2", 1), Edge("n1", "n3", 1)]
    return charts.network_svg(nodes, edges, "Neighbourhood", size=(640, 420), focus="me")


def test_the_centre_name_sits_below_its_circle_on_a_plate_over_the_edges():
    svg = _neighbourhood()
    focus = svg[svg.index('class="archive-network__node archive-network__node--focus"'):]
    focus = focus[:focus.index("</a>")]
    cy, r = (float(v) for v in re.search(r'<circle cx="[\d.]+" cy="([\d.]+)" r="([\d.]+)"',
                                          focus).groups())
    _, text_y, name = TEXT.search(focus).groups()
    assert name == "The Actor In The Middle"
    plate = re.search(r'<rect class="archive-network__plate" x="([\d.]+)" y="([\d.]+)" '
                      r'width="([\d.]+)" height="([\d.]+)"', focus)
    assert plate, focus
    x, y, w, h = (float(v) for v in plate.groups())
    # below the circle's outline, reaching past the baseline, wide enough for the name
    assert cy + r < y <= float(text_y) - 11 and y + h >= float(text_y) + 3
    assert w >= 6.5 * len(name) and abs(x + w / 2 - 320) < 0.1
    # drawn after every edge, so it covers the lines that cross the centre
    assert svg.index("archive-network__plate") > svg.index("</g>")


def test_the_network_svg_has_no_role_that_would_hide_or_misname_its_links():
    svg = _neighbourhood()
    assert not re.search(r"<svg[^>]*\brole=", svg)
    assert svg.count("<a href=") == 5
