"""A damaged cache is noticed in one line and ignored, never trusted: the run equals a
cold run whatever is in .cache/."""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import re
import struct
import time

import msgpack
import pytest

from generator.build import Build
from generator.cli import main
from generator.reuse import Mode, Reuse
from generator.reuse import store as cache
from generator.reuse.sources import file_key
from generator.reuse.store import (
    CACHE_DIR,
    CARRIED,
    LAST_MODEL,
    LINKS,
    PAGES,
    SITE,
    SOURCE_FILES,
    SOURCES,
)
from tests.conftest import FIXTURES, make_repo


@pytest.fixture
def warm(tmp_path, source_clock):
    """A repository whose caches were written by one run, and its cold pages. Its files
    are seen as older than the racy window (tests/conftest.py: SourceClock), so that
    their times are recorded."""
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    source_clock.settle()
    cold = Build(repo.settings()).pages()
    Build(repo.settings(), Reuse(Mode.WARM, repo.root / CACHE_DIR)).pages()
    assert _file(repo, PAGES).is_file()
    return repo, cold.pages


def _file(repo, name):
    """The cache file `name`; of the page cache's shards, the one of the home page; of
    the source cache's, the first."""
    if name == PAGES:
        shard = cache.shard_of(("indexes", "home"))
        return repo.root / CACHE_DIR / PAGES / f"{shard:02d}{cache.EXTENSION}"
    if name == SOURCES:
        return sorted((repo.root / CACHE_DIR / SOURCES).glob(f"*{cache.EXTENSION}"))[0]
    return repo.root / CACHE_DIR / name


def _warm_run(repo):
    caches = Reuse(Mode.WARM, repo.root / CACHE_DIR)
    result = Build(repo.settings(), caches).pages()
    return result, caches.take_notices(), caches


def _one_line(notices, *words):
    assert len(notices) == 1, notices
    assert "\n" not in notices[0]
    for word in words:
        assert word in notices[0], notices[0]


def _edit_an_article(repo):
    path = sorted((repo.root / "content" / "articles").rglob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nA later sentence.\n",
                    encoding="utf-8")
    return Build(repo.settings()).pages().pages


@pytest.mark.fast
def test_an_intact_cache_is_used(warm):
    repo, cold = warm
    result, notices, caches = _warm_run(repo)
    assert notices == [] and result.pages == cold
    assert caches.pages.rendered == 0 and caches.sources.parsed == 0


@pytest.mark.parametrize("mapped", [True, False])
def test_page_texts_are_read_as_views_of_the_cache_file_not_copied(warm, monkeypatch, mapped):
    # a warm build hands most pages on unread: their texts are never copied (views of
    # the mapped file, or where files are not mapped of the bytes read)
    monkeypatch.setattr(cache, "_MAP", mapped)
    repo, cold = warm
    notices: list[str] = []
    pages = cache.load_pages(repo.root / CACHE_DIR, _key(repo, PAGES), notices)
    assert notices == [] and pages.entries
    texts = [text for made in pages.entries.values() for _, text in made.pages]
    assert texts and all(type(text) is memoryview and text.readonly for text in texts)
    decoded = {path: str(text, "utf-8") for made in pages.entries.values()
               for path, text in made.pages}
    assert {path: cold[path] for path in decoded} == decoded


@pytest.mark.parametrize("name", [SOURCES, SOURCE_FILES, PAGES, LAST_MODEL, LINKS])
@pytest.mark.fast
def test_a_truncated_cache_is_ignored(warm, name):
    repo, _ = warm
    path = _file(repo, name)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    cold = _edit_an_article(repo)
    result, notices, _ = _warm_run(repo)
    _one_line(notices, name, "damaged")
    assert result.pages == cold


@pytest.mark.parametrize("name", [SOURCES, SOURCE_FILES, PAGES, LAST_MODEL, LINKS])
@pytest.mark.parametrize("garbage", [b"", b"\x00" * 100, b"news-archive-cache 2 x y\n\x80\x04K"])
def test_garbage_is_ignored(warm, name, garbage):
    repo, cold = warm
    _file(repo, name).write_bytes(garbage)
    result, notices, _ = _warm_run(repo)
    _one_line(notices, name)
    assert result.pages == cold


def test_a_valid_header_over_changed_bytes_is_ignored(warm):
    """One flipped byte in the payload: the checksum catches it before unpickling."""
    repo, cold = warm
    path = _file(repo, PAGES)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    result, notices, _ = _warm_run(repo)
    _one_line(notices, "checksum")
    assert result.pages == cold


class _WritesAFile:
    """Pickled, a call that creates `marker` when the pickle is loaded."""

    def __init__(self, marker) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


def _crafted(repo, name, body: bytes) -> None:
    """Put `body` in the cache file `name` behind a header a run accepts: its key, and
    the checksum of `body` (anyone who can write the file can compute both)."""
    _file(repo, name).write_bytes(cache._head(_key(repo, name), cache.checksum(body)) + body)


