"""What each page read from the site model, so that a later run can tell whether it is
still right without rendering it again.

Nothing is declared by hand: while an entry (an article, an actor, a topic, or the index
pages) is rendered, the renderers see the model through `Tracked`, which writes down every
field and key they look up. A field read as a whole (iterated, counted, `site.articles`)
is one dependency on all of it. After the run each dependency is stored with a digest of
the value read; the next run recomputes those digests on its own model, and an entry
whose digests all match would render the same bytes. A renderer that starts reading
something new is tracked the same way, so no list of dependencies can fall behind the
code (tests/test_incremental.py checks warm against cold builds after random edits).

What the renderers get besides the model (the options, the generator's code and its
libraries) is part of the page cache's key instead (generator/reuse/store.py).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator.model import Site

ALL = "*"  # a key meaning "every record of the field"
WHOLE = ""  # an attribute meaning "the whole value"
KEYS = "#keys"  # the keys of a mapping in order, or the length of a tuple
HAS = "#has"  # whether a mapping has the key
REST = "#rest"  # every field of a record but the text
TEXT = "body_utf8"  # an article's text: most of the model, read by its own page only
_ATTRS = (WHOLE, KEYS, HAS, REST, TEXT)  # every attribute a read can have
# Properties of the model's records computed from fields other than the text, read as
# REST; any other property or method of a record reads all of it.
_SMALL_PROPERTIES = frozenset({"identity", "all_actors", "modified"})
# Every digest is SIZE bytes, so that an entry's digests are kept as one string
SIZE = 16
_MISSING = b"\0missing".ljust(SIZE, b"\0")
_HAS, _HAS_NOT = b"\1" * SIZE, b"\2" * SIZE

# The fields of `Site` that hold the article records themselves
_ARTICLE_FIELDS = frozenset({"articles", "article_by_id"})

Read = tuple[str, str, str]  # (field of Site, key or ALL, attribute or WHOLE, KEYS, HAS)
# What one entry read, sorted, and the digests of what each read saw, in the same order,
# joined into one string: compared a whole entry at a time. Made by a run: (reads,
# digests); loaded from the page cache: (table, indices, digests), the reads being
# table[i] for each 32-bit index i (generator/reuse/store.py keeps one table per file).
Deps = tuple[tuple[Read, ...], bytes] | tuple[tuple[Read, ...], bytes, bytes]


def _is_record(value) -> bool:
    return hasattr(type(value), "__dataclass_fields__")


class _TrackedRecord:
    """A record of the model that writes down each attribute read: a page that lists an
    article's title reads its title, not its text, and stays right when the text
    changes. Anything else done with the record (compared, printed) reads all of it."""

    __slots__ = ("_field", "_key", "_reads", "_value")

    def __init__(self, field: str, key: str, value, reads: set) -> None:
        self._field, self._key, self._value, self._reads = field, key, value, reads

    def __getattr__(self, name: str):
        if name == TEXT or name == "body":
            read = TEXT
        elif name in _SMALL_PROPERTIES or name in _fields(type(self._value)):
            read = REST
        else:  # a method or another property reads what it likes: all of the record
            read = WHOLE
        self._reads.add((self._field, self._key, read))
        return getattr(self._value, name)

    def _whole(self):
        self._reads.add((self._field, self._key, WHOLE))
        return self._value

    def __eq__(self, other) -> bool:
        return self._whole() == (other._whole() if isinstance(other, _TrackedRecord) else other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())


_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = frozenset(kind.__dataclass_fields__)
    return found


def _part(record, attr: str):
    """What a read of `attr` (TEXT or REST) of a record saw."""
    if attr == TEXT:
        return getattr(record, TEXT, _MISSING)
    if not _is_record(record):
        return record
    return tuple(getattr(record, name) for name in record.__dataclass_fields__ if name != TEXT)


_VIEWS: dict[type, type] = {}


def _view_type(kind: type) -> type:
    """A `_TrackedRecord` for records of `kind` whose fields are properties: reading one is a
    property call, not a failed slot look-up and `__getattr__` (half the cost, and an
    export reads every field of every article)."""
    found = _VIEWS.get(kind)
    if found is None:
        names = {name: TEXT if name == TEXT else REST for name in _fields(kind)}
        names.update((name, REST) for name in _SMALL_PROPERTIES if hasattr(kind, name))
        if hasattr(kind, "body"):
            names["body"] = TEXT
        space = {"__slots__": ()}
        space.update((name, _tracked(name, read)) for name, read in names.items())
        found = _VIEWS[kind] = type(f"_TrackedRecord{kind.__name__}", (_TrackedRecord,), space)
    return found


def _tracked(name: str, read: str) -> property:
    def get(self):
        self._reads.add((self._field, self._key, read))
        return getattr(self._value, name)
    return property(get)


def _view(field: str, key: str, value, reads: set):
    """What a renderer gets for one value of a field: a record that tracks its
    attributes, or the value itself, read whole."""
    if _is_record(value):
        return _view_type(type(value))(field, key, value, reads)
    reads.add((field, key, WHOLE))
    return value


class _Map(Mapping):
    """A mapping of the model that writes down each key looked up."""

    __slots__ = ("_data", "_field", "_reads")

    def __init__(self, field: str, data: Mapping, reads: set) -> None:
        self._field, self._data, self._reads = field, data, reads

    def __getitem__(self, key):
        self._reads.add((self._field, key, HAS))
        return _view(self._field, key, self._data[key], self._reads)

    def get(self, key, default=None):
        self._reads.add((self._field, key, HAS))
        if key not in self._data:
            return default
        return _view(self._field, key, self._data[key], self._reads)

    def __contains__(self, key) -> bool:
        self._reads.add((self._field, key, HAS))
        return key in self._data

    def __iter__(self) -> Iterator:
        self._reads.add((self._field, ALL, KEYS))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add((self._field, ALL, KEYS))
        return len(self._data)

    def keys(self):
        self._reads.add((self._field, ALL, KEYS))
        return self._data.keys()

    def values(self):
        self._reads.add((self._field, ALL, KEYS))
        return [_view(self._field, ALL, value, self._reads) for value in self._data.values()]

    def items(self):
        self._reads.add((self._field, ALL, KEYS))
        return [(key, _view(self._field, ALL, value, self._reads))
                for key, value in self._data.items()]


class _Seq(Sequence):
    """A tuple of records of the model (`site.articles`): its length is one read, each
    attribute read of any of its records another (of that attribute of all of them)."""

    __slots__ = ("_data", "_field", "_reads")

    def __init__(self, field: str, data: tuple, reads: set) -> None:
        self._field, self._data, self._reads = field, data, reads

    def __len__(self) -> int:
        self._reads.add((self._field, ALL, KEYS))
        return len(self._data)

    def __getitem__(self, index):
        self._reads.add((self._field, ALL, KEYS))
        if isinstance(index, slice):
            return tuple(_view(self._field, ALL, v, self._reads) for v in self._data[index])
        return _view(self._field, ALL, self._data[index], self._reads)

    def __iter__(self) -> Iterator:
        self._reads.add((self._field, ALL, KEYS))
        return (_view(self._field, ALL, v, self._reads) for v in self._data)

    def __contains__(self, value) -> bool:
        self._reads.add((self._field, ALL, WHOLE))
        if isinstance(value, _TrackedRecord):
            value = value._whole()
        return value in self._data


class Tracked:
    """The site as one entry's renderers see it: the same fields, every read recorded."""

    def __init__(self, site: Site) -> None:
        self.reads: set[Read] = set()
        self._site = site
        self._views: dict[str, object] = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        view = self._views.get(name)
        if view is None:
            value = getattr(self._site, name)
            if isinstance(value, Mapping):
                view = _Map(name, value, self.reads)
            elif isinstance(value, tuple) and all(map(_is_record, value)):
                view = _Seq(name, value, self.reads)
            else:  # anything else: read as a whole
                self.reads.add((name, ALL, WHOLE))
                view = value
            self._views[name] = view
        elif not isinstance(view, (_Map, _Seq)):
            self.reads.add((name, ALL, WHOLE))
        return view


