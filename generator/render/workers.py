"""Sharing page work between processes, with the results in the order of the tasks.

Workers are forked after the site model is built, so each starts with the model in its
memory (shared, copy-on-write) and only tasks and finished pages cross between processes.
The order of results is the order of the tasks, whatever the number of workers, so the
output is the same byte for byte.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator

_JOB: tuple | None = None  # (function, site, options) in a forked worker


def _run(task):
    function, site, options = _JOB
    return function(site, options, task)


def in_parallel(function: Callable, site, options, tasks: list, workers: int) -> Iterator:
    """function(site, options, task) for each task, in task order."""
    if workers <= 1 or len(tasks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield function(site, options, task)
        return
    global _JOB
    _JOB = (function, site, options)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_run, tasks)
    finally:
        _JOB = None
