"""Skip `generate` when nothing it reads or wrote has changed since its last clean run.

Like make: a stamp in the output folder records what the inputs looked like (every file
under content/ by size, mtime, ctime and inode; site_config.yml and the generator's own
code by content) and what the outputs looked like after the run. A re-run whose
fingerprint matches would write the same bytes, so it can stop before loading anything.

Only clean runs are recorded (no diagnostics at all), so warnings are printed again on
every run until they are fixed. Anything unusual (symbolic links under content/, a
missing manifest, an unreadable file) means "not up to date", never "skip".
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from generator.disk.emit import MANIFEST

STAMP = ".generator-inputs.json"
_CODE = Path(__file__).resolve().parents[1]  # the whole generator package


@functools.cache
def code_fingerprint(libraries: tuple[str, ...] = ("PyYAML", "Markdown")) -> str:
    """A digest of Python's version, the generator's code and the versions of the
    libraries whose behaviour shapes the output. Worked out once a process (a build asks
    for it four times): the code that runs is what was imported when it started."""
    digest = hashlib.sha256(_code_digest())
    if libraries:
        import importlib.metadata  # slow to import: not for the search index writer
    for dist in libraries:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{dist}=={importlib.metadata.version(dist)}".encode())
    return digest.hexdigest()


@functools.cache
def _code_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(_CODE.rglob("*.py")):
        digest.update(path.relative_to(_CODE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def inputs_fingerprint(content: Path, config_file: Path) -> str | None:
    """A digest of everything `generate` reads, or None if it cannot be taken safely."""
    digest = hashlib.sha256(code_fingerprint().encode())
    try:
        digest.update(config_file.read_bytes())
        entries = _stat_tree(content, "")
    except OSError:
        return None
    if entries is None:
        return None
    entries.sort()
    digest.update("\n".join(entries).encode())
    return digest.hexdigest()


def _stat_tree(folder: Path | str, prefix: str) -> list[str] | None:
    """`path size mtime ctime inode` of every file below `folder`; None at a symlink."""
    entries: list[str] = []
    with os.scandir(folder) as scan:
        items = sorted(scan, key=lambda e: e.name)
    for entry in items:
        if entry.is_symlink():
            return None
        rel = prefix + entry.name
        if entry.is_dir():
            below = _stat_tree(entry.path, rel + "/")
            if below is None:
                return None
            entries.extend(below)
        else:
            st = entry.stat()
            entries.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                           f"{st.st_ino}")
    return entries


def outputs_fingerprint(out_dir: Path) -> str | None:
    """A digest of the manifest and of every file it lists, or None if any is missing."""
    try:
        manifest = (out_dir / MANIFEST).read_bytes()
        files = json.loads(manifest)["files"]
        digest = hashlib.sha256(manifest)
        for rel in files:
            st = os.stat(out_dir / rel)
            digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return digest.hexdigest()


def recorded_pages(out_dir: Path, inputs: str | None) -> int | None:
    """The page count of the last clean run if inputs and outputs are unchanged since."""
    if inputs is None:
        return None
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("inputs") != inputs:
        return None
    outputs = outputs_fingerprint(out_dir)
    if outputs is None or stamp.get("outputs") != outputs:
        return None
    pages = stamp.get("pages")
    return pages if isinstance(pages, int) else None


def forget(out_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (out_dir / STAMP).unlink()


def record(out_dir: Path, inputs: str | None, pages: int) -> None:
    """Remember a clean run; `inputs` must have been taken before the run started."""
    outputs = outputs_fingerprint(out_dir)
    if inputs is None or outputs is None:
        return
    data = json.dumps({"inputs": inputs, "outputs": outputs, "pages": pages}) + "\n"
    tmp = out_dir / (STAMP + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, out_dir / STAMP)