class Digests:
    """Digests of parts of one site model, each computed once.

    With the `previous` run's digests (a live preview keeps them in memory), a record
    equal to the one of the previous model keeps the digest computed then: comparing
    two records costs a fraction of printing and hashing one, and most records of a
    save are the same as before it."""

    def __init__(self, site: Site, previous: Digests | None = None,
                 changed: tuple[Site, frozenset[str]] | None = None) -> None:
        self.site = site
        self._memo: dict[Read, bytes] = {}
        self._shared: dict[Read, Read] = {}  # each read learnt, one object for all (`learn`)
        # the digests of the reads of each table of the page cache (`Deps`), by its id
        self._tables: dict[int, tuple[tuple, list[bytes]]] = {}
        self._previous = previous
        # the ids of the articles whose records alone differ from the previous site's,
        # when this is that site so changed (and the other digests are the previous ones),
        # and the previous digests of the reads of them or of all articles
        self.articles_changed: frozenset[str] | None = None
        self._replaced: dict[Read, bytes] = {}
        if previous is None:
            return
        previous._previous = None  # one model back is enough: the rest can go
        if changed is not None and changed[0] is previous.site:
            # `site` is the previous one with these articles' records replaced, every
            # other value the same object (`link.relink`): every digest is the same but
            # those of reads of these articles, or of all articles
            ids = changed[1]
            self._memo = memo = previous._memo  # taken over: the previous run's is done
            previous._memo = {}
            for field_ in _ARTICLE_FIELDS:
                for key in (ALL, *ids):
                    for attr in _ATTRS:
                        old = memo.pop((field_, key, attr), None)
                        if old is not None:
                            self._replaced[(field_, key, attr)] = old
            self._previous = None
            self.articles_changed = ids

    @classmethod
    def restored(cls, memo: dict[Read, bytes]) -> Digests:
        """The digests a model that is gone gave its reads (a build's last model, kept
        in `.cache/`: generator/reuse/lastmodel.py). Only to be taken over by the
        digests of a site that `changed` names as (None, ids): its site is not known."""
        digests = cls(None)
        digests._memo = memo
        return digests

    @property
    def memo(self) -> dict[Read, bytes]:
        """Every digest computed so far (or taken over), by read."""
        return self._memo

    def learn(self, deps: Deps) -> Deps:
        """Take the digests of an entry rendered elsewhere (by a worker, with the same
        model) as this model's: they need not be computed again. Returns `deps` with
        reads shared among the entries that read them: each comes from a worker as a
        copy of its own (at 10,000 articles, a million reads, of 50,000 different ones)."""
        if not deps or len(deps) != 2:
            return deps
        reads, digests = deps
        memo, shared = self._memo, self._shared
        own = []
        for at, read in enumerate(reads):
            kept = shared.get(read)
            if kept is None:
                kept = shared[read] = read
                if read not in memo:
                    memo[read] = digests[at * SIZE:(at + 1) * SIZE]
            own.append(kept)
        return tuple(own), digests

    def changed_reads(self) -> list[Read]:
        """Of the reads whose digests were dropped (`articles_changed`), those whose
        value is not what it was: an edit of an article's text changes the reads of its
        text or of all of it, not those of its other fields or of all articles'."""
        return [read for read, old in self._replaced.items() if self.of_read(read) != old]

    def of(self, field: str, key: str, attr: str = WHOLE) -> bytes:
        return self.of_read((field, key, attr))

    def of_read(self, read: Read) -> bytes:
        found = self._memo.get(read)
        if found is None:
            found = self._memo[read] = self._compute(*read)
        return found

    def _compute(self, field: str, key: str, attr: str) -> bytes:
        value = getattr(self.site, field, _MISSING)
        if value is _MISSING:
            return _MISSING
        if key != ALL:
            if not isinstance(value, Mapping):
                return _MISSING
            if attr == HAS:
                return _HAS if key in value else _HAS_NOT
            if key not in value:
                return _MISSING
            record = value[key]
            if self._previous is not None:
                same = self._previous.unchanged(field, key, attr, record)
                if same is not None:
                    return same
            if attr == WHOLE:
                return _digest(repr(record).encode())
            part = _part(record, attr)
            if type(part) is bytes:  # an article's text: hashed as it is, not printed
                return _digest(b"b" + part)
            return _digest(repr(part).encode())
        digest = hashlib.blake2b(f"{field}\0{attr}".encode(), digest_size=SIZE)
        if attr == KEYS:
            digest.update(repr(tuple(value) if isinstance(value, Mapping) else len(value)
                               ).encode())
        elif isinstance(value, Mapping):  # of each value's digest, which may be kept
            for k in value:
                digest.update(repr(k).encode())
                digest.update(self.of(field, k, attr))
        elif field == "articles":  # the same records as article_by_id, whose digests are kept
            for article in value:
                digest.update(article.id.encode())
                digest.update(self.of("article_by_id", article.id, attr))
        elif attr != WHOLE:
            for item in value:
                digest.update(repr(_part(item, attr)).encode())
                digest.update(b"\0")
        else:
            digest.update(repr(value).encode())
        return digest.digest()

    def unchanged(self, field: str, key: str, attr: str, record) -> bytes | None:
        """The digest this model gave a read of `record` (a value of a field at `key`),
        if it had the same record there and computed that digest."""
        found = self._memo.get((field, key, attr))
        if found is None or isinstance(record, Mapping):  # a mapping's order counts
            return None
        old = getattr(self.site, field).get(key, _MISSING)
        return found if type(old) is type(record) and old == record else None

    def deps(self, reads) -> Deps:
        ordered = tuple(sorted(essential(reads)))
        return ordered, b"".join(map(self.of_read, ordered))

    def still(self, deps: Deps) -> bool:
        """Whether every value read is the same in this model."""
        if not deps:
            return True
        if len(deps) == 3:
            table, at, digests = deps
            current = self._tables.get(id(table))
            if current is None or current[0] is not table:
                # a table holds thousands of reads, most already digested: a look-up
                # each, and a call of `of_read` only for those that are not
                found = list(map(self._memo.get, table))
                if None in found:
                    found = [d if d is not None else self.of_read(r)
                             for d, r in zip(found, table, strict=True)]
                # every read as it was when the file was written: so is every entry
                unchanged = bool(getattr(table, "digests", b"")) and (
                    b"".join(found) == table.digests)
                current = self._tables[id(table)] = (table, found, unchanged)
            if current[2]:
                return True
            return b"".join(map(current[1].__getitem__, array("I", at))) == digests
        reads, digests = deps
        found = list(map(self._memo.get, reads))
        if None in found:
            found = list(map(self.of_read, reads))
        return b"".join(found) == digests


