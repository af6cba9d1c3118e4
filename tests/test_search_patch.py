"""A warm index writer patches the last posting lists after pages were added, removed
or changed (generator/outputs/searchindex.py `_patched`): the files are a cold run's."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outputs import searchindex
from generator.outputs.searchindex import IndexedPage

VOCABULARY = [f"w{n}" for n in range(40)] + ["ហ៊ុន", "zelenskyy", "𝔘nicode"]
LENGTH = 32  # words per page, title included: the average length never changes



def _page(seed: int) -> IndexedPage:
    """A page made from a number (a few draws for Hypothesis, not LENGTH words)."""
    pick = random.Random(seed)
    return IndexedPage(url="", title=pick.choice(VOCABULARY), kind="article",
                       names=tuple(pick.sample(VOCABULARY, pick.randint(0, 2))),
                       sections=(("", "", " ".join(pick.choices(VOCABULARY, k=LENGTH - 1))),),
                       filters=(("topic", (pick.choice(["war", "trade"]),)),))


page_st = st.integers(0, 2**32).map(_page)


def _keyed(entries: list[IndexedPage]) -> list[tuple[str, IndexedPage]]:
    return [(hashlib.sha256(repr(e).encode()).hexdigest(), e) for e in entries]


def _numbered(pages: list[IndexedPage]) -> list[IndexedPage]:
    """Each page with an address of its own (two pages never share a record)."""
    return [IndexedPage(f"p/{n}/", *(getattr(e, f) for f in ("title", "kind", "names",
                                                            "sections", "filters")))
            for n, e in enumerate(pages)]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@st.composite
def edits(draw):
    """Pages, then the same pages with a few added, removed and changed: those that
    stay keep their order, as they do in the index's order."""
    pages = _numbered(draw(st.lists(page_st, min_size=60, max_size=70)))
    after = list(pages)
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["add", "remove", "change"]))
        at = draw(st.integers(0, len(after) - 1))
        new = draw(page_st)
        new = IndexedPage(f"new/{len(after)}/{at}/", *(getattr(new, f) for f in (
            "title", "kind", "names", "sections", "filters")))
        if what == "add":
            after.insert(at, new)
        elif what == "remove":
            del after[at]
        else:
            after[at] = IndexedPage(after[at].url, new.title, new.kind, new.names, new.sections,
                                    new.filters)
    return pages, after


@settings(max_examples=60, deadline=None)
@given(edits())
def test_postings_patched_after_pages_were_added_removed_or_changed_are_a_cold_run_s(
        tmp_path_factory, change):
    before, after = change
    root = tmp_path_factory.mktemp("index")
    _, known, last = searchindex.write(_keyed(before), root / "first")
    warm, _, _ = searchindex.write(_keyed(after), root / "warm", known, last, root / "first")
    searchindex.write(_keyed(after), root / "cold")
    assert warm.patched
    assert _files(root / "warm") == _files(root / "cold")
