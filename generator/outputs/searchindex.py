"""The search index's files: words, page excerpts and filters, in small static pieces.

A reader's browser (theme/assets/javascripts/search-worker.js) fetches `index.json` on
the first query, then only the pieces the query needs: the word chunks whose range holds
its words, the excerpts of the ten results it shows, and the filters when one is used.

    index.json     {"format", "pages", "chunks": [[first word, file], ...], "filters": file}
    w/HASH.json    {word: [page step, score, page step, score, ...], ...}  words in order
    p/N.json.gz    page N: {"url", "title", "kind", "names", "sections": [[id, heading, text]]}
    f/HASH.json    {facet: {value: [page step, ...]}}

Pages are numbered in the order the records come in (search.ordered: actors, topics and
other pages by address, then articles newest first), which is also the order of results
for a filter without words. A posting list holds the steps between page numbers, and a
score per page from 1 to 255: how well the word describes the page, made here, where the
page's length and fields are known, so the browser needs no table of pages:

- a word of one of the page's names (an actor's or a topic's, in any script) adds
  NAME_SCORE: a search for any name finds that page above every article naming it;
- a word of its title adds TITLE_SCORE;
- its count in the page's text (headings count twice), saturated and normalised by the
  page's length as in BM25 (k1 = 1.2, b = 0.75), adds up to TEXT_SCORE.

The browser multiplies the scores of a query's words by their rarity (idf, from the
length of their posting lists) and adds them up. Chunk and filter files are named by a
hash of their bytes, so a browser never mixes pieces of two versions of the index. A
page's excerpt file holds its whole text, nine tenths of the index: it is stored
gzipped (GitHub Pages counts stored bytes against a site's 1 GB), and the worker
unzips it (DecompressionStream); the other files are served compressed by the host.

generator/disk/indexer.py runs `write` as a program of its own, beside the build, on
the other core.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.outputs.words import words

FORMAT = 1
CHUNK_BYTES = 24_000  # of a word chunk's JSON, before compression
NAME_SCORE = 120
TITLE_SCORE = 20
TEXT_SCORE = 115
K1, B = 1.2, 0.75
HEADING_WEIGHT = 2
# a score is one byte
assert NAME_SCORE + TITLE_SCORE + TEXT_SCORE <= 255


@dataclass(frozen=True)
class Entry:
    """One page as the index sees it (a search.Record, as plain values)."""
    url: str
    title: str
    kind: str
    names: tuple[str, ...]
    sections: tuple[tuple[str, str, str], ...]  # (heading id, heading, text), plain text
    filters: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Written:
    pages: int
    words: int
    files: int
    bytes: int


class _Pages:
    """What the first pass keeps of each page: its words' numbers and counts, packed,
    and the few words of its names and title."""

    def __init__(self, known: dict[str, tuple] | None = None) -> None:
        # pages analysed by an earlier run, by a digest of their record: the index is
        # written again whenever a record changes, but only changed pages are analysed
        self.known = known or {}
        self.analysed: dict[str, tuple] = {}  # this run's, for the next run
        self.vocabulary: dict[str, int] = {}
        self.word_ids: list[array] = []
        self.counts: list[array] = []  # weighted counts in the text
        # of the page's first words: 2 in a name, 1 in the title, 3 both
        self.marks: list[bytes] = []
        self.lengths = array("I")

    def add(self, key: str, entry: Entry) -> None:
        found = self.known.get(key)
        if found is None:
            found = _analyse(entry)
        self.analysed[key] = found
        listed, counts, marks, length = found
        vocabulary = self.vocabulary
        self.word_ids.append(array("I", [vocabulary.setdefault(word, len(vocabulary))
                                         for word in (listed.split("\n") if listed else ())]))
        self.counts.append(array("I", counts))
        self.marks.append(marks)
        self.lengths.append(length)


def _analyse(entry: Entry) -> tuple[str, bytes, bytes, int]:
    """A page's words (one per line), their weighted counts (an array's bytes), the
    marks of its first words, and its length in words."""
    title = words(entry.title)
    marks = dict.fromkeys(title, 1)
    for word in words(" ".join(entry.names)):
        marks[word] = 3 if marks.get(word) else 2
    # the words of the title and names first (a word found only there is a word of
    # the page too): their marks are then the first of the page's words
    counts: Counter[str] = Counter(dict.fromkeys(marks, 0))
    length = len(title)
    for _, heading, text in entry.sections:
        found = words(heading)
        for word in found:
            counts[word] += HEADING_WEIGHT
        body = words(text)
        counts.update(body)
        length += len(found) + len(body)
    return ("\n".join(counts), array("I", counts.values()).tobytes(),
            bytes(marks.values()), max(length, 1))


def write(entries: Iterable[tuple[str, Entry]], out: Path,
          known: dict[str, tuple] | None = None) -> tuple[Written, dict[str, tuple]]:
    """Write the index of `entries` ((digest, entry), in page order) into the empty
    folder `out`, reusing the analyses of `known` pages; returns what was written and
    the analyses of this run's pages."""
    for name in ("w", "p", "f"):
        (out / name).mkdir(parents=True)
    pages = _Pages(known)
    facets: dict[str, dict[str, array]] = {}
    for number, (key, entry) in enumerate(entries):
        pages.add(key, entry)
        (out / "p" / f"{number}.json.gz").write_bytes(gzip.compress(_dumps({
            "url": entry.url, "title": entry.title, "kind": entry.kind,
            "names": list(entry.names), "sections": [list(s) for s in entry.sections]}),
            6, mtime=0))
        for facet, values in entry.filters:
            for value in values:
                facets.setdefault(facet, {}).setdefault(value, array("I")).append(number)
    count = len(pages.lengths)
    vocabulary = sorted(pages.vocabulary, key=word_order)
    postings = _postings(pages, vocabulary)
    analysed = pages.analysed
    del pages
    chunks = _write_chunks(vocabulary, postings, out / "w")
    filters = {facet: {value: _steps(numbers) for value, numbers in sorted(values.items())}
               for facet, values in sorted(facets.items())}
    manifest = {"format": FORMAT, "pages": count, "chunks": chunks,
                "filters": _write_hashed(out / "f", filters)}
    _write_json(out / "index.json", manifest)
    written = [p for p in out.rglob("*") if p.is_file()]
    return Written(pages=count, words=len(vocabulary), files=len(written),
                   bytes=sum(p.stat().st_size for p in written)), analysed


