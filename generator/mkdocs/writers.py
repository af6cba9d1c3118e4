"""MkDocs' writing of the pages (Material's templates, the HTML file) on every core.

Once every page is read and converted (`on_env`), the pages MkDocs is about to write
are claimed a few at a time (`CHUNK`) by `count` processes: MkDocs' own loop in this
process, and writers forked from it, each writing a page through MkDocs' own page
build (internals.build_page). A page is the same bytes whichever process wrote it: each
starts from the same configuration, navigation, theme and pages. Pages are claimed as
each process gets to them, so a process slowed by other work (this one also copies the
theme's files and renders the sitemap) writes fewer. What a writer logs (MkDocs'
warnings among it, which fail a strict build) is logged again here when it has
finished; a writer that fails fails the build.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.mkdocs.internals import SiteFiles, build_page

log = logging.getLogger("mkdocs.plugins.archive")

# Fewer pages than this per process are written here alone: below it, sharing them
# gained nothing measurable (bench/RESULTS.md, figures behind the code).
PAGES_PER_WRITER = 150
CHUNK = 8  # pages claimed at a time


def writer_count(pages: int, workers: int) -> int:
    return max(1, min(workers, pages // PAGES_PER_WRITER))


class Claims:
    """The pages to write, in chunks that processes claim one after another."""

    def __init__(self, pages: list, context) -> None:
        self.pages = pages
        self.taken = context.Value("l", 0, lock=True)  # chunks claimed so far

    def claim(self) -> tuple[int, list]:
        """(the chunk's number, its pages): none once all are claimed."""
        with self.taken.get_lock():
            number = self.taken.value
            self.taken.value = number + 1
        return number, self.pages[number * CHUNK:(number + 1) * CHUNK]


class ClaimedHere:
    """The pages MkDocs' loop writes in this process: each chunk claimed as the loop
    gets to it; once done, the pages it wrote (for its check of their anchors). The
    texts of the pages other processes claimed before each chunk are dropped from
    `texts` (if given): this process no longer needs them."""

    def __init__(self, claims: Claims, texts: dict | None) -> None:
        self.claims = claims
        self.texts = texts
        self.written: list | None = None

    def __iter__(self) -> Iterator:
        if self.written is not None:
            yield from self.written
            return
        written, last = [], -1
        while True:
            number, chunk = self.claims.claim()
            if self.texts is not None:
                for file in self.claims.pages[(last + 1) * CHUNK:number * CHUNK]:
                    self.texts.pop(file.src_uri, None)
            last = number
            if not chunk:
                break
            written += chunk
            yield from chunk
        self.written = written


@dataclass
class PageWriters:
    processes: list = field(default_factory=list)  # (process, its end of the pipe)

    def start(self, files: SiteFiles, nav, config: MkDocsConfig, env, workers: int,
              texts: dict | None) -> None:
        """Fork the writers, if the pages are enough to share: MkDocs' loop then
        writes the pages this process claims (`files` hands it those). The texts of
        the pages other processes claimed are dropped from `texts` (if given) as the
        loop goes: this process no longer needs them."""
        doc_files = files.documentation_pages()
        count = writer_count(len(doc_files), workers)
        if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        # The first page is written here first: the templates it compiles (all a page
        # needs, which takes longer than writing a page) are compiled once, not again in
        # every writer.
        first = doc_files[0]
        build_page(first.page, config, doc_files, nav, env)
        first.page.validate_anchor_links(files=files,
                                         log_level=config.validation.links.anchors)
        context = multiprocessing.get_context("fork")
        claims = Claims(doc_files[1:], context)
        # What the writers inherit stays where it is: the cyclic collector of a writer
        # would otherwise touch (and so copy) every object it inherits. (This process
        # leaves them frozen too, as a build does its model: generator/build.py.)
        gc.freeze()
        for _ in range(count - 1):
            ours, theirs = context.Pipe(duplex=False)
            process = context.Process(
                target=_write_claimed,
                args=(claims, doc_files, files, nav, config, env, theirs), daemon=True)
            process.start()
            theirs.close()
            self.processes.append((process, ours))
        files.write_here(ClaimedHere(claims, texts))

    def join(self) -> None:
        """Wait for every writer; log what each logged; fail if one failed."""
        processes, self.processes = self.processes, []
        failed = 0
        for process, pipe in processes:
            try:
                ok, records = pipe.recv()
            except EOFError:  # it died before it could tell
                ok, records = False, []
            pipe.close()
            process.join()
            for name, level, message in records:
                logging.getLogger(name).log(level, message)
            if not ok or process.exitcode != 0:
                failed += 1
        if failed:
            raise PluginError(f"archive plugin: {failed} of the processes writing the "
                              "pages failed (their errors are above)")

    def stop(self) -> None:
        """The build failed: the writers are stopped, if any still runs."""
        processes, self.processes = self.processes, []
        for process, pipe in processes:
            process.terminate()
            process.join()
            pipe.close()


def _write_claimed(claims: Claims, doc_files: list, files, nav, config: MkDocsConfig, env,
                   pipe) -> None:
    """A forked writer: the pages it claims, written and their anchors checked as
    MkDocs does after writing; what it logged, sent back."""
    kept = _Kept()
    kept.take_over()
    ok, file, written = False, None, []
    try:
        while chunk := claims.claim()[1]:
            for file in chunk:
                build_page(file.page, config, doc_files, nav, env)
            written += chunk
        level = config.validation.links.anchors
        for file in written:
            file.page.validate_anchor_links(files=files, log_level=level)
        ok = True
    except Exception as exc:
        where = f" at {file.src_uri}" if file is not None else ""
        log.error(f"archive plugin: a page writer stopped{where}: {type(exc).__name__}: {exc}")
    finally:
        pipe.send((ok, kept.records))
        pipe.close()


class _Kept(logging.Handler):
    """In a writer, in place of every handler: what reached one, kept to be logged again
    by the process that forked it (once, however many handlers it reached)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []
        self.last: logging.LogRecord | None = None

    def take_over(self) -> None:
        loggers = [logging.getLogger(), *(logger for logger in
                   logging.Logger.manager.loggerDict.values()
                   if isinstance(logger, logging.Logger))]
        for logger in loggers:
            if logger.handlers:
                logger.handlers = [self]

    def emit(self, record: logging.LogRecord) -> None:
        if record is not self.last:  # the same record, passed up to another logger
            self.last = record
            self.records.append((record.name, record.levelno, record.getMessage()))
