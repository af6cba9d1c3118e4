"""Scale of a page: an actor and a topic in every one of thousands of articles keep pages
of bounded size; their full article lists are split by year into pages of PAGE_SIZE."""

from __future__ import annotations

import re

import pytest

from bench.corpus import write_corpus
from generator import urls
from generator.render import listing
from tests.conftest import Repo

ARTICLES = 3000
MAX_ENTITY_PAGE = 40_000  # characters of Markdown for the hub actor or topic page
MAX_INDEX_PAGE = 20_000
# network/index.md: TOP_ACTORS circles with their names and the edges among them, whatever the
# corpus size (about 45,000 characters with bench/corpus.py names, at 1,000 or 3,000).
MAX_NETWORK_PAGE = 60_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("big") / "repo"
    write_corpus(root, ARTICLES, hub=True)
    repo = Repo(root)
    result = repo.run()
    assert result.pages is not None, result.report.diagnostics[:5]
    return result.site, result.pages


def _links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)#<]+?)(?:#[^)]*)?\)", text)


def test_hub_pages_stay_small(big):
    site, pages = big
    assert len(site.articles_by_actor["hub"]) == ARTICLES
    for page in (urls.actor("hub"), urls.topic("everything"), urls.ARCHIVE, urls.HOME,
                 urls.TOPICS, urls.NETWORK):
        limit = (MAX_INDEX_PAGE if page in (urls.ARCHIVE, urls.HOME)
                 else MAX_NETWORK_PAGE if page == urls.NETWORK else MAX_ENTITY_PAGE)
        assert len(pages[page]) < limit, (page, len(pages[page]))


def test_year_pages_hold_every_article_once_in_bounded_pages(big):
    site, pages = big
    for base, ids in (("actors/hub", site.articles_by_actor["hub"]),
                      ("topics/everything", site.articles_by_topic["everything"]),
                      ("articles", [a.id for a in site.articles])):
        listed = []
        year_pages = sorted(p for p in pages
                            if re.fullmatch(rf"{base}/\d{{4}}(-\d+)?/index\.md", p))
        assert year_pages, base
        for path in year_pages:
            lines = re.findall(r'^<li>[^<]* · <a href="(?:[^"]*/)?([a-z0-9-]+)/">',
                               pages[path], flags=re.M)
            assert 0 < len(lines) <= listing.PAGE_SIZE
            listed += lines
        assert sorted(listed) == sorted(ids)


def test_every_link_on_listing_pages_resolves(big):
    _, pages = big
    import posixpath

    for path in [urls.actor("hub"), urls.topic("everything"), urls.ARCHIVE,
                 urls.listing("actors/hub", 2019), urls.listing("actors/hub", 2019, 2)]:
        for target in _links(pages[path]):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in pages, (path, target)


def test_feeds_and_network_are_bounded(big):
    _, pages = big
    assert pages[urls.actor_feed("hub")].count("<entry>") == 20
    assert pages[urls.NETWORK].count("<circle") == 40
    assert pages[urls.actor("hub")].count("<circle") <= 11