class ArticleReaders:
    """Which entries read what of the articles' records (a live preview's, in memory):
    when a save changed only some articles' records (`Digests.articles_changed`), an
    entry that made none of the reads whose values changed (`Digests.changed_reads`) is
    as it was without its reads being checked."""

    def __init__(self) -> None:
        self._of: dict[Read, set[EntryKey]] = {}
        self.known: set[EntryKey] = set()  # every entry added

    def add(self, entry: EntryKey, deps: Deps) -> None:
        self.known.add(entry)
        of = self._of
        for read in (reads_of(deps) if deps else ()):
            if read[0] in _ARTICLE_FIELDS:
                found = of.get(read)
                if found is None:
                    found = of[read] = set()
                found.add(entry)

    def of_reads(self, reads: list[Read]) -> set[EntryKey]:
        found: set[EntryKey] = set()
        for read in reads:
            found.update(self._of.get(read, ()))
        return found

    def unchanged(self, entry: EntryKey, suspects: set[EntryKey]) -> bool:
        """Whether `entry`, as the last run left it, read nothing that changed since
        (`suspects`: the readers of what did)."""
        return entry in self.known and entry not in suspects


def essential(reads: set[Read]) -> set[Read]:
    """`reads` without those implied by others: whether a mapping has a key is implied
    by a read of the value at that key, whose digest is _MISSING without it (half of
    the reads of a page are such look-ups, and a warm build checks each one)."""
    valued = {(field, key) for field, key, attr in reads if attr != HAS}
    return {read for read in reads if read[2] != HAS or read[:2] not in valued}


