"""What an edit re-renders: the pages that read what it changed, and no others
(generator/reuse/reads.py). Whether the result is right is test_incremental's."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Build
from generator.reuse import Mode, Reuse
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast


def _articles(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").rglob("*.md"))


def _warm(tmp_path: Path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    caches = Reuse(Mode.PREVIEW)
    first = Build(repo.settings(), caches).pages()
    assert first.pages is not None
    return repo, caches


def test_a_text_edit_re_renders_only_its_article(tmp_path: Path) -> None:
    repo, caches = _warm(tmp_path)
    article = _articles(repo.root)[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                       encoding="utf-8")
    result = Build(repo.settings(), caches).pages()
    assert result.pages is not None
    fresh = [entry for entry, made in caches.pages.entries.items()
             if made.pages and "One more sentence." in "".join(t for _, t in made.pages)]
    assert len(fresh) == 1 and fresh[0][0] == "articles"
    # the index pages, the actors' and topics' pages, feeds and exports: all kept
    assert caches.pages.rendered == 1


def test_a_title_edit_re_renders_the_pages_that_list_it(tmp_path: Path) -> None:
    repo, caches = _warm(tmp_path)
    article = _articles(repo.root)[0]
    text = article.read_text(encoding="utf-8")
    start = text.index("\ntitle:") + len("\ntitle:")
    article.write_text(text[:start] + " A new title for the test" + text[text.index("\n", start):],
                       encoding="utf-8")
    result = Build(repo.settings(), caches).pages()
    assert result.pages is not None
    again = {entry for entry, made in caches.pages.entries.items()
             if any("A new title for the test" in t for _, t in made.pages)}
    assert ("indexes", "archive") in again and ("files", "feed/all") in again
    # pages that read other fields of the article (its date, its actors) may be made
    # again too; those that read nothing of it are not
    assert len(again) <= caches.pages.rendered < len(caches.pages.entries)


def test_a_new_actor_makes_again_only_the_feeds_and_tables_that_read_it(tmp_path: Path) -> None:
    # each feed and each table of the open data is an entry of its own: an article with
    # a new actor changes the feeds that list the article and the tables that list
    # articles or actors (the registry's statements too), not every actor's and topic's
    # feed
    repo, caches = _warm(tmp_path)
    before = {entry: made for entry, made in caches.pages.entries.items()
              if entry[0] == "files"}
    (repo.root / "content/actors/zeta-newcomer.md").write_text(
        "---\nname: Zeta Newcomer\ntype: person\n---\nA person.\n", encoding="utf-8")
    (repo.root / "content/articles/2022/zeta-arrives.md").write_text(
        "---\ntitle: Zeta arrives\ndate: 2022-01-02\nsummary: A newcomer.\n"
        "actors: [zeta-newcomer]\n---\nZeta Newcomer arrived.\n", encoding="utf-8")
    result = Build(repo.settings(), caches).pages()
    assert result.pages is not None
    files = {entry: made for entry, made in caches.pages.entries.items()
             if entry[0] == "files"}
    again = {entry for entry, made in files.items() if before.get(entry) is not made}
    # (the site's feed lists the newest 20 articles: all of the fixture's; the pages at
    # old addresses read every article's former ids; the data package lists the years
    # the tables by year have, so it reads every article's date)
    assert again == {("files", "feed/actor/zeta-newcomer"), ("files", "feed/all"),
                     ("files", "export/articles"), ("files", "export/actors"),
                     ("files", "export/relations"), ("files", "export/quotes"),
                     ("files", "export/statements"), ("files", "export/datapackage"),
                     ("files", "moved")}, again
    # every feed of the site is an entry
    feeds = {entry for entry in files if entry[1].startswith("feed/")}
    assert len(feeds) == 1 + len(result.site.actors) + len(result.site.topics)
    (repo.root / "content/articles/2022/zeta-arrives.md").unlink()
    (repo.root / "content/actors/zeta-newcomer.md").unlink()
    Build(repo.settings(), caches).pages()
    assert ("files", "feed/actor/zeta-newcomer") not in caches.pages.entries


def test_a_look_up_is_kept_as_a_read_unless_a_read_of_the_value_implies_it(
        tmp_path: Path) -> None:
    from dataclasses import replace

    from generator.model import frozen_map
    from generator.reuse.reads import HAS, Digests, Tracked

    site = Build(make_repo(tmp_path, FIXTURES / "corpus" / "content").settings()).pages().site
    known = next(iter(site.actors))
    view = Tracked(site)
    if known in view.actors:
        _ = view.actors[known].name
    _ = "someone-new" in view.actors
    deps = Digests(site).deps(view.reads)
    assert ("actors", known, HAS) in view.reads
    assert [read for read in deps[0] if read[2] == HAS] == [("actors", "someone-new", HAS)]
    assert Digests(site).still(deps)
    # the value read sees the actor go; the bare look-up sees one come
    without = replace(site, actors=frozen_map((k, v) for k, v in site.actors.items()
                                              if k != known))
    assert not Digests(without).still(deps)
    newcomer = replace(site.actors[known], id="someone-new")
    added = replace(site, actors=frozen_map({**site.actors, "someone-new": newcomer}))
    assert not Digests(added).still(deps)
