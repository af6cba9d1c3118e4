"""The one way through: load -> validate -> resolve -> link -> render."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.brokenlinks import report_broken
from generator.diagnostics import Report
from generator.link import link, relink
from generator.model import Site
from generator.render import LinkError, Options, render
from generator.reuse.lastbuild import LastBuild
from generator.reuse.sources import load_validated
from generator.reuse.store import Caches
from generator.settings import Settings
from generator.source.load import Loaded, iter_load
from generator.source.resolve import resolve
from generator.source.validate import validate


@dataclass
class Result:
    report: Report
    site: Site | None = None
    pages: dict[str, str] | None = None
    digests: dict[str, str] = field(default_factory=dict)  # of pages, where the cache has them
    timings: dict[str, float] = field(default_factory=dict)

    def ok(self, strict: bool = False) -> bool:
        return not self.report.has_errors(strict)


def run(settings: Settings, render_pages: bool = True, names_in_text: bool = False,
        caches: Caches | None = None, undecoded: bool = False) -> Result:
    """Run the stages in order; stop before linking if the content has errors.

    `names_in_text` adds W603 (registered actors named in the text but not listed); it
    costs time per article, so `check` runs it and the build does not.

    With `caches` (generator/reuse/store.py), unchanged files are not parsed again and
    pages whose reads are unchanged are not rendered again; the caches are updated.
    With `undecoded`, the text of a page may be left as UTF-8 bytes (for a warm build,
    which hands most pages on unread).
    """
    # The model is acyclic (frozen records, tuples, dicts), so reference counting frees
    # everything; the cyclic collector only rescans the growing heap, again and again
    # (bench/RESULTS.md, figures behind the code). Paused here, restored for the caller.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(settings, render_pages, names_in_text, caches, undecoded)
    finally:
        if enabled:
            gc.enable()


def _run(settings: Settings, render_pages: bool, names_in_text: bool,
         caches: Caches | None, undecoded: bool) -> Result:
    report = Report()
    result = Result(report)
    clock = time.perf_counter
    # Files are loaded and validated one at a time: a composed YAML tree is several
    # times the size of its text, and only the validated values are kept.
    loading = [0.0]

    def sources() -> Iterator[Loaded]:
        items = iter_load(settings, report)
        while True:
            start = clock()
            item = next(items, None)
            loading[0] += clock() - start
            if item is None:
                return
            yield item

    start = clock()
    if caches is None:
        drafts = validate(sources(), settings, report)
        result.timings["load"] = loading[0]
        result.timings["validate"] = clock() - start - loading[0]
    else:
        drafts = load_validated(settings, report, caches.sources_for(settings))
        caches.save_sources()
        result.timings["load"] = clock() - start  # load and validate, what changed

    # A live preview's caches keep the last run's articles and site: a save that changed
    # only articles' texts is not resolved or linked again (generator/reuse/preview.py)
    memory = caches.preview_memory if caches is not None else None
    start = clock()
    content = resolve(drafts, report, names_in_text,
                      memory.resolved if memory is not None else None)
    result.timings["resolve"] = clock() - start
    del drafts  # their checked fields and positions are not needed past this point
    if report.has_errors():
        return result

    start = clock()
    link_args = (settings.related_articles, settings.co_actors)
    # A build's: what it takes from the last build's model in .cache/
    last = (LastBuild(caches, content, link_args)
            if caches is not None and caches.write and render_pages else None)
    relinked = None
    if memory is not None and memory.site is not None and memory.link_args == link_args:
        relinked = relink(content, memory.content, memory.site)
    changed = None  # (the site it changed, the articles whose text changed)
    if relinked is not None:
        changed = (memory.site, relinked[1])
        result.site = relinked[0]
    else:
        result.site = last.site(content) if last is not None else None
        if result.site is None:
            result.site = link(content, *link_args)
    if memory is not None:
        memory.content, memory.site, memory.link_args = content, result.site, link_args
    del content
    result.timings["link"] = clock() - start
    if render_pages:
        start = clock()
        pages = caches.pages_for(Options.of(settings)) if caches is not None else None
        if pages is not None:
            pages.changed = changed
            if last is not None:
                last.restore_digests(pages, result.site)
        try:
            result.pages = render(result.site, Options.of(settings), pages,
                                  result.digests if caches is not None else None, undecoded)
        except LinkError as exc:  # reported where the link was written (E503)
            report_broken(exc.broken, result.site, settings.root, report)
            return result
        if caches is not None:
            caches.save_pages()
            if last is not None:
                last.save(result.site, pages.last)
        result.timings["render"] = clock() - start
    return result
