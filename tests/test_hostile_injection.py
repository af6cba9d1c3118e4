"""No value from front matter reaches a reader's browser as markup or script."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

PAYLOADS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '"><img src=x onerror=alert(1)>',
    "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ config }}{% raw %}",
]
P = " ".join(PAYLOADS)


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("inject")
    repo = make_repo(tmp, SEED)
    repo.write("content/actors/evil.md", f"""
        ---
        name: {_q("Evil " + P)}
        type: person
        aliases: [{_q("Alias " + PAYLOADS[0])}]
        weak_aliases: [{_q("Weak " + PAYLOADS[2])}]
        roles:
          - title: {_q("Role " + P)}
            start: 2020-01-01
        ids:
          wikidata: {_q("Q1" + PAYLOADS[2])}
        ---
        A plain profile with a [link](https://example.org/page).
        """)
    repo.write("content/topics/evil-topic.md", f"""
        ---
        name: {_q("Topic " + P)}
        aliases: [{_q("T " + PAYLOADS[1])}]
        ---
        Scope.
        """)
    repo.write("content/articles/2023/evil-article.md", f"""
        ---
        title: {_q("Title " + P)}
        date: 2023-06-01
        summary: {_q("Summary " + P)}
        source:
          name: {_q("Source " + P)}
          url: "https://example.org/?q=<script>alert(1)</script>&x=\\"onmouseover=alert(1)"
        actors: [evil]
        topics: [evil-topic]
        quotes:
          - speaker: evil
            text: {_q("Quote " + P)}
            context: {_q("Context " + P)}
        ---
        Evil spoke. An external [reference](https://example.org/report).
        """)
    site = tmp / "site"
    # The payload quote is not in the text (W602): a warning, which the strict config
    # would turn into a stopped build; this test is about what reaches the pages.
    code = cli.main(["-f", str(repo.config), "build", "--no-strict", "--site-dir", str(site)])
    assert code == 0
    return site


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")}


DANGEROUS = [
    re.compile(r"<script>alert", re.I),
    re.compile(r"<img[^>]*onerror", re.I),
    re.compile(r"""\s(href|src)\s*=\s*["']?\s*javascript:""", re.I),
    re.compile(r"""\sonmouseover\s*=""", re.I),
]


def test_no_payload_reaches_html_unescaped(hostile_site):
    pages = _pages(hostile_site)
    assert any("evil" in path for path in pages)
    for path, text in pages.items():
        for pattern in DANGEROUS:
            assert not pattern.search(text), (path, pattern.pattern)


# What Jinja would print for `{{ config }}`: the MkDocs configuration's keys.
CONFIG_DUMP = re.compile(r"config_file_path|docs_dir|site_dir|mdx_configs")


@pytest.mark.parametrize(("page", "prefix"), [
    ("articles/2023/evil-article/index.html", "Title "),
    ("actors/evil/index.html", "Evil "),
    ("topics/evil-topic/index.html", "Topic "),
])
def test_template_syntax_in_a_heading_is_shown_as_written(hostile_site, page, prefix):
    """`{{ config }}{% raw %}` is text: the heading shows every payload exactly as the
    contributor wrote it, escaped once, with nothing evaluated."""
    text = (hostile_site / page).read_text("utf-8")
    heading = re.search(r"<h1[^>]*>([^<]*)", text)
    assert heading, page
    assert "<" not in heading.group(1) and ">" not in heading.group(1)
    assert html.unescape(heading.group(1)).strip() == prefix + P


def test_template_syntax_is_never_evaluated(hostile_site):
    for path, text in _pages(hostile_site).items():
        # Every `{{ config` on a page is the whole payload, as written.
        assert text.count("{{ config") == text.count("{{ config }}{% raw %}"), path
        assert not CONFIG_DUMP.search(text), (path, CONFIG_DUMP.search(text).group(0))


def test_payload_is_shown_as_text(hostile_site):
    page = (hostile_site / "articles/2023/evil-article/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Title" in page and "Quote" in page and "Source" in page


def test_external_links_carry_noopener(hostile_site):
    pages = _pages(hostile_site)
    anchors = [m.group(0) for text in pages.values()
               for m in re.finditer(r"<a\s[^>]*href=\"https?://(?!news-archive\.github\.io)"
                                    r"[^\"]*\"[^>]*>", text)]
    external = [a for a in anchors if "example.org" in a or "wikidata" in a]
    assert external, "the fixture has external links"
    for anchor in external:
        assert re.search(r'rel="[^"]*\bnoopener\b[^"]*\bnoreferrer\b', anchor), anchor


def test_titles_escaped_once_in_header_title_and_h1(hostile_site):
    """Material prints page titles raw in <title> and the header; they must arrive
    escaped exactly once (not twice: readers would see '&lt;')."""
    page = (hostile_site / "articles/2023/evil-article/index.html").read_text("utf-8")
    once = "Title &lt;script&gt;alert(1)&lt;/script&gt;"
    assert re.search(r"<title>" + re.escape(once), page)
    assert re.search(r"<h1[^>]*>\s*" + re.escape(once), page)
    assert "Title &amp;lt;script" not in page


def test_search_index_holds_front_matter_as_text_not_markup(hostile_site):
    # the index keeps text: a payload in a title is the title's text, not an element
    # (the search worker escapes it for Material's list: test_browser_search)
    from tests.sitecheck import search_fragments

    fragments = {f["url"]: f for f in search_fragments(hostile_site)}
    article = fragments["/articles/2023/evil-article/"]
    assert article["title"] == "Title " + P
    assert P in " ".join(s[2] for s in article["sections"])  # the text, as text
