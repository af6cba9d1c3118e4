"""One build: the only code that runs the stages, load -> validate -> resolve -> link ->
render. `check`, `generate`, `build`, `changes`, the MkDocs plugin and the live preview
each ask a `Build` for what they need, and none of them calls a stage.

A build is cold (no `Reuse`: everything is made again, nothing is kept), warm (a
`Reuse` in `Mode.WARM`: `.cache/` is read and written) or a live preview's (a `Reuse` in
`Mode.PREVIEW`, kept by the plugin from one save to the next). What is reused is the
`Reuse`'s business (generator/reuse/); the stages are handed values.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.brokenlinks import report_broken
from generator.diagnostics import Report
from generator.disk.spool import spooled
from generator.link import link
from generator.model import Site
from generator.render import LinkError, Options, iter_render
from generator.reuse import PageFacts, Rendering, Reuse
from generator.settings import Settings
from generator.source.load import Loaded, iter_load
from generator.source.resolve import resolve
from generator.source.validate import validate

if TYPE_CHECKING:  # (read only when a reference is unknown)
    from generator.source.history import History


@dataclass
class Result:
    report: Report
    site: Site | None = None
    pages: dict[str, str] | None = None
    digests: dict[str, str] = field(default_factory=dict)  # of pages, where reuse has them
    # the metadata and search record of each page rendered by this run, typed
    facts: dict[str, PageFacts] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def ok(self, strict: bool = False) -> bool:
        return not self.report.has_errors(strict)


class Build:
    """A run over the content `settings` name, reusing what `reuse` kept (None: cold)."""

    def __init__(self, settings: Settings, reuse: Reuse | None = None,
                 history: History | None = None) -> None:
        self.settings = settings
        self.reuse = reuse
        # an earlier revision's entries, for references to ones that are gone (check)
        self.history = history

    def model(self, names_in_text: bool = False) -> Result:
        """The linked site, or the diagnostics that stopped the run before linking.

        `names_in_text` adds W603 (registered actors named in the text but not listed);
        it costs time per article, so `check` asks for it and a build does not."""
        with _collector_paused():
            return self._model(names_in_text)

    def pages(self, undecoded: bool = False) -> Result:
        """The model and every page and file of the site ({path: text}, sorted). With
        `undecoded`, a text may be its UTF-8 (a warm build hands most pages on unread).
        A broken link between generated pages is reported where it was written (E503)."""
        with _collector_paused():
            result = self._model(False)
            if result.site is not None:
                self._rendered(result, undecoded, keep=True)
        return result

    def checked(self) -> Result:
        """What `check` reports: every problem `pages` would report, from the same code
        (the pages are made, link-checked and let go one at a time), and the actors
        named in the text but not listed (W603)."""
        with _collector_paused():
            result = self._model(True)
            if result.site is not None:
                self._rendered(result, True, keep=False)
        return result

    def _rendered(self, result: Result, undecoded: bool, keep: bool) -> None:
        """Render `result.site` into `result.pages` (or nowhere); a broken link goes to
        `result.report` and leaves `result.pages` None."""
        start = time.perf_counter()
        try:
            if keep:
                # texts kept as UTF-8 are handed over by the workers in files, not held
                # here (generator/disk/spool.py)
                with spooled() if undecoded else nullcontext():
                    result.pages = dict(sorted(self.stream(result, undecoded)))
            else:
                for _ in self.stream(result, undecoded, facts=False):
                    pass
        except LinkError as exc:
            result.pages = None
            report_broken(exc.broken, result.site, self.settings.root, result.report,
                          self.settings.site_url)
            return
        result.timings["render"] = time.perf_counter() - start

    def stream(self, result: Result, undecoded: bool = False, facts: bool = True
               ) -> Iterator[tuple[str, str]]:
        """The pages of `result.site` one at a time, so that a writer need not hold them
        all (`generate`); what was rendered is kept for the next run once the last page
        is made. `result.digests` gets the digest of each page that reuse knows it for,
        `result.facts` (if `facts`) the typed facts of each page rendered now."""
        options = Options.of(self.settings)
        facts_out = result.facts if facts else None
        if self.reuse is None:
            yield from iter_render(result.site, options, undecoded=undecoded,
                                   facts_out=facts_out)
            return
        reused, rendering = self.reuse.pages_before(result.site, options), Rendering()
        try:
            yield from iter_render(result.site, options, reused, rendering, result.digests,
                                   undecoded, facts_out)
        finally:  # as far as it got: a live preview goes on from there
            self.reuse.pages_after(result.site, reused, rendering)

    def notices(self) -> list[str]:
        """What reuse found worth a line (a damaged cache, say), once each."""
        return self.reuse.take_notices() if self.reuse is not None else []

    def _model(self, names_in_text: bool) -> Result:
        settings, reuse = self.settings, self.reuse
        report = Report()
        result = Result(report)
        clock = time.perf_counter
        start = clock()
        if reuse is None:
            loading = [0.0]
            drafts = validate(_timed(iter_load(settings, report), loading), settings, report)
            result.timings["load"] = loading[0]
            result.timings["validate"] = clock() - start - loading[0]
        else:
            drafts = reuse.drafts(settings, report)
            result.timings["load"] = clock() - start  # load and validate, what changed
        start = clock()
        content = resolve(drafts, report, names_in_text,
                          reuse.resolve_memo() if reuse is not None else None, self.history)
        result.timings["resolve"] = clock() - start
        del drafts  # their checked fields and positions are not needed past this point
        if report.has_errors():
            return result
        start = clock()
        link_args = (settings.related_articles, settings.co_actors)
        result.site = (reuse.site(content, link_args, link) if reuse is not None
                       else link(content, *link_args))
        result.timings["link"] = clock() - start
        return result


def _timed(items: Iterator[Loaded], spent: list[float]) -> Iterator[Loaded]:
    """`items`, adding the time taken to make each to `spent[0]`. Files are loaded and
    validated one at a time: a composed YAML tree is several times the size of its
    text, and only the validated values are kept."""
    clock = time.perf_counter
    while True:
        start = clock()
        item = next(items, None)
        spent[0] += clock() - start
        if item is None:
            return
        yield item


@contextmanager
def _collector_paused():
    # The model is acyclic (frozen records, tuples, dicts), so reference counting frees
    # everything; the cyclic collector only rescans the growing heap, again and again
    # (bench/RESULTS.md, figures behind the code). Paused here, restored for the caller.
    # What was made meanwhile is put out of the collector's way (gc.freeze) before it
    # runs again: its first collection would otherwise scan every object the run made
    # (0.3-0.5 s at 10,000 articles), to find nothing. Frozen objects are still freed
    # when no longer referenced, but a cycle among them is not: a process that runs
    # build after build collects them now and then (the live preview: mkdocs/runs.py).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
