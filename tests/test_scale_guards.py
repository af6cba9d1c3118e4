"""Guards against quadratic growth (issue 5).

1. Articles, actors and topics never enter the MkDocs navigation: with Material, build
   time grows with (pages in the nav) x (pages), so the nav must stay a handful of
   index pages however large the archive grows.
2. `link` does bounded work per article: co-occurrence counts pairs within one article
   and related articles look only at each entity's nearest articles in time. Measured
   by counting the Python lines `link` executes (deterministic, unlike a clock) on two
   synthetic corpora, one four times the other.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from bench.corpus import write_corpus
from generator import link as link_module
from generator.diagnostics import Report
from generator.link import link
from generator.settings import load_settings
from generator.source.load import load
from generator.source.resolve import resolve
from generator.source.validate import validate

NAV_PAGES = {"index.md", "articles/index.md", "actors/index.md", "topics/index.md",
             "network/index.md", "data/index.md", "about.md", "contributing.md"}


def _corpus(tmp_path: Path, n: int) -> Path:
    root = tmp_path / f"corpus-{n}"
    write_corpus(root, n, seed=7)
    return root


def _nav_pages(root: Path) -> list[str]:
    config = load_config(str(root / "site_config.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    return sorted(page.file.src_uri for page in nav.pages)


@pytest.mark.parametrize("n", [30, 120])
def test_entries_stay_out_of_the_navigation(tmp_path, n):
    pages = _nav_pages(_corpus(tmp_path, n))
    entries = [p for p in pages if p not in NAV_PAGES]
    assert entries == [], f"registry or article pages in the nav: {entries[:5]}"
    assert set(pages) <= NAV_PAGES


def test_site_config_names_its_nav_and_leaves_entries_out():
    """Without `nav:`, MkDocs puts every page in the navigation."""
    config = load_config(str(Path(__file__).resolve().parents[1] / "site_config.yml"))
    assert config.nav, "site_config.yml must list its navigation explicitly"
    patterns = str(config.not_in_nav)
    for folder in ("/articles/*/", "/actors/*/", "/topics/*/", "/network/*/"):
        assert folder in patterns


def _content(root: Path):
    settings = load_settings(root / "site_config.yml")
    report = Report()
    content = resolve(validate(load(settings, report), settings, report), report)
    assert not report.has_errors()
    return content


def _lines_executed(func, *args) -> int:
    """Python lines run inside generator/link.py while calling func(*args)."""
    target = link_module.__file__
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename == target else None

    sys.settrace(tracer)
    try:
        func(*args)
    finally:
        sys.settrace(None)
    return count


def _everywhere(content):
    """The same content with one actor mentioned in every article (the worst case)."""
    actor = next(iter(content.actors))
    articles = tuple(a if actor in a.all_actors else replace(a, mentions=(*a.mentions, actor))
                     for a in content.articles)
    return replace(content, articles=articles)


@pytest.mark.parametrize("worst_case", [False, True], ids=["zipf", "one-actor-everywhere"])
def test_link_work_grows_linearly_with_articles(tmp_path, worst_case):
    small, large = _content(_corpus(tmp_path, 150)), _content(_corpus(tmp_path, 600))
    if worst_case:
        small, large = _everywhere(small), _everywhere(large)
    assert len(large.articles) == 4 * len(small.articles)
    per_small = _lines_executed(link, small) / len(small.articles)
    per_large = _lines_executed(link, large) / len(large.articles)
    # Work per article may grow a little (longer sorted lists); all-pairs would be ~4x.
    assert per_large <= 1.3 * per_small, (per_small, per_large)
    assert link(large).related_articles  # and it still finds related articles
