"""How MkDocs' writing of the pages is made cheaper, and that no page changes for it:
- shared among processes (generator/mkdocs/writers.py): the site is the same, byte for
  byte, whether one, two or three processes write it, and a page that fails to be
  written in another process fails the build with its reason;
- what many pages render alike, rendered once (generator/mkdocs/repeated.py): the site
  is the same, byte for byte, as when every page renders it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import cli
from generator.mkdocs import repeated, writers
from tests.conftest import Repo

pytestmark = pytest.mark.slow

REAL_SHARES = writers.shares


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Repo:
    from bench.corpus import write_corpus

    root = tmp_path_factory.mktemp("writers") / "repo"
    write_corpus(root, 100)  # pages at two depths under articles/, actors/, topics/
    return Repo(root)


def build(repo: Repo, site: Path, workers: int, monkeypatch, capsys) -> list[list[str]]:
    """The site built with `workers`; the pages each forked writer was handed."""
    text = repo.config.read_text(encoding="utf-8")
    indent = re.search(r"\n( *)content_dir: content", text).group(1)
    repo.config.write_text(text.replace(
        "content_dir: content", f"content_dir: content\n{indent}workers: {workers}", 1),
        encoding="utf-8")
    handed: list[list[str]] = []

    def shares(pages, count):
        dealt = REAL_SHARES(pages, count)
        handed.extend([f.src_uri for f in share] for share in dealt[1:])
        return dealt

    monkeypatch.setattr(writers, "shares", shares)
    # a small corpus, shared as a large one is
    monkeypatch.setattr(writers, "PAGES_PER_WRITER", 10)
    try:
        code = cli.main(["-f", str(repo.config), "build", "--no-cache",
                         "--site-dir", str(site)])
    finally:
        repo.config.write_text(text, encoding="utf-8")
    assert code == 0, capsys.readouterr()
    return handed


def test_the_site_is_the_same_whatever_the_number_of_writers(corpus, tmp_path, monkeypatch,
                                                             capsys):
    assert build(corpus, tmp_path / "one", 1, monkeypatch, capsys) == []
    two = build(corpus, tmp_path / "two", 2, monkeypatch, capsys)
    three = build(corpus, tmp_path / "three", 3, monkeypatch, capsys)
    # the other processes wrote pages of every kind
    assert len(two) == 1 and len(three) == 2
    assert any(p.startswith("articles/") for p in two[0])
    assert any(p.startswith("actors/") for p in three[1])
    one = files(tmp_path / "one")
    assert len(one) > 100
    assert files(tmp_path / "two") == one
    assert files(tmp_path / "three") == one


def test_a_page_that_fails_in_another_process_fails_the_build(corpus, tmp_path,
                                                             monkeypatch, capsys):
    from generator.mkdocs import internals

    real = internals._build_page
    failing = {}

    def build_page(page, *args, **kwargs):
        if page.file.src_uri == failing.get("page"):
            raise RuntimeError("the theme broke here")
        return real(page, *args, **kwargs)

    def shares(pages, count):
        dealt = REAL_SHARES(pages, count)
        failing["page"] = dealt[-1][-1].src_uri  # written by a forked writer
        return dealt

    monkeypatch.setattr(internals, "_build_page", build_page)
    monkeypatch.setattr(writers, "shares", shares)
    monkeypatch.setattr(writers, "PAGES_PER_WRITER", 10)
    site = tmp_path / "site"
    code = cli.main(["-f", str(corpus.config), "build", "--no-cache", "--site-dir", str(site)])
    out = capsys.readouterr()
    assert code != 0
    text = out.out + out.err
    assert "the theme broke here" in text and failing["page"] in text
    assert "Traceback" not in text
    assert not site.exists()  # nothing published


def test_what_is_rendered_once_is_what_each_page_would_render(corpus, tmp_path,
                                                             monkeypatch, capsys):
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
    each = files(tmp_path / "each")
    assert len(each) > 100
    assert files(tmp_path / "once") == each
