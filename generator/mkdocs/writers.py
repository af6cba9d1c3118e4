"""MkDocs' writing of the pages (Material's templates, the HTML file) on every core.

Once every page is read and converted (`on_env`), the pages MkDocs is about to write are
dealt out in turn to `count` shares. Forked processes write every share but the first,
each page through MkDocs' own page build (internals.build_page), while MkDocs' loop in
this process writes the first one. A page is the same bytes whichever process wrote it:
each starts from the same configuration, navigation, theme and pages. What a writer
logs (MkDocs' warnings among it, which fail a strict build) is logged again here, share
by share, when it has finished; a writer that fails fails the build.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.mkdocs.internals import SharedFiles, build_page

log = logging.getLogger("mkdocs.plugins.archive")

# Fewer pages than this per process are written here alone: forking a large process and
# gathering its logs costs more than writing them (bench/RESULTS.md, "The chrome on
# every core").
PAGES_PER_WRITER = 150


def shares(pages: list, count: int) -> list[list]:
    """`pages` dealt out in turn: share i has pages i, i + count, ... (pages of a kind
    follow one another, so each share gets its part of every kind)."""
    return [pages[i::count] for i in range(count)]


def writer_count(pages: int, workers: int) -> int:
    return max(1, min(workers, pages // PAGES_PER_WRITER))


@dataclass
class PageWriters:
    processes: list = field(default_factory=list)  # (process, its end of the pipe)

    def start(self, files: SharedFiles, nav, config: MkDocsConfig, env, workers: int
              ) -> list[str]:
        """Fork the writers of all shares but the first; returns the pages each forked
        writer writes, which this process need no longer hold. MkDocs writes the first
        share here (`files` hands it only those)."""
        doc_files = files.documentation_pages()
        count = writer_count(len(doc_files), workers)
        if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return []
        dealt = shares(doc_files, count)
        # compiled once here rather than in every writer
        env.get_template("main.html")
        context = multiprocessing.get_context("fork")
        # What the writers inherit stays where it is: the cyclic collector of a writer
        # would otherwise touch (and so copy) every object it inherits.
        gc.freeze()
        try:
            for share in dealt[1:]:
                ours, theirs = context.Pipe(duplex=False)
                process = context.Process(
                    target=_write_share, args=(share, doc_files, files, nav, config, env, theirs),
                    daemon=True)
                process.start()
                theirs.close()
                self.processes.append((process, ours))
        finally:
            gc.unfreeze()
        files.write_here({file.src_uri for file in dealt[0]})
        return [file.src_uri for share in dealt[1:] for file in share]

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


def _write_share(share: list, doc_files: list, files, nav, config: MkDocsConfig, env,
                 pipe) -> None:
    """A forked writer: the pages of `share`, written and their anchors checked as MkDocs
    does after writing; what it logged, sent back."""
    kept = _Kept()
    kept.take_over()
    ok, file = False, None
    try:
        for file in share:
            build_page(file.page, config, doc_files, nav, env)
        level = config.validation.links.anchors
        for file in share:
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
