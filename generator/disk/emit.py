"""Stage 6a: write the Markdown tree to disk, touching only what changed.

A manifest records every file the generator wrote; only those files are ever replaced
or removed, and a folder that holds files without a manifest is never written into.
While a run writes, a journal beside the manifest names each new file before it is
created, so a run stopped in any way (even SIGKILL) leaves nothing the next run cannot
find: it reads the journal, removes half-written temporary files and stale pages.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".generator-manifest.json"
JOURNAL = ".generator-manifest.pending"


class EmitError(Exception):
    """The output folder cannot be written safely."""


@dataclass(frozen=True)
class EmitStats:
    written: int
    unchanged: int
    removed: int
    total: int = 0


def emit(pages: Mapping[str, str] | Iterable[tuple[str, str]], out_dir: Path,
         protected: Path | None = None) -> EmitStats:
    """Write pages ({path: text}, or (path, text) pairs as they are rendered)."""
    out_dir = out_dir.resolve()
    if protected is not None and out_dir.is_relative_to(protected.resolve()):
        raise EmitError(f"{out_dir}: refusing to write inside {protected}")
    previous = _read_manifest(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    done: set[str] = set()
    root = str(out_dir)
    folders: set[str] = set()  # folders known to exist
    journal = os.open(out_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for rel, text in (pages.items() if isinstance(pages, Mapping) else pages):
            done.add(rel)
            if rel not in previous:
                os.write(journal, (json.dumps(rel) + "\n").encode("utf-8"))
            if _write_if_changed(root, rel, text.encode("utf-8"), folders):
                written += 1
            else:
                unchanged += 1
    except BaseException:
        # Interrupted mid-way: record what is on disk now, so a later run can clean it.
        os.close(journal)
        _write_manifest(out_dir, sorted(previous | done))
        os.unlink(out_dir / JOURNAL)
        raise
    os.close(journal)
    removed = 0
    for rel in sorted(previous - done):
        target = out_dir / rel
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out_dir)
    _write_manifest(out_dir, sorted(done))
    os.unlink(out_dir / JOURNAL)
    return EmitStats(written, unchanged, removed, len(done))


def emit_changed(previous: Mapping[str, str], pages: Mapping[str, str],
                 out_dir: Path) -> EmitStats:
    """Update a folder that holds `previous` (as `emit` wrote them) to hold `pages`,
    comparing texts in memory: only changed pages are read and written, which a live
    preview does on every save. When the set of paths differs, this is `emit`."""
    if previous.keys() != pages.keys():
        return emit(pages, out_dir)
    root = str(out_dir.resolve())
    written = 0
    folders: set[str] = set()
    for rel, text in pages.items():
        if previous[rel] is not text and previous[rel] != text:
            written += _write_if_changed(root, rel, text.encode("utf-8"), folders)
    return EmitStats(written, len(pages) - written, 0, len(pages))


def _write_if_changed(root: str, rel: str, data: bytes, folders: set[str]) -> bool:
    """Write `data` at root/rel unless the file already holds exactly it. A new file
    appears whole: it is written beside its target and renamed over it. Plain `os` calls
    on strings: this runs once per page, and pathlib costs more than the write."""
    path = os.path.join(root, rel)
    try:
        if os.stat(path).st_size == len(data):
            with open(path, "rb") as old:
                if old.read() == data:
                    return False
    except FileNotFoundError:
        pass
    folder, name = os.path.split(path)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    tmp = os.path.join(folder, f".{name}.tmp")
    with open(tmp, "wb") as new:
        new.write(data)
    os.replace(tmp, path)
    return True


def _read_manifest(out_dir: Path) -> set[str]:
    """Files written by earlier runs: the manifest, plus the journal of a stopped run
    (whose half-written temporary files are removed here)."""
    manifest, journal = out_dir / MANIFEST, out_dir / JOURNAL
    if not out_dir.exists():
        return set()
    files: list = []
    if manifest.is_file():
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EmitError(f"{manifest} is damaged ({exc}); remove the folder and generate "
                            "again") from exc
    elif not journal.is_file() and any(out_dir.iterdir()):
        raise EmitError(f"{out_dir} is not empty and was not written by the generator "
                        f"(no {MANIFEST}); choose an empty or new folder")
    safe = _safe_paths(out_dir, files if isinstance(files, list) else [])
    if journal.is_file():
        safe |= _safe_paths(out_dir, _journal_entries(journal))
        for rel in sorted(safe):
            folder, name = os.path.split(os.path.join(out_dir, rel))
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, f".{name}.tmp"))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out_dir / (MANIFEST + ".tmp"))
    return safe


def _journal_entries(journal: Path) -> list:
    entries = []
    for line in journal.read_bytes().split(b"\n"):
        try:
            entries.append(json.loads(line))
        except ValueError:  # the last line of a run stopped mid-write
            continue
    return entries


def _safe_paths(out_dir: Path, files: list) -> set[str]:
    """The entries that name a file inside `out_dir`; anything else is ignored."""
    safe = set()
    for rel in files:
        if not isinstance(rel, str) or rel.startswith("/"):
            continue
        if (out_dir / rel).resolve().is_relative_to(out_dir):
            safe.add(rel)
    return safe


def _write_manifest(out_dir: Path, files: list[str]) -> None:
    data = json.dumps({"generator": "news-archive", "files": files}, indent=1) + "\n"
    manifest = out_dir / MANIFEST
    if manifest.is_file() and manifest.read_text(encoding="utf-8") == data:
        return
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, manifest)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
