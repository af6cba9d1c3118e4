"""The caches of a warm build, kept under `.cache/` at the repository root.

- `sources/NN.msgpack`: each content file's validated draft and diagnostics, by a digest
  of its path and bytes (generator/reuse/sources.py): a run parses only changed files,
  and writes only the files (shards, by digest) whose set of digests changed.
- `pages/NN.msgpack`: each entry's finished pages, with what its renderers read
  (generator/reuse/reads.py): a run renders only entries whose reads changed, and
  writes only the files (shards, by entry) that hold entries it rendered. An entry's
  links are kept packed (`reads.PackedTargets`), read only if they are checked.
- `published.msgpack`: the pages the run that wrote the shards published: a run that
  publishes the same pages checks only the links of the entries it renders.
- `digests.msgpack`: the digests of what the last run's pages read from its model, with
  the key of each source file it was made from (generator/reuse/lastmodel.py): a run
  whose model differs only in some articles' records computes only theirs.
- `links.msgpack`: the cross-links of the last model that was linked (`link.link_maps`),
  under a token that `digests.msgpack` names: a build whose articles' records alone
  differ from the last one's takes them instead of linking.
- `site.json`: what the last `build` put in the site folder (generator/reuse/carry.py).
- `carried/NN.msgpack`: what the last `build` knew of each generated page (its search
  record and sitemap date), so that a page carried over is not read again.
- `search.msgpack`: the search index writer's analysis of each page (its words and their
  counts), by a digest of the page's record (generator/reuse/indexer.py).

Each of these files starts with a header line naming the format, a key (the generator's
code, Python's and the libraries' versions, and the settings that shape the output) and
a checksum of the rest. A file that is truncated, garbled, made by another version or
with other settings is ignored with a one-line notice, and the run starts cold; the file
is checked before anything in it is decoded. What follows is MessagePack holding only
plain values and a closed set of the generator's types (generator/reuse/data.py): a
file someone else wrote can cost a cold build, never run code. Files are written beside
their final name and renamed over it, so a run stopped at any point leaves the old file or the new
one, and at most a temporary file that the next run removes. The layout is described in
devdocs/incremental.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import struct
import sys
import threading
import uuid
import zlib
from array import array
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.disk.spool import let_go, release
from generator.reuse import data as cachedata

if TYPE_CHECKING:  # imported where used: the search index writer imports this module alone
    from generator.reuse.reads import PageCache
    from generator.reuse.sources import SourceCache

CACHE_DIR = ".cache"
SOURCES = "sources"  # a folder of shards: sources/NN.msgpack
SOURCE_FILES = "source-files.msgpack"  # each source file's size and times, and its key
PAGES = "pages"  # a folder of shards: pages/NN.msgpack
LAST_MODEL = "digests.msgpack"
LINKS = "links.msgpack"
SITE = "site.json"
SEARCH = "search.msgpack"
CARRIED = "carried"  # a folder of shards: carried/NN.msgpack
EXTENSION = ".msgpack"
# The pages the run that wrote the page shards published, every link among them found: a
# run that publishes the same pages checks only the links of the entries it renders
# again. Removed while the shards are written, so that it never names another run's.
PUBLISHED = f"published{EXTENSION}"
# Files of the caches' earlier format (pickles, and templates compiled to Python's
# bytecode), removed by a run that writes the caches: they were code, not data
_EARLIER = ("sources.pickle", "pages.pickle", "carried.pickle", "source-files.pickle",
            "digests.pickle", "links.pickle", "search.pickle")
_EARLIER_SHARDS = ((SOURCES, PAGES, CARRIED), "[0-9][0-9].pickle")
_EARLIER_TEMPLATES = "templates"  # Jinja's FileSystemBytecodeCache: __jinja2_*.cache
_MAGIC = b"news-archive-cache 6"
_TMP = ".tmp-"
_HEAD_MAX = 256  # the header line is shorter
# Files are mapped where a mapped file may be replaced (a run saves over the file its
# views come from); elsewhere (Windows) they are read, and the views are of the bytes
_MAP = os.name == "posix"


def read(path: Path, key: str, notices: list[str], tidied: bool = False) -> object | None:
    """The payload stored at `path` under `key`, or None (with a notice if the file was
    there but could not be trusted). The file is mapped, not read: the buffers of its
    items (`write`) are views of the mapping, never copied (the page texts are most of
    the archive's bytes, and a warm build hands most of them on unread). `tidied`: its
    folder's leftovers were removed already (`tidy`)."""
    if not tidied:
        tidy(path.parent, notices, path.name)
    try:
        data, start, parts, summed = _opened(path, _AHEAD.take(path) if _AHEAD else None)
    except FileNotFoundError:
        return None
    except OSError as exc:
        notices.append(f"cache {path} cannot be read ({exc.strerror}); starting cold")
        return None
    if len(parts) != 4 or b" ".join(parts[:2]) != _MAGIC:
        notices.append(f"cache {path} is not a cache file of this generator; ignored, "
                       "starting cold")
        return None
    if parts[2].decode("ascii", "replace") != key:
        notices.append(f"cache {path} {OTHER_SETTINGS}; ignored, starting cold")
        return None
    if summed != parts[3]:
        notices.append(f"cache {path} is damaged (checksum mismatch); ignored, starting cold")
        return None
    try:
        items = _load_items(data, start)
    except Exception as exc:
        notices.append(f"cache {path} is damaged ({type(exc).__name__}); ignored, "
                       "starting cold")
        return None
    if type(data) is mmap.mmap:
        # summed and decoded: what was read of the file is let go of; its texts are
        # read again where a page is used
        let_go(data)
    return items


def _opened(path: Path, ahead: tuple | None = None
            ) -> tuple[mmap.mmap | bytes, int, list[bytes], bytes]:
    """The file at `path` mapped (or read), where its payload starts, the fields of its
    header line and the checksum of its payload (`checksum`); `ahead`: what `_summed`
    found, used if it was this very file."""
    with open(path, "rb") as file:
        st = os.fstat(file.fileno())
        if _MAP and st.st_size:
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        else:
            data = file.read()
    if ahead is not None and ahead[3] == _identity(st):
        return (data, *ahead[:3])
    start, parts = _header(data[:_HEAD_MAX])
    summed = checksum(memoryview(data)[start:])
    if type(data) is mmap.mmap:  # read through once: let go of
        let_go(data)
    return data, start, parts, summed


def _summed(path: Path, into: bytearray) -> tuple[int, list[bytes], bytes, tuple]:
    """What `_opened` works out from a file's bytes, and which file it was: read (into
    `into`, grown to the file's size), not mapped (a mapped file that another process
    shortens kills the process that reads it, and a read-ahead may outlive the run that
    started it). Read and summed whole: each call lets go of the interpreter, and a
    thread that takes it back for every slice of a file slows the build's own thread."""
    with open(path, "rb") as file:
        st = os.fstat(file.fileno())
        if len(into) < st.st_size:
            into.extend(bytes(st.st_size - len(into)))
        view, size = memoryview(into), 0
        while size < st.st_size and (got := file.readinto(view[size:st.st_size])):
            size += got
    data = view[:size]
    start, parts = _header(bytes(data[:_HEAD_MAX]))
    return start, parts, checksum(data[start:]), _identity(st)


def _header(head: bytes) -> tuple[int, list[bytes]]:
    """Where a file's payload starts (0: no header line in `head`, its first bytes) and
    the fields of its header line."""
    start = head.find(b"\n") + 1
    return start, head[:start - 1].split(b" ") if start else []


class _ReadAhead:
    """Files of `.cache/` summed (`_summed`) in a thread, in the order a warm
    build reads them, for `read` to take. zlib lets go of the interpreter while it sums,
    so the checksums (700 MB at 10,000 articles, a fifth of a second, most of it the
    page texts) are worked out on the other core while the build loads the content."""

    def __init__(self, paths: list[Path]) -> None:
        self.results: dict[Path, object] = {}
        self.ready = {path: threading.Event() for path in paths}
        self.thread = threading.Thread(target=self._run, args=(list(self.ready.items()),),
                                       daemon=True, name="archive-cache-checksums")
        self.thread.start()

    def _run(self, files: list[tuple[Path, threading.Event]]) -> None:
        into = bytearray()
        for path, ready in files:  # (`take` removes the events it waits for)
            try:
                self.results[path] = _summed(path, into)
            except Exception as exc:  # the file is opened again where it is read
                self.results[path] = exc
                into = bytearray()  # (the error's frames may still hold a view of it)
            ready.set()

    def take(self, path: Path) -> tuple | None:
        """What `_summed(path)` gave, once; None if the file was not read ahead."""
        ready = self.ready.pop(path, None)
        if ready is None:
            return None
        while not ready.wait(0.5):
            if not self.thread.is_alive() and not ready.is_set():
                return None  # (never expected: the thread catches what opening raises)
        found = self.results.pop(path)
        return None if isinstance(found, Exception) else found


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


_AHEAD: _ReadAhead | None = None


def read_ahead(folder: Path) -> None:
    """Start summing the cache files of `folder` that a warm build reads, unless a
    read-ahead is still running (files are mapped only where `_MAP` is on)."""
    global _AHEAD
    if not _MAP or (_AHEAD is not None and _AHEAD.thread.is_alive()):
        return
    paths: list[Path] = []
    for shards in (CARRIED, SOURCES):
        paths.extend(sorted((folder / shards).glob(f"*{EXTENSION}")))
    paths += [folder / SOURCE_FILES, folder / LAST_MODEL, folder / LINKS]
    paths.extend(sorted((folder / PAGES).glob(f"*{EXTENSION}")))
    paths.append(folder / PUBLISHED)
    _AHEAD = _ReadAhead(paths)


def settle() -> None:
    """Wait for the files read ahead (before the process forks: a thread must not be
    running then)."""
    if _AHEAD is not None:
        _AHEAD.thread.join()


def write(path: Path, key: str, payload: dict) -> None:
    """Store `payload` under `key`: whole, or not at all. The items are streamed into
    the file, never held whole in memory (they are as large as every finished page);
    the header, whose checksum covers them, is written last over a placeholder of its
    size. Each item is encoded on its own (`cachedata.encode`), after the number of
    items: its size, the sizes of its out-of-band buffers (page texts:
    `cachedata.Buffer`), the buffers, then the item; `read` hands each buffer back as
    a view of the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}{_TMP}{os.getpid()}")
    texts: list = []  # what was read of mapped files is let go of once written
    try:
        with open(tmp, "wb") as out:
            out.write(_head(key, b"0" * _CHECKSUM_SIZE))
            hashed = _Hashed(out)
            hashed.write(_COUNT.pack(len(payload)))
            for item in payload.items():
                body, buffers = cachedata.encode(item)
                hashed.write(_ITEM.pack(len(body), len(buffers)))
                hashed.write(array("Q", map(len, buffers)).tobytes())
                for buffer in buffers:
                    hashed.write(buffer)
                hashed.write(body)
                texts += buffers
            out.seek(0)
            out.write(_head(key, _in_hex(hashed.crc)))
        os.replace(tmp, path)
    finally:
        release(texts)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# little-endian, so that a file means the same on every machine
_COUNT = struct.Struct("<Q")  # items in the file
_ITEM = struct.Struct("<QI")  # an item's size, and how many buffers it has


def _load_items(data: mmap.mmap | bytes, start: int) -> dict:
    whole = memoryview(data)
    (count,), at = _COUNT.unpack_from(whole, start), start + _COUNT.size
    items = {}
    for _ in range(count):
        size, buffers = _ITEM.unpack_from(whole, at)
        at += _ITEM.size
        lengths = array("Q")
        lengths.frombytes(whole[at:at + 8 * buffers])
        if sys.byteorder != "little":
            lengths.byteswap()
        at += 8 * buffers
        views = []
        for length in lengths:
            views.append(whole[at:at + length])
            at += length
        if at + size > len(whole):
            raise ValueError("an item beyond the end")
        item = cachedata.decode(whole[at:at + size], views)
        at += size
        if type(item) is not tuple or len(item) != 2:
            raise TypeError("an item that is not a key and a value")
        items[item[0]] = item[1]
    if at != len(whole):
        raise ValueError("data after the last item")
    return items


# What a cache made for other settings is told by (a live preview expects it: MkDocs
# serves the site at its own address, so every page's absolute addresses differ)
OTHER_SETTINGS = "was made by another version or with other settings"


def remove_earlier_formats(folder: Path) -> None:
    """Remove the cache files an earlier version of the generator wrote in `folder`."""
    names = [folder / name for name in _EARLIER]
    shard_folders, pattern = _EARLIER_SHARDS
    for shards in shard_folders:
        with contextlib.suppress(OSError):
            names.extend(sorted((folder / shards).glob(pattern)))
    with contextlib.suppress(OSError):
        names.extend(sorted((folder / _EARLIER_TEMPLATES).glob("__jinja2_*.cache")))
    for path in names:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    with contextlib.suppress(OSError):
        (folder / _EARLIER_TEMPLATES).rmdir()


def _head(key: str, checksum: bytes) -> bytes:
    return b" ".join((_MAGIC, key.encode(), checksum)) + b"\n"


# The checksum guards against damage (a truncated or garbled file), not against a file
# made on purpose, which the format guards against: CRC-32, which a warm build checks
# over all of `.cache/` (690 MB at 10,000 articles) at more than twice SHA-256's speed
# (bench/RESULTS.md, figures behind the code).
_CHECKSUM_SIZE = 8


def checksum(data) -> bytes:
    """The header's checksum of a file's bytes after its header."""
    return _in_hex(zlib.crc32(data))


def _in_hex(crc: int) -> bytes:
    return b"%08x" % crc


class _Hashed:
    """A file that sums what is written into it (`checksum`)."""

    def __init__(self, out) -> None:
        self.out = out
        self.crc = 0

    def write(self, data) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.out.write(data)


def tidy(folder: Path, notices: list[str], name: str | None = None) -> None:
    """Remove the temporary files in `folder` (of the file `name`, else of any) of a run
    that was stopped while writing (their process is gone). A folder of shards is tidied
    once before its files are read with `read(..., tidied=True)`: listed once, not once a
    file (the page cache's 128 files, each listing the other 127, took 15 ms a build)."""
    try:
        with os.scandir(folder) as scan:
            found = sorted(folder / entry.name for entry in scan if _TMP in entry.name and (
                name is None or entry.name.startswith(f"{name}{_TMP}")))
    except OSError:
        return
    for tmp in found:
        pid = tmp.name.rpartition(_TMP)[2]
        if pid.isdigit() and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            notices.append(f"removed {tmp}, left by an interrupted run")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# The page cache is split into SHARDS files by entry, so that a run writes only the
# files holding entries it rendered: the finished pages are most of the archive's bytes,
# and an edit of one article changes one entry. The source cache likewise, by file
# digest, into SOURCE_SHARDS files (at most 256: by the digest's first byte): an edit
# changes one or two of them, each a 64th of the drafts (a 16th took a fifth of a
# second to write at 10,000 articles).
SHARDS = 128
SOURCE_SHARDS = 64


def shard_of(entry: tuple) -> int:
    return int.from_bytes(hashlib.blake2b(repr(entry).encode(), digest_size=4).digest(),
                          "big") % SHARDS


def source_shard_of(digest: bytes) -> int:
    return digest[0] % SOURCE_SHARDS


def _shard(folder: Path, number: int) -> Path:
    return folder / f"{number:02d}{EXTENSION}"


def _load_shards(folder: Path, count: int, number_of, key: str, notices: list[str],
                 decode) -> tuple[dict, set[int]]:
    """The items of every shard file in `folder` that can be trusted, and the numbers
    of those that cannot (rewritten by the next save). `decode` turns a file's payload
    into its items, or None if it holds something else. Whatever is wrong with how
    many files, one notice."""
    items: dict = {}
    stale: set[int] = set()
    found: list[str] = []
    tidy(folder, found)
    for number in range(count):
        path = _shard(folder, number)
        payload = read(path, key, found, tidied=True)
        if payload is None:
            if path.exists():
                stale.add(number)
            continue
        decoded = decode(payload)
        if decoded is not None and all(number_of(k) == number for k in decoded):
            items.update(decoded)
        else:
            found.append(f"cache {path} holds something else; ignored, starting cold")
            stale.add(number)
    if found:
        others = len(found) - 1
        notices.append(found[0] + (f" (and {others} more of {folder})" if others else ""))
    return items, stale


def _save_shards(folder: Path, number_of, key: str, items: dict, dirty: set[int],
                 encode=lambda payload: payload) -> None:
    """Write the shard files numbered in `dirty` with their items; remove those that
    have none."""
    shards: dict[int, dict] = {number: {} for number in dirty}
    for item_key, value in items.items():
        number = number_of(item_key)
        if number in shards:
            shards[number][item_key] = value
    for number, payload in sorted(shards.items()):
        path = _shard(folder, number)
        if payload:
            write(path, key, encode(payload))
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def load_pages(folder: Path, key: str, notices: list[str]) -> PageCache:
    """Every shard's entries; a shard that cannot be trusted is left out (its entries
    are rendered again) and rewritten by the next save, with one notice for them all."""
    from generator.reuse.reads import PageCache, RenderedEntry

    cache = PageCache(key)
    cache.entries, cache.stale = _load_shards(
        folder / PAGES, SHARDS, shard_of, key, notices,
        lambda payload: _expanded(payload, RenderedEntry))
    cache.saved = dict(cache.entries)
    # unread or unusable, it costs a check of every link, worth no notice
    payload = read(folder / PUBLISHED, key, [])
    if isinstance(payload, dict) and type(payload.get("pages")) is str:
        cache.published = cache.published_saved = set(payload["pages"].split("\n"))
    return cache


def save_pages(folder: Path, cache: PageCache) -> None:
    """Write the shards whose entries changed since they were loaded or last saved,
    and the pages published."""
    entries, saved = cache.entries, cache.saved
    dirty = set(cache.stale)
    dirty.update(shard_of(e) for e, made in entries.items() if saved.get(e) is not made)
    dirty.update(shard_of(e) for e in saved if e not in entries)
    path = folder / PUBLISHED
    if dirty or cache.published != cache.published_saved:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        cache.published_saved = None
    if dirty:
        _save_shards(folder / PAGES, shard_of, cache.key, entries, dirty, _compacted)
    if cache.published is not None and cache.published_saved is None:
        write(path, cache.key, {"pages": "\n".join(sorted(cache.published))})
        cache.published_saved = cache.published
    cache.saved = dict(entries)
    cache.stale = set()


# A shard names each read of its entries' dependencies once, in a table; an entry's
# reads are indices into it (generator/reuse/reads.py `Deps`), kept so in memory:
# the digests of a table's reads are looked up once for all its entries. With the
# table, the digest each read had when the shard was written (`_DIGESTS`: the entries
# of a shard were all checked against, or made from, one model, so they agree; if
# they do not, none is kept): a run whose model gives every read of a table the same
# digest knows every entry of the shard is as it was without checking each one.
_READS = "#reads"
_DIGESTS = "#digests"


def _compacted(payload: dict) -> dict:
    from generator.reuse.reads import SIZE, pack_targets, reads_of

    table: dict = {}
    seen: list[bytes] = []  # each read's digest, by its index in `table`
    agree = True
    entries = {}
    for entry, made in payload.items():
        if made.deps:
            at = array("I", [table.setdefault(read, len(table)) for read in reads_of(made.deps)])
            digests = made.deps[-1]
            for k, index in enumerate(at):
                digest = digests[k * SIZE:(k + 1) * SIZE]
                if index == len(seen):
                    seen.append(digest)
                elif agree and seen[index] != digest:
                    agree = False
            made = replace(made, deps=(None, at.tobytes(), digests))
        # each text out of band (`write`): read back as a view of the file, not a copy;
        # the typed facts are this process's only (`RenderedEntry.facts`)
        made = replace(made, facts=(), targets=pack_targets(made.targets), pages=tuple(
            (path, cachedata.Buffer(text.encode() if type(text) is str else text))
            for path, text in made.pages))
        entries[entry] = made
    return {_READS: tuple(table), _DIGESTS: b"".join(seen) if agree else b"", **entries}


def _expanded(payload: object, made_type: type) -> dict | None:
    """The entries of a shard as `_compacted` stored them, each pointing at the shard's
    table of reads, or None if it holds anything else."""
    from generator.reuse.reads import SIZE, PackedTargets, ReadTable

    if not isinstance(payload, dict) or not isinstance(payload.get(_READS), tuple):
        return None
    table = ReadTable(payload.pop(_READS))
    table.digests = payload.pop(_DIGESTS, None)
    if table and (set(map(type, table)) != {tuple} or set(map(len, table)) != {3}):
        return None
    if type(table.digests) is not bytes or len(table.digests) not in (0, SIZE * len(table)):
        return None
    entries = {}
    for entry, made in payload.items():
        if not isinstance(made, made_type):
            return None
        deps = made.deps
        if deps:
            _, at, digests = deps
            if (type(at) is not bytes or type(digests) is not bytes or len(at) % 4
                    or (at and max(array("I", at)) >= len(table))):
                return None
            deps = (table, at, digests)
        if not all(type(path) is str and type(text) is memoryview for path, text in made.pages):
            return None
        entries[entry] = replace(made, deps=deps, targets=PackedTargets(made.targets))
    return entries


def load_sources(folder: Path, key: str, notices: list[str]) -> SourceCache:
    from generator.reuse.sources import SourceCache

    cache = SourceCache(key)
    cache.entries, cache.stale = _load_shards(
        folder / SOURCES, SOURCE_SHARDS, source_shard_of, key, notices, _source_entries)
    cache.saved = set(cache.entries)
    payload = read(folder / SOURCE_FILES, key, notices)
    known = payload.get("known") if isinstance(payload, dict) else None
    if not _known_files(known):
        if payload is not None:
            notices.append(f"cache {folder / SOURCE_FILES} holds something else; ignored")
        known = {}
    cache.known = cache.known_saved = known  # a run makes a new `known`
    return cache


def _known_files(known: object) -> bool:
    return isinstance(known, dict) and all(
        type(rel) is str and type(v) is tuple and len(v) == 2 and type(v[0]) is tuple
        and type(v[1]) is bytes for rel, v in known.items())


def _source_entries(payload: object) -> dict | None:
    if isinstance(payload, dict) and all(
            type(k) is bytes and k and type(v) is tuple for k, v in payload.items()):
        return payload
    return None


def save_sources(folder: Path, cache: SourceCache) -> None:
    """Write the shards whose files were added or removed since the cache was loaded
    or last saved (an entry is a function of its key: the same key, the same entry)."""
    dirty = set(cache.stale)
    dirty.update(map(source_shard_of, cache.saved.symmetric_difference(cache.entries)))
    if dirty:
        _save_shards(folder / SOURCES, source_shard_of, cache.key, cache.entries, dirty)
    cache.saved = set(cache.entries)
    cache.stale = set()
    if cache.known is not None and cache.known != cache.known_saved:
        write(folder / SOURCE_FILES, cache.key, {"known": cache.known})
        cache.known_saved = cache.known


def load_last_model(folder: Path, key: str, notices: list[str]):
    from generator.reuse.lastmodel import LastModel
    from generator.reuse.reads import SIZE

    path = folder / LAST_MODEL
    payload = read(path, key, notices)
    if payload is None:
        return None
    try:
        model = LastModel(**payload)
    except TypeError:
        model = None
    if model is None or not (
            type(model.files) is dict and type(model.link_args) is tuple
            and type(model.linked) is dict and type(model.memo) is dict
            and all(type(v) is tuple and len(v) == 2 for v in model.linked.values())
            and type(model.links) is str
            and all(type(v) is tuple and len(v) == 2 and type(v[1]) is bytes
                    for v in model.files.values())
            and all(type(k) is tuple and len(k) == 3 and type(v) is bytes and len(v) == SIZE
                    for k, v in model.memo.items())):
        notices.append(f"cache {path} holds something else; ignored")
        return None
    return model


def save_last_model(folder: Path, key: str, model) -> None:
    write(folder / LAST_MODEL, key, vars(model))


def load_links(folder: Path, key: str, token: str, notices: list[str]) -> dict | None:
    """The cross-links saved under `token`, or None (those of another build: a build
    stopped between saving them and its model leaves a token no model names)."""
    from generator.link import link_map_names

    path = folder / LINKS
    payload = read(path, key, notices)
    if payload is None or payload.get("token") != token or not token:
        return None
    maps = payload.get("maps")
    if not (type(maps) is dict and maps.keys() == link_map_names()
            and all(type(value) is tuple and len(value) == 2 and type(value[1]) is dict
                    for value in maps.values())):
        notices.append(f"cache {path} holds something else; ignored")
        return None
    return maps


def save_links(folder: Path, key: str, maps: dict) -> str:
    token = uuid.uuid4().hex
    write(folder / LINKS, key, {"token": token, "maps": maps})
    return token
