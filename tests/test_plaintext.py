"""Text no inline pattern can change skips Python-Markdown's inline pass
(generator/render/plaintext.py): the HTML is the same as with the pass, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.util import AtomicString

from generator.render.finish import MKDOCS_BUILTINS, markdown_options
from generator.render.plaintext import PlainTextExtension
from generator.settings import read_config
from tests.conftest import ROOT

pytestmark = pytest.mark.fast

NAMES, SETTINGS = markdown_options(read_config(ROOT / "site_config.yml"))
# prose, and every character an inline pattern of Python-Markdown or of smarty looks for
_TEXT = st.text(st.sampled_from(list("ab cd\n\n  -#>*_`\\[]()!<>&;{}:\"'.=~^1")), max_size=80)


def example_each(test):
    for text in _EACH:
        test = example(text)(test)
    return test


def _html(text: str, extra: list, plain: bool) -> str:
    extensions = [*NAMES, *extra, *([PlainTextExtension()] if plain else [])]
    return Markdown(extensions=extensions, extension_configs=SETTINGS).convert(text)


# one text for each thing an inline pattern of Python-Markdown matches
_EACH = ("a *b* c", "a **b**", "a _b_ c", "a `b` c", "a \\*b", "a [b](c) d", "a ![b](c)",
         "[b]\n\n[b]: c", "a <b> c", "a <http://b.c> d", "a &amp; b", "a  \nb",
         "a {: .b }", "# a {: #b }")


@settings(max_examples=400, deadline=None)
@given(_TEXT)
@example_each
def test_the_html_is_the_same_as_with_the_inline_pass(text):
    assert _html(text, [], True) == _html(text, [], False)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_with_another_extension_s_inline_patterns_nothing_is_skipped(text):
    # smarty's patterns change quotes and dashes, which the check knows nothing of
    assert _html(text, ["smarty"], True) == _html(text, ["smarty"], False)


def test_plain_prose_is_marked_and_markup_is_not():
    md = Markdown(extensions=[*NAMES, PlainTextExtension()], extension_configs=SETTINGS)
    root = md.parser.parseDocument(["Hun Sen spoke to Zelenskyy, by phone.", "",
                                    "He said *demining* matters.", "",
                                    "Two spaces end this line  ", "and go on."]).getroot()
    md.treeprocessors["plain_text"].run(root)
    assert [type(p.text) for p in root.iter("p")] == [AtomicString, str, str]


def test_the_builtins_are_among_the_extensions():
    assert set(MKDOCS_BUILTINS) <= set(NAMES)
