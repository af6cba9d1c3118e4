"""The search in real headless Chromium, under the /news-archive/ subpath.

Material's own search box answers from the search index the generator writes
(generator/outputs/search.py, theme/assets/javascripts/search-worker.js): names in any
script find their actor first, and so do names misspelt by one letter; a word finds its
other forms; only whole words are marked; every result can be reached, ten at a time; a
filter narrows the results, the keyboard works, the open dialog passes axe, nothing is
fetched from another site, and on a generated site of 1,000
articles a first query and a further one fetch no more than the budgets of issue 13
(counted as served gzipped, as GitHub Pages does, from the browser's own network events).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import search_bytes
from bench.corpus import write_corpus
from tests import test_browser as tb
from tests import test_hostile_injection as hostile
from tests.conftest import ROOT
from tests.test_browser import ARTIFACTS, Reader

# the seed site, its server, the browser and a reader: test_browser's fixtures
site_dir, base_url, browser, reader = tb.site_dir, tb.base_url, tb.browser, tb.reader
hostile_site = hostile.hostile_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_QUERY_BUDGET = 500 * 1024
NEXT_QUERY_BUDGET = 150 * 1024
SCREENS = Path(os.environ.get("ARCHIVE_SCREENS", ARTIFACTS))
ITEMS = ".md-search-result__item > a.md-search-result__link"


def _open_search(reader: Reader, query: str) -> list[str]:
    """The result addresses of `query`, typed into the header's search box."""
    page = reader.page
    page.goto(reader.base)
    box = page.locator("input.md-search__input")
    box.click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    box.press_sequentially(query, delay=20)
    # Playwright types a letter that is not on its keyboard without a keyup, the event
    # Material reads the box on: a key that moves nothing sends one
    box.press("End")
    page.locator(ITEMS).first.wait_for(timeout=10_000)
    page.wait_for_load_state("networkidle")
    return _hrefs(reader)


def _hrefs(reader: Reader) -> list[str]:
    items = reader.page.locator(ITEMS)
    return [items.nth(i).get_attribute("href").removeprefix(reader.base) for i in
            range(items.count())]


@pytest.mark.parametrize("query, expected", [
    ("ហ៊ុន សែន", "actors/hun-sen/"),
    ("Володимир Зеленський", "actors/zelenskyy/"),
    ("Зеленський", "actors/zelenskyy/"),
    ("Zelensky", "actors/zelenskyy/"),
    ("zelenskyy", "actors/zelenskyy/"),
    ("Hun Sen", "actors/hun-sen/"),
    ("demining", "topics/demining/"),
    ("war in Ukraine", "topics/russia-ukraine-war/"),
])
def test_a_name_in_any_script_finds_its_page_first(reader, query, expected):
    hrefs = _open_search(reader, query)
    assert hrefs[0] == expected, hrefs[:5]
    if query == "ហ៊ុន សែន":
        reader.check("search-khmer", whole_page=False)
    elif query == "Zelensky":
        reader.check("search", whole_page=False)
        _keep("search-khmer")


def _total(page) -> int:
    """The number of matching pages the dialog reports ("10 of 16 matching documents")."""
    text = page.locator(".md-search-result__meta").inner_text()
    found = re.search(r"([\d,]+) matching document", text)
    if found:
        return int(found.group(1).replace(",", ""))
    return 1 if "1 matching document" in text else 0


@pytest.mark.parametrize("query, expected", [
    ("Zelenskky", "actors/zelenskyy/"),  # a letter doubled
    ("Hun Sem", "actors/hun-sen/"),  # a letter changed
    ("Cambodja", "actors/cambodia/"),
    ("Зеленский", "actors/zelenskyy/"),  # the Russian spelling of the Ukrainian alias
])
def test_a_name_misspelt_by_one_letter_finds_its_page_first(reader, query, expected):
    hrefs = _open_search(reader, query)
    assert hrefs[:1] == [expected], hrefs[:5]
    # found as the name it is near, not as a page that lacks a word ("Missing: sem")
    first = reader.page.locator(".md-search-result__item").first
    assert first.locator(".md-search-result__terms").count() == 0
    if query == "Zelenskky":
        reader.check("search-typo", whole_page=False)
        _keep("search-typo")
    assert reader.outside == [] and reader.errors == []


def _focus_on(page, selector: str, most: int = 40) -> None:
    """Press the down arrow, as a reader moving through the dialog, until `selector` has
    the focus."""
    for _ in range(most):
        if page.evaluate(f"!!document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector} never had the focus")


def _meta(page) -> str:
    return page.locator(".md-search-result__meta").inner_text()


