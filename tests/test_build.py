"""End to end: strict MkDocs builds of the real content and of the fixtures."""

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator import urls
from generator.render.text import read_front_matter as json_front_matter
from generator.settings import read_config
from tests.conftest import FIXTURES, SEED, make_repo
from tests.sitecheck import broken_links, parse

pytestmark = pytest.mark.slow


def build(repo_root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=300)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_real(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("real"), SEED)
    done = build(repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr and "warning" not in done.stdout.replace(
        "0 warning(s)", "")
    return repo.root / "site"


def test_real_content_builds_strict_with_every_page(built_real):
    article = built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html"
    assert article.is_file()
    actors = [p for p in (built_real / "actors").iterdir() if p.is_dir()]
    topics = [p for p in (built_real / "topics").iterdir() if p.is_dir()]
    assert len(actors) >= 10 and len(topics) >= 5


def test_every_actor_and_topic_links_to_the_article_and_back(built_real):
    article_url = "articles/2023/hun-sen-zelenskyy-second-call/"
    article = parse(built_real / article_url / "index.html")
    for folder in ("actors", "topics"):
        for entry in sorted(p for p in (built_real / folder).iterdir() if p.is_dir()):
            back = f"../../../{folder}/{entry.name}/"
            assert any(link.startswith(back) for link in article.links), f"article -> {back}"
            page = parse(entry / "index.html")
            assert any(link.startswith(f"../../{article_url}") for link in page.links), entry


def test_every_internal_link_and_anchor_resolves(built_real):
    assert broken_links(built_real) == []


def test_edit_buttons_open_the_source_in_content(built_real):
    article = (built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html").read_text()
    assert ("/edit/main/content/articles/2023/hun-sen-zelenskyy-second-call.md"
            in article)
    actor = (built_real / "actors/hun-sen/index.html").read_text()
    assert "/edit/main/content/actors/hun-sen.md" in actor
    index = (built_real / "actors/index.html").read_text()
    assert 'rel="edit"' not in index


def test_pages_hold_no_template_indentation(built_real):
    # generator/htmlspace.py, run on every page by the plugin (on_post_page)
    for rel in ("articles/2023/hun-sen-zelenskyy-second-call/index.html",
                "actors/hun-sen/index.html", "index.html"):
        text = (built_real / rel).read_text(encoding="utf-8")
        assert "\n\n" not in text and "\n    <" not in text, rel


def test_fixture_corpus_builds_strict(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    done = build(repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert broken_links(repo.root / "site") == []


def test_two_builds_are_byte_identical(tmp_path):
    repo = make_repo(tmp_path, SEED)
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        done = build(repo.root, "--site-dir", str(out))
        assert done.returncode == 0, done.stderr
    assert digest(first) == digest(second)


def test_a_failed_build_leaves_the_previous_site(tmp_path):
    repo = make_repo(tmp_path, SEED)
    assert build(repo.root).returncode == 0
    before = digest(repo.root / "site")
    repo.write("content/articles/2023/broken.md", "---\ntitle: [unclosed\n---\n")
    done = build(repo.root)
    assert done.returncode == 1
    assert "content/articles/2023/broken.md:2:" in done.stdout
    assert digest(repo.root / "site") == before


def _sitemap(site: Path) -> dict[str, str | None]:
    """{loc: lastmod or None} of a built sitemap.xml."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in root.findall("s:url", ns)}


def test_sitemap_dates_come_from_the_content_never_from_the_build(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    sites = []
    for day, epoch in (("2031-01-02", 1925078400), ("2032-07-09", 1972944000)):
        out = tmp_path / day
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir",
                               str(out)], cwd=repo.root, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
        assert done.returncode == 0, done.stdout + done.stderr
        text = (out / "sitemap.xml").read_text(encoding="utf-8")
        assert day not in text and str(epoch) not in text
        sites.append(out)
    assert digest(sites[0]) == digest(sites[1])  # sitemap.xml.gz included

    base = read_config(repo.config)["site_url"]
    expected = {}
    for path, text in repo.run().pages.items():
        if path.endswith(".md"):
            meta = json_front_matter(text)[0]
            expected[base + urls.site_url(path)] = meta.get("updated")
    sitemap = _sitemap(sites[0])
    assert {loc: sitemap[loc] for loc in expected} == expected
    assert expected[base] == "2023-06-01"  # the home page: the newest article
    assert expected[base + "articles/2022/alphaland-joins-gamma-union/"] == "2022-03-15"
    assert expected[base + "actors/delta-group/"] is None  # no article names it
    hand_written = set(sitemap) - set(expected)
    assert hand_written == {base + "about/"}
    assert all(sitemap[loc] is None for loc in hand_written)
    with gzip.open(sites[0] / "sitemap.xml.gz") as zipped:
        assert zipped.read() == (sites[0] / "sitemap.xml").read_bytes()


def test_theme_prints_the_json_ld_of_home_and_index_pages(built_real):
    def script(rel: str) -> dict:
        text = (built_real / rel).read_text(encoding="utf-8")
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert len(found) == 1, rel
        return json.loads(found[0])

    assert script("index.html")["@type"] == "WebSite"
    for rel in ("articles/index.html", "actors/index.html", "topics/index.html"):
        assert script(rel)["@type"] == "CollectionPage"
    assert script("data/index.html")["@type"] == "Dataset"
    about = (built_real / "about/index.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in about
