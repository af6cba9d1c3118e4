"""GitHub Pages correctness on the built site: project-site URLs, edit buttons that open
each page's own source in content/, and a site that works served under /REPO/."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from generator import cli
from generator.settings import read_config
from tests.conftest import ROOT, SEED, make_repo

pytestmark = pytest.mark.slow
CONFIG = read_config(ROOT / "site_config.yml")
REPO_URL = CONFIG["repo_url"].rstrip("/")
PREFIX = urlparse(CONFIG["site_url"]).path  # /news-archive/


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pages")
    repo = make_repo(tmp, SEED)
    out = tmp / "site"
    assert cli.main(["-f", str(repo.config), "build", "--site-dir", str(out)]) == 0
    return out


def test_project_site_settings():
    assert re.fullmatch(r"https://[\w-]+\.github\.io/[\w.-]+/", CONFIG["site_url"])
    assert re.fullmatch(r"https://github\.com/[\w-]+/[\w.-]+/?", CONFIG["repo_url"])
    assert CONFIG["edit_uri"].startswith("edit/")
    assert PREFIX != "/"


def _edit_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(r'<a href="([^"]+)"[^>]*rel="edit"', text) + \
        re.findall(r'<a [^>]*rel="edit"[^>]*href="([^"]+)"', text)


def test_every_entry_page_edits_its_own_source(site):
    sources = sorted((SEED).rglob("*.md"))
    assert sources
    for source in sources:
        rel = "content/" + source.relative_to(SEED).as_posix()
        kind, rest = rel.split("/", 2)[1], source.stem
        if kind == "articles":
            page = site / "articles" / source.parent.name / rest / "index.html"
        else:
            page = site / kind / rest / "index.html"
        assert _edit_links(page) == [f"{REPO_URL}/edit/main/{rel}"], page


@pytest.mark.parametrize("index", ["index.html", "articles/index.html", "actors/index.html",
                                   "topics/index.html"])
def test_generated_index_pages_have_no_edit_button(site, index):
    assert _edit_links(site / index) == []


def test_sitemap_and_canonical_use_site_url(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert CONFIG["site_url"] + "actors/hun-sen/" in sitemap
    page = (site / "actors/hun-sen/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{CONFIG["site_url"]}actors/hun-sen/">' in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name, tag) in {("href", "a"), ("href", "link"), ("src", "script"),
                                         ("src", "img")}:
                self.links.append(value)


def test_site_works_under_a_subpath(site):
    """Serve the site at /REPO/ as GitHub Pages does and follow every internal link."""
    mount = site.parent / "mount"
    mount.mkdir(exist_ok=True)
    (mount / PREFIX.strip("/")).symlink_to(site, target_is_directory=True)
    handler = partial(SimpleHTTPRequestHandler, directory=str(mount))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        seen, queue, broken = set(), [base], []
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    ctype = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                broken.append((url, exc.code))
                continue
            if "html" not in ctype:
                continue
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urljoin(url, link).split("#")[0]
                if target.startswith(f"http://127.0.0.1:{server.server_address[1]}"):
                    assert urlparse(target).path.startswith(PREFIX), (url, link)
                    queue.append(target)
        assert broken == []
        assert len(seen) > 30
    finally:
        server.shutdown()


def test_workflow_builds_with_the_same_config():
    data = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text("utf-8"))
    build = data["jobs"]["build"]
    assert any("build --strict" in s.get("run", "") for s in build["steps"])
