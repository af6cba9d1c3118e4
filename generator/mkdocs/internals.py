"""The MkDocs internals the plugin relies on, where MkDocs offers no public way; checked
against MkDocs 1.6.1 (tests/test_mkdocs_internals.py names the version and fails when
any of them is gone). Nothing else in generator/ touches an internal of MkDocs.

- `generated_file`: a generated page's File made without `File.generated`'s pathlib
  round trip (`File.__new__`, the private `_content` and `config.plugins._current_plugin`);
- `render_nothing`: a page's render for a body the generator made
  (`page._title_from_render`);
- `CarriedFilter`: MkDocs' notes about links to pages excluded from the build, told
  apart by their wording, dropped for pages carried over from the last site;
- `DirtyFilter`: MkDocs' warning that a dirty build may get navigation wrong, told apart
  by its wording, dropped in a live preview (the plugin says what it rebuilds instead);
  both filters also sit on ProperDocs' loggers, which log the same notes;
- `SiteFiles`: `Files` whose documentation pages are kept between MkDocs' asks, and,
  once the page writers are started (generator/mkdocs/writers.py), are those this
  process writes: MkDocs asks for them once after `on_env`, and writes and checks the
  anchors of the pages it is given;
- `build_page`: MkDocs' own build of one page (its template, `on_page_context`,
  `on_post_page`, the file written: the private `_build_page`), for the page writers
  (generator/mkdocs/writers.py);
"""

from __future__ import annotations

import contextlib
import logging

from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

# The MkDocs these internals were checked against
CHECKED_WITH = "1.6.1"
# How MkDocs words its notes about links to excluded pages: (before the page, the end)
LINK_NOTE = ("contains a link to '", "which is excluded from the built site.")
NAV_NOTE = ("A reference to '", "but this file is excluded from the built site.")
# How MkDocs starts its warning about `--dirty`, and the logger that logs it
DIRTY_NOTE = ("mkdocs.commands.build", "A 'dirty' build is being performed")


def generated_file(config: MkDocsConfig, path: str, *, content: str | bytes | None = None,
               abs_src_path: str | None = None) -> File:
    """`File.generated(config, path, ...)` for a generated page's path, which is '/'-
    separated and normalised already: the same File, made without the `pathlib` round
    trip of `File.src_path` (a third of the cost of 18,500 Files per build)."""
    file = File.__new__(File)
    file.src_uri = path
    file.src_dir = None
    file.dest_dir = config.site_dir
    file.use_directory_urls = config.use_directory_urls
    file.inclusion = InclusionLevel.UNDEFINED
    file.generated_by = getattr(config.plugins, "_current_plugin", None) or "<unknown>"
    file.abs_src_path = abs_src_path
    file._content = content
    return file


def render_nothing(page, config, files) -> None:
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}
    page._title_from_render = None


class CarriedFilter(logging.Filter):
    """MkDocs notes each link from a hand-written page, and each entry of the navigation,
    to a page it does not build; a page carried over (or, in a live preview, left as the
    last build wrote it) is in the site all the same."""

    def __init__(self, plugin) -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.endswith(LINK_NOTE[1]):
            target = message.rpartition(LINK_NOTE[0])[2].rpartition("' which is")[0]
        elif message.endswith(NAV_NOTE[1]):
            target = message.partition(NAV_NOTE[0])[2].partition("' is included")[0]
        else:
            return True
        carried = self.plugin.carry
        return not (target in self.plugin.generated.excluded
                    or (carried is not None and carried.is_carried(target)))


class DirtyFilter(logging.Filter):
    """`make serve` runs MkDocs with --dirty on purpose: the archive plugin rewrites a
    generated page only when its text changed, and navigation comes from
    site_config.yml, not from the pages rebuilt."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_NOTE[1])


_DIRTY = DirtyFilter()


# MkDocs' loggers, and ProperDocs' (its continuation, which words these notes alike)
_QUIETED = ("mkdocs.structure.pages", "mkdocs.structure.nav",
            "properdocs.structure.pages", "properdocs.structure.nav")
_DIRTY_LOGGERS = (DIRTY_NOTE[0], "properdocs.commands.build")


def quiet_loggers(quiet: logging.Filter, add: bool) -> None:
    """`quiet` on the loggers of MkDocs' notes about excluded pages, and `DirtyFilter`
    on that of its warning about --dirty."""
    for name, found in (*((n, quiet) for n in _QUIETED), *((n, _DIRTY) for n in _DIRTY_LOGGERS)):
        logger = logging.getLogger(name)
        if add:
            logger.addFilter(found)
        else:
            logger.removeFilter(found)


@contextlib.contextmanager
def quiet_carried(plugin):
    quiet = CarriedFilter(plugin)
    quiet_loggers(quiet, add=True)
    try:
        yield
    finally:
        quiet_loggers(quiet, add=False)


class _ErrorList(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def errors_kept():
    """The errors MkDocs logs during a build, as a list (its Abort carries none)."""
    logger = logging.getLogger("mkdocs")
    errors = _ErrorList()
    logger.addHandler(errors)
    try:
        yield errors.messages
    finally:
        logger.removeHandler(errors)


def build_page(page, config: MkDocsConfig, doc_files, nav, env) -> None:
    """What MkDocs' build does for each page it writes, for a page of a build (not a live
    preview's: no --dirty, no draft page)."""
    _build_page(page, config, doc_files, nav, env)


_ASKED_BY_DEFAULT = object()


class SiteFiles(Files):
    """A build's or a live preview's files.

    MkDocs asks for the documentation pages several times a build, each time a pass over
    every file (in a warm build or a preview, nearly all of them excluded); each answer
    is kept until a file is added or removed. (A file's inclusion is settled before
    MkDocs first asks: `set_exclusions` runs right after `on_files`, and nothing
    changes it later.)

    Once `write_here` is given, the documentation pages MkDocs' build loop asks for
    (naming the inclusion it wants, as only that loop does) are those: an iterable of
    the pages this process claims as it writes them. Every other question (a template's
    context asks with no argument) sees all files."""

    def __init__(self, files) -> None:
        super().__init__(files)
        self._pages: dict = {}
        self.here = None

    def write_here(self, pages) -> None:
        self.here = pages

    def append(self, file: File) -> None:
        self._pages.clear()
        super().append(file)

    def remove(self, file: File) -> None:
        self._pages.clear()
        super().remove(file)

    def documentation_pages(self, *, inclusion=_ASKED_BY_DEFAULT):
        if inclusion is _ASKED_BY_DEFAULT:
            inclusion = InclusionLevel.is_included
        elif self.here is not None and inclusion is InclusionLevel.is_included:
            return self.here
        found = self._pages.get(inclusion)
        if found is None:
            found = self._pages[inclusion] = super().documentation_pages(inclusion=inclusion)
        return list(found)
