"""Rankings that mean something: the actors seen with an actor, a topic's key actors and
the network's pairs are ordered by what they share, then by how central the pair is
(main subjects before mentions), then by articles overall, then by name; equal ranks
share a number; a list that is cut says how many more and where all of them are."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator import urls
from generator.link import link
from generator.model import Actor, Article, Content, Topic, frozen_map
from generator.outputs import network
from generator.render import ranking, render, topic
from generator.render.partners import whole_ranking
from tests import golden

pytestmark = pytest.mark.fast

NAMES = {"a": "A", "b": "B", "p": "Alpha P", "q": "Zulu Q"}


def _article(aid: str, day: int, actors: str, mentions: str = "", topics=()) -> Article:
    return Article(id=aid, title=aid, date=dt.date(2023, 1, day), source_path=f"{aid}.md",
                   summary="s", body_utf8=b"b", body_line=1, actors=tuple(actors),
                   mentions=tuple(mentions), topics=tuple(topics))


def _site(limit: int = 10):
    # x: a and b its main subjects, p and q mentioned; y: q alone, so q is named twice
    articles = (_article("y", 2, "q"), _article("x", 1, "ab", "pq", ("t",)))
    actors = {k: Actor(k, name, "person", f"{k}.md") for k, name in NAMES.items()}
    return link(Content(articles, frozen_map(sorted(actors.items())),
                        frozen_map({"t": Topic("t", "T", "t.md")})), co_actor_limit=limit)


def _ids(tallies) -> list[str]:
    return [t.id for t in tallies]


def test_main_subjects_come_before_mentions_then_articles_overall_then_the_name():
    site = _site()
    # b is a main subject with a; q is named in more articles than p, whose name sorts first
    assert _ids(site.co_actors["a"]) == ["b", "q", "p"]
    assert [(t.count, t.main, t.one_main) for t in site.co_actors["a"]] == [
        (1, 1, 0), (1, 0, 1), (1, 0, 1)]
    # a mention's partners: the main subjects first, though q is named in more articles
    assert _ids(site.co_actors["p"]) == ["a", "b", "q"]
    assert [(t.count, t.main, t.one_main) for t in site.co_actors["p"]] == [
        (1, 0, 1), (1, 0, 1), (1, 0, 0)]
    assert _ids(site.actors_of_topic["t"]) == ["a", "b", "q", "p"]
    assert [t.main for t in site.actors_of_topic["t"]] == [1, 1, 0, 0]


def test_the_partners_after_the_strongest_are_kept_in_order():
    site = _site(limit=1)
    assert _ids(site.co_actors["a"]) == ["b"]
    assert site.co_actors_more["a"] == ("q", "p")
    assert site.co_actors_more["q"] == ("b", "p")
    assert dict(_site(limit=3).co_actors_more) == {}  # three partners each: none left over


def test_equal_ranks_share_a_number():
    assert ranking.ranked("abcd", [(2, 1), (1, 0), (1, 0), (0, 0)]) == (
        (1, "a"), (2, "b"), (2, "c"), (4, "d"))


@pytest.mark.parametrize("site_of", ["seed", "golden"])
def test_the_rest_is_counted_on_the_page_as_link_counts_it(seed_built, site_of):
    """The actors after the strongest are ids in the model; the page counts them in the
    actor's articles. Linked with room for every partner, the whole ranking is the same."""
    site = seed_built[0] if site_of == "seed" else _golden_site()
    content = Content(site.articles, site.actors, site.topics, site.retracted)
    few, every = link(content, co_actor_limit=1), link(content, co_actor_limit=1000)
    assert any(few.co_actors_more.values())
    for actor in every.co_actors:
        short, whole = whole_ranking(few, actor).items, whole_ranking(every, actor).items
        assert [(r, t.id, t.count, t.main, t.one_main) for r, t in short] == [
            (r, t.id, t.count, t.main, t.one_main) for r, t in whole]


def _golden_site():
    from generator.build import Build
    from generator.settings import settings_from

    return Build(settings_from(golden.CORPUS, {}, {})).model().site


