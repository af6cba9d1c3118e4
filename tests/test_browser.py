"""The built site in real headless Chromium, served under /news-archive/ as on GitHub Pages.

A reader clicks from the home page to an actor, an article and a topic, and searches for
aliases; every page must load without console errors or failed requests, pass axe-core
with no serious or critical violation, and leave a screenshot in tests/artifacts/.
The site calls nobody: a request for anything outside the served site is aborted and
recorded, and a page that makes one fails its test. No built page makes one.
"""

from __future__ import annotations

import contextlib
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
VIEWPORT = {"width": 1280, "height": 900}
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


@contextlib.contextmanager
def serve(directory: Path):
    """`directory` over HTTP on a free local port, under PREFIX; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


# Run before axe: every CSS animation and transition jumps to its end, so that colours are
# judged as the reader finally sees them, however far a fade had got.
SETTLE = """() => {
    for (const a of document.getAnimations()) {
        if (a.effect && a.effect.getComputedTiming().endTime !== Infinity) a.finish();
    }
    return document.getAnimations().filter(a => a.playState === 'running').length;
}"""


class Reader:
    """Pages that record console errors, failed requests and requests that leave the site."""

    def __init__(self, browser, base_url: str) -> None:
        self.base = base_url
        self.context = browser.new_context(viewport=VIEWPORT)
        self.errors: list[str] = []
        self.outside: list[str] = []
        # every request of every page opened in this context
        self.context.route("**/*", self._route)
        self.page = self._watch(self.context.new_page())

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.context.close()

    def _watch(self, page):
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.errors.append(f"failed {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(
            f"{r.status} {r.url}"))
        return page

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        assert self.page.evaluate(SETTLE) == 0

    def check(self, name: str, whole_page: bool = True) -> None:
        """No errors, nothing off the site, no serious accessibility problem; a screenshot.

        axe runs first, on the settled page in the reader's viewport; the screenshot comes
        after every assertion, so nothing it does can change a result.
        """
        self.settle()
        assert self.outside == [], (name, self.outside)
        assert self.errors == [], (name, self.errors)
        violations = axe(self.page)
        assert violations == [], (name, violations)
        self.screenshot(name, whole_page)
        assert self.errors == [] and self.outside == [], (name, self.errors, self.outside)

    def screenshot(self, name: str, whole_page: bool) -> None:
        """tests/artifacts/<name>.png. A whole page is drawn by a second page of the same
        context opened at the page's full height from the start (a full-page screenshot of
        the first would resize its viewport, and Material animates its header when a media
        query flips); otherwise the reader's viewport as it is, without resizing it."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = str(ARTIFACTS / f"{name}.png")
        if not whole_page:
            self.page.screenshot(path=path, animations="disabled")
            return
        height = self.page.evaluate("document.documentElement.scrollHeight")
        shot = self._watch(self.context.new_page())
        try:
            shot.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            shot.goto(self.page.url)
            shot.wait_for_load_state("networkidle")
            shot.evaluate("document.fonts.ready.then(() => true)")
            shot.screenshot(path=path, animations="disabled")
        finally:
            shot.close()


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
    with Reader(browser, base_url) as r:
        yield r


def _probe(folder: Path, html: str) -> Path:
    """A one-page site for testing the checks themselves."""
    (folder / "index.html").write_text(html, encoding="utf-8")
    return folder


def test_click_through_home_actor_article_topic(reader):
    page = reader.page
    page.goto(reader.base)
    assert page.title().startswith("Home")
    assert not page.locator(".md-sidebar--primary").is_visible()
    reader.check("home")

    page.get_by_role("link", name="Actors", exact=True).first.click()
    page.wait_for_url("**/actors/")
    page.locator("article").get_by_role("link", name="Hun Sen", exact=True).click()
    page.wait_for_url("**/actors/hun-sen/")
    assert page.locator("h1").inner_text() == "Hun Sen"
    content = page.locator("article")
    assert "ហ៊ុន សែន" in content.inner_text()
    assert content.locator(".archive-bars li").count() >= 1
    assert content.locator(".archive-network__names a").count() >= 2
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


def test_no_built_page_calls_another_origin(reader, site_dir):
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    assert len(pages) > 30
    for rel in pages:
        reader.page.goto(reader.base + rel.removesuffix("index.html"))
        reader.page.wait_for_load_state("networkidle")
    assert reader.outside == []
    assert reader.errors == []