@pytest.mark.parametrize("name", [SOURCES, SOURCE_FILES, PAGES, LAST_MODEL, LINKS])
@pytest.mark.fast
def test_a_cache_crafted_to_run_code_runs_nothing(warm, name, tmp_path):
    repo, cold = warm
    marker = tmp_path / "ran"
    payload = pickle.dumps(_WritesAFile(marker))
    assert not marker.exists()
    _crafted(repo, name, payload)
    result, notices, _ = _warm_run(repo)
    assert not marker.exists()
    _one_line(notices, name, "damaged")
    assert result.pages == cold
    pickle.loads(payload)  # what the file holds does run code, where pickle reads it
    assert marker.exists()


def _made(*fields) -> msgpack.ExtType:
    return msgpack.ExtType(13, msgpack.packb(fields))


@pytest.mark.parametrize("item", [
    # a record of the generator's with a field of the wrong type
    (("articles", "x"), _made(("articles", "x"), "not a tuple", {}, {}, {}, (), ())),
    # a record with a field too few
    (("articles", "x"), _made(("articles", "x"), (), {}, {}, {}, ())),
    # a type code the generator does not have
    (("articles", "x"), msgpack.ExtType(99, b"")),
    # a buffer the file does not have
    (("articles", "x"), msgpack.ExtType(3, (7).to_bytes(4, "little"))),
    # a place in a file too short for its line and column, or whose value is not UTF-8
    (("articles", "x"), msgpack.ExtType(11, b"\0" * 15)),
    (("articles", "x"), msgpack.ExtType(11, b"\0" * 16 + b"\xff")),
])
def test_a_cache_of_wrong_types_is_ignored(warm, item):
    repo, cold = warm
    body = msgpack.packb(item)
    _crafted(repo, PAGES, struct.pack("<Q", 1) + struct.pack("<QI", len(body), 0) + body)
    result, notices, _ = _warm_run(repo)
    _one_line(notices, PAGES, "damaged")
    assert result.pages == cold


@pytest.mark.parametrize("name", [SOURCES, SOURCE_FILES, PAGES, LAST_MODEL, LINKS])
def test_a_cache_of_another_version_is_ignored(warm, name):
    repo, _ = warm
    path = _file(repo, name)
    payload = cache.read(path, _key(repo, name), [])
    assert payload is not None
    cache.write(path, "0" * 64, payload)  # intact, but made under another key
    cold = _edit_an_article(repo)
    result, notices, _ = _warm_run(repo)
    _one_line(notices, name, "another version")
    assert result.pages == cold


def test_page_cache_files_of_another_version_give_one_notice(warm):
    repo, _ = warm
    shards = sorted((repo.root / CACHE_DIR / PAGES).glob(f"*{cache.EXTENSION}"))
    assert len(shards) > 1
    for path in shards:
        cache.write(path, "0" * 64, cache.read(path, _key(repo, PAGES), []))
    cold = _edit_an_article(repo)
    result, notices, _ = _warm_run(repo)
    _one_line(notices, PAGES, "another version", f"{len(shards) - 1} more")
    assert result.pages == cold
    # rewritten under this version's key: the next run has nothing to say
    result, notices, _ = _warm_run(repo)
    assert notices == [] and result.pages == cold


def test_a_run_writes_only_the_page_cache_files_of_entries_it_rendered(warm):
    repo, _ = warm
    shards = {p: p.stat().st_mtime_ns for p in (repo.root / CACHE_DIR / PAGES).glob("*")}
    path = repo.root / "content" / "articles" / "2023" / "ana-beta-visits-gamma-union.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA later sentence.\n",
                    encoding="utf-8")
    cold = Build(repo.settings()).pages().pages
    result, notices, caches = _warm_run(repo)
    assert notices == [] and result.pages == cold
    assert caches.pages.rendered == 1  # the article alone: its text is read by no other
    rewritten = [p for p, mtime in shards.items() if p.stat().st_mtime_ns != mtime]
    assert rewritten == [repo.root / CACHE_DIR / PAGES / (
        f"{cache.shard_of(('articles', 'ana-beta-visits-gamma-union')):02d}{cache.EXTENSION}")]


@pytest.mark.fast
def test_a_run_writes_only_the_source_cache_files_whose_files_changed(warm):
    repo, _ = warm
    folder = repo.root / CACHE_DIR / SOURCES
    shards = {p: p.stat().st_mtime_ns for p in folder.glob("*")}
    assert len(shards) > 2
    path = repo.root / "content" / "articles" / "2023" / "ana-beta-visits-gamma-union.md"
    before = path.read_bytes()
    path.write_bytes(before + b"\nA later sentence.\n")
    cold = Build(repo.settings()).pages().pages
    result, notices, caches = _warm_run(repo)
    assert notices == [] and result.pages == cold and caches.sources.parsed == 1
    now = {p: p.stat().st_mtime_ns for p in folder.glob("*")}
    rewritten = {p for p in shards.keys() | now.keys() if shards.get(p) != now.get(p)}
    # the shard that held the old bytes' entry (rewritten, or removed if that was its
    # only one) and the one that holds the new bytes'
    rel = path.relative_to(repo.root).as_posix()
    expected = {folder / f"{cache.source_shard_of(file_key('article', rel, data)):02d}"
                         f"{cache.EXTENSION}" for data in (before, path.read_bytes())}
    assert rewritten == expected
    result, notices, caches = _warm_run(repo)  # and from them, all of it
    assert notices == [] and result.pages == cold and caches.sources.parsed == 0


