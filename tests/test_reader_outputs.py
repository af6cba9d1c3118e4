"""Feeds, open data and structured data, checked against the content they come from."""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import urls
from generator.outputs import export
from generator.outputs.export import TABLES

pytestmark = pytest.mark.fast

BASE = "https://news-archive.github.io/news-archive/"


def meta_of(page_text: str) -> dict:
    return yaml.safe_load(page_text.split("---\n", 2)[1])


# --- feeds -------------------------------------------------------------------------------


def test_site_feed_parses_and_lists_articles(seed_built):
    site, pages = seed_built
    feed = feedparser.parse(pages[urls.FEED_ALL])
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        BASE + urls.site_url(urls.article(a.id, a.date.year)) for a in site.articles]
    entry = feed.entries[0]
    article = site.articles[0]
    assert entry.title == article.title
    assert entry.summary == article.summary
    assert entry.published.startswith(article.date.isoformat())
    assert {t.term for t in entry.tags} >= set(article.actors) | set(article.topics)


def test_every_actor_and_topic_has_a_feed_of_its_articles(seed_built):
    site, pages = seed_built
    for actor_id in site.actors:
        feed = feedparser.parse(pages[urls.actor_feed(actor_id)])
        assert not feed.bozo
        assert feed.feed.title.startswith(site.actors[actor_id].name)
        assert len(feed.entries) == len(site.articles_by_actor.get(actor_id, ()))
    for topic_id in site.topics:
        feed = feedparser.parse(pages[urls.topic_feed(topic_id)])
        assert not feed.bozo
        assert len(feed.entries) == len(site.articles_by_topic.get(topic_id, ()))


def test_actor_and_topic_pages_name_their_feed(seed_built):
    _, pages = seed_built
    meta = meta_of(pages[urls.actor("zelenskyy")])
    assert meta["feeds"] == [{"title": "Volodymyr Zelenskyy: latest articles",
                              "path": urls.actor_feed("zelenskyy")}]
    assert meta_of(pages[urls.topic("sanctions")])["feeds"][0]["path"] == \
        urls.topic_feed("sanctions")


# --- open data ---------------------------------------------------------------------------


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def table_json(site, pages: dict, name: str) -> list[dict]:
    """One table's rows, from its JSON file or its parts' in order (`export.parts`)."""
    return [row for part in export.parts(site, name)
            for row in json.loads(pages[export.part_path(name, part, "json")])]


def test_exports_have_documented_columns_in_both_formats(seed_built):
    site, pages = seed_built
    for name, (_, columns) in TABLES.items():
        names = [c for c, _, _ in columns]
        for part in export.parts(site, name):
            rows = json.loads(pages[export.part_path(name, part, "json")])
            assert all(list(r) == names for r in rows), name
            csv_text = pages[export.part_path(name, part, "csv")]
            assert next(csv.reader(io.StringIO(csv_text))) == names
            assert len(_csv_rows(csv_text)) == len(rows)
    page = pages[urls.DATA]
    for _, _, path, _, _ in export.files(site):
        assert path.removeprefix("data/") in page, path
    for _, (_, columns) in TABLES.items():
        assert all(f"<code>{c}</code>" in page for c, _, _ in columns)


def test_tables_that_grow_with_the_articles_are_written_one_file_per_year(fixture_repo):
    result = fixture_repo.run()
    site, pages = result.site, result.pages
    years = sorted({a.date.year for a in site.articles}, reverse=True)
    assert len(years) > 1
    exported = {p for p in pages if p.startswith("data/") and not p.endswith(".md")}
    assert {p for _, _, p, _, _ in export.files(site)} == exported - {"data/datapackage.json"}
    for name in export.BY_YEAR:
        assert urls.data_file(f"{name}.json") not in pages  # no file of the whole table
    for year in years:
        articles = json.loads(pages[f"data/articles/{year}.json"])
        assert [r["id"] for r in articles] == [a.id for a in site.articles
                                              if a.date.year == year]
        quotes = _csv_rows(pages[f"data/quotes/{year}.csv"]) if any(
            a.quotes for a in site.articles if a.date.year == year) else []
        assert [r["article"] for r in quotes] == [a.id for a in site.articles
                                                  if a.date.year == year for _ in a.quotes]
        relations = json.loads(pages[f"data/relations/{year}.json"])
        assert {r["source"] for r in relations} <= {a.id for a in site.articles
                                                    if a.date.year == year}
        assert {r["source_type"] for r in relations} == {"article"}
    registry = json.loads(pages["data/relations/registry.json"])
    assert registry and {r["source_type"] for r in registry} <= {"actor", "topic"}
    # the parts, in order, are the whole table
    assert [r["id"] for r in table_json(site, pages, "articles")] == [
        a.id for a in site.articles]
    assert len(table_json(site, pages, "relations")) == export.row_counts(site)["relations"]
    assert export.parts(site, "articles") == [str(y) for y in years]


