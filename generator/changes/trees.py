"""The site of one version of the content, made in memory: a folder or a git revision."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.changes.snapshot import PublishedPage, snapshot
from generator.diagnostics import Diagnostic
from generator.settings import Settings
from generator.source import revision


class TreeError(Exception):
    """A version of the content cannot be read (no such folder, unknown revision)."""


@dataclass(frozen=True)
class VersionSite:
    """One version's site, or why there is none."""

    name: str  # how the report names the version: "origin/main", "content/"
    entries: dict[str, PublishedPage] | None  # None: the content has errors
    diagnostics: tuple[Diagnostic, ...] = ()
    problem: str = ""  # the pages could not be made (a collision, a broken link)


@contextmanager
def content_folder(settings: Settings, folder: Path) -> Iterator[Settings]:
    """Settings that read the content in `folder` as if it were the project's content
    folder: pages name their source files (edit links) by the same paths whatever the
    folder is called, and so do diagnostics (content/articles/...)."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise TreeError(f"{folder} is not a folder")
    with tempfile.TemporaryDirectory(prefix="archive-changes-") as tmp:
        link = Path(tmp) / settings.content_dir
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(folder, target_is_directory=True)
        yield dataclasses.replace(settings, root=Path(tmp))


@contextmanager
def content_at(settings: Settings, rev: str) -> Iterator[Settings]:
    """Settings that read the content at git revision `rev` (unpacked in a temporary
    folder, removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="archive-changes-") as tmp:
        try:
            revision.content_at(settings.root, rev, settings.content_dir, Path(tmp))
        except revision.RevisionError as exc:
            raise TreeError(f"{exc}; fetch it first (git fetch origin main) or name "
                            "another revision") from exc
        yield dataclasses.replace(settings, root=Path(tmp))


def make(settings: Settings, name: str) -> VersionSite:
    """Run the generator on the content `settings` name, keeping a digest of each page."""
    from generator.build import Build
    from generator.render import LinkError, PageCollision

    build = Build(settings)
    result = build.model()
    diagnostics = tuple(result.report.diagnostics)
    if result.site is None or result.report.has_errors():
        return VersionSite(name, None, diagnostics)
    try:
        entries = snapshot(build.stream(result))
    except (PageCollision, LinkError) as exc:
        return VersionSite(name, None, diagnostics, str(exc))
    return VersionSite(name, entries, diagnostics)
