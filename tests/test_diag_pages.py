"""GitHub Pages correctness on the built site: project-site URLs, edit buttons that open
each page's own source in content/, and a site that works served under /REPO/."""

from __future__ import annotations

import json
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
    assert any(s.get("run", "").startswith("make site") for s in build["steps"])


def test_no_page_links_to_the_local_machine(site):
    """Developer pages (the live preview's, with its 127.0.0.1 address) are not published."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for local in ("127.0.0.1", "://localhost", "[::1]"):
                if local in text:
                    found.append((path.relative_to(site).as_posix(), local))
    assert found == []


# What a fork's workflow sets: GitHub Pages' base_url (no final slash) and the repository.
FORK = {"ARCHIVE_SITE_URL": "https://someone.github.io/fork",
        "ARCHIVE_REPO_URL": "https://github.com/someone/fork",
        "ARCHIVE_REPO_NAME": "someone/fork"}


def test_a_fork_publishes_its_own_addresses(tmp_path, monkeypatch):
    for name, value in FORK.items():
        monkeypatch.setenv(name, value)
    repo = make_repo(tmp_path, SEED)
    out = tmp_path / "site"
    assert cli.main(["-f", str(repo.config), "build", "--site-dir", str(out)]) == 0
    site_url, repo_url = FORK["ARCHIVE_SITE_URL"] + "/", FORK["ARCHIVE_REPO_URL"]
    actor = (out / "actors/hun-sen/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{site_url}actors/hun-sen/">' in actor
    assert _edit_links(out / "actors/hun-sen/index.html") == [
        f"{repo_url}/edit/main/content/actors/hun-sen.md"]
    assert f'href="{repo_url}"' in actor and "someone/fork" in actor  # header repo link
    article = next((out / "articles").glob("*/*/index.html")).read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', article,
                              re.DOTALL).group(1))
    assert ld["@id"].startswith(site_url + "articles/"), ld["@id"]
    feed = (out / "feeds/all.xml").read_text(encoding="utf-8")
    assert f"<id>{site_url}feeds/all.xml</id>" in feed
    assert f'href="{site_url}articles/' in feed
    assert f"<loc>{site_url}actors/hun-sen/</loc>" in (out / "sitemap.xml").read_text("utf-8")
    # Nothing anywhere still points at the default repository or its site.
    default_site, default_repo = CONFIG["site_url"], REPO_URL
    leftovers = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*"))
                 if p.suffix in (".html", ".xml", ".json", ".csv")
                 and (default_site in (text := p.read_text(encoding="utf-8", errors="replace"))
                      or default_repo in text)]
    assert leftovers == []


def test_addresses_default_to_site_config_and_the_workflows_set_them():
    """site_config.yml reads the addresses from the environment, with its own values as
    the default; both workflows set them from the repository they run in."""
    text = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    for key, name in (("site_url", "ARCHIVE_SITE_URL"), ("repo_url", "ARCHIVE_REPO_URL"),
                      ("repo_name", "ARCHIVE_REPO_NAME")):
        assert re.search(rf"^{key}: !ENV \[{name}, \S+\]$", text, re.MULTILINE), key
    for workflow in ("deploy.yml", "pull-request.yml"):
        data = yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text("utf-8"))
        (job,) = [j for j in data["jobs"].values() if any(
            s.get("run", "").startswith("make site") for s in j.get("steps", []))]
        assert job["env"] == {
            "ARCHIVE_REPO_URL": "${{ github.server_url }}/${{ github.repository }}",
            "ARCHIVE_REPO_NAME": "${{ github.repository }}"}, workflow
        steps = job["steps"]
        pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
        exports = next(s for s in steps if "ARCHIVE_SITE_URL=" in s.get("run", ""))
        assert exports["env"]["BASE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
        order = [steps.index(s) for s in (pages, exports)] + [
            i for i, s in enumerate(steps) if s.get("run", "").startswith("make site")]
        assert order == sorted(order), workflow
