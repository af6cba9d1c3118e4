"""How MkDocs' writing of the pages is made cheaper, and that no page changes for it:
- shared among processes (generator/mkdocs/writers.py): the site is the same, byte for
  byte, whether one, two or three processes write it, and a page that fails to be
  written in another process fails the build with its reason;
- what many pages render alike, rendered once (generator/mkdocs/repeated.py): the site
  is the same, byte for byte, as when every page renders it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator import cli
from generator.mkdocs import repeated, writers
from tests.conftest import Repo

pytestmark = pytest.mark.slow

REAL_BUILD_PAGE = writers.build_page


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Repo:
    from bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("writers") / "repo"
    write_corpus(root, 100)  # pages at two depths under articles/, actors/, topics/
    return Repo(root)


def build(repo: Repo, site: Path, workers: int, monkeypatch, capsys) -> dict[int, list[str]]:
    """The site built with `workers`; the pages each process wrote, by process id."""
    text = repo.config.read_text(encoding="utf-8")
    indent = re.search(r"\n( *)content_dir: content", text).group(1)
    repo.config.write_text(text.replace(
        "content_dir: content", f"content_dir: content\n{indent}workers: {workers}", 1),
        encoding="utf-8")
    log = site.with_name(site.name + ".writers")

    def build_page(page, *args):
        with open(log, "a", encoding="utf-8") as fh:  # one short write: whole lines
            fh.write(f"{os.getpid()} {page.file.src_uri}\n")
        return REAL_BUILD_PAGE(page, *args)

    monkeypatch.setattr(writers, "build_page", build_page)
    # a small corpus, shared as a large one is
    monkeypatch.setattr(writers, "PAGES_PER_WRITER", 10)
    try:
        code = cli.main(["-f", str(repo.config), "build", "--no-cache",
                         "--site-dir", str(site)])
    finally:
        repo.config.write_text(text, encoding="utf-8")
    assert code == 0, capsys.readouterr()
    written: dict[int, list[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        pid, page = line.split(" ", 1)
        written.setdefault(int(pid), []).append(page)
    return written


def test_the_site_is_the_same_whatever_the_number_of_writers(corpus, tmp_path, monkeypatch,
                                                             capsys):
    # one process: MkDocs' own loop writes every page, no writer is forked
    assert build(corpus, tmp_path / "one", 1, monkeypatch, capsys) == {}
    one = files(tmp_path / "one")
    assert len(one) > 100
    for count in (2, 3):
        site = tmp_path / str(count)
        written = build(corpus, site, count, monkeypatch, capsys)
        # the forked writers wrote pages of every kind, each page once
        forked = [pages for pid, pages in written.items() if pid != os.getpid()]
        assert len(forked) == count - 1
        assert all(any(p.startswith("articles/") for p in pages) for pages in forked)
        assert all(any(p.startswith("actors/") for p in pages) for pages in forked)
        everything = [page for pages in written.values() for page in pages]
        assert len(everything) == len(set(everything))
        assert files(site) == one, count


def test_a_page_that_fails_in_another_process_fails_the_build(corpus, tmp_path,
                                                             monkeypatch, capsys):
    here = os.getpid()

    def build_page(page, *args):
        if os.getpid() != here:  # a forked writer's first page
            raise RuntimeError(f"the theme broke on {page.file.src_uri}")
        return REAL_BUILD_PAGE(page, *args)

    monkeypatch.setattr(writers, "build_page", build_page)
    monkeypatch.setattr(writers, "PAGES_PER_WRITER", 10)
    site = tmp_path / "site"
    code = cli.main(["-f", str(corpus.config), "build", "--no-cache", "--site-dir", str(site)])
    out = capsys.readouterr()
    assert code != 0
    text = out.out + out.err
    assert "a page writer stopped at " in text and "RuntimeError: the theme broke on " in text
    assert "Traceback" not in text
    assert not site.exists()  # nothing published


@pytest.mark.parametrize("feature", [None, "navigation.footer"])
def test_what_is_rendered_once_is_what_each_page_would_render(corpus, tmp_path, feature,
                                                             monkeypatch, capsys):
    """Also with the footer's links to the previous and next page, which only the
    navigation's entries have, and which differ between them."""
    text = corpus.config.read_text(encoding="utf-8")
    if feature:
        corpus.config.write_text(text.replace(
            "    - navigation.top\n", f"    - navigation.top\n    - {feature}\n", 1),
            encoding="utf-8")
    try:
        once, each = _once_and_each(corpus, tmp_path, monkeypatch, capsys)
    finally:
        corpus.config.write_text(text, encoding="utf-8")
    assert len(each) > 100
    if feature:  # the entries' footers name their neighbours
        assert b"md-footer__link--next" in each["about/index.html"]
    assert once == each


def _once_and_each(corpus, tmp_path, monkeypatch, capsys):
    made: list[dict] = []
    real_install = repeated.install

    def install(env, nav, config):
        real_install(env, nav, config)
        made.append(env.globals["archive_once"])

    monkeypatch.setattr(repeated, "install", install)
    build(corpus, tmp_path / "once", 1, monkeypatch, capsys)
    assert made  # the wrappers were in place
    monkeypatch.setattr(repeated, "install", lambda env, nav, config: None)
    build(corpus, tmp_path / "each", 1, monkeypatch, capsys)
    return files(tmp_path / "once"), files(tmp_path / "each")
