"""The static SVG charts: labels that stay apart, and a neighbourhood whose centre reads."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from generator.outputs import charts
from generator.outputs.charts import Edge, Node

pytestmark = pytest.mark.fast

TICK = re.compile(r'<span class="archive-bars__tick( archive-bars__tick--wide)?">([^<]*)</span>')


def _ticks(html: str) -> list[tuple[int, str, bool]]:
    """(column, name, on a phone too) of every name under the columns."""
    columns = html.split("<li ")[1:]
    return [(i, m.group(2), not m.group(1)) for i, c in enumerate(columns)
            for m in [TICK.search(c)] if m]


def test_month_labels_are_short_and_the_year_is_shown_once():
    dates = [dt.date(2023, 5, 29), dt.date(2023, 5, 30), dt.date(2023, 11, 2)]
    html = charts.bar_chart(charts.time_buckets(dates), "Articles")
    assert [name for _, name, _ in _ticks(html)] == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert '<p class="archive-bars__below">2023</p>' in html
    # the full name and count stay in each column's tooltip, the columns are in
    # proportion to the highest, and the whole is one image named by its summary
    assert '<li title="May 2023: 2"><span class="archive-bars__bar" style="height:100%">' in html
    assert '<li title="Nov 2023: 1"><span class="archive-bars__bar" style="height:50%">' in html
    assert 'role="img" aria-label="Articles: 3 articles, peak 2"' in html


@pytest.mark.parametrize("first", [dt.date(2023, 1, 1), dt.date(1990, 1, 1),
                                   dt.date(1800, 1, 1)])
def test_axis_labels_never_run_together_on_a_page_or_a_phone(first):
    html = charts.bar_chart(charts.time_buckets([first, dt.date(2023, 12, 1)]), "A")
    count = html.count("<li ")
    for width, shown in ((640, _ticks(html)), (320, [t for t in _ticks(html) if t[2]])):
        assert len(shown) >= 2, shown
        for (i, a, _), (j, b, _) in itertools.pairwise(shown):
            # names centred under their columns, about 8 px a character at 12 px, a gap
            assert (j - i) * width / count >= 4 * (len(a) + len(b)) + 8, (width, a, b)


def _neighbourhood() -> str:
    ring = [Node(f"n{i}", f"Partner {i}", "country", 1, f"p{i}/", x=x, y=y)
            for i, (x, y) in enumerate([(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)])]
    nodes = [Node("me", "The Actor In The Middle", "person", 3, "me/", 0.5, 0.5), *ring]
    edges = [Edge("me", n.id, 1) for n in ring] + [Edge("n0", "n2", 1), Edge("n1", "n3", 1)]
    return charts.network_chart(nodes, edges, "Neighbourhood", size=(640, 420), focus="me")


NAME = re.compile(r'<li class="([^"]*)" style="left:([\d.]+)%;top:([\d.]+)%;'
                  r'--gap:([\d.]+)%;--room:([\d.]+)%"><a href="([^"]*)" title="([^"]*)" '
                  r'aria-label="([^"]*)">([^<]*)</a></li>')


def test_each_name_is_a_link_placed_beside_its_circle_with_room_to_the_edge():
    html = _neighbourhood()
    names = {m.group(7): m.groups() for m in NAME.finditer(html)}
    assert len(names) == 5
    cls, left, top, _, _, href, _, label, _ = names["The Actor In The Middle"]
    # the middle one below its circle (edges cross the middle in every direction)
    assert "archive-network__name--below" in cls and "--focus" in cls
    assert (float(left), float(top)) == (50.0, 50.0) and href == "me/"
    assert label == "The Actor In The Middle, 3 articles"
    right = names["Partner 1"]
    assert "archive-network__name--right" in right[0]
    # a name on the right may take the room from its circle to the drawing's edge
    assert float(right[1]) + float(right[3]) + float(right[4]) <= 100
    left_name = names["Partner 3"]
    assert "archive-network__name--left" in left_name[0]
    assert float(left_name[1]) - float(left_name[3]) - float(left_name[4]) >= 0
    assert "archive-network__name--above" in names["Partner 0"][0]


def test_the_drawing_is_hidden_from_assistive_technology_and_the_names_are_a_list():
    html = _neighbourhood()
    assert re.search(r'<svg class="archive-network__svg"[^>]*aria-hidden="true"', html)
    assert '<ul class="archive-network__names" aria-label="Neighbourhood">' in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "<a " not in svg and "<text" not in svg  # the links and names are HTML
    assert html.count("<a href=") == 5


def test_the_legend_lists_only_the_kinds_drawn():
    assert ">Person<" in charts.legend(["person"]) and ">Group<" not in charts.legend(
        ["person", "country"])
    assert ">Group<" in charts.legend()
