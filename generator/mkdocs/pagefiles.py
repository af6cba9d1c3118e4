"""The generated pages as MkDocs' Files. A dirty live preview (`mkdocs serve --dirty`)
keeps its pages in a private folder (outside every watched one), writes only those
whose text changed, and keeps each page's File (and the Page MkDocs hangs on it) from
one build to the next: addresses are worked out once, and MkDocs, which reads and
writes only the pages whose text changed, makes a Page object for the others no more."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.disk.emit import emit, emit_changed
from generator.mkdocs.internals import generated_file
from generator.outputs import search


class GeneratedFiles:
    def __init__(self) -> None:
        self.folder: Path | None = None  # a dirty live preview's pages
        self.cached: dict | None = None  # what `folder` holds
        self.files_by_page: dict[str, File] = {}  # a dirty live preview's Files, by page
        # a dirty live preview's pages and files as the last build wrote them, handed to
        # MkDocs as excluded (it neither reads nor writes them; their HTML is in place)
        self.excluded: set[str] = set()

    def start(self, dirty_preview: bool) -> None:
        """A new session (`mkdocs build` or `serve`): nothing of an earlier one is kept."""
        self.forget()
        if dirty_preview:
            self.folder = Path(tempfile.mkdtemp(prefix="archive-pages-"))

    def forget(self) -> None:
        """Which pages the last build wrote is unknown: the next one writes them all."""
        self.cached, self.files_by_page, self.excluded = None, {}, set()

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.files_by_page = {}

    def files(self, pages: dict, given: Files, config: MkDocsConfig) -> list[File]:
        """A File for each generated page; `given`: MkDocs' own (hand-written pages and
        theme files), none of which may share a page's path."""
        unchanged = self._write(pages)
        last, self.files_by_page = self.files_by_page, {}
        self.excluded = set()
        taken = {file.src_uri for file in given}
        made: list[File] = []
        for path, text in pages.items():
            if path in taken:
                raise PluginError(f"archive plugin: docs/{path} collides with a generated page; "
                                  "rename or remove it")
            if self.folder is not None:
                file = last.get(path)
                if file is None:
                    file = generated_file(config, path, abs_src_path=str(self.folder / path))
                elif path in unchanged and (file.page is not None
                                            or not path.endswith(".md")):
                    # as the last build wrote it: MkDocs need not look at it (a dirty
                    # build would stat its source and its HTML, on every save)
                    file.inclusion = InclusionLevel.EXCLUDED
                    self.excluded.add(path)
                else:
                    file.inclusion = InclusionLevel.UNDEFINED  # worked out by MkDocs again
                self.files_by_page[path] = file
            else:
                # A page's text is read in on_page_markdown; MkDocs reads nothing. A
                # file's is written as it is, a view of a file too (MkDocs hands it to
                # `write`): not copied into this process's memory.
                file = generated_file(config, path, content="" if path.endswith(".md")
                                      else text)
            made.append(file)
        return made

    def _write(self, pages: dict) -> set[str]:
        """A dirty live preview's pages written to its folder, only those whose text
        changed; the paths of the others, as the last build wrote them."""
        if self.folder is None:
            return set()
        unchanged: set[str] = set()
        cached, self.cached = self.cached, None  # unknown if this fails
        if cached is None:
            emit(pages, self.folder)
        else:
            emit_changed(cached, pages, self.folder)
            unchanged = {path for path, text in pages.items()
                         if (old := cached.get(path)) is text or old == text}
        self.cached = pages
        return unchanged


def as_text(text: str | bytes | memoryview) -> str:
    """A page's text, decoded if it came as UTF-8 (`Build.pages(undecoded=True)`), and
    not stored so: held decoded, every page's text would take up to four times its
    bytes (a text with one character past Latin-1 takes two or four bytes for each)."""
    return text if type(text) is str else str(text, "utf-8")


def parse_page(text: str, url: str) -> tuple[dict, search.SearchRecord | None] | None:
    """A finished page's metadata (without its search sections) and search record, or
    None for a text without front matter."""
    from generator.render.records import SEARCH_SECTIONS
    from generator.render.text import read_front_matter

    split = read_front_matter(text)
    if split is None:
        return None
    meta = split[0]
    sections = meta.pop(SEARCH_SECTIONS, None)
    return meta, (search.page_record(url, meta, sections) if sections is not None else None)
