"""What a live preview keeps from one run to the next (generator/kept.py): files read
only when their size, times or inode changed, articles resolved once, and a site
updated in place of linking it again when only what no cross-link reads changed.
tests/test_incremental.py checks the pages against cold runs; these check that the
shortcuts are taken when they may be, and only then."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest

import generator.reuse.sources as cached
import generator.source.resolve as resolve_module
from generator.build import Build
from generator.diagnostics import Report
from generator.link import link, relink
from generator.reuse import Mode, Reuse
from generator.source.resolve import resolve
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2022/alphaland-joins-gamma-union.md"


def _content(repo):
    settings = repo.settings()
    drafts = cached.load_validated(settings, Report(), cached.SourceCache("test"))
    return resolve(drafts, Report())


def _files_read(monkeypatch, source_clock) -> list[str]:
    """The source files the runs from now on read (`read_source`'s calls); every file
    settled (tests/conftest.py: SourceClock)."""
    source_clock.settle()
    read: list[str] = []
    real = cached.read_source

    def counted(rel, *args):
        read.append(rel)
        return real(rel, *args)

    monkeypatch.setattr(cached, "read_source", counted)
    return read


def _edited(content, article_id: str, **changes):
    articles = tuple(replace(a, **changes) if a.id == article_id else a
                     for a in content.articles)
    return replace(content, articles=articles)


def test_an_edit_of_what_no_link_reads_updates_the_site_as_link_would(tmp_path):
    content = _content(make_repo(tmp_path, FIXTURES / "corpus" / "content"))
    site = link(content)
    first = content.articles[0]
    for changes in ({"body_utf8": b"A new text.\n"}, {"title": "A new title"},
                    {"summary": "New.", "body_line": 40}):
        edited = _edited(content, first.id, **changes)
        relinked = relink(edited, content, site)
        assert relinked is not None
        assert relinked[1] == {first.id}
        assert relinked[0] == link(edited)
    assert relink(content, content, site) == (site, frozenset())


def test_an_edit_of_what_links_read_is_linked_again(tmp_path):
    content = _content(make_repo(tmp_path, FIXTURES / "corpus" / "content"))
    site = link(content)
    first = content.articles[0]
    for changes in ({"topics": ()}, {"actors": first.actors[:1]}, {"mentions": ()},
                    {"quotes": ()}):
        assert relink(_edited(content, first.id, **changes), content, site) is None
    # a new order (a date moved past another article's) is a change of the links
    moved = _edited(content, first.id, date=content.articles[-1].date.replace(year=1990))
    moved = replace(moved, articles=tuple(sorted(moved.articles,
                                                 key=lambda a: (-a.date.toordinal(), a.id))))
    assert relink(moved, content, site) is None
    fewer = replace(content, articles=content.articles[1:])
    assert relink(fewer, content, site) is None


def test_a_preview_reads_only_files_whose_size_or_times_changed(tmp_path, monkeypatch,
                                                                source_clock):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    read = _files_read(monkeypatch, source_clock)
    memory = Reuse(Mode.PREVIEW)
    settings = repo.settings()
    Build(settings, memory).pages()
    everything = len(read)
    assert everything > 10 and ARTICLE in read
    read.clear()
    Build(settings, memory).pages()
    assert read == []
    # the same size and the same modification time, other bytes: the change time tells
    path = repo.root / ARTICLE
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Alphaland becomes", "Alphaland BECOMES"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    source_clock.present()  # the runs from now on see the save as just made
    result = Build(settings, memory).pages()
    assert read == [ARTICLE]
    assert "Alphaland BECOMES" in result.pages["articles/2022/alphaland-joins-gamma-union/index.md"]
    # written just now: read again on every run until it has settled
    read.clear()
    Build(settings, memory).pages()
    assert read == [ARTICLE]
    source_clock.settle()
    Build(settings, memory).pages()
    read.clear()
    Build(settings, memory).pages()
    assert read == []
    # a new process with no caches in .cache/ reads every file
    read.clear()
    Build(settings, Reuse(Mode.WARM, tmp_path / "cache")).pages()
    assert len(read) == everything


def test_a_preview_resolves_only_what_a_changed_file_may_change(tmp_path, monkeypatch,
                                                                source_clock):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    # a warning of the article's own, which must be reported on every run
    path = repo.root / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^mentions: .*$", "mentions: []", text, count=1),
                    encoding="utf-8")
    source_clock.settle()
    resolved: list[str] = []
    real = resolve_module._article

    def counted(draft, *args):
        resolved.append(draft.id)
        return real(draft, *args)

    monkeypatch.setattr(resolve_module, "_article", counted)
    real_actor = resolve_module._actor

    def counted_actor(draft, *args):
        resolved.append(draft.id)
        return real_actor(draft, *args)

    monkeypatch.setattr(resolve_module, "_actor", counted_actor)
    memory = Reuse(Mode.PREVIEW)
    settings = repo.settings()
    first = Build(settings, memory).pages()
    codes = sorted(d.code for d in first.report.diagnostics)
    assert "W601" in codes and len(resolved) > 1
    resolved.clear()
    again = Build(settings, memory).pages()
    assert resolved == [] and again.pages == first.pages
    assert sorted(d.code for d in again.report.diagnostics) == codes
    # an actor's file changed: the registry may have, so every article is resolved again
    actor = repo.root / "content" / "actors" / "delta-group.md"
    actor.write_text(actor.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    Build(settings, memory).pages()
    assert len(resolved) == len(first.site.articles) + len(first.site.actors)


def test_a_save_skips_checking_only_entries_whose_reads_it_did_not_change(
        tmp_path, monkeypatch):
    import generator.reuse.reads as depends

    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    memory = Reuse(Mode.PREVIEW)
    settings = repo.settings()
    Build(settings, memory).pages()
    suspects: list[set] = []
    real = depends.ArticleReaders.of_reads

    def recorded(self, reads):
        found = real(self, reads)
        suspects.append(found)
        return found

    monkeypatch.setattr(depends.ArticleReaders, "of_reads", recorded)
    path = repo.root / ARTICLE
    text = path.read_text(encoding="utf-8")
    for edited, entry_count in ((text + "\nA sentence more.\n", 1),
                                (re.sub(r"(?m)^title: .*$", "title: A title set by the test",
                                        text, count=1), None)):
        suspects.clear()
        path.write_text(edited, encoding="utf-8")
        result = Build(settings, memory).pages()
        assert len(suspects) == 1  # the site was updated, not linked again
        entries = memory.pages.entries
        skipped = [entry for entry in entries if entry not in suspects[0]]
        assert skipped and len(skipped) < len(entries)
        if entry_count is not None:  # the text: read by the article's page alone
            assert suspects[0] == {("articles", "alphaland-joins-gamma-union")}
        # with every digest worked out afresh, what was skipped is still right
        fresh = depends.Digests(result.site)
        assert [entry for entry in skipped if not fresh.still(entries[entry].deps)] == []
        assert result.pages == Build(settings).pages().pages


def test_every_read_has_an_attribute_a_save_knows_to_forget(tmp_path):
    # a save that changed some articles drops the digests of their reads by attribute
    # (`depends._ATTRS`): a read of any other attribute would keep a stale digest
    from generator.reuse.reads import _ATTRS, reads_of

    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    memory = Reuse(Mode.PREVIEW)
    Build(repo.settings(), memory).pages()
    attrs = {read[2] for made in memory.pages.entries.values() if made.deps
             for read in reads_of(made.deps)}
    assert attrs and attrs <= set(_ATTRS)


def test_a_preview_reports_ids_that_differ_in_case_on_every_run(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    actors = repo.root / "content" / "actors"
    twin = actors / "Delta-Group.md"
    twin.write_text((actors / "delta-group.md").read_text(encoding="utf-8"), encoding="utf-8")
    memory = Reuse(Mode.PREVIEW)
    settings = repo.settings()
    for _ in range(2):
        found = [d for d in Build(settings, memory).pages().report.diagnostics
                 if d.code == "E403"]
        assert [d.path for d in found] == ["content/actors/Delta-Group.md"]
    twin.unlink()
    assert not any(d.code == "E403" for d in Build(settings, memory).pages().report.diagnostics)


def test_a_preview_finds_a_broken_link_until_it_is_fixed(tmp_path):
    # a run that found a broken link leaves the page in the cache: the runs after it
    # check every page's links, not only those they render, until one passes
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    memory = Reuse(Mode.PREVIEW)
    settings = repo.settings()
    article = repo.root / ARTICLE
    other = repo.root / "content/articles/2023/gamma-union-security-talks.md"
    good = article.read_text(encoding="utf-8")

    def codes():
        return [d.code for d in Build(settings, memory).pages().report.diagnostics
                if d.code == "E503"]

    assert codes() == []
    article.write_text(good + "\nSee [the old story](../no-such-story/).\n", encoding="utf-8")
    assert codes() == ["E503"]
    other.write_text(other.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    assert codes() == ["E503"]
    article.write_text(good, encoding="utf-8")
    assert codes() == []
    other.write_text(other.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert codes() == []


def test_a_new_process_reads_only_files_whose_size_or_times_changed(tmp_path, monkeypatch,
                                                                    source_clock):
    # the files' recorded times are kept in .cache/ with the source cache
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    read = _files_read(monkeypatch, source_clock)
    settings = repo.settings()
    Build(settings, Reuse(Mode.WARM, tmp_path / "cache")).pages()
    assert len(read) > 10
    path = repo.root / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    read.clear()
    result = Build(settings, Reuse(Mode.WARM, tmp_path / "cache")).pages()
    assert read == [ARTICLE]
    assert result.pages == Build(settings).pages().pages
