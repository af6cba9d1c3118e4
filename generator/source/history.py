"""The actors and topics of an earlier revision of the content: what a reference to an
id that is gone is told to write.

`check --base REV` reads them at REV; without a base, at git's HEAD when the repository
is a git checkout. They are read only once a reference is unknown, so a clean check costs
nothing more. A gone entry whose names now belong to another entry was merged into it
(that entry existed at the revision: `merged_ids`) or renamed to it (`former_ids`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diagnostics import Report
from generator.formerids import keep_line
from generator.source import revision
from generator.source.frontmatter import decode, mapping_items, split

_NAME_FIELDS = ("name", "aliases", "weak_aliases")


@dataclass(frozen=True)
class Gone:
    """An entry of the revision that the content no longer has."""

    kind: str  # actor | topic
    id: str
    path: str  # its file at the revision, repository-relative
    names: tuple[str, ...]  # name, aliases and weak aliases as written there


class History:
    """The registry entries of the content at `base`, or at HEAD when `base` is None."""

    def __init__(self, root: Path, content_dir: str, base: str | None = None) -> None:
        self.root = root
        self.content_dir = content_dir.strip("/")
        self.revision = base or "HEAD"
        self.named = base is not None
        self.problem = ""  # why the revision could not be read, once it was tried
        self._unpacked: dict[tuple[str, ...], tempfile.TemporaryDirectory] = {}
        self._entries: dict[str, dict[str, Gone]] | None = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        for tmp in self._unpacked.values():
            tmp.cleanup()
        self._unpacked.clear()

    def tree(self) -> Path | None:
        """A folder holding the content at the revision (unpacked once), or None."""
        return self._unpack((self.content_dir,))

    def _registry_tree(self) -> Path | None:
        """A folder holding at least the actors and topics of the revision: the whole
        content if it is unpacked already, else those two folders alone (a large
        archive's articles are most of it)."""
        if (self.content_dir,) in self._unpacked:
            return self.tree()
        return self._unpack(tuple(f"{self.content_dir}/{folder}"
                                  for folder in ("actors", "topics")))

    def _unpack(self, folders: tuple[str, ...]) -> Path | None:
        if folders not in self._unpacked and not self.problem:
            tmp = tempfile.TemporaryDirectory(prefix="archive-base-")
            try:
                for folder in folders:
                    revision.content_at(self.root, self.revision, folder, Path(tmp.name))
            except revision.RevisionError as exc:
                tmp.cleanup()
                self.problem = str(exc)
                return None
            self._unpacked[folders] = tmp
        held = self._unpacked.get(folders)
        return Path(held.name) if held is not None else None

    def gone(self, kind: str, written: str) -> Gone | None:
        """The entry of the revision that `written` (an id or a name) named, if any."""
        entries = self._read().get(kind, {})
        found = entries.get(written)
        if found is None:
            folded = written.casefold()
            found = next((g for g in entries.values()
                          if folded in (n.casefold() for n in (g.id, *g.names))), None)
        return found

    def existed(self, kind: str, entry_id: str) -> bool:
        return entry_id in self._read().get(kind, {})

    def told(self, gone: Gone, heir_id: str | None, heir_path: str | None
             ) -> tuple[str, str]:
        """The message and the hint for a reference to `gone`; `heir_*` the current
        entry its names now lead to, if one does."""
        at = "the last commit (HEAD)" if not self.named else self.revision
        message = (f"unknown {gone.kind} '{gone.id}': its file {gone.path}, there in {at}, "
                   "is gone")
        if heir_id is None or heir_path is None:
            return message, (
                f"if it was merged into another {gone.kind}, list '{gone.id}' under "
                f"merged_ids of that {gone.kind}'s file (under former_ids if it was only "
                f"renamed); if it was removed by mistake, restore it: git checkout "
                f"{self.revision} -- {gone.path}")
        key = "merged_ids" if self.existed(gone.kind, heir_id) else "former_ids"
        how = "merged into" if key == "merged_ids" else "renamed to"
        line, fix = keep_line(self.root / heir_path, gone.kind, key, gone.id)
        return message, (f"its names now belong to '{heir_id}': if it was {how} it, "
                         f"keep '{gone.id}' leading there: in {heir_path}, line {line}, "
                         f"{fix}")

    def _read(self) -> dict[str, dict[str, Gone]]:
        if self._entries is None:
            tree = self._registry_tree()
            self._entries = {} if tree is None else _entries(tree, self.content_dir)
        return self._entries


def _entries(tree: Path, content_dir: str) -> dict[str, dict[str, Gone]]:
    """{kind: {id: Gone}} of the actor and topic files under `tree`/`content_dir`."""
    found: dict[str, dict[str, Gone]] = {}
    for folder, kind in (("actors", "actor"), ("topics", "topic")):
        base = tree / content_dir / folder
        entries = found.setdefault(kind, {})
        for path in sorted(base.glob("*.md")) if base.is_dir() else ():
            rel = f"{content_dir}/{folder}/{path.name}"
            entries[path.stem] = Gone(kind, path.stem, rel, _names(rel, path))
    return found


def _names(rel: str, path: Path) -> tuple[str, ...]:
    """The names a file gives its entry, as far as its front matter can be read."""
    quiet = Report()  # the revision's own problems are not this content's
    try:
        text = decode(rel, path.read_bytes(), quiet)
    except OSError:
        return ()
    source = split(rel, text, quiet, 1 << 20) if text is not None else None
    if source is None or source.front_matter is None:
        return ()
    names: list[str] = []
    for key, _, value in mapping_items(source.front_matter):
        if key not in _NAME_FIELDS:
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        names += [item.value.strip() for item in items if isinstance(item, yaml.ScalarNode)]
    return tuple(n for n in names if n)
