"""First mentions of an article's actors are linked on the parsed Markdown."""

import markdown
import pytest

from generator.render.mentions import MentionExtension, wrap_body

pytestmark = pytest.mark.fast

LINKS = [
    {"url": "cambodia.md", "names": ["Cambodia", "កម្ពុជា"], "never": []},
    {"url": "rac.md", "names": ["Royal Academy of Cambodia"], "never": []},
    {"url": "hun-sen.md", "names": ["Hun Sen", "ហ៊ុន សែន"], "never": ["Hun", "Sen"]},
    {"url": "un.md", "names": ["UN"], "never": []},
]


def convert(text: str, links=LINKS) -> str:
    ext = MentionExtension()
    ext.links = links
    md = markdown.Markdown(extensions=[ext])
    return md.convert(wrap_body(text))


def test_longest_name_wins_and_each_actor_links_once():
    html = convert("The Royal Academy of Cambodia said Cambodia and Cambodia agree.")
    assert '<a class="actor-mention" href="rac.md">Royal Academy of Cambodia</a>' in html
    assert html.count('href="cambodia.md"') == 1
    assert 'said <a class="actor-mention" href="cambodia.md">Cambodia</a> and Cambodia' in html


def test_never_inside_code_links_or_headings():
    html = convert("# Cambodia\n\n`Cambodia` and [Cambodia](x.md)\n\n    Cambodia\n\nHun Sen")
    assert 'href="cambodia.md"' not in html
    assert 'href="hun-sen.md"' in html


def test_whole_words_only_in_latin_script():
    html = convert("UNESCO and FUN are not the UN.")
    assert html.count('href="un.md"') == 1
    assert '<a class="actor-mention" href="un.md">UN</a>.' in html


def test_native_script_without_spaces_between_words():
    html = convert("នាយករដ្ឋមន្ត្រីហ៊ុន សែនបាននិយាយ")
    assert '<a class="actor-mention" href="hun-sen.md">ហ៊ុន សែន</a>' in html


def test_never_match_fragments_are_not_linked():
    links = [{"url": "hun-sen.md", "names": ["Hun Sen", "Sen"], "never": []},
             {"url": "x.md", "names": ["Senate"], "never": ["Sen Sok"]}]
    html = convert("Sen Sok met Hun Sen.", links)
    assert '<a class="actor-mention" href="hun-sen.md">Hun Sen</a>' in html
    assert "Sen Sok met" in html


def test_only_inside_the_article_text():
    ext = MentionExtension()
    ext.links = LINKS
    html = markdown.Markdown(extensions=[ext]).convert(
        "Cambodia outside\n\n" + wrap_body("Hun Sen inside") + "\nCambodia after")
    assert html.count("actor-mention") == 1
    assert '<a class="actor-mention" href="hun-sen.md">Hun Sen</a> inside' in html


def test_the_markers_become_one_div_around_the_text():
    html = convert("First paragraph.\n\n- a list\n\n## A heading")
    assert html.startswith('<div class="article-text">\n<p>First paragraph.</p>')
    assert html.rstrip().endswith("</h2>\n</div>")
    assert "<!--" not in html


def test_without_both_markers_nothing_is_wrapped():
    ext = MentionExtension()
    ext.links = LINKS
    text = wrap_body("Cambodia inside").replace("<!-- /article-text -->", "")
    html = markdown.Markdown(extensions=[ext]).convert(text)
    assert "article-text\">" not in html and "actor-mention" not in html


def test_possessive_and_punctuation_boundaries():
    html = convert("Cambodia’s position; (Hun Sen).")
    assert '<a class="actor-mention" href="cambodia.md">Cambodia</a>’s' in html
    assert '(<a class="actor-mention" href="hun-sen.md">Hun Sen</a>)' in html