def test_hun_sen_is_seen_most_often_with_the_others_on_the_call(seed_built):
    site, pages = seed_built
    assert _ids(site.co_actors["hun-sen"])[:3] == ["cambodia", "ukraine", "zelenskyy"]
    assert "ukraine" in _ids(site.co_actors["zelenskyy"])[:3]
    hun_sen = pages[urls.actor("hun-sen")]
    zelenskyy = re.search(r'<li value="(\d+)"><strong><a href="../zelenskyy/">Volodymyr '
                          r'Zelenskyy</a></strong> — 1 shared article, both main subjects',
                          hun_sen)
    assert zelenskyy and zelenskyy.group(1) == "1"
    # 16 partners: the 10 strongest, then the 6 others, folded, ranked after them
    assert hun_sen.count('<li value="4">') == 13
    un = pages[urls.actor("united-nations")]
    rest = un.split('<details class="archive-more">')[1].split("</details>")[0]
    assert "<summary>6 more actors seen with United Nations</summary>" in rest
    assert '<a href="../un-general-assembly/">United Nations General Assembly</a>' in rest


def _lines(page: str) -> int:
    return page.split('class="archive-network__edges">')[1].split("</g>")[0].count("<line ")


def test_the_network_draws_every_pair_it_says_it_draws(seed_built):
    page = seed_built[1][urls.NETWORK]
    # 17 actors in one article: every one of the 136 pairs shares it
    assert ("The 17 actors named in the most articles, with a line between each two named "
            "in the same articles (136 pairs).") in page
    assert _lines(page) == 136


def test_the_network_says_which_pairs_it_leaves_out(monkeypatch):
    site = _golden_site()
    monkeypatch.setattr(network, "MAX_LINES", 3)
    page = render(site)[urls.NETWORK]
    # shared articles 3, 2, 2, 1, 1, 1: the pairs named together twice or more are drawn
    assert ("with a line between each two named together in at least 2 articles (3 of the "
            "6 pairs named together); the 3 pairs named together in fewer are not drawn, "
            "and are ranked below with the others.") in page
    assert _lines(page) == 3
    ranked = page.split('<ol class="archive-ranking">')[1].split("</ol>")[0]
    assert ranked.count("<li ") == 6


def test_the_strongest_pairs_are_drawn_even_beyond_the_most():
    pairs = [network.Pair("a", str(i), 1, 0, 0) for i in range(5)]
    assert network.least(pairs, 3) == 1  # all five, all named together once
    pairs.insert(0, network.Pair("a", "b", 4, 0, 0))
    assert network.least(pairs, 3) == 4


def test_a_long_ranking_is_listed_whole_on_pages_of_its_own(seed_built, monkeypatch):
    monkeypatch.setattr(ranking, "INLINE", 5)
    monkeypatch.setattr(ranking, "PER_PAGE", 4)
    monkeypatch.setattr(topic, "KEY_ACTORS", 3)
    pages = render(seed_built[0])  # every link checked
    hun_sen = pages[urls.actor("hun-sen")]
    assert ('<p>6 more: <a href="with/">all 16 actors seen with Hun Sen, ranked</a>.</p>'
            in hun_sen)
    listed = []
    for part in range(1, 5):
        page = pages[ranking.page("actors/hun-sen/with", part)]
        assert f"page {part} of 4" in page and 'search: {"exclude": true}' in page
        assert 'hide: ["navigation"]' in page  # no blank column beside the list
        listed += re.findall(r'<li value="(\d+)"><a href="../../([\w-]+)/">', page)
    assert [rank for rank, _ in listed] == ["1"] * 3 + ["4"] * 13
    assert len({actor for _, actor in listed}) == 16 and ("4", "zelenskyy") not in listed
    second = pages[ranking.page("actors/hun-sen/with", 2)]
    from generator.changes.snapshot import describe  # `changes` tells them by what they are

    assert describe(ranking.page("actors/hun-sen/with", 2), second).kind == "ranking page"
    assert '<a href="../with/">← page 1</a> · <a href="../with-3/">page 3 →</a>' in second
    assert ranking.page("actors/hun-sen/with", 5) not in pages
    war = pages[urls.topic("russia-ukraine-war")]
    assert '14 more: <a href="actors/">all 17 actors in articles on Russia-Ukraine war' in war
    assert ranking.page("topics/russia-ukraine-war/actors", 5) in pages
    assert ranking.page("network/pairs", 34) in pages  # 136 pairs, 4 a page


def test_the_folded_rest_stays_out_of_the_search_index(seed_built):
    """A page is found for the actors of its first items, not for every actor after them."""
    from generator.render.text import read_front_matter

    meta, body = read_front_matter(seed_built[1][urls.actor("hun-sen")])
    words = " ".join(s["text"] for s in meta["search_sections"])
    assert "Royal Academy of Cambodia" in words and "Royal Academy of Cambodia" in body
    assert "Thong Meng David" not in words and "Thong Meng David" in body
