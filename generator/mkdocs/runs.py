"""The generator's builds as the plugin runs them (generator/build.py): one `Reuse` for a
`mkdocs build`, or for every save of a live preview, whose diagnostics go to MkDocs' log
and which keeps serving the last good pages while the content has errors."""

from __future__ import annotations

import gc
import logging
from dataclasses import replace

from mkdocs.exceptions import PluginError

from generator.diagnostics import Severity, command
from generator.mkdocs import preview
from generator.reuse import CACHE_DIR, Mode, Reuse
from generator.settings import Settings

log = logging.getLogger("mkdocs.plugins.archive")

FROZEN_BUILDS = 100  # a live preview's builds between collections of its kept objects


class Runs:
    def __init__(self) -> None:
        self.reuse: Reuse | None = None  # of the generator's builds, when they run here
        self.last_good: dict[str, str] | None = None  # a live preview's last pages that built
        self.frozen = 0  # builds since a live preview's objects were last collected
        self.facts: dict = {}  # the typed facts of the pages the last run rendered

    def pages(self, settings: Settings, serving: bool) -> dict:
        """Every page of the content, or a live preview's last good pages, marked."""
        if serving:  # pages are made in this process: a server has threads to fork
            settings = replace(settings, workers=1)
        self.facts = {}
        if self.reuse is None:
            # A live preview keeps its caches in memory between rebuilds (writing them
            # after every save would cost more than the rebuild); `mkdocs build` stores them.
            self.reuse = Reuse(Mode.PREVIEW if serving else Mode.WARM,
                               settings.root / CACHE_DIR)
        from generator.build import Build  # not for a `build` with nothing to do

        try:
            # a build's texts stay UTF-8, as the render workers hand them over (views of
            # their files: generator/disk/spool.py); a preview's are its own to mark
            result = Build(settings, self.reuse).pages(undecoded=not serving)
        except Exception as exc:
            # a page that cannot be made (LinkError, PageCollision, a bug): as with a
            # content error, a live preview keeps serving the last good pages
            if not (serving and self.last_good is not None):
                raise
            message = f"{type(exc).__name__}: {exc}"
            log.error(f"archive plugin: the pages could not be made: {message}")
            log.error("archive plugin: the preview shows the last pages that built until "
                      "this is fixed")
            return preview.with_failure(self.last_good, message, settings.content_dir)
        for notice in self.reuse.take_notices():
            log.info(notice)
        for d in result.report.diagnostics:
            if d.severity == Severity.ERROR:
                log.error(d.format())
            elif d.severity == Severity.WARNING:
                log.warning(d.format())
        if result.pages is None:
            if serving and self.last_good is not None:
                # MkDocs' server holds every request until a build succeeds: serve the
                # last good pages, marked, rather than nothing (generator/mkdocs/preview.py)
                log.error("archive plugin: the content has errors (listed above); the "
                          "preview shows the last pages that built until they are fixed")
                return preview.with_errors(self.last_good, result.report.diagnostics,
                                           settings.content_dir)
            raise PluginError("archive plugin: the content has errors (listed above); "
                              f"run `{command('check')}` for hints")
        self.facts = result.facts
        if serving:
            self.last_good = result.pages
            # warnings, which `make check` fails on, shown on the pages they concern
            return preview.with_errors(result.pages, result.report.diagnostics,
                                       settings.content_dir, failed=False)
        return result.pages

    def freeze(self) -> None:
        """Keep the objects alive at the end of a live preview's build (the caches, the
        model, the pages and MkDocs' objects for them: millions in a large archive) out
        of the cyclic collector's way: a full collection, which a rebuild's allocations
        set off, scanned them all on every save. An object kept so is still freed when
        no longer referenced, but a cycle of them is not (each build's configuration
        and theme environment): every FROZEN_BUILDS builds they are collected once and
        put away again. (Counting them instead walks them all.) Figures: bench/RESULTS.md,
        figures behind the code."""
        self.frozen += 1
        if self.frozen > FROZEN_BUILDS:
            gc.unfreeze()
            gc.collect()
            self.frozen = 1
        gc.freeze()

    def unfreeze(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = 0
