"""The cache files a warm build reads are summed ahead, in a thread: what is read is the
same as without it, a file changed since it was read ahead (or while it was) is read as
it is now, and a read never waits for a thread that is gone."""

from __future__ import annotations

import mmap
import os
import threading
import zlib

import pytest

from generator.build import Build
from generator.reuse import Mode, Reuse
from generator.reuse import store as cache
from generator.reuse.store import CACHE_DIR, LAST_MODEL, PAGES
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast


@pytest.fixture
def folder(tmp_path, source_clock):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    source_clock.settle()
    Build(repo.settings(), Reuse(Mode.WARM, repo.root / CACHE_DIR)).pages()
    cache.settle()
    return repo.root / CACHE_DIR


def _key(path):
    return path.read_bytes().split(b"\n", 1)[0].split(b" ")[2].decode()


def _shard(folder):
    return sorted((folder / PAGES).glob(f"*{cache.EXTENSION}"))[0]


def test_what_is_read_ahead_is_what_is_read(folder, monkeypatch):
    path = _shard(folder)
    expected = cache.read(path, _key(path), [])
    ahead = cache._ReadAhead([path])
    ahead.thread.join()
    assert ahead.results[path][2] == cache.checksum(path.read_bytes().split(b"\n", 1)[1])
    summed_again = []
    monkeypatch.setattr(cache, "checksum", lambda data: summed_again.append(1) or
                        cache._in_hex(zlib.crc32(data)))
    monkeypatch.setattr(cache, "_AHEAD", ahead)
    notices: list[str] = []
    assert cache.read(path, _key(path), notices) == expected and notices == []
    assert summed_again == []  # summed by the thread alone


def test_a_file_changed_after_it_was_read_ahead_is_read_as_it_is(folder, monkeypatch):
    path = folder / LAST_MODEL
    key = _key(path)
    ahead = cache._ReadAhead([path])
    ahead.thread.join()
    monkeypatch.setattr(cache, "_AHEAD", ahead)
    path.write_bytes(path.read_bytes()[:-10])  # truncated in place since
    notices: list[str] = []
    assert cache.read(path, key, notices) is None
    assert len(notices) == 1 and "damaged" in notices[0]


def test_a_file_shortened_while_it_is_read_ahead_is_read_as_it_is(folder, monkeypatch):
    """In place, by another process (a mapped file read beyond its new end would kill
    this one with SIGBUS: the thread reads, and a read-ahead may outlive its run)."""
    path = max(folder.rglob(f"*{cache.EXTENSION}"), key=lambda p: p.stat().st_size)
    key = _key(path)
    assert path.stat().st_size > mmap.PAGESIZE  # a page of it beyond the new end
    real = zlib.crc32
    shortened = []

    def crc32(data, *start):  # once the file is open, before it is summed
        if not shortened:
            shortened.append(os.truncate(path, 100))
        return real(data, *start)

    monkeypatch.setattr(zlib, "crc32", crc32)
    ahead = cache._ReadAhead([path])
    ahead.thread.join()
    monkeypatch.undo()
    assert shortened
    monkeypatch.setattr(cache, "_AHEAD", ahead)
    notices: list[str] = []
    assert cache.read(path, key, notices) is None
    assert len(notices) == 1 and "damaged" in notices[0]


def test_a_read_does_not_wait_for_a_thread_that_is_gone(folder, monkeypatch):
    path = folder / LAST_MODEL
    expected = cache.read(path, _key(path), [])
    started = threading.Event()

    def dies(_path, _into):
        started.set()
        raise SystemExit  # not an Exception: the thread ends without a result

    monkeypatch.setattr(cache, "_summed", dies)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    ahead = cache._ReadAhead([path])
    started.wait()
    ahead.thread.join()
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_AHEAD", ahead)
    assert cache.read(path, _key(path), []) == expected


def _smaller_then_larger(folder):
    files = sorted(folder.rglob(f"*{cache.EXTENSION}"), key=lambda p: p.stat().st_size)
    return files[0], files[-1]


def test_a_file_that_fails_to_be_summed_leaves_the_next_one_read_ahead(folder, monkeypatch):
    # the second larger: the buffer the first was read into must grow for it
    first, second = _smaller_then_larger(folder)
    real, calls = cache.checksum, []

    def checksum(data):  # the first file fails once it is read
        calls.append(1)
        if len(calls) == 1:
            raise OSError("failed")
        return real(data)

    monkeypatch.setattr(cache, "checksum", checksum)
    ahead = cache._ReadAhead([first, second])
    ahead.thread.join()
    assert isinstance(ahead.results[first], OSError)
    assert ahead.results[second][2] == real(second.read_bytes().split(b"\n", 1)[1])
