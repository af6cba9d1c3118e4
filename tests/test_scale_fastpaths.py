"""Fast paths taken for speed give exactly the results of the plain versions they replace."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import urls
from generator.diagnostics import Report
from generator.names import NO_SPACE_SCRIPTS, Matcher
from generator.source.frontmatter import split

pytestmark = pytest.mark.fast

FOLDER = st.sampled_from(["articles", "actors", "topics", "2023", "2024", "a", "b"])
FILE = st.sampled_from(["x.md", "index.md", "a.md", "2023.md"])
PAGE = st.builds(lambda folders, file: "/".join([*folders, file]),
                 st.lists(FOLDER, max_size=3), FILE)


@given(PAGE, PAGE)
def test_relative_matches_posixpath_relpath(from_page, to_page):
    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert urls.relative(from_page, to_page) == expected




def _reference_matches(names: list[str], text: str) -> list[tuple[int, str]]:
    """The regex the Matcher replaced: longest-first alternation with word bounds."""
    def bounded(name: str) -> str:
        left = "" if NO_SPACE_SCRIPTS.match(name[0]) else r"(?<!\w)"
        right = "" if NO_SPACE_SCRIPTS.match(name[-1]) else r"(?!\w)"
        return left + re.escape(name) + right

    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    pattern = re.compile("|".join(bounded(n) for n in ordered))
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


WORDS = st.sampled_from(["Hun", "Sen", "Hun Sen", "UN", "UNGA", "a", "ab", "b_a", "ហ៊ុន",
                         "សែន", "ហ៊ុន សែន", "É", "Ével", "(UN)", "1"])
TEXT = st.lists(st.sampled_from(["Hun", "Sen", " ", "UN", "GA", "_", "a", "b", "ហ៊ុន", "សែន",
                                 "É", "vel", "(", ")", ".", "1", "\n"]), max_size=25).map("".join)


@settings(max_examples=400)
@given(st.lists(WORDS, min_size=1, max_size=6, unique=True), TEXT)
def test_matcher_finds_what_the_regex_found(names, text):
    matcher = Matcher([{"url": "u", "names": names}])
    assert list(matcher.finditer(text)) == _reference_matches(names, text)


def test_matcher_links_first_mention_once_and_honours_never_match():
    matcher = Matcher([
        {"url": "hun-sen/", "names": ["Hun Sen"], "never": ["Hun", "Sen"]},
        {"url": "cambodia/", "names": ["Cambodia"]},
    ])
    head, anchors = matcher.split("Hun said Sen and Hun Sen met Cambodia; Hun Sen again.")
    assert head == "Hun said Sen and "
    assert [(a.text, a.get("href")) for a in anchors] == [("Hun Sen", "hun-sen/"),
                                                        ("Cambodia", "cambodia/")]
    assert anchors[-1].tail == "; Hun Sen again."
    assert matcher.split("Cambodia again") == ("Cambodia again", [])


def _front_matter(text: str):
    report = Report()
    source = split("a.md", text, report, 20_000)
    return source, [(d.code, d.line) for d in report.diagnostics]


def test_compose_still_refuses_tags_and_anchors():
    for yaml_text in ("x: !!python/name:os.system x\n", "x: &a 1\ny: *a\n", "x: !custom 1\n"):
        source, codes = _front_matter("---\n" + yaml_text + "---\nbody\n")
        assert source is None
        assert codes and codes[0][0] == "E106"


def test_compose_keeps_values_as_written():
    source, codes = _front_matter("---\ndate: 2023-05-29\nflag: no\nn: 012\n---\nbody\n")
    assert codes == []
    values = {k.value: v.value for k, v in source.front_matter.value}
    assert values == {"date": "2023-05-29", "flag": "no", "n": "012"}
    assert source.front_matter.value[0][1].start_mark.line == 0
