"""The render workers hand their pages' texts to the build in files (generator/disk/
spool.py): the build holds views of those files, equal to the texts, leaves nothing
behind, and lets go of what it read of them."""

from __future__ import annotations

import dataclasses
import mmap
import multiprocessing
import os
import tempfile
from pathlib import Path

import pytest

from generator.build import Build
from generator.disk import spool
from tests.conftest import Repo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Repo:
    from bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("spool") / "repo"
    write_corpus(root, 100)  # several tasks of entries: the workers are forked
    return Repo(root)


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The temporary folder the spool is made in, watched by the test."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _pages(repo: Repo, workers: int, undecoded: bool) -> dict:
    settings = dataclasses.replace(repo.settings(), workers=workers)
    result = Build(settings).pages(undecoded=undecoded)
    assert result.pages is not None, result.report.diagnostics
    return result.pages


def _utf8(text) -> bytes:
    return text.encode() if type(text) is str else bytes(text)


def test_the_workers_texts_are_views_of_their_files_equal_to_the_texts(corpus, temp):
    one = _pages(corpus, 1, False)  # made in this process: nothing is spooled
    spooled = _pages(corpus, 2, True)
    assert list(spooled) == list(one)
    assert {path: _utf8(text) for path, text in spooled.items()} == {
        path: _utf8(text) for path, text in one.items()}
    views = [path for path, text in spooled.items()
             if type(text) is memoryview and type(text.obj) is mmap.mmap]
    # every large page came as a view: all are made by the workers (the index pages in
    # the first task); without a page cache, the files published as they are (feeds,
    # open data) are made by this process, which keeps them
    large = [path for path, text in one.items()
             if len(_utf8(text)) >= spool.SMALL and path.endswith(".md")]
    assert views == large and len(large) > 100
    assert list(temp.iterdir()) == []  # the spool's folder is gone, its files with it


def test_without_a_file_the_texts_go_through_the_pipe(corpus, temp, monkeypatch):
    def refused(fd, size):
        raise OSError(27, "File too large")

    monkeypatch.setattr(os, "ftruncate", refused)  # in the forked workers too
    pages = _pages(corpus, 2, True)
    assert pages == {path: text for path, text in pages.items() if type(text) is bytes
                     or path == "addresses.json"}
    assert {path: _utf8(text) for path, text in pages.items()} == {
        path: _utf8(text) for path, text in _pages(corpus, 1, False).items()}
    assert list(temp.iterdir()) == []


def test_the_building_process_and_small_texts_use_no_file(temp):
    with spool.spooled() as open_spool:
        assert open_spool is not None and spool.current() is open_spool
        assert open_spool.put(b"x" * spool.SMALL) is None  # the building process's own
        placed = _in_worker(open_spool, [b"a" * (spool.SMALL - 1), b"b" * spool.SMALL,
                                         "é".encode() * spool.SMALL])
        assert placed[0] is None
        assert [bytes(open_spool.view(*where)) for where in placed[1:]] == [
            b"b" * spool.SMALL, "é".encode() * spool.SMALL]
        kept = open_spool.view(*placed[1])
    assert spool.current() is None and list(temp.iterdir()) == []
    assert bytes(kept) == b"b" * spool.SMALL  # a view outlives the spool


def _in_worker(open_spool: spool.Spool, texts: list[bytes]) -> list:
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return pool.apply(_put_all, (open_spool, texts))


def _put_all(open_spool: spool.Spool, texts: list[bytes]) -> list:
    return [open_spool.put(text) for text in texts]


def test_release_lets_go_of_the_memory_a_view_was_read_into(tmp_path):
    path = tmp_path / "texts"
    path.write_bytes(os.urandom(64 * mmap.PAGESIZE))
    with open(path, "rb") as file:
        whole = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    text = whole[100:40 * mmap.PAGESIZE]
    assert bytes(text) == path.read_bytes()[100:40 * mmap.PAGESIZE]  # read: mapped in
    assert _resident(path) >= 39 * mmap.PAGESIZE
    spool.release([b"not a view", text])
    assert _resident(path) == 0
    assert bytes(text) == path.read_bytes()[100:40 * mmap.PAGESIZE]  # read again


def _resident(path: Path) -> int:
    """Bytes of `path`'s mapping in this process's memory (/proc/self/smaps)."""
    found, inside = [], False
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            first = line.split()[0]
            if "-" in first and not first.endswith(":"):
                inside = line.rstrip("\n").endswith(str(path))
            elif inside and first == "Rss:":
                found.append(int(line.split()[1]) * 1024)
    assert found, f"{path} is not mapped"
    return sum(found)


def test_where_a_file_cannot_be_mapped_its_texts_are_read(corpus, temp, monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(12, "Cannot allocate memory")  # no address space (ulimit -v)

    monkeypatch.setattr(spool.mmap, "mmap", refused)
    pages = _pages(corpus, 2, True)
    assert not any(type(text) is memoryview for text in pages.values())
    assert {path: _utf8(text) for path, text in pages.items()} == {
        path: _utf8(text) for path, text in _pages(corpus, 1, False).items()}
    assert list(temp.iterdir()) == []


def test_a_cache_file_is_let_go_of_once_summed_and_once_read(tmp_path):
    from generator.reuse import store
    from generator.reuse.data import Buffer

    path = tmp_path / "shard.msgpack"
    text = os.urandom(64 * mmap.PAGESIZE)
    store.write(path, "k", {"page": Buffer(text)})
    summed = store._opened(path)[0]  # as a read sums it where nothing was read ahead
    assert _resident(path) == 0
    del summed
    items = store.read(path, "k", [])
    assert type(items["page"]) is memoryview and _resident(path) == 0
    assert bytes(items["page"]) == text and _resident(path) >= len(text)  # read when used


def test_what_writing_the_page_cache_read_of_a_mapped_text_is_let_go_of(tmp_path):
    from generator.reuse import store
    from generator.reuse.data import Buffer

    source = tmp_path / "texts"
    source.write_bytes(os.urandom(64 * mmap.PAGESIZE))
    with open(source, "rb") as file:
        text = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    store.write(tmp_path / "shard.msgpack", "k", {"page": Buffer(text)})  # reads all of it
    assert _resident(source) == 0
    assert bytes(store.read(tmp_path / "shard.msgpack", "k", [])["page"]) == bytes(text)


def test_texts_used_are_let_go_of_a_few_dozen_at_a_time(tmp_path):
    path = tmp_path / "texts"
    path.write_bytes(os.urandom(spool.Used.EVERY * mmap.PAGESIZE))
    with open(path, "rb") as file:
        whole = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    used = spool.Used()
    for page in range(spool.Used.EVERY):
        text = whole[page * mmap.PAGESIZE:(page + 1) * mmap.PAGESIZE]
        bytes(text)  # a page written: its text read
        if page == spool.Used.EVERY - 2:
            assert _resident(path) >= (page + 1) * mmap.PAGESIZE  # not yet let go of
        used.add(text)
    assert _resident(path) == 0 and used.texts == []
