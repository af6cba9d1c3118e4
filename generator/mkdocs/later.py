"""The search index written in a thread: a live preview's after the pages are served, not
before (`Later`), and a build's beside MkDocs' writing of the pages (`Indexing`).

The index takes longer to write than the pages of a save take to build, and changes with
every save of an article's text; a live preview that waited for it would reload the page seconds
late. Under `mkdocs serve` the plugin hands the records to a `Later` writer instead: one
background thread writes one index at a time, and when saves come faster than it, only
the newest records are written (the ones in between would be replaced at once). Each
index is made beside the old one and swapped in whole (search.write_index), so the
served site always has a complete index: the last one, or the new one.

The writer runs at a lower priority than the server (Linux: the thread's nice value,
which the indexer's process inherits): on two busy cores an index written after one
save otherwise took the CPU from the rebuild of the next, and the page came late.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from generator.outputs import search


class Later:
    """Writes the newest submitted index in a background thread."""

    def __init__(self, write: Callable[[list[search.SearchRecord], Path], None],
                 failed: Callable[[Exception], None]) -> None:
        self._write = write  # writes one index (records, site folder)
        self._failed = failed  # told of an error, which stops nothing
        self._lock = threading.Lock()
        self._pending: tuple[list[search.SearchRecord], Path] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, records: list[search.SearchRecord], site: Path) -> None:
        """Write these records' index soon, instead of any not yet started."""
        with self._lock:
            if self._closed:
                return
            self._pending = (records, site)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="archive-search",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        _yield_to_builds()
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            try:
                self._write(*job)
            except Exception as exc:  # reported; the next save tries again
                self._failed(exc)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every submitted index is written; False if `timeout` ran out."""
        with self._lock:
            thread = self._thread
        while thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
            with self._lock:
                thread = self._thread
        return True

    def close(self, timeout: float | None = None) -> None:
        """Drop what is not started, and wait for the index being written."""
        with self._lock:
            self._closed = True
            self._pending = None
        self.wait(timeout)


NICENESS = 10  # added to the writer thread's nice value


def _yield_to_builds() -> None:
    """Lower the calling thread's scheduling priority, where the system allows it."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed
        pass


class Indexing:
    """A search index written in a thread; `join` waits for it and raises its error."""

    def __init__(self, write, records: list[search.SearchRecord | search.Stored],
                 site: Path) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(write, records, site),
                                       name="archive-search", daemon=True)
        self.thread.start()

    def _run(self, write, records, site) -> None:
        try:
            write(records, site)
        except BaseException as exc:  # raised again by join, in the building thread
            self.error = exc

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error
