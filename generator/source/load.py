"""Stage 1: find the source files and split each into front matter and body."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Report
from generator.settings import Settings
from generator.source import strays
from generator.source.frontmatter import SourceText, decode, split
from generator.source.ids import ascii_id
from generator.source.schema import ID_RE

KINDS = (("articles", "article"), ("actors", "actor"), ("topics", "topic"))
KIND_OF = dict(KINDS)
RESERVED = frozenset(("index", "con", "prn", "aux", "nul", "feed", "search", "assets"))


@dataclass(frozen=True, slots=True)
class Loaded:
    kind: str  # article | actor | topic
    id: str
    text: SourceText


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be read or split (already reported): it still names an
    entry, so that references to it (and sources citing an article) can say where its
    errors are."""

    kind: str  # article | actor | topic
    id: str
    path: str


def unreadable(kind: str, rel: str) -> Unreadable:
    """What stands for a file that could not be read or split."""
    return Unreadable(kind, stem_of(rel), rel)


def find_sources(settings: Settings, report: Report) -> list[tuple[str, str, str]]:
    """(kind, repository-relative path, absolute path) of every source file, sorted.
    The paths are strings: a `Path` per file costs more than listing the folder. Every
    other file under content/ is reported, unless it is one kept there (`strays`)."""
    found: list[tuple[str, str, str]] = []
    for kind, rel, path in _files(settings, report):
        if kind is not None and rel.endswith(".md"):
            found.append((kind, rel, path))
        else:
            strays.report_stray(rel, path, settings, report)
    found.sort(key=lambda item: item[1])
    return found


def unread_files(settings: Settings) -> list[tuple[str, str]]:
    """(path, why) of every file under content/ left unread without an error: notes,
    hidden files, editors' backups (`check --verbose` lists them)."""
    content = settings.content_dir.strip("/")
    out = []
    for kind, rel, _ in _files(settings, Report()):
        why = None if kind is not None and rel.endswith(".md") else strays.kept(rel, content)
        if why is not None:
            out.append((rel, why))
    return sorted(out)


def _files(settings: Settings, report: Report) -> Iterator[tuple[str | None, str, str]]:
    """(the kind of entry its folder holds, or None; repository-relative path; absolute
    path) of every file under content/, and of every hidden folder, which is not walked.

    Symbolic links are followed only when they stay inside content/; folders reached
    through a link are not walked (a link could lead anywhere, or loop), but for the
    folders of articles, actors and topics themselves.
    """
    root, content = settings.root, settings.content_path
    real_content = content.resolve()

    def outside(path: Path) -> bool:
        if not path.resolve().is_relative_to(real_content):
            report.add("E108", path.relative_to(root).as_posix(), 1, 1,
                       "symbolic link leads outside content/",
                       "replace the link with the file or folder itself")
            return True
        return False

    if not content.is_dir():
        return
    pending: list[tuple[str, str, str | None, bool]] = [
        (str(content), content.relative_to(root).as_posix(), None, True)]
    while pending:
        dirpath, dir_rel, kind, top = pending.pop()
        for entry in _listing(dirpath, dir_rel, report):
            rel = f"{dir_rel}/{entry.name}"
            hidden = entry.name.startswith(".")
            if entry.is_dir():
                # entries live in their kind's folder; articles in year folders below it
                sub = KIND_OF.get(entry.name) if top else "article" if kind == "article" else None
                if hidden:
                    yield None, rel, entry.path
                elif not entry.is_symlink():
                    pending.append((entry.path, rel, sub, False))
                elif not outside(Path(entry.path)):
                    if top and sub is not None:
                        pending.append((entry.path, rel, sub, False))
                        continue
                    report.add("E108", rel, 1, 1, "symbolic link to a folder inside "
                               "content/ is not followed",
                               "move the files into the folder instead of linking it")
                continue
            if entry.is_symlink() and outside(Path(entry.path)):
                continue
            if entry.is_file():
                yield None if hidden else kind, rel, entry.path


def _listing(dirpath: str, dir_rel: str, report: Report) -> list[os.DirEntry]:
    """A folder's entries by name (scandir's know their type without a stat call)."""
    try:
        with os.scandir(dirpath) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        report.add("E109", dir_rel, 1, 1, f"the folder cannot be read: {exc.strerror or exc}",
                   "check that it is a folder you are allowed to read")
        return []


def stem_of(rel: str) -> str:
    """The id a source file's path gives (its name without `.md`)."""
    return rel.rpartition("/")[2].removesuffix(".md")


