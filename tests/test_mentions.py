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


WAR = {"url": "war.md", "kind": "topic",
       "names": ["Russia-Ukraine war", "Russia-Ukraine conflict", "war in Ukraine"]}
COUNTRIES = [{"url": "russia.md", "names": ["Russia"]}, {"url": "ukraine.md", "names": ["Ukraine"]}]


def test_a_topic_is_linked_like_an_actor_longest_name_first():
    html = convert("# The Russia-Ukraine conflict\n\n`Russia-Ukraine conflict` and the "
                   "Russia-Ukraine conflict, which Russia began in Ukraine: the war in "
                   "Ukraine.", [WAR, *COUNTRIES])
    # one link to the war, not two to the countries; the countries at their own mention
    assert html.count('class="topic-mention"') == 1
    assert ('the <a class="topic-mention" href="war.md">Russia-Ukraine conflict</a>, which '
            '<a class="actor-mention" href="russia.md">Russia</a> began in '
            '<a class="actor-mention" href="ukraine.md">Ukraine</a>: the war in Ukraine.'
            in html)
    assert "<h1>The Russia-Ukraine conflict</h1>" in html
    assert "<code>Russia-Ukraine conflict</code>" in html


def test_a_name_an_actor_and_a_topic_share_leads_to_the_actor():
    topic = {"url": "asean-topic.md", "kind": "topic", "names": ["ASEAN"]}
    html = convert("ASEAN met.", [topic, {"url": "asean.md", "names": ["ASEAN"]}])
    assert '<a class="actor-mention" href="asean.md">ASEAN</a> met.' in html


def test_the_article_page_links_its_own_topics_in_its_text(real_repo):
    from generator import urls

    article = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
    path = real_repo.root / article
    path.write_text(path.read_text(encoding="utf-8").replace(", peace-formula]", "]", 1),
                    encoding="utf-8")
    # a topic may share a name with an actor (each kind has its names): the actor wins
    topic = real_repo.root / "content/topics/ukraine-asean-partnership.md"
    topic.write_text(topic.read_text(encoding="utf-8").replace(
        "aliases: [", "aliases: [ASEAN, ", 1), encoding="utf-8")
    page = real_repo.run().pages[urls.article("hun-sen-zelenskyy-second-call", 2023)]
    text = page.split('<div class="article-text">')[1].split("</div>")[0]
    assert ('ongoing <a class="topic-mention" href="../../../topics/russia-ukraine-war/">'
            "Russia-Ukraine conflict</a>, saying") in text
    assert "Treaty of Amity and Cooperation in Southeast Asia</a>" in text
    assert ('an <a class="topic-mention" href="../../../topics/ukraine-asean-partnership/">'
            "ASEAN Sectoral Dialogue Partner</a>") in text
    assert '2022 <a class="actor-mention" href="../../../actors/asean/">ASEAN</a> Summit' in text
    # Peace Formula is no longer among the article's topics: its name stays plain text
    assert "about the Peace Formula and" in text
