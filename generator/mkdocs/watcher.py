"""A live preview told of a saved file at once, instead of within half a second.

MkDocs' server watches its folders with watchdog's `PollingObserver`, which lists and
stats every watched file every half second: a save waits a quarter of a second on
average before the rebuild starts, and each poll stats every content file. Where the system offers
file events (inotify on Linux), the server's observer is replaced by watchdog's native
one before it starts; anywhere else, or if inotify cannot watch a folder (its limits
reached), the polling observer stays.
"""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.plugins.archive")


def use_native_events(server) -> bool:
    """Give `server` (MkDocs' LiveReloadServer, not started yet) an observer driven by
    file events, watching what it watches now. False if it keeps polling."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # not Linux
        return False
    observer = _changes_observer(InotifyObserver)
    watched = dict(getattr(server, "_watched_paths", {}))
    refs = getattr(server, "_watch_refs", None)
    if refs is None or server.observer.is_alive():
        return False  # not the server this was written for, or already started
    # watchdog drops an emitter that fails to start (inotify's limits reached) without a
    # word: a trial observer must start one for every folder, or polling stays
    trial = observer()
    try:
        for path in watched:
            trial.schedule(FileSystemEventHandler(), path, recursive=True)
        trial.start()
        started = len(trial.emitters) == len(watched)
    except OSError:
        started = False
    finally:
        if trial.is_alive():
            trial.stop()
            trial.join(5)
    if not started:
        log.info("archive plugin: watching for changes by polling (no file events)")
        return False
    server.observer = observer()
    server._watched_paths.clear()
    refs.clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return True


def _changes_observer(base: type) -> type:
    """`base` (an observer class) reporting changes only. MkDocs' server rebuilds on any
    event but a folder's, and inotify also reports a file opened or read: the build,
    which reads every source file, would start the next build, without end."""
    from watchdog.events import (
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )

    changes = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
               FileClosedEvent]

    class ChangesObserver(base):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None,
                     follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangesObserver
