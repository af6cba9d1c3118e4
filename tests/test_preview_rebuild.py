"""A dirty live preview's rebuild (as `make serve` runs it, in this process): the pages a
save changes are built again, with MkDocs' File and Page objects of the others kept."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import mkdocs.structure.pages as mkdocs_pages
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import SEED, make_repo

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
PAGE = "articles/2023/hun-sen-zelenskyy-second-call/index.html"
URL = "http://127.0.0.1:8000/"


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
        pages = len(list(site.rglob("index.html")))
        # the pages in the navigation are made again by MkDocs; none of the others
        assert 0 < len(made) < pages / 4
    finally:
        first.plugins.on_shutdown()
