"""The search index's files: words, page excerpts, filters and names, in small static pieces.

A reader's browser (theme/assets/javascripts/search-worker.js) fetches `index.json` on
the first query, then only the pieces the query needs: the word chunks whose range holds
its words, the excerpts of the results it shows, the filters when one is used, and the
names when a query finds few pages (a word may be a misspelt name).

    index.json     {"format", "pages", "chunks": [[first key, file], ...], "filters": file,
                    "names": file}
    w/HASH.json    {key: [page step, score, page step, score, ...], ...}  keys in order
    p/N.json.gz    page N: {"url", "title", "kind", "names", "sections": [[id, heading, text]]}
    f/HASH.json    {facet: {value: [page step, ...]}}
    n/HASH.json    [page 0's names, ...]: the actors and topics, pages 0 to k (searchnames)

A word is indexed by its key (words.stem: "sanctions" and "sanctioned" by "sanction"),
and the browser looks a query's words up by the same rule. The names file holds the
names' words themselves, unstemmed, so that a query word can be compared with them
letter by letter.

Pages are numbered in the order the records come in (search.ordered: actors, topics and
other pages by address, then articles newest first), which is also the order of results
for a filter without words. A posting list holds the steps between page numbers, and a
score per page from 1 to 255: how well the key describes the page, made here, where the
page's length and fields are known, so the browser needs no table of pages:

- a word of one of the page's names (an actor's or a topic's, in any script) adds
  NAME_SCORE: a search for any name finds that page above every article naming it;
- a word of its title adds TITLE_SCORE;
- its count in the page's text (headings count twice), saturated and normalised by the
  page's length as in BM25 (k1 = 1.2, b = 0.75; the average length rounded to
  AVERAGE_STEP words, so that one edit seldom changes every page's scores), adds up to
  TEXT_SCORE.

A warm run patches the last run's posting lists (kept, as the chunks hold them, with
the pages' analyses in .cache/search.msgpack, generator/reuse/indexer.py) when few pages
were added, removed or changed and the average length is the same: the words those
pages have or had are listed again; in every other list, a page added or removed before
some of its pages moves them, which changes only the steps that cross it. Otherwise, and
with no cache, the lists are made from every page. Either way the files are the same.

The browser multiplies the scores of a query's words by their rarity (idf, from the
length of their posting lists) and adds them up. Chunk, filter and names files are named by a
hash of their bytes, so a browser never mixes pieces of two versions of the index. A
page's excerpt file holds its whole text, nine tenths of the index: it is stored
gzipped (GitHub Pages counts stored bytes against a site's 1 GB), and the worker
unzips it (DecompressionStream); the other files are served compressed by the host.

generator/reuse/indexer.py runs `write` as a program of its own, beside the build, on
the other core.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from operator import sub
from pathlib import Path

from generator.outputs.searchnames import name_line, names_file
from generator.outputs.words import stem, words

FORMAT = 2
CHUNK_BYTES = 12_000  # of a word chunk's JSON, before compression
NAME_SCORE = 120
TITLE_SCORE = 20
TEXT_SCORE = 115
K1, B = 1.2, 0.75
HEADING_WEIGHT = 2
AVERAGE_STEP = 16  # words: the average page length is rounded to a multiple of it
# the postings are patched when the pages added and removed (a changed page is both)
# are at most this share of the pages, and the pages that stay move in at most MOVES places
PATCHED = 0.1
MOVES = 16
# a score is one byte
assert NAME_SCORE + TITLE_SCORE + TEXT_SCORE <= 255


@dataclass(frozen=True)
class IndexedPage:
    """One page as the index sees it (a search.SearchRecord, as plain values)."""
    url: str
    title: str
    kind: str
    names: tuple[str, ...]
    sections: tuple[tuple[str, str, str], ...]  # (heading id, heading, text), plain text
    filters: tuple[tuple[str, tuple[str, ...]], ...]


# what the first pass keeps of a page (_analyse): its keys, their counts, the marks of
# its first keys, its length, its filters and its name words
Analysis = tuple[str, bytes, bytes, int, tuple, str]


@dataclass(frozen=True)
class Written:
    pages: int
    words: int
    files: int
    bytes: int
    patched: bool  # the last run's postings were patched, not made again


class _Pages:
    """What the first pass keeps of each page: its words' numbers and counts, packed,
    and the few words of its names and title."""

    def __init__(self, known: dict[str, Analysis] | None = None) -> None:
        # pages analysed by an earlier run, by a digest of their record: the index is
        # written again whenever a record changes, but only changed pages are analysed
        self.known = known or {}
        self.analysed: dict[str, Analysis] = {}  # this run's, for the next run
        self.keys: list[str] = []
        self.found: list[Analysis] = []  # each page's analysis
        self.lengths = array("I")

    def add(self, key: str, entry: IndexedPage | bytes) -> Analysis:
        """Analyse a page (an IndexedPage, or its record's JSON line, read only if the page is
        not known); returns its analysis."""
        found = self.known.get(key)
        if found is None:
            found = _analyse(_entry(entry))
        self.analysed[key] = found
        self.keys.append(key)
        self.found.append(found)
        self.lengths.append(found[3])
        return found

    def average(self) -> int:
        """The pages' average length, rounded to AVERAGE_STEP words: every score depends
        on it, and an edit to one page seldom moves it to the next step."""
        exact = sum(self.lengths) / max(len(self.lengths), 1)
        return max(AVERAGE_STEP, round(exact / AVERAGE_STEP) * AVERAGE_STEP)


def _page_postings(found: Analysis, average: int
                   ) -> tuple[list[str], list[int]]:
    """A page's words and their scores (1-255)."""
    listed, counts_bytes, marks, length = found[:4]
    listed_words = listed.split("\n") if listed else []
    counts = array("I", counts_bytes)
    norm = K1 * (1 - B + B * length / average)
    text = {count: TEXT_SCORE * count / (count + norm) for count in set(counts)}
    rounded = {count: max(1, round(score)) for count, score in text.items()}
    scores = [rounded[count] for count in counts]
    for at, mark in enumerate(marks):
        scores[at] = round(text[counts[at]] + (NAME_SCORE if mark & 2 else 0)
                           + (TITLE_SCORE if mark & 1 else 0))
    return listed_words, scores