def test_exports_match_the_content(seed_built):
    site, pages = seed_built
    articles = table_json(site, pages, "articles")
    article = site.articles[0]
    assert articles[0]["id"] == article.id
    assert articles[0]["actors"] == list(article.actors)
    assert articles[0]["mentions"] == list(article.mentions)
    assert articles[0]["quotes"] == len(article.quotes) == 5
    actors = {a["id"]: a for a in json.loads(pages["data/actors.json"])}
    assert set(actors) == set(site.actors)
    assert "ហ៊ុន សែន" in actors["hun-sen"]["aliases"]
    assert actors["hun-sen"]["roles"][0] == {"title": "Prime Minister of Cambodia",
                                             "start": "1985-01-14", "end": "2023-08-22",
                                             "org": None}
    assert actors["zelenskyy"]["wikidata"] == "Q3874799"
    csv_actors = {r["id"]: r for r in _csv_rows(pages["data/actors.csv"])}
    assert json.loads(csv_actors["zelenskyy"]["aliases"]) == actors["zelenskyy"]["aliases"]
    assert csv_actors["zelenskyy"]["affiliation"] == "ukraine"
    quotes = table_json(site, pages, "quotes")
    assert [(q["speaker"], q["number"]) for q in quotes] == [
        (q.speaker, q.number) for q in article.quotes]
    assert quotes[1]["url"].endswith("#quote-2")
    relations = table_json(site, pages, "relations")
    about = {r["target"] for r in relations if r["relation"] == "about"}
    assert about == set(article.actors)
    assert {"source": "zelenskyy", "relation": "affiliation", "target": "ukraine"}.items() <= \
        next(r for r in relations if r["relation"] == "affiliation"
             and r["source"] == "zelenskyy").items()
    co = [r for r in relations if r["relation"] == "co_occurs_with" and r["source"] == "hun-sen"]
    assert co and all(r["weight"] == 1 for r in co)


# --- structured data ---------------------------------------------------------------------


