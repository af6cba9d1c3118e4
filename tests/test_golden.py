
"""Every generated page of the fixture corpus matches its reviewed golden file."""

import difflib

import pytest

from generator import urls
from tests import golden

pytestmark = pytest.mark.fast


def test_generated_pages_match_golden_files():
    actual = golden.generated()
    expected = golden.expected()
    assert sorted(actual) == sorted(expected), "pages added or removed; run `make golden`"
    for path in expected:
        if actual[path] != expected[path]:
            diff = "".join(difflib.unified_diff(
                expected[path].splitlines(True), actual[path].splitlines(True),
                f"expected/{path}", f"generated/{path}"))
            raise AssertionError(f"{path} differs from its golden file "
                                 f"(run `make golden` if intended):\n{diff}")


def test_golden_corpus_covers_the_edge_cases():
    pages = golden.expected()
    assert urls.actor("delta-group") in pages  # an actor no article uses still gets a page
    article = pages[urls.article("alphaland-joins-gamma-union", 2022)]
    assert "Foreign Minister of Alphaland at the time" in article
