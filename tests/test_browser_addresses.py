"""A reader follows an old address into the archive under /REPO/, as on GitHub Pages: the
redirect works in a real browser and lands on the current page."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.test_browser import Reader, browser, serve  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory):
    """The fixture corpus (which has former ids and a retraction), built and served."""
    root = tmp_path_factory.mktemp("addresses") / "repo"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root / "site_config.yml")
    for name in ("theme", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(FIXTURES / "corpus" / "content", root / "content")
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with serve(Path(root / "site")) as url:
        yield url


def _left(reader, old_url: str) -> list[str]:
    """What the reader recorded, but the old address's own load, which the browser stops
    (net::ERR_ABORTED) when the redirect's script leaves the page before it is all read:
    how early depends on the machine's speed, not on the site."""
    return [e for e in reader.errors if e != f"failed {old_url} net::ERR_ABORTED"]


@pytest.mark.parametrize("old, new, heading", [
    ("actors/alphaland/", "actors/alpha-land/", "Alphaland"),
    ("topics/tariffs/", "topics/tariffs-and-duties/", "Tariffs & duties"),
    ("articles/2022/gu-security-talks/", "articles/2023/gamma-union-security-talks/",
     "Gamma Union opens security talks"),
])
def test_an_old_address_lands_on_the_current_page(browser, corpus_url, old, new, heading):  # noqa: F811
    with Reader(browser, corpus_url) as reader:
        reader.page.goto(corpus_url + old)
        reader.page.wait_for_url(corpus_url + new)
        assert reader.page.locator("h1").inner_text() == heading
        assert reader.outside == [] and _left(reader, corpus_url + old) == []


def test_a_retracted_article_says_so_at_its_address(browser, corpus_url):  # noqa: F811
    old = corpus_url + "articles/2022/envoy-recalled/"
    with Reader(browser, corpus_url) as reader:
        reader.page.goto(old)
        reader.page.wait_for_url(corpus_url + "articles/2022/alphaland-recalls-envoy/")
        assert reader.page.locator("h1").inner_text().startswith("Retracted: ")
        assert "withdrawn from the archive" in reader.page.locator("body").inner_text()
        reader.errors[:] = _left(reader, old)  # every other failure still fails the check
        reader.check("retracted", whole_page=False)


def test_an_old_address_with_a_section_lands_on_that_section(browser, corpus_url):  # noqa: F811
    # a refresh drops the #section; the redirect's script keeps it
    section = "#seen-most-often-with"
    with Reader(browser, corpus_url) as reader:
        reader.page.goto(corpus_url + "actors/alphaland/" + section)
        reader.page.wait_for_url(corpus_url + "actors/alpha-land/" + section)
        reader.page.wait_for_load_state("load")
        top = reader.page.locator(section).evaluate("e => e.getBoundingClientRect().top")
        assert reader.page.evaluate("window.scrollY") > 0
        assert 0 <= top < 200, top  # at the top of the window, under the header
        assert reader.outside == [] and _left(reader, corpus_url + "actors/alphaland/") == []


def test_an_old_address_leads_to_the_page_without_javascript(browser, corpus_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(corpus_url + "actors/alphaland/#seen-most-often-with")
        page.wait_for_url(corpus_url + "actors/alpha-land/")
        assert page.locator("h1").inner_text() == "Alphaland"
    finally:
        context.close()
