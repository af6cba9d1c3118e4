"""The generated tree of the seed content, built by Zensical (0.0.73, pinned in
constraints.txt) with theme/ and a config like site_config.yml without the archive plugin.

Zensical reads mkdocs.yml-style configs (`zensical build -f CONFIG`; it has no
--site-dir, so `site_dir` is in the config, and both folders must lie under the
config's folder). It renders Material's templates and our overrides in theme/ with
MiniJinja, runs Python-Markdown with `markdown_extensions`, and runs no MkDocs plugin:
plugins it has no native version of are ignored. Its search is its own: it writes
search.json, and its script mounts the search dialog on the element marked
data-md-component="search" (theme/partials/search.html keeps that element).

Zensical resolves every relative href and src of a page's HTML, raw HTML included,
against the folder of the page's source file; MkDocs leaves links in raw HTML as they
are. Every generated page is an `index.md` in its own folder (generator/urls.py), so its
source folder is its address and the finished links mean the same to both.
"""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.text import read_front_matter
from tests.conftest import SEED, make_repo
from tests.sitecheck import broken_links, facts, facts_of, off_site_loads
from tests.test_portable import generate_tree, plain_config

pytestmark = pytest.mark.slow

ARTICLE = "articles/2023/hun-sen-zelenskyy-second-call"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> tuple[Path, Path]:
    """(the generated tree, the site Zensical built from it)."""
    repo = make_repo(tmp_path_factory.mktemp("zensical"), SEED)
    generate_tree(repo.root, "G")
    config = plain_config(repo.config, "G", "Z")
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict",
                           "-f", str(config)],
                          cwd=repo.root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return repo.root / "G", repo.root / "Z"


def _meta(tree: Path) -> dict:
    split = read_front_matter((tree / ARTICLE / "index.md").read_text(encoding="utf-8"))
    assert split is not None
    return split[0]


def _page(site: Path, page: str, href: str) -> Path:
    """The built file a link on `page` (a folder of the site) leads to."""
    return site / posixpath.normpath(posixpath.join(page, href)) / "index.html"


def test_the_article_page_has_its_chips_json_ld_and_edit_link(zensical_site):
    tree, site = zensical_site
    meta = _meta(tree)
    page = facts(site / ARTICLE / "index.html")
    up = "../../../"
    assert page.chips == (
        [("archive-chip--actor", up + c["url"], c["name"]) for c in meta["chips_actors"]]
        + [("archive-chip--topic", up + c["url"], c["name"]) for c in meta["chips_topics"]])
    assert len(meta["chips_actors"]) == 4 and len(meta["chips_topics"]) == 7
    for _, href, _ in page.chips:
        assert _page(site, ARTICLE, href).is_file(), href
    assert [j["@type"] for j in page.jsonld] == ["NewsArticle"]
    assert page.jsonld == [json.loads(meta["jsonld"])]
    assert page.edit == [meta["edit_url"]]


def test_the_article_text_links_its_mentions(zensical_site):
    tree, site = zensical_site
    generated = facts_of_body(tree / ARTICLE / "index.md")
    page = facts(site / ARTICLE / "index.html")
    assert len(generated) >= 10
    # the same names, linked to the same actors' pages (where the links lead: below)
    assert [(_actor(href), name) for href, name in page.mentions] == [
        (_actor(href), name) for href, name in generated]
    assert ("hun-sen", "Hun Sen") in [(_actor(href), name) for href, name in page.mentions]


def facts_of_body(path: Path) -> list[tuple[str, str]]:
    """The linked mentions of a generated page's body."""
    split = read_front_matter(path.read_text(encoding="utf-8"))
    assert split is not None
    return facts_of(f"<article>{split[1]}</article>").mentions


def _actor(href: str) -> str:
    """The actor id a link names: the last folder of its path under actors/."""
    head, _, actor = href.rstrip("/").rpartition("/")
    return actor if head.endswith("actors") else href


def test_the_mentions_lead_to_the_actors(zensical_site):
    site = zensical_site[1]
    page = facts(site / ARTICLE / "index.html")
    assert page.mentions
    assert [href for href, _ in page.mentions
            if not _page(site, ARTICLE, href).is_file()] == []


def test_every_internal_link_and_anchor_resolves(zensical_site):
    assert broken_links(zensical_site[1]) == []


def test_the_search_box_and_zensical_search_index_are_there(zensical_site):
    site = zensical_site[1]
    html = (site / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' in html
    assert 'class="md-search__input"' in html
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    locations = {item["location"] for item in index["items"]}
    assert f"{ARTICLE}/" in locations
    assert list((site / "assets/javascripts/workers").glob("search.*.js"))


def test_nothing_is_loaded_from_another_site(zensical_site):
    assert off_site_loads(zensical_site[1]) == []