def _analyse(entry: IndexedPage) -> Analysis:
    """A page's keys (one per line: its words' stems, words.stem), their weighted counts
    (an array's bytes), the marks of its first keys, its length in words, its filters,
    and the words of its names (for the names file)."""
    title = [stem(word) for word in words(entry.title)]
    marks = dict.fromkeys(title, 1)
    named = [words(name) for name in entry.names]
    for key in {stem(word) for name in named for word in name}:
        marks[key] = 3 if marks.get(key) else 2
    # the keys of the title and names first (a word found only there is a word of
    # the page too): their marks are then the first of the page's keys
    counts: Counter[str] = Counter(dict.fromkeys(marks, 0))
    length = len(title)
    for _, heading, text in entry.sections:
        found = words(heading)
        for word in found:
            counts[stem(word)] += HEADING_WEIGHT
        body = words(text)
        for word, count in Counter(body).items():
            counts[stem(word)] += count
        length += len(found) + len(body)
    return ("\n".join(counts), array("I", counts.values()).tobytes(),
            bytes(marks.values()), max(length, 1), entry.filters, name_line(named))


@dataclass
class Postings:
    """Every word's posting list as the chunks hold it (JSON: [page step, score, ...]);
    kept for the next run, which patches it for the pages added, removed or changed."""
    keys: tuple[str, ...]  # each page's record digest, in page order
    average: int
    encoded: dict[str, str]
    # each page's excerpt file: a digest of its bytes, and its size and time as written
    excerpts: tuple[tuple[str, str], ...] = ()


def write(entries: Iterable[tuple[str, IndexedPage | bytes]], out: Path,
          known: dict[str, Analysis] | None = None, last: Postings | None = None,
          previous: Path | None = None) -> tuple[Written, dict[str, Analysis], Postings]:
    """Write the index of `entries` ((digest, entry or its record's JSON line), in page
    order) into the empty folder `out`, reusing the analyses of `known` pages, patching
    the `last` postings where it can, and linking the excerpt files of unchanged pages
    from the `previous` index (the one `last` describes); returns what was written, the
    analyses of this run's pages and its postings. A known page whose excerpt is linked
    is never read from its line."""
    for name in ("w", "p", "f", "n"):
        (out / name).mkdir(parents=True)
    pages = _Pages(known)
    facets: dict[str, dict[str, array]] = {}
    excerpts: list[tuple[str, str]] = []
    # where each record was in the last index: an excerpt file is linked from there
    # even when pages before it were added or removed
    was: dict[str, int] = {}
    if last is not None and previous is not None:
        for number, key in enumerate(last.keys[:len(last.excerpts)]):
            was.setdefault(key, number)
    for number, (key, entry) in enumerate(entries):
        found = pages.add(key, entry)
        excerpts.append(_write_excerpt(number, entry, out / "p", previous, last,
                                       was.get(key)))
        for facet, values in found[4]:
            for value in values:
                facets.setdefault(facet, {}).setdefault(value, array("I")).append(number)
    count = len(pages.lengths)
    average = pages.average()
    postings = _patched(last, pages, average)
    patched = postings is not None
    if postings is None:
        postings = _full(pages, average)
    postings.excerpts = tuple(excerpts)
    analysed = pages.analysed
    names = names_file(analysis[5] for analysis in pages.found)
    del pages
    chunks = _write_chunks(postings, out / "w")
    filters = {facet: {value: _steps(numbers) for value, numbers in sorted(values.items())}
               for facet, values in sorted(facets.items())}
    manifest = {"format": FORMAT, "pages": count, "chunks": chunks,
                "filters": _write_hashed(out / "f", _dumps(filters)),
                "names": _write_hashed(out / "n", _dumps(names))}
    _write_json(out / "index.json", manifest)
    files, size = _tally(str(out))
    stats = Written(pages=count, words=len(postings.encoded), files=files, bytes=size,
                    patched=patched)
    return stats, analysed, postings