def reads_of(deps: Deps) -> tuple[Read, ...]:
    if len(deps) == 3:
        table, at, _ = deps
        return tuple(map(table.__getitem__, array("I", at)))
    return deps[0]


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=SIZE).digest()


EntryKey = tuple[str, str]  # ("articles" | "actors" | "topics" | "indexes" | "files", id or name)


def text_digest(text: str | bytes) -> str:
    """A digest of a page's text (or of its UTF-8): a warm build carries a page over
    when it is unchanged (generator/reuse/carry.py)."""
    data = text.encode("utf-8") if type(text) is str else text
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class RenderedEntry:
    """One entry's finished pages, the pages they link to, and what they read."""

    entry: EntryKey
    # bytes or a view of the page cache's file: UTF-8, not decoded yet (`decoded`)
    pages: tuple[tuple[str, str | bytes | memoryview], ...]
    # path -> the first page linking it (a dict; `PackedTargets` from the page cache)
    targets: Mapping[str, str]
    anchors: dict[tuple[str, str], str]  # (path, id) -> the first page linking it
    ids: dict[str, frozenset[str]]  # page -> its element ids
    deps: tuple = ()
    # `text_digest` of each page, made with the pages when their reads are tracked: a
    # warm build takes them from the cache with the pages instead of hashing every text
    digests: tuple[str, ...] = ()
    # each page's typed facts (`PageFacts`, None for a file), when it was rendered by
    # this process: never kept in a cache, whose pages are read from their texts
    facts: tuple = ()

    def __reduce__(self):
        # Texts cross to and from the worker processes as UTF-8 bytes: serialising a
        # str that is not pure ASCII leaves a UTF-8 copy of it cached inside the str for
        # as long as it lives, about as large again as the page. They stay UTF-8 until
        # a page is needed (`decoded`): a warm build hands on most pages unread. While a
        # build's spool is open (generator/disk/spool.py), a worker writes them to it
        # and sends where they are instead.
        from generator.disk import spool

        to = spool.current()
        return (_received, (self.entry, tuple((p, _sent(t, to)) for p, t in self.pages),
                            self.targets, self.anchors, self.ids, self.deps, self.digests,
                            self.facts))


