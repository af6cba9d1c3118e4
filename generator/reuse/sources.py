"""Stages 1 and 2 with a cache: only files whose bytes changed are parsed and validated.

A file's draft and diagnostics depend only on its path, its bytes and the settings (and
the generator's code, which with the settings makes the cache's key), so they are kept by
a digest of path and bytes. A run reads only the files whose size, times or inode
changed since the last run read them (`SourceCache.known`, kept with the cache; a file
written within two seconds of a run is read by the next one too): reading every file
costs in proportion to the archive, not to the edit. What looks across files (names
that differ only in case, file names that cannot be ids) is checked on every run.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field

from generator.diagnostics import Report
from generator.settings import Settings
from generator.source.load import (
    from_bytes,
    read_source,
    stem_of,
    unreadable,
    usable_sources,
)
from generator.source.validate import Draft, validate


@dataclass
class SourceCache:
    key: str
    entries: dict[bytes, tuple] = field(default_factory=dict)  # digest -> (draft, diagnostics)
    parsed: int = 0  # files parsed by the last run
    # the digests the files of the cache hold (generator/reuse/store.py writes only the
    # shards whose digests differ from these), and shards found unusable, to rewrite
    saved: set[bytes] = field(default_factory=set, repr=False, compare=False)
    stale: set[int] = field(default_factory=set, repr=False, compare=False)
    # path -> (size, times and inode of the file, its key) when a run read it (kept in
    # .cache/ too: generator/reuse/store.py). None: every file is read.
    known: dict[str, tuple[tuple, bytes]] | None = field(default=None, repr=False,
                                                           compare=False)
    known_saved: dict[str, tuple[tuple, bytes]] = field(default_factory=dict, repr=False,
                                                        compare=False)
    # path -> (kind, key) of every file the last run loaded
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict, repr=False,
                                                compare=False)
    # a live preview's: the files it listed, with those whose ids differ only in case
    listed: list | None = field(default=None, repr=False, compare=False)


# A file written this close to a run's start may be written again within the same tick
# of the file system's clock, with the same size: its key is not taken from its times
# next run (as git treats "racily clean" files). Two seconds covers the coarsest clocks.
RACY_NS = 2_000_000_000


def load_validated(settings: Settings, report: Report, cache: SourceCache) -> list[Draft]:
    """The drafts of every usable file, as `validate(iter_load(...))` makes them."""
    drafts: list[Draft] = []
    entries: dict[bytes, tuple] = {}
    files: dict[str, tuple[str, bytes]] = {}
    parsed = 0
    known, now_known = cache.known, None
    if known is not None:
        now_known = {}
        settled = time.time_ns() - RACY_NS
    misnamed: list = []
    for kind, rel, path in usable_sources(settings, report, cache.listed, misnamed):
        found = stat = None
        if known is not None:
            try:
                stat = os.stat(path)
            except OSError:
                stat = None
            else:
                signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                was = known.get(rel)
                if was is not None and was[0] == signature:
                    key = was[1]
                    found = cache.entries.get(key)
                    if found is not None:
                        now_known[rel] = was
        if found is None:
            data = read_source(rel, path, settings, report)
            if data is None:
                drafts.extend(validate([unreadable(kind, rel)], settings, report))
                continue
            key = file_key(kind, rel, data)
            found = cache.entries.get(key)
            if stat is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) < settled:
                now_known[rel] = (signature, key)
        if found is None:
            parsed += 1
            own = Report()
            loaded = (from_bytes(kind, rel, stem_of(rel), data, settings, own)
                      or unreadable(kind, rel))
            made = validate([loaded], settings, own)
            found = (made[0] if made else None, tuple(own.items))
        entries[key] = found
        files[rel] = (kind, key)
        draft, diagnostics = found
        report.extend(diagnostics)
        if draft is not None:
            drafts.append(draft)
    drafts.extend(validate(misnamed, settings, report))
    cache.entries = entries
    cache.files = files
    cache.parsed = parsed
    if now_known is not None:
        cache.known = now_known
    return drafts


def file_key(kind: str, rel: str, data: bytes) -> bytes:
    """What a file's entry is kept by: a digest of its kind, path and bytes."""
    return hashlib.blake2b(f"{kind}\0{rel}\0".encode() + data, digest_size=20).digest()