def _key(repo, name):
    caches = Reuse(Mode.WARM, repo.root / CACHE_DIR)
    if name in (SOURCES, SOURCE_FILES, LAST_MODEL, LINKS):
        return caches.sources_for(repo.settings()).key
    from generator.render import Options

    return caches.pages_for(Options.of(repo.settings())).key


def test_leftovers_of_a_killed_run_are_removed(warm):
    repo, cold = warm
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    leftover = _file(repo, PAGES).with_name(f"{_file(repo, PAGES).name}.tmp-{dead}")
    leftover.write_bytes(b"half a cache")
    result, notices, _ = _warm_run(repo)
    _one_line(notices, "interrupted")
    assert not leftover.exists() and result.pages == cold


def _build(repo, capsys) -> tuple[str, list[str]]:
    """`build` once more: what it printed, and its `note:` lines."""
    capsys.readouterr()
    assert main(["-f", str(repo.config), "build", "--no-strict"]) == 0
    captured = capsys.readouterr()
    out = captured.out + captured.err
    return out, [line for line in out.splitlines() if line.startswith("note:")]


def test_a_damaged_site_record_builds_every_page(warm, capsys):
    repo, _ = warm
    _build(repo, capsys)
    first = (repo.root / "site" / "index.html").read_bytes()
    (repo.root / CACHE_DIR / SITE).write_text("{not json", encoding="utf-8")
    out, notes = _build(repo, capsys)
    assert len(notes) == 1 and SITE in notes[0], out
    assert "0 pages carried over" in out
    assert (repo.root / "site" / "index.html").read_bytes() == first
    record = json.loads((repo.root / CACHE_DIR / SITE).read_text(encoding="utf-8"))
    assert record["pages"]


@pytest.mark.parametrize("garbage", [b"{not a cache file", None])
def test_a_damaged_record_of_carried_pages_builds_its_pages(warm, capsys, garbage):
    """Without what the last build knew of a page (its search record), the page is not
    carried over: a damaged file of that record is noticed in one line, its pages are
    built again, the others carried over, and the site is the same."""
    repo, _ = warm
    _build(repo, capsys)
    _touch_content(repo)
    out, _ = _build(repo, capsys)  # nothing differs: every page carried over
    carried = _carried(out)
    first = {p: p.read_bytes() for p in (repo.root / "site").rglob("*") if p.is_file()}
    shards = sorted((repo.root / CACHE_DIR / CARRIED).glob(f"*{cache.EXTENSION}"))
    assert len(shards) > 1
    path = shards[0]
    path.write_bytes(garbage if garbage is not None
                     else path.read_bytes()[: path.stat().st_size // 2])
    _touch_content(repo)
    out, notes = _build(repo, capsys)
    assert len(notes) == 1 and CARRIED in notes[0], out
    assert 0 < _carried(out) < carried
    after = {p: p.read_bytes() for p in (repo.root / "site").rglob("*") if p.is_file()}
    assert after == first
    _touch_content(repo)
    out, notes = _build(repo, capsys)  # the file was written again
    assert notes == []


def test_a_build_writes_only_the_records_of_carried_pages_that_changed(warm, capsys):
    repo, _ = warm
    _build(repo, capsys)
    shards = sorted((repo.root / CACHE_DIR / CARRIED).glob(f"*{cache.EXTENSION}"))
    times = {path: path.stat().st_mtime_ns for path in shards}
    _touch_content(repo)
    out, _ = _build(repo, capsys)  # nothing differs: nothing written
    assert "carried over" in out
    assert {path: path.stat().st_mtime_ns for path in shards} == times
    _edit_an_article(repo)
    _build(repo, capsys)
    written = [path for path in shards if path.stat().st_mtime_ns != times[path]]
    # the article's page, and the home and archive pages that list it, at most
    assert 1 <= len(written) <= 3 < len(shards)


def _carried(out: str) -> int:
    return int(re.search(r"(\d+) pages carried over", out).group(1))


def _touch_content(repo) -> None:
    """A content file written again with the same bytes: the build runs, nothing differs."""
    path = sorted((repo.root / "content" / "articles").rglob("*.md"))[0]
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(time.time_ns(), time.time_ns()))


def test_a_site_file_changed_by_hand_is_built_again(warm, capsys):
    repo, _ = warm
    args = ["-f", str(repo.config), "build", "--no-strict"]
    assert main(args) == 0
    page = repo.root / "site" / "actors" / "ana-beta" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"changed by hand")
    os.utime(page, ns=(0, 0))
    capsys.readouterr()
    assert main(args) == 0
    assert page.read_bytes() == good
