"""Squeezing template indentation out of built pages changes bytes, never what is shown."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mkdocs.htmlspace import KEEP_INSIDE, squeeze

pytestmark = pytest.mark.fast


class _Events(HTMLParser):
    """Tags, attributes, comments and text; text outside KEEP_INSIDE with whitespace
    collapsed as a browser collapses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple] = []
        self.kept = 0

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))
        self.kept += tag in KEEP_INSIDE

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        self.kept = max(0, self.kept - (tag in KEEP_INSIDE))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("void", tag, tuple(attrs)))

    def handle_data(self, data):
        if not self.kept:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        if not self.kept:
            data = re.sub(" +", " ", data)
        self.events.append(("text", data))

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def shown(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


PAGE = """
<!doctype html>
<html lang="en">
  <head>
    <title>
      A title
    </title>
    <script>var a = 1;
        var b = "  two  ";</script>
    <style>
      p { color: red }
    </style>
  </head>
  <body>
    <!-- a comment
         over lines -->
    <a href="x"
       title="two
              lines">
      Home
    </a>
    <p>One\u00a0\n\u00a0  two\u2003
       three</p>
    <pre><code>def f():
    return 1
</code></pre>
    <p>Inline <code>a
      b</code> and <kbd>Ctrl
      C</kbd></p>
    <textarea>
  kept
</textarea>
    <svg viewBox="0 0 1 1"><text>a
      b</text></svg>
  </body>
</html>
"""


def test_indentation_and_blank_lines_go():
    out = squeeze(PAGE)
    assert "\n    <a" not in out and "\n\n" not in out
    assert "<body>\n<!--" in out
    assert len(out) < len(PAGE) * 0.9


def test_what_a_browser_shows_is_unchanged():
    assert shown(squeeze(PAGE)) == shown(PAGE)


def test_preformatted_raw_and_attribute_whitespace_is_kept():
    out = squeeze(PAGE)
    for kept in ("<pre><code>def f():\n    return 1\n</code></pre>",
                 "<code>a\n      b</code>", "<kbd>Ctrl\n      C</kbd>",
                 "<textarea>\n  kept\n</textarea>", 'var b = "  two  ";',
                 "<style>\n      p { color: red }\n    </style>",
                 '<svg viewBox="0 0 1 1"><text>a\n      b</text></svg>',
                 'title="two\n              lines"', "<!-- a comment\n         over lines -->"):
        assert kept in out, kept


def test_no_break_and_other_unicode_spaces_are_kept():
    out = squeeze(PAGE)
    assert "<p>One\u00a0\n\u00a0  two\u2003\nthree</p>" in out


def test_squeezing_twice_changes_nothing():
    once = squeeze(PAGE)
    assert squeeze(once) == once


spaces_and_text = st.text(alphabet=" \t\n\rab\u00a0\u2003", max_size=12)
plain_markup = st.sampled_from([
    "<p>", "</p>", "<div class='a\n  b'>", "</div>", "<!-- c\n  -->", "<br>",
    '<a title="x > y">', "</a>", "&amp;", "&#160;", "\u00a0"])
# Elements whose whitespace is kept come whole and well nested, as Markdown and Material
# write them; a `<pre>` opened inside a `<code>` is not something the pages hold.
kept_element = st.one_of(
    st.builds(lambda name, inside: f"<{name}>{''.join(inside)}</{name}>",
              st.sampled_from(KEEP_INSIDE),
              st.lists(st.one_of(spaces_and_text, plain_markup), max_size=4)),
    st.builds(lambda inside: f"<pre><code>{inside}</code></pre>", spaces_and_text))
html_pieces = st.lists(st.one_of(plain_markup, spaces_and_text, kept_element), max_size=30)


@settings(max_examples=300, deadline=None)
@given(pieces=html_pieces)
def test_random_markup_shows_the_same_after_squeezing(pieces):
    html = "".join(pieces)
    out = squeeze(html)
    assert squeeze(out) == out
    assert shown(out) == shown(html)