def test_a_page_that_calls_another_origin_fails_the_check(browser, tmp_path):
    site = _probe(tmp_path, '<!doctype html><html lang="en"><title>Calls out</title>'
                  '<h1>Calls out</h1><img src="https://example.org/pixel.png" alt="">'
                  '<script>fetch("https://api.github.com/repos/news-archive/news-archive")'
                  '.catch(() => {})</script></html>')
    with serve(site) as url, Reader(browser, url) as probe:
        probe.page.goto(url)
        with pytest.raises(AssertionError, match=r"api\.github\.com"):
            probe.check("calls-out")
        assert sorted(probe.outside) == [
            "https://api.github.com/repos/news-archive/news-archive",
            "https://example.org/pixel.png"]
    assert not (ARTIFACTS / "calls-out.png").exists()


def test_colours_are_judged_after_a_fade_not_during_it(browser, tmp_path):
    # text that fades from barely visible to black over a minute: axe, run mid-fade, would
    # find too little contrast; the check judges the end of the fade
    site = _probe(tmp_path, '<!doctype html><html lang="en"><title>Fades in</title>'
                  "<style>@keyframes in { from { color: #eee } to { color: #000 } }"
                  "main p { animation: in 60s forwards }</style>"
                  "<main><h1>Fades in</h1><p>Some text</p></main></html>")
    with serve(site) as url, Reader(browser, url) as probe:
        probe.page.goto(url)
        probe.check("fades-in", whole_page=False)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_citation_is_a_target_a_reader_can_tap_and_leads_to_its_source(browser, base_url,
                                                                          width):
    with Reader(browser, base_url) as reader:
        reader.page.set_viewport_size({"width": width, "height": 900})
        reader.page.goto(base_url + "actors/kin-phea/")
        cite = reader.page.get_by_role("link", name="Source 1", exact=True).first
        box = cite.bounding_box()
        # the digit is small; the target around it is not
        assert box is not None and box["width"] >= 12 and box["height"] >= 14, box
        assert cite.get_attribute("title").startswith("Hun Sen reaffirms")
        cite.click()
        reader.page.wait_for_url(base_url + "articles/2023/hun-sen-zelenskyy-second-call/")
        assert reader.outside == [] and reader.errors == []


@pytest.mark.parametrize("path", ["data/", "actors/hun-sen/", "topics/russia-ukraine-war/",
                                  "articles/2023/hun-sen-zelenskyy-second-call/"])
def test_every_table_fits_a_phone(browser, base_url, path):
    """At 390 px no table is cut off at the screen's edge (nothing says it would scroll)."""
    with Reader(browser, base_url) as reader:
        reader.page.set_viewport_size({"width": 390, "height": 900})
        reader.page.goto(base_url + path)
        reader.page.wait_for_load_state("networkidle")
        wide = reader.page.evaluate("""() => [...document.querySelectorAll(
            '.md-typeset__scrollwrap, .md-typeset table')].filter(
            e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))""")
        assert wide == []


@pytest.mark.parametrize("path", ["articles/2023/hun-sen-zelenskyy-second-call/",
                                  "actors/zelenskyy/", "topics/demining/"])
def test_quotes_are_left_aligned_with_one_bar_beside_words_and_caption(browser, base_url, path):
    with Reader(browser, base_url) as reader:
        reader.page.goto(base_url + path)
        found = reader.page.evaluate("""() => [...document.querySelectorAll(
            'figure.archive-quote')].map(f => {
              const words = f.querySelector('blockquote p'), cap = f.querySelector('figcaption');
              const fs = getComputedStyle(f);
              return {align: [getComputedStyle(words).textAlign,
                              getComputedStyle(cap).textAlign],
                      bar: fs.borderLeftStyle + ' ' + parseFloat(fs.borderLeftWidth),
                      left: [words.getBoundingClientRect().left,
                             cap.getBoundingClientRect().left]};})""")
        assert found
        for quote in found:
            assert quote["align"] == ["left", "left"], quote
            assert quote["bar"].startswith("solid "), quote
            assert abs(quote["left"][0] - quote["left"][1]) < 1, quote  # they line up


@pytest.mark.parametrize("path", ["articles/2023/hun-sen-zelenskyy-second-call/",
                                  "actors/hun-sen/", "topics/russia-ukraine-war/"])
def test_an_entry_page_has_no_blank_column_and_a_phone_keeps_the_menu(browser, base_url,
                                                                      path):
    with Reader(browser, base_url) as reader:
        reader.page.goto(base_url + path)
        sidebar = reader.page.locator(".md-sidebar--primary")
        assert not sidebar.is_visible()  # at 1280 px: no empty navigation column
        text = reader.page.locator("article h1").bounding_box()
        assert text["x"] < 200, text  # the text starts near the page's left edge
        reader.page.set_viewport_size({"width": 390, "height": 800})
        reader.page.click('.md-header label[for="__drawer"]')
        menu = reader.page.locator(".md-nav--primary a.md-nav__link", has_text="Topics")
        menu.first.wait_for(state="visible")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["actors/hun-sen/", "topics/russia-ukraine-war/", "network/"])
