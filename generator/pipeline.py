"""The one way through: load -> validate -> resolve -> link -> render."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from generator.diagnostics import Report
from generator.link import link
from generator.load import load
from generator.model import Site
from generator.render import render
from generator.resolve import resolve
from generator.settings import Settings
from generator.validate import validate


@dataclass
class Result:
    report: Report
    site: Site | None = None
    pages: dict[str, str] | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def ok(self, strict: bool = False) -> bool:
        return not self.report.has_errors(strict)


def run(settings: Settings, render_pages: bool = True, names_in_text: bool = False) -> Result:
    """Run the stages in order; stop before linking if the content has errors.

    `names_in_text` adds W603 (registered actors named in the text but not listed); it
    costs about 0.1 ms per article, so `check` runs it and the build does not.
    """
    report = Report()
    result = Result(report)
    clock = time.perf_counter
    start = clock()
    loaded = load(settings, report)
    result.timings["load"] = clock() - start

    start = clock()
    drafts = validate(loaded, settings, report)
    result.timings["validate"] = clock() - start

    start = clock()
    content = resolve(drafts, report, names_in_text)
    result.timings["resolve"] = clock() - start
    if report.has_errors():
        return result

    start = clock()
    result.site = link(content, settings.related_articles, settings.co_actors)
    result.timings["link"] = clock() - start
    if render_pages:
        start = clock()
        result.pages = render(result.site, settings.latest_articles, base_url=settings.site_url)
        result.timings["render"] = clock() - start
    return result
