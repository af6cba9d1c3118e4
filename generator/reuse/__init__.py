"""Reuse: what a run takes from earlier runs, and keeps for later ones. The one face of
this package is `Reuse`; a build (generator/build.py) asks it, and nothing else reads
or sets cache state. The stages never see it: they are handed values.

A `Reuse` works in one `Mode`:

- WARM: `.cache/` is read at the start of each run and written at its end (`build`,
  `generate`, `mkdocs build`);
- PREVIEW: `.cache/` (if a folder is given) is read once, then what a run learns is kept
  in memory for the next one and never written (the builds of one live preview);
- a cold run has no `Reuse` at all (`--no-cache`, `check`, `changes`).

What is reused, each in its own module: source files parsed and validated (`sources`),
pages rendered and what each read of the model (`reads`), the last build's model
(`lastmodel`, `lastbuild`), a live preview's resolved records and linked site
(`preview`), pages carried over from the last site (`carry`), the up-to-date stamp
(`uptodate`) and the search index writer's analyses (`indexer`). The files and their
format: `store` and `data`. devdocs/incremental.md describes it all.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.reuse import store
from generator.reuse.store import CACHE_DIR, SEARCH, SITE

# The rest of the face, each name imported from its module when first asked for (PEP
# 562), so that a run loads only the reuse it does (a `generate` with nothing to do, the
# up-to-date stamp alone): name -> (module of this package, its name there).
_FACE = {
    # what a page read of the model, as render records it, and what it made (`reads`)
    **{name: ("reads", name) for name in (
        "Digests", "EntryKey", "PageFacts", "RenderedEntry", "Rendering", "Reused",
        "Tracked", "decoded", "text_digest")},
    # the pages carried over from the last site (`carry`)
    **{name: ("carry", name) for name in ("Carry", "SiteManifest", "global_key")},
    # the up-to-date stamp of `generate` (`uptodate`)
    "inputs_fingerprint": ("uptodate", "inputs_fingerprint"),
    "recorded_pages": ("uptodate", "recorded_pages"),
    "record_stamp": ("uptodate", "record"),
    "forget_stamp": ("uptodate", "forget"),
}

__all__ = ["CACHE_DIR", "SEARCH", "SITE", "Mode", "Reuse", *_FACE]


def __getattr__(name: str):
    if name not in _FACE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module, attribute = _FACE[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value

if TYPE_CHECKING:
    from generator.diagnostics import Report
    from generator.model import Content, Site
    from generator.reuse.lastbuild import LastBuild
    from generator.reuse.preview import PreviewMemory
    from generator.reuse.reads import PageCache, Rendering, Reused
    from generator.reuse.sources import SourceCache
    from generator.source.resolve import ResolveMemo
    from generator.source.validate import Draft


class Mode(enum.Enum):
    WARM = "warm"  # .cache/ read and written by every run
    PREVIEW = "preview"  # .cache/ read once, then memory between the runs of a preview


class Reuse:
    """The caches of one run, or of the runs of one live preview. `folder` is where they
    are kept between processes (None: only in memory, a preview's)."""

    def __init__(self, mode: Mode, folder: Path | None = None) -> None:
        if mode is Mode.WARM and folder is None:
            raise ValueError("a warm build keeps its caches in a folder")
        self.mode = mode
        self.folder = folder
        self.notices: list[str] = []
        if self.write:
            store.remove_earlier_formats(folder)
            store.read_ahead(folder)
        self.sources: SourceCache | None = None
        self.pages: PageCache | None = None
        self._code: str | None = None
        # a live preview's: what its next run starts from
        self.memory: PreviewMemory | None = None
        if mode is Mode.PREVIEW:
            from generator.reuse.preview import PreviewMemory

            self.memory = PreviewMemory()
        self._last: LastBuild | None = None  # a warm run's use of the last build's model
        self._changed: tuple | None = None  # (the site it changed, the articles whose text changed)

    @property
    def write(self) -> bool:
        """Whether this process stores the caches in `folder` when a run ends."""
        return self.mode is Mode.WARM

    # What a build asks, in the order of the stages

    def drafts(self, settings, report: Report) -> list[Draft]:
        """Stages 1 and 2: every usable file's draft, parsing only the changed files."""
        from generator.reuse.sources import load_validated

        drafts = load_validated(settings, report, self.sources_for(settings))
        if self.write and self.sources is not None:
            store.save_sources(self.folder, self.sources)
        return drafts

    def resolve_memo(self) -> ResolveMemo | None:
        """A live preview's records resolved by its last run (generator/reuse/preview.py)."""
        return self.memory.resolved if self.memory is not None else None

    def site(self, content: Content, link_args: tuple, link) -> Site:
        """Stage 4: the linked site of `content`, made by `link(content, *link_args)`
        unless the last run's cross-links are this content's (a preview's last site with
        some articles' records replaced, or a build's last cross-links in `.cache/`)."""
        from generator.link import relink

        self._changed, self._last = None, None
        memory = self.memory
        site = None
        if memory is not None and memory.site is not None and memory.link_args == link_args:
            relinked = relink(content, memory.content, memory.site)
            if relinked is not None:
                self._changed = (memory.site, relinked[1])
                site = relinked[0]
        if site is None and self.write:
            from generator.reuse.lastbuild import LastBuild

            self._last = LastBuild(self, content, link_args)
            site = self._last.site(content)
        if site is None:
            site = link(content, *link_args)
        if memory is not None:
            memory.content, memory.site, memory.link_args = content, site, link_args
        return site

    def pages_before(self, site: Site, options) -> Reused:
        """What stage 5 is handed: the last run's pages, and what it knew of the model."""
        pages = self.pages_for(options)
        store.settle()  # every file read: no thread runs when render forks its workers
        pages.changed, self._changed = self._changed, None
        if self._last is not None:
            self._last.restore_digests(pages, site)
        return pages.reused(site)

    def pages_after(self, site: Site, reused: Reused, rendering: Rendering) -> None:
        """Keep what stage 5 made (as far as it got); a build's, once every page is
        made, goes into `.cache/` with its model."""
        pages = self.pages
        pages.keep(reused, rendering)
        last, self._last = self._last, None
        if not self.write or rendering.published is None:
            return
        store.save_pages(self.folder, pages)
        if last is not None:
            last.save(site, pages.last)

    def rendered(self) -> tuple[int, int] | None:
        """(entries the last run rendered, entries in all), once a run has rendered."""
        if self.pages is None:
            return None
        return self.pages.rendered, len(self.pages.entries)

    def take_notices(self) -> list[str]:
        """What went wrong with the caches, to tell the user. A live preview's pages are
        made for MkDocs' own address, not the site's: that a build's caches do not fit
        it is no news."""
        notices, self.notices = self.notices, []
        if self.mode is Mode.PREVIEW:
            notices = [n for n in notices if store.OTHER_SETTINGS not in n]
        return notices

    # The caches themselves, by key

    def _key(self, what: object) -> str:
        from generator.reuse.uptodate import code_fingerprint

        if self._code is None:
            self._code = code_fingerprint()
        return hashlib.sha256(f"{self._code}\0{what!r}".encode()).hexdigest()

    def sources_for(self, settings) -> SourceCache:
        from generator.reuse.sources import SourceCache

        key = self._key(replace(settings, root=Path("."), workers=0, strict=False))
        if self.sources is None or self.sources.key != key:
            self.sources = (store.load_sources(self.folder, key, self.notices)
                            if self.folder is not None and self.sources is None
                            else SourceCache(key))
        if self.sources.known is None:
            self.sources.known = {}  # a run reads only the files whose times changed
        if not self.write and self.sources.listed is None:
            self.sources.listed = []  # a live preview's list of files, from run to run
        return self.sources

    def pages_for(self, options) -> PageCache:
        from generator.reuse.reads import PageCache

        key = self._key(replace(options, workers=0))
        if self.pages is None or self.pages.key != key:
            self.pages = (store.load_pages(self.folder, key, self.notices)
                          if self.folder is not None and self.pages is None
                          else PageCache(key))
        # a live preview's caches (not written) keep the last model's digests
        self.pages.keep_digests = not self.write
        return self.pages

    def last_model(self):
        """The last build's model (`LastModel`) kept in `.cache/`, made with the
        sources' settings (`sources_for`, called first), or None."""
        if not self.write or self.sources is None:
            return None
        return store.load_last_model(self.folder, self.sources.key, self.notices)

    def save_last_model(self, model) -> None:
        if self.write and self.sources is not None:
            store.save_last_model(self.folder, self.sources.key, model)

    def last_links(self, token: str) -> dict | None:
        if not self.write or self.sources is None:
            return None
        return store.load_links(self.folder, self.sources.key, token, self.notices)

    def save_links(self, maps: dict) -> str:
        """Store a model's cross-links; the token a `LastModel` names them by."""
        if not self.write or self.sources is None:
            return ""
        return store.save_links(self.folder, self.sources.key, maps)
