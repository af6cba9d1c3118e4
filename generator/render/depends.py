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
libraries) is part of the page cache's key instead (generator/disk/cache.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from generator.model import Site

ALL = "*"  # a key meaning "the whole field"
_MISSING = b"\0missing"

Dep = tuple[str, str, bytes]  # (field of Site, key or ALL, digest of what was read)


class _Map(Mapping):
    """A mapping of the model that writes down each key looked up."""

    __slots__ = ("_data", "_field", "_reads")

    def __init__(self, field: str, data: Mapping, reads: set) -> None:
        self._field, self._data, self._reads = field, data, reads

    def __getitem__(self, key):
        self._reads.add((self._field, key))
        return self._data[key]

    def get(self, key, default=None):
        self._reads.add((self._field, key))
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._reads.add((self._field, key))
        return key in self._data

    def __iter__(self) -> Iterator:
        self._reads.add((self._field, ALL))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add((self._field, ALL))
        return len(self._data)

    def keys(self):
        self._reads.add((self._field, ALL))
        return self._data.keys()

    def values(self):
        self._reads.add((self._field, ALL))
        return self._data.values()

    def items(self):
        self._reads.add((self._field, ALL))
        return self._data.items()


class Tracked:
    """The site as one entry's renderers see it: the same fields, every read recorded."""

    def __init__(self, site: Site) -> None:
        self.reads: set[tuple[str, str]] = set()
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
            else:  # a tuple of records, or anything else: read as a whole
                self.reads.add((name, ALL))
                view = value
            self._views[name] = view
        elif not isinstance(view, _Map):
            self.reads.add((name, ALL))
        return view


class Digests:
    """Digests of parts of one site model, each computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._memo: dict[tuple[str, str], bytes] = {}

    def of(self, field: str, key: str) -> bytes:
        memo_key = (field, key)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._memo[memo_key] = self._compute(field, key)
        return found

    def _compute(self, field: str, key: str) -> bytes:
        value = getattr(self.site, field, _MISSING)
        if value is _MISSING:
            return _MISSING
        if key != ALL:
            if not isinstance(value, Mapping) or key not in value:
                return _MISSING
            return _digest(repr(value[key]).encode())
        digest = hashlib.blake2b(field.encode(), digest_size=16)
        if isinstance(value, Mapping):
            for k in value:
                digest.update(repr(k).encode())
                digest.update(self.of(field, k))
        elif field == "articles":  # the same records as article_by_id, whose digests are kept
            for article in value:
                digest.update(article.id.encode())
                digest.update(self.of("article_by_id", article.id))
        else:
            digest.update(repr(value).encode())
        return digest.digest()

    def deps(self, reads) -> tuple[Dep, ...]:
        return tuple(sorted((field, key, self.of(field, key)) for field, key in reads))

    def still(self, deps) -> bool:
        """Whether every value read is the same in this model."""
        return all(self.of(field, key) == digest for field, key, digest in deps)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


Entry = tuple[str, str]  # ("articles" | "actors" | "topics" | "indexes", id or "")


@dataclass(frozen=True, slots=True)
class Made:
    """One entry's finished pages, the pages they link to, and what they read."""

    entry: Entry
    pages: tuple[tuple[str, str], ...]
    targets: dict[str, str]  # path -> the first page linking it
    anchors: dict[tuple[str, str], str]  # (path, id) -> the first page linking it
    ids: dict[str, frozenset[str]]  # page -> its element ids
    deps: tuple = ()

    def __reduce__(self):
        # Texts go into the pickle (the page cache, the workers' replies) as UTF-8
        # bytes: pickling a str that is not pure ASCII leaves a UTF-8 copy of it cached
        # inside the str for as long as it lives, about as large again as the page.
        return (_unpickle_made, (self.entry, tuple((p, t.encode()) for p, t in self.pages),
                                 self.targets, self.anchors, self.ids, self.deps))


def _unpickle_made(entry, pages, targets, anchors, ids, deps) -> Made:
    return Made(entry, tuple((p, t.decode()) for p, t in pages), targets, anchors, ids, deps)


@dataclass
class PageCache:
    key: str
    entries: dict[Entry, Made] = field(default_factory=dict)
    rendered: int = 0  # entries rendered by the last run (the rest came from the cache)
