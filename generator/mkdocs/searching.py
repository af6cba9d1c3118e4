"""The site's search index as MkDocs builds the pages: every page's record, gathered by
the plugin's events, and the index written from them (generator/outputs/search.py) in a
thread beside MkDocs' writing of the pages (a build), or after the page reload (a live
preview: generator/mkdocs/later.py)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.disk import sitedir
from generator.mkdocs.later import Indexing, Later
from generator.mkdocs.pagefiles import as_text, parse_page
from generator.mkdocs.sitemap import page_url
from generator.outputs import search

log = logging.getLogger("mkdocs.plugins.archive")

Record = search.SearchRecord | search.Stored


class SiteSearch:
    """`where(site)`: (the writer's cache, the index it describes) for the site folder."""

    def __init__(self, where: Callable[[Path], tuple[Path | None, Path | None]]) -> None:
        self.where = where
        # every page's record, by page; kept between the builds of a live preview, which
        # rebuild only changed pages
        self.records: dict[str, Record] = {}
        self.digest = ""  # the records of the index last written (a live preview's)
        self.serving = False
        self.indexing: Indexing | None = None  # a build's index, being written
        self.later: Later | None = None  # a live preview's writer
        self.writer: search.Writer | None = None  # started by `build_site`'s caller
        # what `build_site`'s caller no longer needs: let go while the writer is waited for
        self.spare: list = []

    def preview(self) -> None:
        """From now on, write each index after the pages are served."""
        self.serving = True
        if self.later is None:
            self.later = Later(self.write_now, _failed)

    def close(self) -> None:
        if self.later is not None:
            self.later.close(timeout=120)
            self.later = None

    def start(self, site: Path) -> None:
        """Write the index of the records known now in a thread (`write` waits for it)."""
        self.indexing = Indexing(self.write_now, list(self.records.values()), site)

    def start_early(self, carry, files: Files, made: list[File], pages: dict,
                    parsed: dict, site: Path) -> None:
        """Start the writer now, before any page is carried over or built, if every
        page's record is known: a generated page's is the last build's (`carry`) when
        its text is the same (a record depends on the text and the address alone), else
        the page is read here (into `parsed`) rather than in on_page_markdown; a
        hand-written page's is the last build's when the global key (docs/ and the
        configuration among it) is the same. The writer then runs beside all that MkDocs
        still does."""
        docs = [f for f in files if f.is_documentation_page() and not f.generated_by
                and f.inclusion.is_included()]
        known = [carry.known_record(f.src_uri, None) for f in docs]
        if not all(holds for holds, _ in known):
            return
        for file, (_, record) in zip(docs, known, strict=True):
            if record is not None:
                self.records[file.src_uri] = record
        for file in made:
            path = file.src_uri
            if not path.endswith(".md"):
                continue
            holds, record = carry.known_record(path, pages[path])
            if holds:
                if record is not None:
                    self.records[path] = record
                continue
            found = parsed.get(path) or parse_page(as_text(pages[path]), page_url(file))
            if found is not None:
                parsed[path] = found
                if found[1] is not None:
                    self.records[path] = found[1]
        self.start(site)

    def started(self) -> bool:
        return self.indexing is not None or self.later is not None

    def finish(self) -> None:
        """Wait for the index being written, if one is; its error is dropped (the build
        has failed already, or is starting again)."""
        indexing, self.indexing = self.indexing, None
        if indexing is not None:
            with contextlib.suppress(Exception):
                indexing.join()

    def write(self, site: Path) -> None:
        """The index of this build: waited for if it is being written, handed to the
        live preview's writer, or written now."""
        records = list(self.records.values())
        indexing, self.indexing = self.indexing, None
        if self.later is not None:
            self.later.submit(records, site)
        elif indexing is not None:
            self.spare.clear()  # freed while the writer works, not before or after
            indexing.join()
        else:
            self.write_now(records, site)

    def write_now(self, records: list[Record], site: Path) -> None:
        # The index depends on the records alone: a rebuild of a live preview whose
        # records are those of the index already in its site leaves it as it is (a
        # build writes a new site, and the writer's cache makes an unchanged index fast).
        digest = search.records_digest(records) if self.serving else ""
        if digest and digest == self.digest and (site / search.FOLDER).is_dir():
            return
        cache, previous = self.where(site)
        try:
            writer, self.writer = self.writer, None
            stats = search.write_index(records, site, cache, previous, writer,
                                       discard=lambda folder: sitedir.Removal(folder).join())
        except search.SearchIndexError as exc:
            raise PluginError(f"archive plugin: the search index could not be written: {exc}"
                              ) from exc
        self.digest = digest
        for notice in stats.notices:
            log.info(notice)
        log.info(f"search index: {stats.records} records, {stats.files} files, "
                 f"{stats.bytes / 2**20:.1f} MB in {stats.seconds:.2f} s; "
                 f"the index writer's peak memory {stats.peak_mb:.0f} MB")


def _failed(exc: Exception) -> None:
    log.error(f"archive plugin: the preview's search index was not updated: {exc}")