def word_order(word: str) -> bytes:
    """Words are in the order a browser compares strings: by UTF-16 code units, which
    differs from Python's order by code points where a word has a character beyond the
    Basic Multilingual Plane."""
    return word.encode("utf-16-be")


def _postings(pages: _Pages, vocabulary: list[str]) -> array:
    """Every posting, packed as (word's place in `vocabulary`) << 32 | page << 8 | score
    and sorted: each word's postings together, in page order."""
    place = array("I", bytes(4 * len(vocabulary)))
    for at, word in enumerate(vocabulary):
        place[pages.vocabulary[word]] = at
    packed = array("Q")
    average = sum(pages.lengths) / max(len(pages.lengths), 1)
    for number, length in enumerate(pages.lengths):
        norm = K1 * (1 - B + B * length / average)
        counts = pages.counts[number]
        text = {count: TEXT_SCORE * count / (count + norm) for count in set(counts)}
        rounded = {count: max(1, round(score)) for count, score in text.items()}
        page = number << 8
        ids = pages.word_ids[number]
        found = [place[word_id] << 32 | page | rounded[count]
                 for word_id, count in zip(ids, counts, strict=True)]
        for at, mark in enumerate(pages.marks[number]):
            score = text[counts[at]] + (NAME_SCORE if mark & 2 else 0) + (
                TITLE_SCORE if mark & 1 else 0)
            found[at] = place[ids[at]] << 32 | page | round(score)
        packed.extend(found)
        # the first pass's arrays are freed as the second goes
        pages.word_ids[number] = pages.counts[number] = array("B")
    return array("Q", sorted(packed))


def _write_chunks(vocabulary: list[str], postings: array, folder: Path) -> list[list[str]]:
    """Write the words, in order, in chunks of about CHUNK_BYTES; returns each chunk's
    first word and file name."""
    chunks: list[list[str]] = []
    chunk: dict[str, list[int]] = {}
    size = start = 0
    for at, word in enumerate(vocabulary):
        end = bisect_left(postings, (at + 1) << 32, start)
        held = postings[start:end]
        start = end
        pages = [value >> 8 & 0xFFFFFF for value in held]
        steps = [pages[0], *(b - a for a, b in pairwise(pages))]
        chunk[word] = [value for pair in zip(steps, (value & 0xFF for value in held),
                                             strict=True) for value in pair]
        if len(chunk) == 1:
            first = word
        size += len(word.encode("utf-8")) + 4 + 5 * len(pages)
        if size >= CHUNK_BYTES:
            chunks.append([first, _write_hashed(folder, chunk)])
            chunk, size = {}, 0
    if chunk:
        chunks.append([first, _write_hashed(folder, chunk)])
    return chunks


def _steps(numbers: array) -> list[int]:
    last = 0
    steps = []
    for number in numbers:
        steps.append(number - last)
        last = number
    return steps


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_json(path: Path, value) -> None:
    path.write_bytes(_dumps(value))


def _write_hashed(folder: Path, value) -> str:
    """Write `value` into `folder` under a name made of its bytes; returns the name."""
    data = _dumps(value)
    name = f"{folder.name}/{hashlib.sha256(data).hexdigest()[:16]}.json"
    (folder.parent / name).write_bytes(data)
    return name


def read_entries(path: Path) -> Iterable[tuple[str, Entry]]:
    """The entries of a JSON-lines file of records (search.write_index writes it: the
    sections' headings and texts as escaped HTML text), each with a digest of its line."""
    with path.open("rb") as lines:
        for line in lines:
            r = json.loads(line)
            yield hashlib.sha256(line).hexdigest(), Entry(
                url=r["url"], title=r["title"], kind=r["kind"], names=tuple(r["names"]),
                sections=tuple((anchor, html.unescape(heading), html.unescape(text))
                               for anchor, heading, text in r["sections"]),
                filters=tuple((f, tuple(v)) for f, v in r["filters"]))