def _tally(folder: str) -> tuple[int, int]:
    """The number of files below `folder` and their bytes."""
    files = size = 0
    with os.scandir(folder) as found:
        for item in found:
            if item.is_dir(follow_symlinks=False):
                more, bytes_ = _tally(item.path)
                files, size = files + more, size + bytes_
            else:
                files, size = files + 1, size + item.stat(follow_symlinks=False).st_size
    return files, size


def _write_excerpt(number: int, entry: IndexedPage | bytes, folder: Path, previous: Path | None,
                   last: Postings | None, was: int | None) -> tuple[str, str]:
    """Write page `number`'s excerpt file, or link the `previous` index's when the
    page's record was page `was` of it (`last`) and that file is still the one written
    then (its size and time as recorded, or else its bytes); returns a digest of the
    file and its size and time."""
    path = f"{folder}/{number}.json.gz"
    if last is not None and previous is not None and was is not None:
        old = f"{previous}/p/{was}.json.gz"
        digest, stamp = last.excerpts[was]
        try:
            if _stamp(os.stat(old)) == stamp:
                os.link(old, path)  # the same file: the same size and time
                return digest, stamp
            with open(old, "rb") as file:
                if _digest(file.read()) == digest:
                    os.link(old, path)
                    return digest, _stamp(os.stat(path))
        except OSError:
            pass
    entry = _entry(entry)
    data = gzip.compress(_dumps({
        "url": entry.url, "title": entry.title, "kind": entry.kind,
        "names": list(entry.names), "sections": [list(s) for s in entry.sections]}),
        6, mtime=0)
    with open(path, "wb") as file:
        file.write(data)
    return _digest(data), _stamp(os.stat(path))


def _stamp(st: os.stat_result) -> str:
    return f"{st.st_size} {st.st_mtime_ns}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def word_order(word: str) -> bytes:
    """Words are in the order a browser compares strings: by UTF-16 code units, which
    differs from Python's order by code points where a word has a character beyond the
    Basic Multilingual Plane."""
    return word.encode("utf-16-be")


def _full(pages: _Pages, average: int) -> Postings:
    """Every word's posting list, from every page."""
    numbers: dict[str, array] = {}
    scores: dict[str, bytearray] = {}
    for number, found in enumerate(pages.found):
        listed, page_scores = _page_postings(found, average)
        for word, score in zip(listed, page_scores, strict=True):
            pages_of = numbers.get(word)
            if pages_of is None:
                numbers[word] = pages_of = array("I")
                scores[word] = bytearray()
            pages_of.append(number)
            scores[word].append(score)
    return Postings(tuple(pages.keys), average,
                    {word: _encode(pages_of, scores[word]) for word, pages_of in numbers.items()})


def _patched(last: Postings | None, pages: _Pages, average: int) -> Postings | None:
    """The last run's postings, patched: the pages removed or changed taken out, the
    pages added or changed put in, the others moved to their new numbers; None when that
    cannot be done (no last postings, another average length, too many pages changed,
    or a removed page's last analysis not known)."""
    if last is None or last.average != average:
        return None
    was = {key: number for number, key in enumerate(last.keys)}
    now = set(pages.keys)
    if len(was) != len(last.keys) or len(now) != len(pages.keys):
        return None  # two pages with one record: cannot be told apart
    added = [number for number, key in enumerate(pages.keys) if key not in was]
    removed = [number for number, key in enumerate(last.keys) if key not in now]
    if len(added) + len(removed) > PATCHED * len(pages.keys):
        return None
    # the pages that stay keep their order (the order is made from their records), so
    # each moves by a shift that changes only where a page was added or removed: `moves`
    # holds, for each old number from which the shift changes, by how much
    moves: list[tuple[int, int]] = []
    shift = previous = 0
    for number, key in enumerate(pages.keys):
        old = was.get(key)
        if old is None:
            continue
        if old < previous:
            return None  # not in the last order: cannot be (kept as a guard)
        previous = old
        if number - old != shift:
            moves.append((old, number - old - shift))
            shift = number - old
    if len(moves) > MOVES:
        return None
    affected: dict[str, list[tuple[int, int]]] = {}
    for number in removed:
        old = pages.known.get(last.keys[number])
        if old is None:
            return None
        for word in old[0].split("\n") if old[0] else ():
            affected.setdefault(word, [])
    for number in added:
        listed, scores = _page_postings(pages.found[number], average)
        for word, score in zip(listed, scores, strict=True):
            affected.setdefault(word, []).append((number, score))
    encoded = dict(last.encoded)
    if moves or affected:
        for word, held in last.encoded.items():
            new = affected.pop(word, None)
            if new is not None:
                patched = _patched_list(held, removed, moves, new)
                if patched is None:
                    del encoded[word]
                else:
                    encoded[word] = patched
            elif moves:
                encoded[word] = _patched_list(held, (), moves, ())
    for word, new in affected.items():  # words no page had
        if new:
            encoded[word] = _encode([number for number, _ in new],
                                    [score for _, score in new])
    return Postings(tuple(pages.keys), average, encoded)


