"""A freshly rendered page's metadata and search record travel typed from the renderer
to the plugin (`reads.PageFacts`): they must be what reading the page's text back would
give, so that nothing written as text need be parsed again in the same process."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import urls
from generator.build import Build
from generator.mkdocs.pagefiles import parse_page
from generator.outputs import search
from generator.render.text import front_matter, meta_as_read, read_front_matter
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), _TEXT,
                    st.floats(allow_nan=False, allow_infinity=False))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.from_regex(r"[a-z_]{1,6}", fullmatch=True), inner, max_size=4)),
    max_leaves=12)
# a page has metadata (its kind and title at least): one value is always written
_META = st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), _VALUE,
                        min_size=1, max_size=8).map(lambda meta: {**meta, "kind": "page"})


@given(_META)
def test_the_metadata_as_read_is_what_the_text_gives_back(meta):
    read = read_front_matter(front_matter(meta) + "<p>body</p>\n")
    assert read is not None
    assert meta_as_read(meta) == read[0]
    assert list(meta_as_read(meta)) == list(read[0])  # in the same order
    assert repr(meta_as_read(meta)) == repr(read[0])  # nested orders and kinds too


def test_a_builds_fresh_pages_carry_their_facts_equal_to_their_texts(tmp_path):
    result = Build(make_repo(tmp_path, SEED).settings()).pages()
    assert result.pages and result.facts.keys() <= result.pages.keys()
    pages = [path for path in result.pages if path.endswith(".md")]
    assert pages and set(pages) <= result.facts.keys()
    for path in pages:
        facts = result.facts[path]
        assert (facts.meta, facts.record) == _as_facts(parse_page(result.pages[path],
                                                                  urls.public(path))), path


def test_a_page_with_nothing_to_search_has_no_record_as_its_text_has_none():
    from generator.render.finish import Finisher, markdown_options
    from generator.render.links import Links
    from generator.render.markup import Body

    finisher = Finisher(*markdown_options({"markdown_extensions": []}))
    path = "topics/empty/index.md"
    text = finisher.page(path, Body({"kind": "topic", "title": "Empty"}, Links(None, path)))
    facts = finisher.facts[path]
    assert facts.record is None and "search_sections" not in text
    assert (facts.meta, facts.record) == _as_facts(parse_page(text, urls.public(path)))


def _as_facts(parsed):
    """What reading a page's text gives, with its record as the index writer reads it
    (the form the renderer hands it over in)."""
    meta, record = parsed
    return meta, search.stored(record) if record is not None else None
