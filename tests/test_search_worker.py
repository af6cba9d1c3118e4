"""The search worker's answers on the seed's index, run by Node (bench/searchworker.cjs
runs theme/assets/javascripts/search-worker.js as a browser would, its fetches reading
the index's files): misspelt names, other forms of a word, whole words marked.

test_browser_search.py asks the same of Material's dialog in Chromium; these run in a
second, with the fast tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from generator.outputs import search
from generator.render.text import read_front_matter
from tests.conftest import ROOT

pytestmark = pytest.mark.fast

HARNESS = ROOT / "bench" / "searchworker.cjs"


@pytest.fixture(scope="module")
def seed_site(seed_built, tmp_path_factory):
    """The seed's search index and the theme's search scripts, as a built site has them."""
    _, pages = seed_built
    records = []
    for path, text in sorted(pages.items()):
        meta, _ = read_front_matter(text) if path.endswith(".md") else ({}, "")
        if "search_sections" in meta:
            records.append(search.page_record(path.removesuffix("index.md"), meta,
                                              meta["search_sections"]))
    site = tmp_path_factory.mktemp("worker")
    search.write_index(records, site)
    scripts = site / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    for script in (ROOT / "theme" / "assets" / "javascripts").glob("search-*.js"):
        shutil.copy(script, scripts / script.name)
    return site


def ask(site, *queries: str) -> list[list[tuple[str, str]]]:
    """Each query's results, best first: (address, excerpt as HTML)."""
    lines = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    done = subprocess.run(["node", str(HARNESS), str(site)], input=lines, capture_output=True,
                          text=True, check=True)
    return [[tuple(result) for result in json.loads(line)] for line in done.stdout.splitlines()]


@pytest.mark.parametrize("query, expected", [
    ("Zelenskky", "actors/zelenskyy/"),  # a letter doubled
    ("Zelesnkyy", "actors/zelenskyy/"),  # two swapped
    ("Hun Sem", "actors/hun-sen/"),  # one changed
    ("Cambodja", "actors/cambodia/"),
    ("Зеленский", "actors/zelenskyy/"),  # the Russian spelling of the Ukrainian name
    ("HunSen", "actors/hun-sen/"),  # the space left out
    ("Samdech Tehco", "actors/hun-sen/"),  # an alias
    ("Demning", "topics/demining/"),  # a topic, one letter left out
])
def test_a_name_one_edit_off_finds_its_page_first(seed_site, query, expected):
    [results] = ask(seed_site, query)
    assert [url for url, _ in results[:1]] == [expected], results


def test_a_word_finds_its_other_forms_and_only_whole_words_are_marked(seed_site):
    # a space after the word: it is not being typed, so nothing is found by its beginning
    sanction, deminer, hun_sen = ask(seed_site, "sanction ", "deminer ", "Hun Sen")
    assert sanction[0][0] == "topics/sanctions/"
    marked = {m.lower() for _, text in sanction for m in re.findall(r"<mark>(.*?)</mark>", text)}
    assert "sanctions" in marked
    article = next(text for url, text in deminer if url.startswith("articles/"))
    assert "<mark>deminers</mark>" in article
    marks = {m for _, text in hun_sen for m in re.findall(r"<mark>(.*?)</mark>", text)}
    assert marks == {"Hun", "Sen"}, marks
    assert any("Seng Vanly" in text for _, text in hun_sen)  # shown, not marked


def test_an_excerpt_is_the_page_s_own_text(seed_site):
    [results] = ask(seed_site, "Hun Sen")
    url, text = results[0]
    assert url == "actors/hun-sen/"
    assert text.startswith("<mark>Hun</mark> <mark>Sen</mark> is a Cambodian politician")
    assert "Also referred to as" not in text