def case_collisions(sources: list[tuple[str, str, str]], report: Report) -> set[str]:
    """Report files whose ids differ only in case (E403); return their paths.

    Such files overwrite each other on case-insensitive file systems (macOS, Windows) and
    in the published site. The file whose name is already lowercase keeps its id.
    """
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for kind, rel, _ in sources:
        stem = stem_of(rel)
        groups.setdefault((kind, stem.casefold()), []).append((rel, stem))
    clashing: set[str] = set()
    for (kind, _), members in sorted(groups.items()):
        if len({stem for _, stem in members}) < 2:
            continue
        keep = next((m for m in members if m[1] == m[1].lower()), members[0])
        for rel, stem in members:
            if (rel, stem) == keep:
                continue
            clashing.add(rel)
            report.add("E403", rel, 1, 1,
                       f"{kind} id '{stem}' differs only in case from '{keep[1]}' ({keep[0]})",
                       "ids must differ in more than case: rename or merge the two files; "
                       "use lowercase file names")
    return clashing


def load(settings: Settings, report: Report) -> list[Loaded | Unreadable]:
    return list(iter_load(settings, report))


def iter_load(settings: Settings, report: Report) -> Iterator[Loaded | Unreadable]:
    """Load one file at a time, so that a caller can drop each YAML tree when done."""
    misnamed: list[Unreadable] = []
    yield from _loaded(settings, report, misnamed)
    yield from misnamed


def _loaded(settings: Settings, report: Report, misnamed: list[Unreadable]
            ) -> Iterator[Loaded | Unreadable]:
    for kind, rel, path in usable_sources(settings, report, misnamed=misnamed):
        data = read_source(rel, path, settings, report)
        loaded = (None if data is None
                  else from_bytes(kind, rel, stem_of(rel), data, settings, report))
        yield loaded if loaded is not None else unreadable(kind, rel)


def usable_sources(settings: Settings, report: Report, last: list | None = None,
                   misnamed: list[Unreadable] | None = None
                   ) -> Iterator[tuple[str, str, str]]:
    """The source files whose names can be ids, as `find_sources` lists them. With `last`
    (a live preview's, from its last run), the ids that differ only in case are looked
    for again only if the list of files changed. `misnamed` gets the entries (articles,
    actors and topics) whose names are ids but for their letter case (`Hun-Sen.md`):
    references to them, and sources citing an article, are told where their file is."""
    sources = find_sources(settings, report)
    if last is not None and last and last[0] == sources:
        clashing, found = last[1], last[2]
        report.extend(found)
    else:
        own = Report() if last is not None else report
        clashing = case_collisions(sources, own)
        if last is not None:
            report.extend(own.items)
            last[:] = [sources, clashing, own.items]
    for kind, rel, path in sources:
        if rel in clashing:
            continue
        stem = stem_of(rel)
        if not ID_RE.match(stem) or stem in RESERVED:
            _bad_name(rel, report, settings.root)
            lower = stem.lower()
            if (misnamed is not None and ID_RE.match(lower)
                    and lower not in RESERVED):
                misnamed.append(Unreadable(kind, lower, rel))
            continue
        yield kind, rel, path


def read_source(rel: str, path: str | Path, settings: Settings, report: Report
                ) -> bytes | None:
    """The bytes of one source file, or None (reported) if it is too large or unreadable."""
    limits = settings.limits
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limits.article_chars + limits.front_matter_chars:
                report.add("E107", rel, 1, 1, f"file is {size} bytes, larger than the "
                           f"limit of {limits.article_chars + limits.front_matter_chars}",
                           "split it, or raise limits.article_chars in site_config.yml")
                return None
            return file.read()
    except OSError as exc:
        report.add("E109", rel, 1, 1, f"the file cannot be read: {exc.strerror or exc}",
                   "check that it is a regular file you are allowed to read")
        return None


def from_bytes(kind: str, rel: str, stem: str, data: bytes, settings: Settings,
               report: Report) -> Loaded | None:
    """Decode one file and split it into front matter and body."""
    text = decode(rel, data, report)
    if text is None:
        return None
    source = split(rel, text, report, settings.limits.front_matter_chars)
    return None if source is None else Loaded(kind, stem, source)


def _bad_name(rel: str, report: Report, root: Path) -> None:
    name = rel.rpartition("/")[2]
    stem = stem_of(rel)
    report.add("E108", rel, 1, 1, f"'{name}' is not a usable file name",
               _rename_hint(rel, stem, root))


def _rename_hint(rel: str, stem: str, root: Path) -> str:
    """The id the file name spells, and the command that renames the file to it."""
    if stem in RESERVED:
        return f"'{stem}' is reserved for generated pages; choose another name"
    rule = "an id is lowercase letters, digits and single hyphens"
    suggested = ascii_id(stem)
    if not suggested or suggested in RESERVED:
        return (f"{rule}: rename the file to <id>.md with the Latin spelling of its name "
                f"(e.g. hun-sen.md): git mv {shlex.quote(rel)} "
                f"{shlex.quote(rel.rpartition('/')[0])}/ID.md")
    target = f"{rel.rpartition('/')[0]}/{suggested}.md"
    if (root / target).exists():
        return (f"{rule}, and {target} is taken: merge the two files, or rename this one "
                "to another id")
    return f"{rule}: rename it to {suggested}.md: git mv {shlex.quote(rel)} {target}"