def _sent(text: str | bytes | memoryview, to) -> bytes | tuple[int, int, int]:
    data = text.encode() if type(text) is str else text
    placed = to.put(data) if to is not None else None
    if placed is not None:
        return placed
    return bytes(data) if type(data) is memoryview else data


def _received(entry, pages, *rest) -> RenderedEntry:
    """A RenderedEntry as `__reduce__` sent it: a spooled text taken as a view."""
    if any(type(text) is tuple for _, text in pages):
        from generator.disk import spool

        at = spool.current()
        if at is None:
            raise RuntimeError("a page's text was spooled, and the spool is closed")
        pages = tuple((path, at.view(*text) if type(text) is tuple else text)
                      for path, text in pages)
    return RenderedEntry(entry, pages, *rest)


class ReadTable(tuple):
    """A page cache file's table of reads (generator/reuse/store.py), with the digest
    each read had when the file was written (`digests`, one string; b"" if not known)."""

    digests: bytes = b""


class PackedTargets(Mapping):
    """An entry's targets (path -> the first page linking it) as the page cache keeps
    them (`pack_targets`), read when first asked for. A warm build whose pages are the
    last run's checks only the links of the entries it renders again: the others'
    (most of the archive's million links) are not read at all."""

    __slots__ = ("_map", "packed")

    def __init__(self, packed: bytes) -> None:
        self.packed = packed
        self._map: dict[str, str] | None = None

    def _read(self) -> dict[str, str]:
        if self._map is None:
            # never fails: a cache someone else wrote can give wrong targets, no error
            parts = str(self.packed, "utf-8", "replace").split("\0")
            self._map = dict(zip(parts[::2], parts[1::2], strict=False))  # "": none
        return self._map

    def __getitem__(self, key: str) -> str:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def keys(self):
        return self._read().keys()

    def items(self):
        return self._read().items()


