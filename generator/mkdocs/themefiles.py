"""The theme's file list: made without Material's icons, and kept between the builds
of a live preview.

MkDocs lists every file of the theme's folders and matches each name against its
exclusion patterns on every build: Material's 14,000 icons (`.icons/`), none of which
it keeps (its patterns drop every path with a part that starts with a dot), took most
of it. The list is made here without going into such folders: the same list, in a
fraction of the time, for every build (bench/RESULTS.md, figures behind the code).

It also depends only on the theme folders' contents, so a live preview keeps it, keyed
by the folders, the patterns' inputs and the modification times of the theme's own
(`custom_dir`) folders, where a file can appear while the preview runs. The installed
theme package does not change.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from jinja2 import BytecodeCache, FileSystemLoader


class ThemeListing:
    """Makes `Environment.list_templates` for the theme's files without its hidden
    folders, and, for a live preview (`keep`), remembers it for environments of the
    same theme."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._names: list[str] = []

    def wrap(self, get_env: Callable, dirs: list[str], custom_dir: str | None,
             patterns: tuple, keep: bool) -> Callable:
        """`get_env` (a theme's), making environments whose template listing is made
        so (and kept, with `keep`)."""

        def listing_env():
            env = get_env()
            listed = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or not _is_theme_filter(filter_func):
                    return listed(extensions, filter_func)
                key = (tuple(dirs), patterns, _folder_times(custom_dir)) if keep else None
                if key is None or key != self._key:
                    names = visible_templates(env.loader)
                    if names is None:  # not the loader MkDocs makes
                        names = listed()
                    self._names = [name for name in names if filter_func(name)]
                    self._key = key
                return list(self._names)

            env.list_templates = list_templates
            return env

        return listing_env


def visible_templates(loader) -> list[str] | None:
    """What `FileSystemLoader.list_templates` lists, but for the files in folders whose
    name starts with a dot (whose paths MkDocs' theme filter drops all the same); None
    for another kind of loader."""
    if type(loader) is not FileSystemLoader:
        return None
    found: set[str] = set()
    for searchpath in loader.searchpath:
        for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for filename in filenames:
                template = (os.path.join(dirpath, filename)[len(searchpath):]
                            .strip(os.path.sep).replace(os.path.sep, "/"))
                found.add(template.removeprefix("./"))
    return sorted(found)


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