def test_article_json_ld_is_a_news_article_with_about_mentions_and_quotations(seed_built):
    site, pages = seed_built
    article = site.articles[0]
    data = json.loads(meta_of(pages[urls.article(article.id, article.date.year)])["jsonld"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2023-05-29"
    # an actor is named by its @id, described (type, name) on its own page
    entities = {}
    for actor_id in site.actors:
        own = json.loads(meta_of(pages[urls.actor(actor_id)])["jsonld"])
        entities[own["@id"]] = (own["name"], own["@type"])
    assert all(set(x) == {"@id"} for x in data["about"] + data["mentions"])
    people = dict(entities[x["@id"]] for x in data["about"] if x["@id"] in entities)
    assert people["Hun Sen"] == "Person" and people["Cambodia"] == "Country"
    assert {entities[x["@id"]][1] for x in data["mentions"]} >= {
        "Organization", "Person", "Country"}
    quotes = data["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation"] * 5
    assert entities[quotes[1]["creator"]["@id"]][0] == "Volodymyr Zelenskyy"
    assert quotes[1]["url"].endswith("#quote-2")


def test_actor_json_ld_types(seed_built):
    _, pages = seed_built
    for actor_id, kind in (("zelenskyy", "Person"), ("cambodia", "Country"),
                           ("asean", "Organization")):
        data = json.loads(meta_of(pages[urls.actor(actor_id)])["jsonld"])
        assert data["@type"] == kind
    person = json.loads(meta_of(pages[urls.actor("zelenskyy")])["jsonld"])
    assert person["sameAs"] == ["https://www.wikidata.org/wiki/Q3874799"]
    assert "Zelensky" in person["alternateName"]
    assert person["subjectOf"][0]["@type"] == "Quotation"


@pytest.mark.slow
def test_json_ld_cannot_close_its_script_element(repo, tmp_path):
    repo.write("content/actors/a.md", """\
        ---
        name: "</script><script>alert(1)</script>"
        type: person
        ---
        """)
    repo.write("content/articles/2024/x.md", """\
        ---
        title: "A </SCRIPT> & <!-- title"
        date: 2024-01-02
        summary: "x"
        actors: [a]
        ---
        Body.
        """)
    from generator import cli

    site = tmp_path / "site"
    assert cli.main(["-f", str(repo.config), "build", "--site-dir", str(site)]) == 0
    name = "</script><script>alert(1)</script>"
    texts = {}
    for page in ("actors/a/index.html", "articles/2024/x/index.html"):
        html_text = (site / page).read_text(encoding="utf-8")
        (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_text,
                               flags=re.S)
        assert "<" not in script and ">" not in script and "&" not in script
        texts[page] = script
    # The escapes are JSON's own: a JSON reader gets every value back exactly as written.
    actor = json.loads(texts["actors/a/index.html"])
    article = json.loads(texts["articles/2024/x/index.html"])
    assert actor["name"] == name
    assert article["headline"] == "A </SCRIPT> & <!-- title"
    assert article["about"] == [{"@id": actor["@id"]}]
    feed = feedparser.parse(repo.run().pages[urls.FEED_ALL])
    assert feed.entries[0].title == "A </SCRIPT> & <!-- title"


def test_exports_are_the_same_whatever_the_batch_size(seed_built, monkeypatch):
    """Tables are encoded a batch of rows at a time; batches must join seamlessly."""

    site, _ = seed_built
    whole = dict(export.iter_exports(site))
    monkeypatch.setattr(export, "BATCH", 2)
    assert dict(export.iter_exports(site)) == whole
    rows = json.loads(whole[urls.data_file("relations/registry.json")])
    assert len(rows) > 2  # so that a batch of 2 really splits the table


@given(st.lists(st.one_of(st.text(), st.text(alphabet='"\\/\b\f\n\r\t\u2028\x00\x7f é😀'))))
def test_a_list_cell_of_the_csv_files_is_the_list_in_json(items):
    assert export._json_cell(items) == json.dumps(items, ensure_ascii=False)
    mixed = [*items, {"title": "x", "start": None}]
    assert export._json_cell(mixed) == json.dumps(mixed, ensure_ascii=False)


@pytest.mark.fast
def test_a_quote_reads_the_same_on_its_article_its_speaker_and_its_topic(seed_built):
    """One quote style: the words, then the speaker, their role that day and the context;
    away from the article, its date and a link to it."""
    import re

    from generator import urls

    _, pages = seed_built
    caption = ("— <a href=\"{href}\">Volodymyr Zelenskyy</a>, President of Ukraine, tweet")
    article = urls.article("hun-sen-zelenskyy-second-call", 2023)
    for page in (article, urls.actor("zelenskyy"), urls.topic("demining")):
        body = pages[page].split("---\n", 2)[2]
        figures = re.findall(r'<figure class="archive-quote"[^>]*>(.*?)</figure>', body, re.S)
        mine = [f for f in figures if "I noted Cambodia" in f]
        assert mine, page
        href = urls.href(page, urls.actor("zelenskyy"))
        expected = caption.format(href=href)
        for figure in mine:
            found = re.search(r"<figcaption>(.*?)</figcaption>", figure).group(1)
            if page == article:
                assert found == expected
            else:
                assert found.startswith(expected + " · 29 May 2023, in <a href="), found
                assert "#quote-2\">" in found


@pytest.mark.fast
def test_charts_and_citation_marks_stay_out_of_the_search_text(seed_built):
    """A page's search text is its own words: not the names and ticks of its charts
    (a neighbourhood would make it a hit for every actor around it), nor "[1]"."""
    from generator import urls
    from generator.render.text import read_front_matter

    _, pages = seed_built
    meta, _ = read_front_matter(pages[urls.actor("hun-sen")])
    text = {s["id"]: s["text"] for s in meta["search_sections"]}
    assert text["mentions-over-time"] == ""  # the column chart: names of months
    assert "Kin Phea" not in text["neighbourhood"]  # the drawing's names
    assert "[1]" not in " ".join(text.values())
    assert text["roles-over-time"].startswith("Role From To President of the Senate")