def pack_targets(targets: Mapping[str, str]) -> bytes:
    """`targets` as one string, paths and pages in turn (paths hold no NUL)."""
    if type(targets) is PackedTargets:
        return targets.packed
    return "\0".join(part for item in targets.items() for part in item).encode()


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the plugin needs of a finished page besides its text: its metadata, as
    reading its front matter gives it (without the search sections), and its search
    record (None for a page left out of the search)."""

    meta: dict
    record: object | None  # outputs.search.Stored: the record as the index writer reads it


def decoded(made: RenderedEntry) -> RenderedEntry:
    """`made` with its texts decoded (itself if they are)."""
    if all(type(text) is str for _, text in made.pages):
        return made
    return replace(made, pages=tuple((path, text if type(text) is str else str(text, "utf-8"))
                                     for path, text in made.pages))


@dataclass(frozen=True)
class Reused:
    """What a run hands render from the runs before it (`PageCache.reused`)."""

    entries: Mapping[EntryKey, RenderedEntry]  # the last run's, by entry
    digests: Digests  # this model's, knowing what the last run's knew
    # after a save that changed only some articles' records, the entries that read
    # something of them that changed; None: any entry may have
    suspects: set[EntryKey] | None
    readers: ArticleReaders | None
    # the pages of the last run, if every link among them was found
    published: set[str] | None


@dataclass
class Rendering:
    """What one run of render made, for the page cache to keep (`PageCache.keep`)."""

    entries: dict[EntryKey, RenderedEntry] | None = None  # every entry, by entry
    fresh: dict[EntryKey, RenderedEntry] = field(default_factory=dict)  # rendered now
    # entries handed over with their texts undecoded, and decoded by this run: (as
    # handed, decoded), so that the cache keeps the decoded one, decoded once
    decoded: dict[EntryKey, tuple[RenderedEntry, RenderedEntry]] = field(default_factory=dict)
    published: set[str] | None = None  # every page, once every link was found


@dataclass
class PageCache:
    key: str
    entries: dict[EntryKey, RenderedEntry] = field(default_factory=dict)
    rendered: int = 0  # entries rendered by the last run (the rest came from the cache)
    # A live preview's: the digests of the last run's model (`Digests`), kept in memory
    keep_digests: bool = False
    last: Digests | None = field(default=None, repr=False, compare=False)
    # ... and how this run's site differs from the site of `last`, when it is that site
    # with some articles' records replaced (`link.relink`). A build's `last` may be
    # restored from `.cache/` (`Digests.restored`), its site None.
    changed: tuple[Site | None, frozenset[str]] | None = field(default=None, repr=False,
                                                              compare=False)
    # ... and which entries read which articles, once a run has kept digests
    readers: ArticleReaders | None = field(default=None, repr=False, compare=False)
    # The pages of the last run, if every link among them was found (a build's, from
    # `.cache/`); the entries the last run rendered
    published: set[str] | None = field(default=None, repr=False, compare=False)
    published_saved: set[str] | None = field(default=None, repr=False, compare=False)
    fresh: set[EntryKey] = field(default_factory=set, repr=False, compare=False)
    # what the files of the cache hold (generator/reuse/store.py saves only the shards
    # whose entries differ from these), and shards found unusable, to be rewritten
    saved: dict[EntryKey, RenderedEntry] = field(default_factory=dict, repr=False, compare=False)
    stale: set[int] = field(default_factory=set, repr=False, compare=False)

    def reused(self, site: Site) -> Reused:
        """What render gets from this cache for a run on `site`: the last entries, and
        this model's digests made from the last run's (whose model can go now)."""
        digests = Digests(site, self.last, self.changed)
        self.last = self.changed = None
        suspects = None
        if digests.articles_changed is not None and self.readers is not None:
            suspects = self.readers.of_reads(digests.changed_reads())
        published, self.published = self.published, None
        return Reused(self.entries, digests, suspects, self.readers, published)

    def keep(self, reused: Reused, rendering: Rendering) -> None:
        """Take what a run of render made from `reused`, as far as it got."""
        if rendering.entries is None:
            return
        self.entries = rendering.entries
        for entry, (handed, new) in rendering.decoded.items():
            if self.saved.get(entry) is handed:
                self.saved[entry] = new
        self.last = reused.digests  # what the next run (or a build's next) starts from
        self.rendered = len(rendering.fresh)
        self.fresh = set(rendering.fresh)
        if self.keep_digests:
            added = rendering.fresh
            if self.readers is None:
                self.readers = ArticleReaders()
                added = self.entries
            for made in added.values():
                self.readers.add(made.entry, made.deps)
        self.published = rendering.published