def _listed(page, count: int) -> None:
    """Wait for Material to list `count` results: the count above the list can be set
    (search-dialog.js, from the worker's message) before the list is filled."""
    page.wait_for_function("([items, count]) => document.querySelectorAll(items).length "
                           "=== count", arg=[ITEMS, count], timeout=10_000)


def test_every_result_is_reachable_from_the_keyboard(reader):
    page = reader.page
    first = _open_search(reader, "Cambodia")
    total = _total(page)
    assert len(first) == 10 < total <= 20, (first, total)
    assert _meta(page) == f"1–10 of {total} matching documents"
    # the arrows go on from the results to the link to the next ones; Enter follows it,
    # and the first of them has the focus
    _focus_on(page, "a[data-archive-step='1']")
    assert page.evaluate("document.activeElement.textContent") == f"Next {total - 10}"
    page.keyboard.press("Enter")
    page.locator(".md-search-result__meta", has_text=f"11–{total} of {total}").wait_for()
    _listed(page, total - 10)
    second = _hrefs(reader)
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused.removeprefix(reader.base) == second[0]
    assert len(set(first + second)) == len(first + second) == total
    assert page.locator("#__search").is_checked()  # the dialog stayed open
    reader.check("search-pages", whole_page=False)
    _keep("search-pages")
    # and back, with Space on the link as on a button
    _focus_on(page, "a[data-archive-step='-1']")
    page.keyboard.press(" ")
    page.locator(".md-search-result__meta", has_text=f"1–10 of {total}").wait_for()
    _listed(page, 10)
    assert _hrefs(reader) == first
    assert page.locator("a[data-archive-step='-1']").get_attribute("href") is None


def test_a_word_finds_its_other_forms(reader):
    # a space after the word: it is not being typed, so nothing is found by its
    # beginning; "sanction" finds "Sanctions", "deminer" finds "deminers" and "demining"
    page = reader.page
    assert _open_search(reader, "sanction ")[0] == "topics/sanctions/"
    assert "sanctions" in _marks(page)
    hrefs = _open_search(reader, "deminer ")
    assert "articles/2023/hun-sen-zelenskyy-second-call/" in hrefs, hrefs
    assert {"deminers", "demining"} <= _marks(page)


def _marks(page) -> set[str]:
    return {m.lower() for m in page.locator(".md-search-result__list mark").all_text_contents()}


def test_only_whole_words_of_the_query_are_marked(reader):
    page = reader.page
    hrefs = _open_search(reader, "Hun Sen")
    assert hrefs[0] == "actors/hun-sen/"
    results = page.locator(".md-search-result__list")
    assert "Seng Vanly" in results.inner_text()  # shown, but not marked
    assert _marks(page) == {"hun", "sen"}
    # the excerpt of Hun Sen's page is its own text, not its list of names run into it
    text = page.locator(".md-search-result__item").first.locator("article").inner_text()
    assert "Hun Sen is a Cambodian politician" in text
    assert "Also referred to as" not in text and "Samdech" not in text


def test_articles_come_with_highlighted_excerpts(reader):
    hrefs = _open_search(reader, "deminers")
    assert any(h.startswith("articles/") for h in hrefs), hrefs
    article = reader.page.locator(".md-search-result__item", has=reader.page.locator(
        'a[href*="/articles/"]')).first
    assert article.locator("mark").count() >= 1
    assert "demin" in article.locator("mark").first.inner_text().lower()


def test_a_filter_narrows_the_results(reader):
    page = reader.page
    everything = _open_search(reader, "Cambodia")
    assert any(not h.startswith("actors/") for h in everything), everything
    all_kinds = _total(page)
    page.locator(".archive-facets > summary").click()
    kind = page.locator('select[data-archive-facet="kind"]')
    kind.locator('option[value="actor"]').wait_for(state="attached")
    assert page.locator('select[data-archive-facet="year"] option[value="2023"]').count() == 1
    # each value counts the query's pages, not the site's
    label = kind.locator('option[value="actor"]').inner_text()
    actors_found = int(re.fullmatch(r"actor \((\d+)\)", label).group(1))
    assert 0 < actors_found < all_kinds
    kind.select_option("actor")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-search-result__item > a')]
                 .every(a => a.href.includes('/actors/'))""")
    actors = _hrefs(reader)
    assert actors and all(h.startswith("actors/") for h in actors), actors
    assert _total(page) == actors_found
    assert actors[0] == "actors/cambodia/", actors
    reader.check("search-filter", whole_page=False)
    _keep("search-filter")
    # back to every kind: the articles are back
    kind.select_option("")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-search-result__item > a')]
                 .some(a => a.href.includes('/articles/'))""")


