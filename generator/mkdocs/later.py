"""A live preview's search index, written after the pages are served, not before.

The index takes a second or more to write at a thousand pages, and changes with every save
of an article's text; a live preview that waited for it would reload the page seconds
late. Under `mkdocs serve` the plugin hands the records to a `Later` writer instead: one
background thread writes one index at a time, and when saves come faster than it, only
the newest records are written (the ones in between would be replaced at once). Each
index is made beside the old one and swapped in whole (search.write_index), so the
served site always has a complete index: the last one, or the new one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from generator.outputs import search


class Later:
    """Writes the newest submitted index in a background thread."""

    def __init__(self, write: Callable[[list[search.Record], Path], None],
                 failed: Callable[[Exception], None]) -> None:
        self._write = write  # writes one index (records, site folder)
        self._failed = failed  # told of an error, which stops nothing
        self._lock = threading.Lock()
        self._pending: tuple[list[search.Record], Path] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, records: list[search.Record], site: Path) -> None:
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
