"""A live preview's search index is written in the background: one at a time, the newest
records only, and an error is reported without stopping the next."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.mkdocs.later import Later

pytestmark = pytest.mark.fast


def test_only_the_newest_records_wait_for_the_writer():
    started, release = threading.Event(), threading.Event()
    written: list[object] = []

    def write(records, site):
        written.append(records)
        started.set()
        release.wait(10)

    later = Later(write, lambda exc: None)
    later.submit(["first"], Path("site"))
    assert started.wait(10)
    # saves come faster than the index: those in between are never written
    for n in range(2, 6):
        later.submit([f"save {n}"], Path("site"))
    release.set()
    assert later.wait(10)
    assert written == [["first"], ["save 5"]]


def test_an_error_is_reported_and_the_next_index_is_written():
    failures: list[Exception] = []
    written: list[object] = []

    def write(records, site):
        if records == ["bad"]:
            raise OSError("disk full")
        written.append(records)

    later = Later(write, failures.append)
    later.submit(["bad"], Path("site"))
    assert later.wait(10)
    later.submit(["good"], Path("site"))
    assert later.wait(10)
    assert [str(e) for e in failures] == ["disk full"] and written == [["good"]]


def test_closed_it_writes_nothing_more():
    written: list[object] = []
    later = Later(lambda records, site: written.append(records), lambda exc: None)
    later.close(10)
    later.submit(["late"], Path("site"))
    assert later.wait(10) and written == []


def test_the_writer_and_what_it_starts_run_at_a_lower_priority():
    import os
    import subprocess
    import sys

    if not hasattr(os, "getpriority"):
        return
    seen: list[int] = []

    def write(records, site):
        # the indexer is a process started by the writer thread: it inherits the niceness
        out = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"],
                             capture_output=True, text=True, check=True)
        seen.append(int(out.stdout))

    later = Later(write, lambda exc: None)
    later.submit(["records"], Path("site"))
    assert later.wait(30)
    assert seen and seen[0] >= os.nice(0) + 1
