"""The generated tree is the site: MkDocs builds the same pages from it without the archive
plugin as it does with it.

The fixture corpus is built twice: with the plugin (`python -m generator build`), and as
a plain Material site from the tree that `python -m generator generate` writes, with a
config that has no `archive` entry. Every page must show the same content in both:
the text, links and ids of its <article>, its JSON-LD, its edit link and its chips.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.settings import read_config
from tests.conftest import FIXTURES, make_repo
from tests.sitecheck import differences, facts

pytestmark = pytest.mark.slow

ARTICLE = "articles/2023/gamma-union-security-talks/index.html"


def plain_config(config_file: Path, docs_dir: str, site_dir: str) -> Path:
    """site_config.yml without the archive plugin, reading the generated tree `docs_dir`."""
    config = read_config(config_file)
    config["plugins"] = [entry for entry in config.get("plugins") or ()
                         if entry != "archive"
                         and not (isinstance(entry, dict) and "archive" in entry)]
    config["docs_dir"] = docs_dir
    config["site_dir"] = site_dir
    out = config_file.with_name("plain.yml")
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                   encoding="utf-8")
    return out


def generate_tree(root: Path, out: str) -> None:
    """The generated pages and the hand-written ones of docs/, in one folder."""
    done = subprocess.run([sys.executable, "-m", "generator", "generate", "--out", out],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for page in sorted((root / "docs").glob("*.md")):
        shutil.copy(page, root / out / page.name)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    repo = make_repo(tmp_path_factory.mktemp("portable"), FIXTURES / "corpus" / "content")
    root = repo.root
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", "A"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    generate_tree(root, "G")
    config = plain_config(repo.config, "G", "B")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config),
                           "--strict", "--site-dir", "B"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "A", root / "B"


def test_plain_mkdocs_builds_the_same_pages_as_the_plugin(two_builds):
    with_plugin, plain = two_builds
    assert len(list(with_plugin.rglob("index.html"))) >= 20
    assert differences(with_plugin, plain) == []


def test_the_comparison_sees_every_fact_of_an_article(two_builds):
    # each fact is there to compare: an empty list on both sides would compare equal
    page = facts(two_builds[1] / ARTICLE)
    assert "Members of the Gamma Union begin talks on security." in page.text
    assert [j["@type"] for j in page.jsonld] == ["NewsArticle"]
    assert page.edit == ["https://github.com/news-archive/news-archive/edit/main/content/"
                         "articles/2023/gamma-union-security-talks.md"]
    assert ("archive-chip--actor", "../../../actors/gamma-union/", "Gamma Union") in page.chips
    assert ("archive-chip--topic", "../../../topics/security/", "Security") in page.chips
    assert ("../../../actors/alpha-land/", "Alphaland") in page.mentions
    assert "related-articles" in page.ids
    assert "../../../actors/gamma-union/" in page.links
