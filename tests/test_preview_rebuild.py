"""A dirty live preview's rebuild (as `make serve` runs it, in this process): the pages a
save changes are built again, with MkDocs' File and Page objects of the others kept."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import mkdocs.structure.pages as mkdocs_pages
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import SEED, make_repo

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
PAGE = "articles/2023/hun-sen-zelenskyy-second-call/index.html"
URL = "http://127.0.0.1:8000/"


@pytest.mark.fast
def test_a_title_edit_rebuilds_its_pages_and_no_page_object_is_made_for_the_rest(
        tmp_path: Path, monkeypatch) -> None:
    repo = make_repo(tmp_path, SEED)
    site = tmp_path / "served"
    monkeypatch.chdir(repo.root)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    def config():
        loaded = load_config(str(repo.root / "site_config.yml"), site_dir=str(site),
                             strict=False)
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, serve_url=URL, dirty=True)
        made = []
        init = mkdocs_pages.Page.__init__

        def counted(self, *args, **kwargs):
            made.append(1)
            init(self, *args, **kwargs)

        monkeypatch.setattr(mkdocs_pages.Page, "__init__", counted)
        source = repo.root / ARTICLE
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"\ntitle: .*", "\ntitle: A title set by the test", text,
                                 count=1), encoding="utf-8")
        build(config(), serve_url=URL, dirty=True)
        html = (site / PAGE).read_text(encoding="utf-8")
        assert "<title>A title set by the test" in html
        year = (site / "articles" / "2023" / "index.html")
        shown = year if year.is_file() else site / "articles" / "index.html"
        assert "A title set by the test" in shown.read_text(encoding="utf-8")
        pages = sum(1 for path in _walked(site) if path.name == "index.html")
        # the pages in the navigation are made again by MkDocs; none of the others
        assert 0 < len(made) < pages / 4
    finally:
        first.plugins.on_shutdown()


def _walked(folder: Path) -> list[Path]:
    # the search index is written after the reload, in the background (later.py), in a
    # folder of its own (.archive-search-*) swapped in when done: neither is walked, as
    # either may be renamed or removed while this runs
    found = []
    for top, dirs, names in os.walk(folder):
        if top == str(folder):
            dirs[:] = [d for d in dirs if d != "search" and not d.startswith(".archive-search-")]
        found.extend(Path(top, name) for name in names)
    return found


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(_walked(folder))}


def test_a_text_edit_builds_one_page_and_the_site_is_as_a_first_build_makes_it(
        tmp_path: Path, monkeypatch) -> None:
    import mkdocs.commands.build as mkdocs_build

    repo = make_repo(tmp_path, SEED)
    monkeypatch.chdir(repo.root)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    def config(site: Path):
        loaded = load_config(str(repo.root / "site_config.yml"), site_dir=str(site),
                             strict=False)
        loaded.site_url = URL
        return loaded

    served = tmp_path / "served"
    first = config(served)
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, serve_url=URL, dirty=True)
        before = _files(served)
        built = []
        real = mkdocs_build._build_page

        def counted(page, *args, **kwargs):
            if page.file.generated_by:  # docs/ pages: MkDocs checks their times itself
                built.append(page.file.src_uri)
            return real(page, *args, **kwargs)

        monkeypatch.setattr(mkdocs_build, "_build_page", counted)
        source = repo.root / ARTICLE
        source.write_text(source.read_text(encoding="utf-8") + "\nA sentence the test added.\n",
                          encoding="utf-8")
        build(config(served), serve_url=URL, dirty=True)
        # of the generated pages, the article's alone: the others are handed to MkDocs
        # as excluded
        assert built == ["articles/2023/hun-sen-zelenskyy-second-call/index.md"]
        after = _files(served)
        changed = sorted(path for path in after if after[path] != before.get(path))
        assert changed == [PAGE]
        assert "A sentence the test added." in after[PAGE].decode()
        # a new article: its page, and the pages and files that list it (the sitemap)
        new = source.with_name("a-new-article-by-the-test.md")
        new.write_text(source.read_text(encoding="utf-8").replace(
            "\ntitle: ", "\ntitle: New by the test, ", 1), encoding="utf-8")
        build(config(served), serve_url=URL, dirty=True)
        after = _files(served)
        assert "a-new-article-by-the-test/" in after["sitemap.xml"].decode()
    finally:
        first.plugins.on_shutdown()
    # a new preview of the same content writes the same files
    fresh = tmp_path / "fresh"
    second = config(fresh)
    second.plugins.on_startup(command="serve", dirty=True)
    try:
        build(second, serve_url=URL, dirty=True)
        assert _files(fresh) == after
    finally:
        second.plugins.on_shutdown()


@pytest.mark.fast
def test_a_preview_keeps_its_objects_from_the_collector_and_collects_their_cycles(
        tmp_path: Path, monkeypatch) -> None:
    import gc
    import weakref

    from generator.mkdocs.plugin import ArchivePlugin
    from generator.mkdocs.runs import FROZEN_BUILDS

    class Node:
        pass

    plugin = ArchivePlugin()
    plugin.serving = True
    try:
        node = Node()
        node.self = node  # a cycle: only the cyclic collector frees it
        gone = weakref.ref(node)
        plugin.runs.freeze()
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert gone() is not None  # put away: not even a full collection sees it
        for _ in range(FROZEN_BUILDS - 1):
            plugin.runs.freeze()
        assert gone() is not None
        plugin.runs.freeze()  # the build after FROZEN_BUILDS: collected
        assert gone() is None
        assert plugin.runs.frozen == 1 and gc.get_freeze_count() > 0
    finally:
        plugin.on_shutdown()
    assert gc.get_freeze_count() == 0


@pytest.mark.fast
def test_a_previews_list_of_pages_is_made_again_when_a_file_comes_or_goes(tmp_path):
    from mkdocs.structure.files import File

    from generator.mkdocs.internals import SiteFiles

    def page(name: str) -> File:
        return File(name, src_dir=str(tmp_path), dest_dir=str(tmp_path / "site"),
                    use_directory_urls=True)

    files = SiteFiles([page("a.md"), page("b.css")])
    assert [f.src_uri for f in files.documentation_pages()] == ["a.md"]
    files.append(page("c.md"))
    assert [f.src_uri for f in files.documentation_pages()] == ["a.md", "c.md"]
    files.remove(files.get_file_from_path("a.md"))
    assert [f.src_uri for f in files.documentation_pages()] == ["c.md"]
