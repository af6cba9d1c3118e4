"""The site's search index: a record per page, written as the archive's own static index.

A reader's browser fetches only the pieces of the index a query needs (the index splits
the words, the page excerpts and the filters into small files, searchindex.py), so a
search on a site of 10,000 articles downloads kilobytes, not the whole archive.

Records are made from what the generator already knows: a generated page's front matter
(its kind, names, badge, date and topics) and its search sections (a section per
heading, generator/render/finish.py), and a hand-written page's title and HTML body;
nothing is read back from the built site. The names of an actor or a topic score
highest, so a search for any of them lists that page first; the sections keep their
headings' ids, so results link to the section that matched.

`write_index` takes nothing but the list of records: a build can skip it when the
records are those of the last index (`records_digest`). The index is written by a
program of its own (generator/reuse/indexer.py), so that it runs on the other core while MkDocs
writes the pages, and its memory is its own.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FOLDER = "search"  # the index's folder in the site
# The facets a reader can filter by, in the order the search dialog shows them.
FACETS = ("kind", "type", "year", "topic")
ENTRY_KINDS = ("actor", "topic")
# The sections of an actor's or a topic's page that describe it (its lead text has no
# heading); the others list articles, actors and quotes, which are found on their own
# pages, and would make the entry match every name it lists and rank below them.
ENTRY_SECTIONS = ("", "roles-over-time", "scope", "broader-narrower-and-related-topics")


class SearchIndexError(Exception):
    """The index could not be written."""


@dataclass(frozen=True)
class Section:
    anchor: str  # the heading's id; "" for the text before the first heading
    title: str  # escaped HTML text, as finish.search_sections writes it
    text: str  # escaped HTML text


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site's root: "actors/hun-sen/"
    title: str  # plain text
    kind: str  # article, actor, topic or page
    names: tuple[str, ...]  # an actor's or a topic's names, ranked first
    sections: tuple[Section, ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (facet, values), in FACETS order
    date: str = ""  # an article's, YYYY-MM-DD: the newest come first without a query


@dataclass(frozen=True)
class Stored:
    """A record as the index writer reads it (its JSON line), with what orders it:
    kept by a warm build for the pages it carries over, which are not read again."""
    url: str
    kind: str
    date: str
    line: bytes  # UTF-8: handed to the writer as it is, never decoded


def stored(record: SearchRecord | Stored) -> Stored:
    if type(record) is Stored:
        return record
    return Stored(record.url, record.kind, record.date, _entry_line(record).encode())


def page_record(url: str, meta: dict, sections: list[dict]) -> SearchRecord:
    """The record of a generated page, from its front matter and search sections; an
    actor's or a topic's keeps its names and the sections that describe it."""
    kind = meta.get("kind") or "page"
    kind = kind if kind in ("article", *ENTRY_KINDS) else "page"
    names: tuple[str, ...] = ()
    if kind in ENTRY_KINDS:
        # every name, and the page's own address name ("hun-sen", "zelenskyy")
        slug = url.rstrip("/").rpartition("/")[2]
        names = tuple(dict.fromkeys([*(str(n) for n in meta.get("tags") or ()), slug]))
        sections = [s for s in sections if s["id"] in ENTRY_SECTIONS]
    facets: dict[str, list[str]] = {"kind": [kind]}
    if kind == "actor" and meta.get("badge"):
        facets["type"] = [str(meta["badge"])]
    if kind == "article":
        date = str(meta.get("date") or "")
        if date[:4].isdigit():
            facets["year"] = [date[:4]]
        facets["topic"] = [str(chip["name"]) for chip in meta.get("chips_topics") or ()]
    if kind == "topic":
        facets["topic"] = [html.unescape(str(meta.get("title") or ""))]
    return SearchRecord(
        url=url, title=html.unescape(str(meta.get("title") or "")), kind=kind, names=names,
        sections=tuple(Section(s["id"], s["title"], s["text"]) for s in sections),
        filters=_filters(facets), date=str(meta.get("date") or "")[:10])


def doc_record(url: str, title: str, sections: list[dict]) -> SearchRecord:
    """The record of a hand-written page (docs/), from its title and sections."""
    return SearchRecord(url=url, title=title, kind="page", names=(),
                        sections=tuple(Section(s["id"], s["title"], s["text"]) for s in sections),
                        filters=_filters({"kind": ["page"]}))


def _filters(facets: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(dict.fromkeys(v for v in facets[name] if v)))
                 for name in FACETS if facets.get(name))


def records_digest(records: list[SearchRecord | Stored]) -> str:
    """A digest of the records: the index is the same when it is. Worked out a record at
    a time: a live preview's background thread makes it, and one call that encodes
    every record at once would hold the interpreter from the next rebuild."""
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r.url):
        # what the writer reads of it (its line, the same for a record and its `Stored`
        # form), and what orders it in the index
        digest.update(_line(record))
        digest.update(f"\0{record.kind}\0{record.date}\n".encode())
    return digest.hexdigest()


def ordered(records: list[SearchRecord | Stored]) -> list[SearchRecord | Stored]:
    """The records in the index's page order: actors, topics and other pages by address,
    then articles, newest first (the order of a filter's results without words)."""
    rank = {"actor": 0, "topic": 1}
    others = sorted((r for r in records if r.kind != "article"),
                    key=lambda r: (rank.get(r.kind, 2), r.url))
    articles = sorted((r for r in records if r.kind == "article"), key=lambda r: r.url)
    articles.sort(key=lambda r: r.date, reverse=True)
    return others + articles


def _line(record: SearchRecord | Stored) -> bytes:
    return record.line if isinstance(record, Stored) else _entry_line(record).encode()


def _entry_line(record: SearchRecord) -> str:
    """A record as searchindex.read_entries reads it (section headings and texts as
    escaped HTML text: the writer unescapes them, on the other core)."""
    return json.dumps({
        "url": record.url, "title": record.title, "kind": record.kind,
        "names": list(record.names),
        "sections": [[s.anchor, s.title, s.text] for s in record.sections],
        "filters": [[f, list(v)] for f, v in record.filters]},
        ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class IndexStats:
    records: int
    seconds: float
    peak_mb: float  # the index writer's peak resident memory
    files: int
    bytes: int
    notices: tuple[str, ...] = ()  # "note: …" lines about the writer's cache
    patched: bool = False  # the last index's postings were patched, not made again


class Writer:
    """An index writer started before its records exist (`python -m
    generator.reuse.indexer --wait CACHE`): it starts Python and loads its cache on the
    other core while the generator makes the pages. `write_index` hands it the records;
    `close` stops it unused, or waits for it to finish storing its cache."""

    def __init__(self, cache: Path | None) -> None:
        self.cache = cache
        self.handed = False  # whether `run` has handed it its records
        self.process: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-m", "generator.reuse.indexer", "--wait",
             str(cache) if cache is not None else ""],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def run(self, lines: Path, out: Path, previous: Path | None) -> tuple[int, bytes]:
        """Write the index; returns once its figures are printed (exit code 0), or the
        writer ended without them. It goes on storing its cache until `close`."""
        process = self.process
        assert process is not None and not self.handed, "a writer writes one index"
        assert process.stdin is not None and process.stdout is not None
        self.handed = True
        order = json.dumps([str(lines), str(out), str(previous) if previous else ""])
        output = b""
        try:
            process.stdin.write(order.encode("utf-8") + b"\n")
            process.stdin.flush()
            for line in process.stdout:  # notices, then the figures
                output += line
                if line.startswith(b"{"):
                    return 0, output
        except BrokenPipeError:
            pass
        self.process = None
        rest, _ = process.communicate()
        return process.returncode, output + rest

    def close(self) -> None:
        """Stop it unused, or wait until its cache is stored."""
        process, self.process = self.process, None
        if process is not None:
            process.communicate()  # the end of its input: it stops, or it has finished


def _discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def write_index(records: list[SearchRecord | Stored], site: Path, cache: Path | None = None,
                previous: Path | None = None, writer: Writer | None = None,
                discard: Callable[[Path], None] = _discard) -> IndexStats:
    """Write the index of `records` into `site`/search, replacing the one there: the
    new index is made beside it and swapped in whole, so a reader of `site` (a live
    preview's server) never sees a half-written index. With `cache`, a file the writer
    keeps its analyses of pages in, only pages whose record changed are analysed again;
    with `previous`, the index the cache describes (the last site's), the excerpt files
    of unchanged pages are linked from it. A `writer` started with the same cache
    writes it (else it is closed, and a writer is started now). The replaced index is
    removed by `discard` (the plugin's removes it in a process of its own: a Python loop
    over its files would hold the interpreter from the next build of a live
    preview)."""
    target = site / FOLDER
    start = time.perf_counter()
    site.mkdir(parents=True, exist_ok=True)
    swap = Path(tempfile.mkdtemp(prefix=".archive-search-", dir=site))
    try:
        new = swap / FOLDER
        try:
            written, notices = _write(ordered(records), swap, new, cache, previous, writer)
        except OSError as exc:
            raise SearchIndexError(str(exc)) from exc
        if target.exists():
            target.rename(swap / "old")
        new.rename(target)
    finally:
        discard(swap)
    return IndexStats(records=len(records), seconds=time.perf_counter() - start,
                      peak_mb=written["peak_mb"], files=written["files"],
                      bytes=written["bytes"], notices=notices, patched=written["patched"])


def _write(records: list[SearchRecord | Stored], scratch: Path, out: Path, cache: Path | None,
           previous: Path | None, writer: Writer | None = None
           ) -> tuple[dict, tuple[str, ...]]:
    """Run the index writer (generator/reuse/indexer.py) over the records, handed over as JSON
    lines; returns its figures (files, bytes, peak memory in MB, whether it patched the
    last postings) and what it printed before them (a notice about its cache)."""
    lines = scratch / "records.jsonl"
    with lines.open("wb") as file:
        file.write(b"".join([part for record in records for part in (_line(record), b"\n")]))
    previous = previous if cache is not None else None
    if writer is not None and writer.cache == cache:
        code, output = writer.run(lines, out, previous)
    else:
        if writer is not None:
            writer.close()
        done = subprocess.run(
            [sys.executable, "-m", "generator.reuse.indexer", str(lines), str(out),
             str(cache) if cache is not None else "", str(previous or "")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        code, output = done.returncode, done.stdout
    text = output.decode("utf-8", "replace").strip().splitlines()
    last = text[-1] if text else ""
    if code != 0:
        raise SearchIndexError(f"the index writer exited with {code}: {last}")
    written = json.loads(last)
    return written, tuple(text[:-1])
