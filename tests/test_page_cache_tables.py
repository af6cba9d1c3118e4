"""Each page cache file keeps the digest of every read in its table as its entries saw
it: a warm build whose model gives a table's reads the same digests takes that file's
entries without checking each one (tests/test_incremental.py shows warm builds equal
cold ones; this shows the shortcut is taken, and not taken where a read changed)."""

from __future__ import annotations

import pytest

from generator.build import Build
from generator.reuse import Mode, Reuse
from generator.reuse import store as cache
from generator.reuse.reads import SIZE
from generator.reuse.store import CACHE_DIR, PAGES
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast

EDITED = "content/articles/2023/ana-beta-visits-gamma-union.md"


def _warm(repo):
    reuse = Reuse(Mode.WARM, repo.root / CACHE_DIR)
    return Build(repo.settings(), reuse).pages(), reuse


def test_every_file_keeps_its_reads_digests(tmp_path, source_clock):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    source_clock.settle()
    assert _warm(repo)[0].ok()
    shards = sorted((repo.root / CACHE_DIR / PAGES).glob(f"*{cache.EXTENSION}"))
    assert shards
    for path in shards:
        key = path.read_bytes().split(b"\n", 1)[0].split(b" ")[2].decode()
        payload = cache.read(path, key, [])
        assert len(payload["#digests"]) == SIZE * len(payload["#reads"]) > 0, path


def test_an_edit_checks_entries_only_where_a_read_changed(tmp_path, source_clock):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    source_clock.settle()
    assert _warm(repo)[0].ok()
    repo.replace(EDITED, "\n---\n", "\n---\nA later first sentence.\n\n")
    result, reuse = _warm(repo)
    assert result.ok() and result.pages == Build(repo.settings()).pages().pages
    tables = list(reuse.pages.last._tables.values())
    unchanged = [table for table, _, same in tables if same]
    assert unchanged and len(unchanged) < len(tables)
    assert ("articles", "ana-beta-visits-gamma-union") in reuse.pages.fresh
