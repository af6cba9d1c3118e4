"""The theme's file list, kept between the builds of a live preview.

MkDocs lists every file of the theme's folders (Material's hundreds of icons, scripts
and templates) and matches each name against its exclusion patterns on every build, a
large part of a live preview's save (bench/RESULTS.md). The list depends only on the
theme folders' contents, so a live preview keeps it, keyed by the folders, the patterns'
inputs and the modification times of the theme's own (`custom_dir`) folders, where a
file can appear while the preview runs. The installed theme package does not change.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from jinja2 import BytecodeCache


class ThemeListing:
    """Remembers `Environment.list_templates` for environments of the same theme."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._names: list[str] = []

    def wrap(self, get_env: Callable, dirs: list[str], custom_dir: str | None,
             patterns: tuple) -> Callable:
        """`get_env` (a theme's), making environments whose template listing is kept."""

        def cached_env():
            env = get_env()
            listed = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or not _is_theme_filter(filter_func):
                    return listed(extensions, filter_func)
                key = (tuple(dirs), patterns, _folder_times(custom_dir))
                if key != self._key:
                    self._names = listed(filter_func=filter_func)
                    self._key = key
                return list(self._names)

            env.list_templates = list_templates
            return env

        return cached_env


def _is_theme_filter(func) -> bool:
    """Whether this is the filter of MkDocs' `Files.add_files_from_theme`, the one call
    whose answer is kept."""
    return getattr(func, "__qualname__", "").startswith("Files.add_files_from_theme.")


def _folder_times(folder: str | None) -> tuple:
    """Every folder under `folder` with its modification time: a file added, removed or
    renamed changes its folder's time."""
    if not folder or not os.path.isdir(folder):
        return ()
    found = []
    for path, dirnames, _ in os.walk(folder):
        dirnames.sort()
        found.append((path, os.stat(path).st_mtime_ns))
    return tuple(found)


class CompiledTemplates(BytecodeCache):
    """Compiled templates, in memory, from one build of a live preview to the next;
    Jinja compiles a template again when its source changed (its checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
