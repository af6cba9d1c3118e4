"""What generator/mkdocs/internals.py takes from MkDocs beyond its public interface,
checked against the MkDocs installed: written for MkDocs 1.6.1 (`CHECKED_WITH`). A new
MkDocs fails here first, naming what moved, rather than in a build."""

from __future__ import annotations

import inspect
from importlib.metadata import version

import mkdocs.structure.nav
import mkdocs.structure.pages
import pytest
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.mkdocs import internals

pytestmark = pytest.mark.fast


def test_the_mkdocs_the_internals_were_checked_with():
    assert version("mkdocs") == internals.CHECKED_WITH, (
        "MkDocs changed: check each internal in generator/mkdocs/internals.py against it, "
        "then set CHECKED_WITH")


def test_the_private_attributes_are_there():
    # generated_file sets what File.generated sets, without its pathlib round trip
    source = inspect.getsource(File.generated)
    assert "f._content = content" in source and "generated_by" in source
    assert "self._content" in inspect.getsource(File.content_bytes.fget)
    assert "_current_plugin" in source
    assert "self._current_plugin = " in inspect.getsource(PluginCollection)
    # render_nothing: what Page.render sets
    render = inspect.getsource(Page.render)
    for name in ("_title_from_render", "present_anchor_ids", "links_to_anchors", "toc",
                 "content"):
        assert name in render, name


def test_the_notes_about_excluded_pages_are_worded_as_the_filter_reads_them():
    pages, nav = inspect.getsource(mkdocs.structure.pages), inspect.getsource(mkdocs.structure.nav)
    # as f-strings in MkDocs' source: the page's name stands between the two parts
    for part in internals.LINK_NOTE:
        assert part.strip("'") in pages, part
    for part in internals.NAV_NOTE:
        assert part in nav, part
    # ... and each is at most a note (INFO): dropping it never hides a warning
    assert "min(logging.INFO," in pages and "min(logging.INFO," in nav


def test_the_dirty_warning_is_worded_and_logged_as_the_filter_reads_it(caplog):
    import logging

    import mkdocs.commands.build as build

    logger_name, start = internals.DIRTY_NOTE
    assert build.log.name == logger_name
    assert start in inspect.getsource(build)
    # dropped by the filter that a live preview installs, and nothing else is
    quiet = internals.CarriedFilter(None)
    internals.quiet_loggers(quiet, add=True)
    try:
        with caplog.at_level(logging.INFO, logger=logger_name):
            build.log.warning(start + ", this will likely lead to inaccurate navigation")
            build.log.warning("Something else")
    finally:
        internals.quiet_loggers(quiet, add=False)
    assert [r.getMessage() for r in caplog.records] == ["Something else"]


def test_properdocs_words_its_notes_as_mkdocs_does_and_they_are_quieted_too():
    """ProperDocs (README: switching) logs the same notes under its own names."""
    import logging

    import properdocs.commands.build as build
    import properdocs.structure.nav as nav
    import properdocs.structure.pages as properdocs

    assert internals.LINK_NOTE[1] in inspect.getsource(properdocs)
    assert internals.NAV_NOTE[1].split(", ")[-1] in inspect.getsource(nav)
    assert internals.DIRTY_NOTE[1] in inspect.getsource(build)
    quiet = internals.CarriedFilter(None)
    internals.quiet_loggers(quiet, add=True)
    try:
        for name in ("properdocs.structure.pages", "properdocs.structure.nav",
                     "properdocs.commands.build"):
            assert logging.getLogger(name).filters, name
    finally:
        internals.quiet_loggers(quiet, add=False)
    assert not logging.getLogger("properdocs.commands.build").filters


def test_the_page_build_the_writers_call_is_there():
    import mkdocs.commands.build as build

    # internals.build_page: MkDocs' own build of one page, called as its build loop does
    assert list(inspect.signature(build._build_page).parameters) == [
        "page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
    source = inspect.getsource(build.build)
    # SiteFiles: the pages MkDocs writes are asked for once, after on_env, and both
    # its loops (writing, checking anchors) go over that answer
    after_env = source.partition("config.plugins.on_env(")[2]
    assert after_env.count("documentation_pages(") == 1
    assert "doc_files = files.documentation_pages(inclusion=inclusion)" in after_env
    # ... and a template's context asks with no argument
    assert "files = files.documentation_pages()" in inspect.getsource(build.get_context)
    assert "for file in doc_files:" in after_env
    assert after_env.count("_build_page(") == 1 and "validate_anchor_links" in after_env
