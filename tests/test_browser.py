"""The built site in real headless Chromium, served under /news-archive/ as on GitHub Pages.

A reader clicks from the home page to an actor, an article and a topic, and searches for
aliases; every page must load without console errors or failed requests, pass axe-core
with no serious or critical violation, and leave a screenshot in tests/artifacts/.
Requests off the local server are answered by the test (Material asks the GitHub API for
the repository's stars), so the test never uses the network.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright import sync_api

from tests.conftest import ROOT, SEED

# Debian's chromium (installed by scripts/ensure-chromium from `make test`); CHROMIUM
# names another binary; with neither, Playwright's own browser is used if installed.
CHROMIUM = os.environ.get("CHROMIUM") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
PREFIX = "/news-archive/"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]



class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    """The real content built by the command line, as `make site` does."""
    root = tmp_path_factory.mktemp("browser") / "repo"
    root.mkdir()
    for name in ("site_config.yml",):
        shutil.copy(ROOT / name, root / name)
    for name in ("theme", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(SEED, root / "content")
    done = subprocess.run([sys.executable, "-m", "generator", "-f", str(root / "site_config.yml"),
                           "build"], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def base_url(site_dir: Path):
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Reader:
    """A page that records console errors, failed requests and off-site requests."""

    def __init__(self, browser, base_url: str) -> None:
        self.base = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(
            f"{r.status} {r.url}"))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        elif url.startswith("https://api.github.com/"):
            self.outside.append(url)
            route.fulfill(status=200, content_type="application/json",
                          body=json.dumps({"tag_name": "v0", "stargazers_count": 0,
                                           "forks_count": 0}))
        else:
            self.outside.append(url)
            route.abort()

    def check(self, name: str) -> None:
        """No errors so far, no serious accessibility problem; keep a screenshot."""
        self.page.wait_for_load_state("networkidle")
        # Material fades the repository facts in once the API answers: judge colours on
        # the finished page, not half-way through the fade.
        self.page.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running')")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert self.errors == [], (name, self.errors)
        assert all(u.startswith("https://api.github.com/") for u in self.outside), self.outside
        violations = axe(self.page)
        assert violations == [], (name, violations)


def axe(page) -> list[tuple[str, str, list[str]]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => [v.id, v.impact,
            v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)]);
    }""")
    return [tuple(v) for v in result if v[1] in ("serious", "critical")]


@pytest.fixture
def reader(browser, base_url):
    r = Reader(browser, base_url)
    yield r
    r.context.close()


def test_click_through_home_actor_article_topic(reader):
    page = reader.page
    page.goto(reader.base)
    assert page.title().startswith("Home")
    reader.check("home")

    page.get_by_role("link", name="Actors", exact=True).first.click()
    page.wait_for_url("**/actors/")
    page.locator("article").get_by_role("link", name="Hun Sen", exact=True).click()
    page.wait_for_url("**/actors/hun-sen/")
    assert page.locator("h1").inner_text() == "Hun Sen"
    content = page.locator("article")
    assert "ហ៊ុន សែន" in content.inner_text()
    assert content.locator("svg.archive-chart__svg rect").count() >= 1
    assert content.locator("svg.archive-network__svg a").count() >= 2
    feeds = page.locator('head link[type="application/atom+xml"]')
    assert feeds.count() == 2
    assert "feeds/actors/hun-sen.xml" in feeds.nth(1).get_attribute("href")
    ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert ld["@type"] == "Person" and ld["name"] == "Hun Sen"
    reader.check("actor")

    content.get_by_role("link", name="Hun Sen reaffirms", exact=False).first.click()
    page.wait_for_url("**/articles/2023/hun-sen-zelenskyy-second-call/**")
    body = page.locator("article")
    assert "Prime Minister of Cambodia at the time" in body.inner_text()
    assert page.locator("#quote-2").count() == 1
    ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert ld["@type"] == "NewsArticle" and ld["hasPart"][0]["@type"] == "Quotation"
    reader.check("article")

    body.locator("a.archive-chip--topic", has_text="Russia-Ukraine war").click()
    page.wait_for_url("**/topics/russia-ukraine-war/")
    text = page.locator("article").inner_text()
    assert "Key actors" in text and "Narrower" in text and "Related" in text
    reader.check("topic")


@pytest.mark.parametrize("path, name", [("network/", "network"), ("data/", "data"),
                                        ("articles/", "archive")])
def test_site_pages(reader, path, name):
    reader.page.goto(reader.base + path)
    reader.check(name)


def _search(reader, query: str) -> list[str]:
    page = reader.page
    page.goto(reader.base)
    box = page.locator("input.md-search__input")
    box.click()
    # typed before the index is ready, a query would wait for the next keystroke
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    box.press_sequentially(query, delay=20)
    items = page.locator(".md-search-result__item > a.md-search-result__link")
    items.first.wait_for(timeout=10_000)
    return [items.nth(i).get_attribute("href") for i in range(items.count())]


@pytest.mark.parametrize("query, expected", [
    ("Zelensky", "actors/zelenskyy/"),
    ("Володимир Зеленський", "actors/zelenskyy/"),
    ("ហ៊ុន សែន", "actors/hun-sen/"),
    ("Hun Sen", "actors/hun-sen/"),
    ("war in Ukraine", "topics/russia-ukraine-war/"),
])
def test_search_finds_the_page_first_by_any_name(reader, query, expected):
    hrefs = _search(reader, query)
    assert hrefs[0].split("#")[0].split("?")[0].endswith(expected), hrefs[:5]
    if query == "Zelensky":
        reader.check("search")
