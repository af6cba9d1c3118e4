"""Stage 6a: write the Markdown tree to disk, touching only what changed.

A manifest records every file the generator wrote; only those files are ever replaced
or removed, and a folder that holds files without a manifest is never written into.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".generator-manifest.json"


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
    try:
        for rel, text in (pages.items() if isinstance(pages, Mapping) else pages):
            done.add(rel)
            if _write_if_changed(root, rel, text.encode("utf-8"), folders):
                written += 1
            else:
                unchanged += 1
    except BaseException:
        # Interrupted mid-way: record what is on disk now, so a later run can clean it.
        _write_manifest(out_dir, sorted(previous | done))
        raise
    removed = 0
    for rel in sorted(previous - done):
        target = out_dir / rel
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out_dir)
    _write_manifest(out_dir, sorted(done))
    return EmitStats(written, unchanged, removed, len(done))


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
    manifest = out_dir / MANIFEST
    if not out_dir.exists():
        return set()
    if not manifest.is_file():
        if any(out_dir.iterdir()):
            raise EmitError(f"{out_dir} is not empty and was not written by the generator "
                            f"(no {MANIFEST}); choose an empty or new folder")
        return set()
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = data["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise EmitError(f"{manifest} is damaged ({exc}); remove the folder and generate again"
                        ) from exc
    safe = set()
    for rel in files if isinstance(files, list) else ():
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
