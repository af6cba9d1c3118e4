"""The archive plugin reads the front matter of generated pages itself (as JSON lines);
it must get what MkDocs would have read, or leave the page to MkDocs."""

from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator.render.text import read_front_matter as json_front_matter

pytestmark = pytest.mark.fast

EXPECTED = Path(__file__).parent / "fixtures" / "corpus" / "expected"
PAGES = sorted(EXPECTED.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(EXPECTED).as_posix())
def test_same_metadata_and_body_as_mkdocs(page):
    text = page.read_text(encoding="utf-8")
    body, meta = get_data(text)
    assert json_front_matter(text) == (meta, body)


def test_escaped_characters_read_as_yaml_reads_them():
    text = '---\ntitle: "a\\u2028b \\"c\\" \\u0085 ☃"\ntags: ["x", 1, true, null]\n---\n\nBody\n'
    body, meta = get_data(text)
    assert json_front_matter(text) == (meta, body)


@pytest.mark.parametrize("text", [
    "---\ntitle: plain YAML\n---\n\nx",
    "---\ntitle: \"a\"\ntitle: \"b\"\n---\n\nx",
    "no front matter",
    "---\ntitle: \"never closed\"\n",
])
def test_anything_else_is_left_to_mkdocs(text):
    assert json_front_matter(text) is None