def _patched_list(held: str, removed, moves: list[tuple[int, int]],
                  added: list[tuple[int, int]]) -> str | None:
    """A posting list (its JSON) with the `removed` pages (old numbers, in order) taken
    out, the pages that stay moved to their new numbers, and the `added` (new number,
    score) pairs, in order, put in; None if no page is left. A move changes only the
    step to the first page at or after its start, so the list is worked on whole (in
    C, the few changes one at a time), not page by page."""
    flat = json.loads(held)
    numbers = list(accumulate(flat[0::2]))
    scores = flat[1::2]
    touched = bool(added)
    for number in removed:
        at = bisect_left(numbers, number)
        if at < len(numbers) and numbers[at] == number:
            del numbers[at], scores[at]
            touched = True
    steps = _steps(numbers)
    for start, change in moves:
        at = bisect_left(numbers, start)
        if at < len(steps):
            steps[at] += change
            touched = True
    if not touched:
        return held
    if added:
        numbers = list(accumulate(steps))
        for number, score in added:
            at = bisect_left(numbers, number)
            numbers.insert(at, number)
            scores.insert(at, score)
        steps = _steps(numbers)
    return _encoded_steps(steps, scores) if steps else None


def _encode(numbers, scores) -> str:
    """A posting list as the chunks hold it, from its page numbers, in order, and their
    scores."""
    return _encoded_steps(_steps(numbers), scores)


def _encoded_steps(steps: list[int], scores) -> str:
    """[page step, score, page step, score, ...] as JSON, as `_dumps` would write it."""
    flat = [0] * (2 * len(steps))
    flat[0::2] = steps
    flat[1::2] = scores
    return "[" + ",".join(map(str, flat)) + "]"


def _write_chunks(postings: Postings, folder: Path) -> list[list[str]]:
    """Write the words, in order, in chunks of about CHUNK_BYTES; returns each chunk's
    first word and file name."""
    chunks: list[list[str]] = []
    parts: list[str] = []
    size = 0
    for word in sorted(postings.encoded, key=word_order):
        if not parts:
            first = word
        parts.append(json.dumps(word, ensure_ascii=False) + ":" + postings.encoded[word])
        size += len(parts[-1])
        if size >= CHUNK_BYTES:
            chunks.append([first, _write_hashed(folder, _joined(parts))])
            parts, size = [], 0
    if parts:
        chunks.append([first, _write_hashed(folder, _joined(parts))])
    return chunks


def _joined(parts: list[str]) -> bytes:
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def _steps(numbers) -> list[int]:
    """Page numbers, in order, as the steps between them (the first from 0)."""
    return [numbers[0], *map(sub, numbers[1:], numbers[:-1])] if numbers else []


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_json(path: Path, value) -> None:
    path.write_bytes(_dumps(value))


def _write_hashed(folder: Path, data: bytes) -> str:
    """Write `data` into `folder` under a name made of it; returns the name."""
    name = f"{folder.name}/{hashlib.sha256(data).hexdigest()[:16]}.json"
    (folder.parent / name).write_bytes(data)
    return name


def read_entries(path: Path) -> Iterable[tuple[str, bytes]]:
    """The lines of a JSON-lines file of records (search.write_index writes it: the
    sections' headings and texts as escaped HTML text), each with a digest of it; a
    line is read as an IndexedPage (`_entry`) only where the writer needs it."""
    with path.open("rb") as lines:
        for line in lines:
            yield hashlib.sha256(line).hexdigest(), line


def _entry(entry: IndexedPage | bytes) -> IndexedPage:
    if isinstance(entry, IndexedPage):
        return entry
    r = json.loads(entry)
    return IndexedPage(
        url=r["url"], title=r["title"], kind=r["kind"], names=tuple(r["names"]),
        sections=tuple((anchor, html.unescape(heading), html.unescape(text))
                       for anchor, heading, text in r["sections"]),
        filters=tuple((f, tuple(v)) for f, v in r["filters"]))
