"""Stage 1: find the source files and split each into front matter and body."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.diagnostics import Report
from generator.frontmatter import SourceText, decode, split
from generator.schema import ID_RE
from generator.settings import Settings

KINDS = (("articles", "article"), ("actors", "actor"), ("topics", "topic"))
RESERVED = frozenset(("index", "con", "prn", "aux", "nul", "feed", "search", "assets"))


@dataclass(frozen=True)
class Loaded:
    kind: str  # article | actor | topic
    id: str
    text: SourceText


def find_sources(settings: Settings, report: Report) -> list[tuple[str, str, Path]]:
    """(kind, repository-relative path, absolute path) of every source file, sorted."""
    root = settings.root
    content = settings.content_path
    found: list[tuple[str, str, Path]] = []
    real_content = content.resolve()
    linked = lru_cache(maxsize=None)(Path.is_symlink)  # one lstat per folder, not per file
    for folder, kind in KINDS:
        base = content / folder
        if not base.is_dir():
            continue
        pattern = "**/*.md" if kind == "article" else "*.md"
        for path in base.glob(pattern):
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() or any(linked(p) for p in path.parents if p != root):
                target = path.resolve()
                if not target.is_relative_to(real_content):
                    report.add("E108", rel, 1, 1, "symbolic link leads outside content/",
                               "replace the link with the file itself")
                    continue
            if not path.is_file():
                continue
            found.append((kind, rel, path))
    found.sort(key=lambda item: item[1])
    return found


def load(settings: Settings, report: Report) -> list[Loaded]:
    return list(iter_load(settings, report))


def iter_load(settings: Settings, report: Report) -> Iterator[Loaded]:
    """Load one file at a time, so that a caller can drop each YAML tree when done."""
    limits = settings.limits
    for kind, rel, path in find_sources(settings, report):
        stem = path.stem
        if not ID_RE.match(stem) or stem in RESERVED:
            report.add("E108", rel, 1, 1, f"'{path.name}' is not a usable file name",
                       "name the file <id>.md with lowercase letters, digits and hyphens, "
                       "e.g. hun-sen.md; 'index' and other reserved names are not allowed")
            continue
        size = os.path.getsize(path)
        if size > limits.article_chars + limits.front_matter_chars:
            report.add("E107", rel, 1, 1, f"file is {size} bytes, larger than the limit of "
                       f"{limits.article_chars + limits.front_matter_chars}",
                       "split it, or raise limits.article_chars in site_config.yml")
            continue
        text = decode(rel, path.read_bytes(), report)
        if text is None:
            continue
        source = split(rel, text, report, limits.front_matter_chars)
        if source is not None:
            yield Loaded(kind, stem, source)
