"""The published site folder: built beside itself, swapped in whole, never left half-made.

A build writes into a new folder next to `site_dir` (`.site.new-*`), marked as ours from
its first moment, and exchanges it with the live folder in one atomic step
(`renameat2(RENAME_EXCHANGE)` on Linux). However a build stops, even by SIGKILL or power
loss, `site_dir` is either the previous site or the new one; what a stopped build leaves
beside it is found and removed by the next build. Only folders that carry the mark are
ever removed.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

MARK = ".archive-build"
BUILDING = "being built by python -m generator build\n"
BUILT = "built by python -m generator build\n"


class SiteDirError(Exception):
    """The site folder cannot be used: it is a file, or holds files that are not ours."""


def _state(folder: Path) -> str | None:
    """BUILT, BUILDING, or None for a folder that is not ours."""
    try:
        return (folder / MARK).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _beside(site_dir: Path) -> list[Path]:
    """Folders beside `site_dir` with the names a build gives its folders."""
    prefixes = (f".{site_dir.name}.new-", f".{site_dir.name}.old-")
    try:
        entries = sorted(site_dir.parent.iterdir())
    except FileNotFoundError:
        return []
    return [p for p in entries if p.name.startswith(prefixes) and p.is_dir()
            and not p.is_symlink()]


def recover(site_dir: Path) -> None:
    """Put back a previous site that a stop between two renames left aside, then remove
    every other leftover of a stopped build: marked folders, and empty `.new-` folders
    (a stop between creating one and marking it)."""
    beside = _beside(site_dir)
    leftovers = [p for p in beside if _state(p) is not None]
    empty = [p for p in beside if p.name.startswith(f".{site_dir.name}.new-")
             and _state(p) is None and not any(p.iterdir())]
    if not site_dir.exists():
        complete = [p for p in leftovers if _state(p) == BUILT]
        if complete:
            newest = max(complete, key=lambda p: p.stat().st_mtime)
            newest.rename(site_dir)
            leftovers.remove(newest)
    for folder in leftovers:
        shutil.rmtree(folder, ignore_errors=True)
    for folder in empty:
        folder.rmdir()


def start(site_dir: Path) -> Path:
    """A fresh, marked folder beside `site_dir` to build into."""
    site_dir = site_dir.resolve()
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteDirError(f"{site_dir} is a file, not a folder; choose another --site-dir")
    if site_dir.exists() and any(site_dir.iterdir()) and _state(site_dir) is None:
        raise SiteDirError(f"{site_dir} holds files that this tool did not build; "
                           "move them away or choose another --site-dir")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    # MkDocs empties its site_dir before building but keeps dot-files: the mark stays.
    (staging / MARK).write_text(BUILDING, encoding="utf-8")
    return staging


def publish(staging: Path, site_dir: Path) -> Path | None:
    """Make the finished build in `staging` the site, in one step where the system can.
    Returns the folder now holding the previous site, for the caller to `discard`
    (removing its files takes a while, which need not be waited for)."""
    site_dir = site_dir.resolve()
    (staging / MARK).write_text(BUILT, encoding="utf-8")
    if not site_dir.exists():
        staging.rename(site_dir)
        return None
    if _exchange(staging, site_dir):
        return staging  # it now holds the previous site
    # No atomic exchange (another system, or a file system without it): two renames.
    # A stop between them leaves no site_dir but a marked complete `.old-` folder, which
    # `recover` puts back before the next build.
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    old.rmdir()
    site_dir.rename(old)
    try:
        staging.rename(site_dir)
    except BaseException:
        if not site_dir.exists():
            old.rename(site_dir)
        raise
    return old


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


class Removal:
    """The removal of a folder this generator made (the previous site, once the new one
    is published), started now and waited for with `join`: by `rm -rf` in a process of
    its own where the system has it, so that it runs on the other core (`shutil.rmtree`
    is a Python loop over every file, which would hold the interpreter while the build
    records the new site), else in a thread."""

    def __init__(self, folder: Path) -> None:
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        rm = shutil.which("rm") if os.name == "posix" else None
        if rm is not None:
            try:
                self.process = subprocess.Popen(
                    [rm, "-rf", "--", str(folder.resolve())], stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return
            except OSError:
                pass
        self.thread = threading.Thread(target=discard, args=(folder,), name="archive-discard")
        self.thread.start()

    def join(self) -> None:
        if self.process is not None:
            self.process.wait()
        if self.thread is not None:
            self.thread.join()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                 _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