def test_charts_read_on_a_phone(browser, base_url, path, width):
    """Chart text at least 12 CSS px; every name inside its chart, none over another;
    no line of the drawing through a name (each sits on an opaque plate)."""
    with Reader(browser, base_url) as reader:
        reader.page.set_viewport_size({"width": width, "height": 900})
        reader.page.goto(base_url + path)
        reader.page.wait_for_load_state("networkidle")
        found = reader.page.evaluate("""() => {
          const texts = [...document.querySelectorAll(
            '.archive-bars__tick, .archive-bars__peak, .archive-network__names a')]
            .filter(e => e.getClientRects().length);
          const boxes = [...document.querySelectorAll('.archive-network__names li')]
            .map(li => [li, li.getBoundingClientRect(),
                        li.closest('.archive-network__plot').getBoundingClientRect()]);
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i][1], boxes[j][1]];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
                && b.top < a.bottom - 1) overlaps.push([boxes[i][0].textContent,
                                                        boxes[j][0].textContent]);
          }
          return {
            sizes: texts.map(e => parseFloat(getComputedStyle(e).fontSize)),
            outside: boxes.filter(([li, r, p]) => r.left < p.left - 1 || r.right > p.right + 1)
              .map(([li]) => li.textContent),
            plates: boxes.map(([li]) => getComputedStyle(li).backgroundColor),
            overlaps};
        }""")
        assert found["sizes"] and min(found["sizes"]) >= 12, found["sizes"]
        assert found["outside"] == []
        assert found["overlaps"] == [], found["overlaps"]
        assert all(p not in ("rgba(0, 0, 0, 0)", "transparent") for p in found["plates"])
        ARTIFACTS.mkdir(exist_ok=True)
        name = path.strip("/").replace("/", "-")
        reader.page.screenshot(path=str(ARTIFACTS / f"chart-{name}-{width}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_hun_sen_is_seen_most_often_with_zelenskyy_the_other_person_on_the_call(
        browser, base_url, width):
    with Reader(browser, base_url) as reader:
        page = reader.page
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + "actors/hun-sen/")
        ranked = page.locator("#seen-most-often-with ~ ol.archive-ranking").first
        zelenskyy = ranked.get_by_role("link", name="Volodymyr Zelenskyy", exact=True)
        zelenskyy.scroll_into_view_if_needed()
        assert zelenskyy.is_visible()
        item = ranked.locator("li").filter(
            has=page.get_by_role("link", name="Volodymyr Zelenskyy", exact=True))
        assert item.get_attribute("value") == "1"
        assert "1 shared article, both main subjects" in item.inner_text()
        # the six after the first ten, folded: the reader opens them
        more = page.locator("details.archive-more")
        assert more.locator("summary").inner_text() == "6 more actors seen with Hun Sen"
        united_nations = more.get_by_role("link", name="United Nations", exact=True)
        assert not united_nations.is_visible()
        more.locator("summary").click()
        assert united_nations.is_visible()
        reader.check(f"actor-seen-with-{width}", whole_page=False)


# Every icon of the chrome the reader can see at this width, by its symbol: drawn (a
# reference to a symbol the shared file lacks, or a file that did not load, draws nothing).
_DRAWN_ICONS = """() => [...document.querySelectorAll('svg > use')]
    .filter(use => use.parentElement.checkVisibility())
    .map(use => [use.getAttribute('href').split('#')[1], use.getBBox().width > 0])"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_chromes_icons_are_drawn_from_the_shared_file(browser, base_url, width):
    with Reader(browser, base_url) as reader:
        reader.page.set_viewport_size({"width": width, "height": 800})
        reader.page.goto(base_url + "articles/2023/hun-sen-zelenskyy-second-call/")
        reader.page.wait_for_load_state("networkidle")
        if width == 390:  # the drawer, with the logo and the repository's mark
            reader.page.click('.md-header label[for="__drawer"]')
            reader.page.locator(".md-nav--primary .md-nav__title svg").wait_for(
                state="visible")
        drawn = reader.page.evaluate(_DRAWN_ICONS)
        names = {name for name, _ in drawn}
        assert {"material-magnify", "material-git", "material-library"} <= names, drawn
        assert all(ok for _, ok in drawn), drawn
        assert reader.errors == []