def test_the_keyboard_opens_moves_through_and_closes_the_search(reader):
    page = reader.page
    page.goto(reader.base)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement")
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    page.keyboard.type("Hun Sen", delay=20)
    page.locator(ITEMS).first.wait_for()
    page.keyboard.press("ArrowDown")  # the filters' summary comes first, then the results
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert focused.endswith("/actors/hun-sen/"), focused
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    # the search closes with transitions: the next key waits until they have ended, as a
    # reader's would (a key pressed mid-transition was lost once in a loaded full run)
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')")
    page.keyboard.press("s")
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")  # Enter in the box opens the best result
    page.wait_for_url("**/actors/hun-sen/")
    assert reader.outside == [] and reader.errors == []


def test_markup_in_content_is_shown_as_text_in_the_results(browser, hostile_site):
    with tb.serve(hostile_site) as url, Reader(browser, url) as reader:
        alerts: list[str] = []
        reader.page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        hrefs = _open_search(reader, "alert")
        assert "articles/2023/evil-article/" in hrefs, hrefs
        results = reader.page.locator(".md-search-result__list")
        assert results.locator("img, script, iframe").count() == 0
        assert "<script>alert(1)</script>" in results.inner_text()
        assert alerts == [] and reader.errors == [] and reader.outside == []


# --- bytes fetched on a generated site of 1,000 articles ---


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search1000") / "repo"
    write_corpus(root, 1000)
    for name in ("theme", "docs"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(ROOT / name, root / name)
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def test_a_query_fetches_kilobytes_on_a_site_of_1000_articles(browser, thousand):
    # served gzipped as GitHub Pages serves it; the browser's own network events, the
    # worker's included (bench/search_bytes.py, which `make bench` runs at every size)
    with search_bytes.serve_gzipped(thousand) as url, Reader(browser, url) as reader:
        fetched = search_bytes.Fetched(reader.context)
        first, second = search_bytes.measure_queries(reader.page, fetched, url)
        print(f"\n{first.text!r}: {first.bytes} bytes in {first.requests} requests; "
              f"{second.text!r}: {second.bytes} bytes in {second.requests} requests")
        # the index's table of chunks comes with the first query, not with the page,
        # and once; each query fetches word chunks and the excerpts of what it shows
        assert any(u.endswith("/search/index.json") for u in first.urls), sorted(first.urls)
        assert not any(u.endswith("/search/index.json") for u in second.urls)
        for query in (first, second):
            assert any("/search/w/" in u for u in query.urls), sorted(query.urls)
            assert any("/search/p/" in u for u in query.urls), sorted(query.urls)
        assert 0 < first.bytes <= FIRST_QUERY_BUDGET, sorted(first.urls.items())
        assert 0 < second.bytes <= NEXT_QUERY_BUDGET, sorted(second.urls.items())
        assert reader.outside == [] and reader.errors == []


def _keep(name: str) -> None:
    """A copy of tests/artifacts/<name>.png where ARCHIVE_SCREENS says, if it does."""
    if SCREENS != ARTIFACTS:
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"{name}.png", SCREENS / f"{name}.png")


def _most_named_actor(repo: Path) -> dict:
    """The actor of the corpus that the most articles name, with its front matter."""
    import yaml

    articles = [p.read_text("utf-8") for p in (repo / "content" / "articles").rglob("*.md")]
    best, count = None, -1
    for path in sorted((repo / "content" / "actors").glob("*.md")):
        meta = yaml.safe_load(path.read_text("utf-8").split("---")[1])
        named = sum(meta["name"] in text for text in articles)
        if named > count:
            best, count = {**meta, "id": path.stem, "named": named}, named
    return best


def test_an_actor_named_in_hundreds_of_articles_comes_first_for_each_of_its_names(
        browser, thousand):
    actor = _most_named_actor(thousand.parent)
    assert actor["named"] > 200 and actor["aliases"]
    with search_bytes.serve_gzipped(thousand) as url, Reader(browser, url) as reader:
        page = reader.page
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.click()
        for query in (actor["name"], *actor["aliases"], actor["id"]):
            # the whole query at once, after the last one's results are gone: no result
            # of a query on the way ("Sai Br") is read as this one's
            box.fill("")
            box.press("End")
            page.wait_for_function(f"() => !document.querySelector('{ITEMS}')")
            box.fill(query)
            box.press("End")
            page.locator(ITEMS).first.wait_for(timeout=30_000)
            first = page.locator(ITEMS).first.get_attribute("href")
            assert first.removeprefix(url).split("?")[0] == f"actors/{actor['id']}/", query
        assert reader.outside == [] and reader.errors == []
