"""Finished pages on their way from the render workers to the build: each worker writes
its pages' texts to a file of its own and sends where they are; the build maps the file
and holds each text as a view of it.

Sent through the workers' pipes, the texts (420 MB at 10,000 articles) would be copied
into the building process and held in its memory until MkDocs has written every page,
and inherited by the processes that write them. As views of a file they are in the
operating system's file cache instead: read when a page is written, and let go of
again (`release`), so that a process's memory holds the pages it is writing, not the
archive (bench/RESULTS.md, figures behind the code).

A worker's file is made as large as `SPAN` at once (sparse: nothing is stored until
written), so that the build maps it once, however much is written to it later. Each file
is unlinked as soon as it is mapped, and the folder is removed when the spool is closed:
nothing is left behind, and the views stay valid for as long as they are held. Where a
file cannot be made or mapped, the texts go through the pipe as before.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SPAN = 1 << 36  # bytes a worker's file may hold (64 GiB), never allocated
SMALL = 4096  # shorter texts go through the pipe: a view costs more than it saves

_CURRENT: Spool | None = None  # the spool of the build rendering now (inherited by workers)


class Spool:
    """Made by the building process before it forks its render workers."""

    def __init__(self) -> None:
        # imported here: generator/reuse/store.py imports this module for `release`,
        # and the search index writer, which runs that alone, makes no spool
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="archive-spool-"))
        self.owner = os.getpid()
        self._fd: int | None = None  # a worker's file
        self._size = 0  # what a worker has written to it
        self._broken = False  # a worker could not make its file: the pipe it is
        self._maps: dict[int, memoryview | int] = {}  # each worker's file, mapped (or
        # open, where it cannot be mapped) by the owner

    def put(self, data: bytes | memoryview) -> tuple[int, int, int] | None:
        """In a worker: `data` written to its file, and where (pid, offset, length), for
        `view`; None if it is to go through the pipe (small, or no file)."""
        pid = os.getpid()
        if pid == self.owner or self._broken or len(data) < SMALL:
            return None
        try:
            if self._fd is None:
                self._fd = os.open(self.folder / str(pid),
                                   os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                os.ftruncate(self._fd, SPAN)
            if self._size + len(data) > SPAN:
                return None
            at = self._size
            written = 0
            while written < len(data):
                count = os.pwrite(self._fd, memoryview(data)[written:], at + written)
                if count <= 0:
                    raise OSError("nothing written")
                written += count
        except OSError:
            self._broken = True
            return None
        self._size += len(data)
        return pid, at, len(data)

    def view(self, pid: int, at: int, length: int) -> memoryview | bytes:
        """In the building process: the text a worker put (`put`) at `at`."""
        whole = self._maps.get(pid)
        if whole is None:
            path = self.folder / str(pid)
            fd = os.open(path, os.O_RDONLY)
            try:
                whole = memoryview(mmap.mmap(fd, SPAN, access=mmap.ACCESS_READ))
            except (OSError, ValueError):  # no address space for it (ulimit -v, say)
                whole = fd
            else:
                os.close(fd)
            self._maps[pid] = whole
            path.unlink()  # the mapping (or descriptor) and the worker's keep it
        if type(whole) is int:
            return _read(whole, at, length)
        return whole[at:at + length]

    def close(self) -> None:
        """Remove the folder (and any file no text was taken from); views stay valid.
        Only the owner does: a forked process leaving the spool's context must not."""
        if os.getpid() != self.owner:
            return
        for whole in self._maps.values():
            if type(whole) is int:
                os.close(whole)
        self._maps = {}
        import shutil  # (as tempfile above)

        shutil.rmtree(self.folder, ignore_errors=True)


def _read(fd: int, at: int, length: int) -> bytes:
    parts = []
    while length:
        part = os.pread(fd, length, at)
        if not part:
            raise OSError(f"a spooled page's text ends early ({length} bytes missing)")
        parts.append(part)
        at, length = at + len(part), length - len(part)
    return b"".join(parts)


def current() -> Spool | None:
    """The spool of the build rendering now, in its process and its workers."""
    return _CURRENT


@contextlib.contextmanager
def spooled() -> Iterator[Spool | None]:
    """A spool for the workers forked meanwhile; None if none can be made."""
    global _CURRENT
    try:
        spool = Spool()
    except OSError:
        yield None
        return
    _CURRENT = spool
    try:
        yield spool
    finally:
        _CURRENT = None
        spool.close()


def release(texts: Iterable) -> None:
    """Let go of the memory pages mapped for the texts among `texts` that are views of a
    mapped file (a spool's, or the page cache's: generator/reuse/store.py): the file's
    contents stay in the operating system's cache, read again if a view is used again.
    A process that has read them no longer holds them in its own memory."""
    seen: set[int] = set()
    for text in texts:
        if type(text) is memoryview:
            mapping = text.obj
            if type(mapping) is mmap.mmap and id(mapping) not in seen:
                seen.add(id(mapping))
                let_go(mapping)


def let_go(mapping: mmap.mmap) -> None:
    """Let go of the memory pages this process has read of `mapping` (see `release`)."""
    with contextlib.suppress(OSError, ValueError):
        mapping.madvise(mmap.MADV_DONTNEED)


class Used:
    """Texts used (a page written, say), let go of (`release`) a few dozen at a time."""

    EVERY = 64  # a let-go costs a system call for each file the texts are views of

    def __init__(self) -> None:
        self.texts: list = []

    def add(self, text) -> None:
        self.texts.append(text)
        if len(self.texts) >= self.EVERY:
            self.release()

    def release(self) -> None:
        texts, self.texts = self.texts, []
        release(texts)
