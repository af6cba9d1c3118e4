"""The content of another git revision (the base of a pull request), read into a folder.

Only `git archive` of the content folder is read, and it is unpacked with tarfile's
`data` filter: no path can leave the folder, no link or device file is made.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class RevisionError(Exception):
    """The revision cannot be read (no git, not a repository, unknown revision)."""


def content_at(root: Path, revision: str, content_dir: str, dest: Path) -> None:
    """Unpack `content_dir` as it is at `revision` of the repository at `root` into
    `dest`/`content_dir` (an empty folder where the revision has none)."""
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-tree", "-d", "--name-only",
                                 revision, "--", content_dir], capture_output=True,
                                check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git could not be run: {exc}") from exc
    if listed.returncode != 0:
        message = listed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"cannot read revision '{revision}': "
                            f"{message[-1] if message else 'git failed'}")
    (dest / content_dir).mkdir(parents=True, exist_ok=True)
    if not listed.stdout.strip():
        return
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", revision,
                              "--", content_dir], capture_output=True, check=False,
                             timeout=600)
    if archive.returncode != 0:
        raise RevisionError(archive.stderr.decode("utf-8", "replace").strip()
                            or f"git archive of '{revision}' failed")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
