"""What an edit re-renders: the pages that read what it changed, and no others
(generator/render/depends.py). Whether the result is right is test_incremental's."""

from __future__ import annotations

from pathlib import Path

from generator.disk.cache import Caches
from generator.pipeline import run
from tests.conftest import FIXTURES, make_repo


def _articles(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").rglob("*.md"))


def _warm(tmp_path: Path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    caches = Caches(None)
    first = run(repo.settings(), caches=caches)
    assert first.pages is not None
    return repo, caches


def test_a_text_edit_re_renders_only_its_article(tmp_path: Path) -> None:
    repo, caches = _warm(tmp_path)
    article = _articles(repo.root)[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                       encoding="utf-8")
    result = run(repo.settings(), caches=caches)
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
    result = run(repo.settings(), caches=caches)
    assert result.pages is not None
    again = {entry for entry, made in caches.pages.entries.items()
             if any("A new title for the test" in t for _, t in made.pages)}
    assert ("indexes", "archive") in again and ("files", "feeds") in again
    # pages that read other fields of the article (its date, its actors) may be made
    # again too; those that read nothing of it are not
    assert len(again) <= caches.pages.rendered < len(caches.pages.entries)
