"""The site's search index: a record per page, written as a Pagefind index.

A reader's browser fetches only the pieces of the index a query needs (Pagefind splits
the words, the page excerpts and the filters into small files), so a search on a site
of 10,000 articles downloads kilobytes, not the whole archive.

Records are made from what the generator already knows: a generated page's front matter
(its kind, names, badge, date and topics) and its search sections (a section per
heading, generator/render/finish.py), and a hand-written page's title and HTML body.
Each record becomes a small HTML document for Pagefind, made here and never read back
from the built site: the names of an actor or a topic carry the highest weight, so a
search for any of them lists that page first; the sections keep their headings' ids, so
results link to the section that matched.

`write_index` takes nothing but the list of records: a build can skip it when the
records are those of the last index (`records_digest`).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.outputs import cbor

FOLDER = "pagefind"  # the index's folder in the site
LANGUAGE = "en"
# What the reader's browser loads from Pagefind's output; its UI bundles are left out.
_KEEP_FILES = ("pagefind.js", "pagefind-entry.json")
_KEEP_GLOBS = ("pagefind.*.pf_meta", f"wasm.{LANGUAGE}.pagefind")
_KEEP_FOLDERS = ("index", "fragment", "filter")
# Pagefind's weights run from 0 to 10; a heading <h1> weighs 7, text 1.
NAME_WEIGHT = 10
# The facets a reader can filter by, in the order the search dialog shows them.
FACETS = ("kind", "type", "year", "topic")
ENTRY_KINDS = ("actor", "topic")
# The sections of an actor's or a topic's page that describe it (its lead text has no
# heading); the others list articles, actors and quotes, which are found on their own
# pages, and would make the entry match every name it lists and rank below them.
ENTRY_SECTIONS = ("", "roles-over-time", "scope", "broader-narrower-and-related-topics")


class SearchIndexError(Exception):
    """Pagefind could not write the index."""


@dataclass(frozen=True)
class Section:
    anchor: str  # the heading's id; "" for the text before the first heading
    title: str  # escaped HTML text, as finish.search_sections writes it
    text: str  # escaped HTML text


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site's root: "actors/hun-sen/"
    title: str  # plain text
    kind: str  # article, actor, topic or page
    names: tuple[str, ...]  # an actor's or a topic's names, ranked first
    sections: tuple[Section, ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (facet, values), in FACETS order


def page_record(url: str, meta: dict, sections: list[dict]) -> Record:
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
    return Record(
        url=url, title=html.unescape(str(meta.get("title") or "")), kind=kind, names=names,
        sections=tuple(Section(s["id"], s["title"], s["text"]) for s in sections),
        filters=_filters(facets))


def doc_record(url: str, title: str, sections: list[dict]) -> Record:
    """The record of a hand-written page (docs/), from its title and sections."""
    return Record(url=url, title=title, kind="page", names=(),
                  sections=tuple(Section(s["id"], s["title"], s["text"]) for s in sections),
                  filters=_filters({"kind": ["page"]}))


def _filters(facets: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(dict.fromkeys(v for v in facets[name] if v)))
                 for name in FACETS if facets.get(name))


def record_html(record: Record) -> str:
    """The record as the HTML document Pagefind indexes."""
    e = html.escape
    parts = [f'<html lang="{LANGUAGE}"><body><main data-pagefind-body>',
             f'<h1 data-pagefind-meta="title">{e(record.title)}</h1>']
    if record.names:
        # every spelling, weighted highest: the page comes first for any of its names
        parts.append(f'<p data-pagefind-weight="{NAME_WEIGHT}">'
                     + " · ".join(e(n) for n in record.names) + "</p>")
    for section in record.sections:
        if section.anchor:
            parts.append(f'<h2 id="{e(section.anchor)}">{section.title}</h2>')
        if section.text:
            parts.append(f"<p>{section.text}</p>")
    parts.append('<div data-pagefind-ignore>')
    if record.names:
        # for the search worker: a page named exactly as the query goes first
        parts.append('<span data-pagefind-meta="names">'
                     + e("|".join(record.names)) + "</span>")
    for name, values in record.filters:
        parts.extend(f'<span data-pagefind-filter="{name}">{e(v)}</span>' for v in values)
    parts.append("</div></main></body></html>")
    return "".join(parts)


def records_digest(records: list[Record]) -> str:
    """A digest of the records: the index is the same when it is."""
    data = json.dumps([asdict(r) for r in sorted(records, key=lambda r: r.url)],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IndexStats:
    records: int
    seconds: float
    peak_mb: float  # Pagefind's peak resident memory
    files: int
    bytes: int


def write_index(records: list[Record], site: Path) -> IndexStats:
    """Write the index of `records` into `site`/pagefind, replacing the one there: the
    new index is made beside it and swapped in whole, so a reader of `site` (a live
    preview's server) never sees a half-written index."""
    target = site / FOLDER
    start = time.perf_counter()
    site.mkdir(parents=True, exist_ok=True)
    swap = Path(tempfile.mkdtemp(prefix=".archive-search-", dir=site))
    try:
        new = swap / FOLDER
        with tempfile.TemporaryDirectory(prefix="archive-search-") as tmp:
            out = Path(tmp) / FOLDER
            try:
                peak = _write(records, out)
            except OSError as exc:
                raise SearchIndexError(str(exc)) from exc
            new.mkdir()
            for name in _KEEP_FILES:
                shutil.copy2(out / name, new / name)
            for pattern in _KEEP_GLOBS:
                for path in sorted(out.glob(pattern)):
                    shutil.copy2(path, new / path.name)
            for name in _KEEP_FOLDERS:
                if (out / name).is_dir():
                    shutil.copytree(out / name, new / name)
        _stable_filters(new)
        files = [p for p in new.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        if target.exists():
            target.rename(swap / "old")
        new.rename(target)
    finally:
        shutil.rmtree(swap, ignore_errors=True)
    return IndexStats(records=len(records), seconds=time.perf_counter() - start,
                      peak_mb=peak, files=len(files), bytes=size)


def _write(records: list[Record], out: Path) -> float:
    """Index the records with Pagefind's command line, each written as a small page of
    its own into a scratch folder; returns Pagefind's peak memory in MB."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError("Pagefind's binary is missing: install the pagefind-bin package")
    pages = out.parent / "records"
    for record in records:
        folder = pages / record.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(record_html(record), encoding="utf-8")
    process = subprocess.Popen(
        [str(binary), "--site", str(pages), "--output-path", str(out),
         "--force-language", LANGUAGE, "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=out.parent)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SearchIndexError(f"pagefind exited with {process.returncode}: "
                               + output.decode("utf-8", "replace").strip())
    return usage.ru_maxrss / 1024


_SIGNATURE = b"pagefind_dcd"  # before the CBOR of each (gzipped) index file


def _read_cbor(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file")
    return cbor.loads(data[len(_SIGNATURE):])


def _write_cbor(value, folder: Path, name: str, digits: int) -> str:
    """Write `value` as `name` + a hash of it + the suffix; returns the hash part."""
    data = _SIGNATURE + cbor.dumps(value)
    digest = f"{LANGUAGE}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / name.format(digest)).write_bytes(gzip.compress(data, 9, mtime=0))
    return digest


def _stable_filters(target: Path) -> None:
    """Pagefind writes each filter's values, and the list of filters, in the order of a
    hash table seeded anew by every run; sorted here (and the files named after their
    new contents) so that the same records give the same files."""
    entry_path = target / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    language = entry["languages"][LANGUAGE]
    meta_path = target / f"pagefind.{language['hash']}.pf_meta"
    meta = _read_cbor(meta_path)
    filters = meta[3]  # [[filter name, file hash], ...]
    stable = []
    for name, old in sorted(filters):
        path = target / "filter" / f"{old}.pf_filter"
        filter_name, values = _read_cbor(path)
        path.unlink()
        stable.append([name, _write_cbor([filter_name, sorted(values)], target / "filter",
                                         "{}.pf_filter", 7)])
    meta[3] = stable
    meta_path.unlink()
    language["hash"] = _write_cbor(meta, target, "pagefind.{}.pf_meta", 10)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
