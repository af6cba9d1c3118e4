"""JSON-LD that connects (publisher, topics, site, indexes, dataset), the open-data
licence and Data Package, and the page dates that the sitemap prints."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from pyld import jsonld

from bench.corpus import write_corpus
from generator import urls
from generator.model import ACTOR_TYPES
from generator.outputs.export import DATAPACKAGE
from generator.settings import ConfigError, plugin_options, read_config, settings_from
from tests import schemaorg
from tests.conftest import ROOT, Repo, make_repo

CONFIG = read_config(ROOT / "site_config.yml")
BASE = CONFIG["site_url"]
NAME = CONFIG["site_name"]


def meta_of(page_text: str) -> dict:
    return yaml.safe_load(page_text.split("---\n", 2)[1])


def ld(pages: dict[str, str], path: str) -> dict:
    return json.loads(meta_of(pages[path])["jsonld"])


SCHEMA = "http://schema.org/"


def site_graph(pages: dict[str, str]) -> dict[str, dict]:
    """Every page's JSON-LD expanded and merged by `@id` (pyld, with schema.org's context
    from tests/vendor): what the site as a whole says about each node."""
    documents = [json.loads(meta["jsonld"]) for path, text in sorted(pages.items())
                 if path.endswith(".md") and "jsonld" in (meta := meta_of(text) or {})]
    flat = jsonld.flatten(documents, None, schemaorg.OPTIONS)
    return {node["@id"]: node for node in flat}


def facts(node: dict, key: str) -> set[str]:
    """The values of one schema.org property of an expanded node (types: key "@type")."""
    if key == "@type":
        return {t.removeprefix(SCHEMA) for t in node.get("@type", [])}
    return {v.get("@value", v.get("@id")) for v in node.get(SCHEMA + key, [])}


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """Enough articles for year pages: the archive, `hub` and `everything` get them."""
    root = tmp_path_factory.mktemp("paged") / "repo"
    write_corpus(root, 90, hub=True)
    repo = Repo(root)
    result = repo.run()
    assert result.pages is not None, result.report.diagnostics
    return result.site, result.pages


# --- JSON-LD -----------------------------------------------------------------------------


@pytest.mark.fast
def test_article_names_the_archive_as_publisher_and_the_site_describes_it(seed_built):
    site, pages = seed_built
    article = site.articles[0]
    data = ld(pages, urls.article(article.id, article.date.year))
    assert data["publisher"] == {"@type": "Organization", "@id": BASE + "#publisher",
                                 "name": NAME}
    home = ld(pages, urls.HOME)
    assert home["@type"] == "WebSite"
    assert home["@id"] == BASE + "#website"
    assert home["url"] == BASE and home["name"] == NAME
    assert home["description"] == CONFIG["site_description"]
    # the full description of the publisher names its corrections policy, a page of the
    # site (site_config.yml); the articles refer to it by its @id
    policy = plugin_options(CONFIG)["corrections_policy"]
    page, _, anchor = policy.partition("#")
    assert home["publisher"] == {**data["publisher"], "url": BASE,
                                 "correctionsPolicy": f"{BASE}{urls.public(page)}#{anchor}"}
    assert "potentialAction" not in home  # the search has no address to send a query to


@pytest.mark.fast
def test_article_author_is_its_publication_and_absent_without_one(repo):
    for name in ("a", "b"):
        repo.write(f"content/actors/{name}.md", f"---\nname: {name.upper()}\ntype: person\n---\n")
    repo.write("content/articles/2024/with.md", """\
        ---
        title: With a source
        date: 2024-01-02
        source: {name: The Daily, url: "https://example.org/x"}
        summary: x
        actors: [a]
        ---
        Body.
        """)
    repo.write("content/articles/2024/without.md", """\
        ---
        title: Without a source
        date: 2024-01-03
        summary: x
        actors: [b]
        ---
        Body.
        """)
    pages = repo.run().pages
    with_source = ld(pages, urls.article("with", 2024))
    assert with_source["author"] == {"@type": "Organization", "name": "The Daily"}
    assert with_source["isBasedOn"]["publisher"] == with_source["author"]
    assert with_source["isBasedOn"]["url"] == "https://example.org/x"
    without = ld(pages, urls.article("without", 2024))
    assert "author" not in without and "isBasedOn" not in without


def test_article_topics_are_the_defined_terms_of_the_topic_pages(seed_built):
    site, pages = seed_built
    article = site.articles[0]
    about = ld(pages, urls.article(article.id, article.date.year))["about"]
    ids = [x["@id"] for x in about]
    assert ids == [BASE + f"actors/{a}/#entity" for a in article.actors] + [
        BASE + f"topics/{t}/#entity" for t in article.topics]
    graph = site_graph(pages)
    for topic_id in article.topics:
        topic = ld(pages, urls.topic(topic_id))
        assert topic["@type"] == "DefinedTerm" and topic["@id"] in ids
        assert facts(graph[topic["@id"]], "name") == {site.topics[topic_id].name}


def _named(node: dict) -> dict:
    """A node's facts but for blank nodes (quotations), which flattening numbers anew."""
    return {key: [v for v in values
                  if not (isinstance(v, dict) and v.get("@id", "").startswith("_:"))]
            if isinstance(values, list) else values for key, values in node.items()}


def test_every_entity_a_page_names_is_described_once_on_its_own_page(seed_built):
    """A page refers to an actor or topic by `@id` alone; the site as a whole still says
    each one's type and name (what every reference used to repeat), and nothing else of
    it but what its own page says."""
    site, pages = seed_built
    graph = site_graph(pages)
    named = {ref["@id"] for node in graph.values() for key, values in node.items()
             if key.startswith(SCHEMA) for ref in values if "@id" in ref}
    for actor in site.actors.values():
        node = graph[BASE + f"actors/{actor.id}/#entity"]
        assert facts(node, "@type") == {ACTOR_TYPES[actor.type].schema_type}, actor.id
        assert facts(node, "name") == {actor.name}, actor.id
        own = site_graph({urls.actor(actor.id): pages[urls.actor(actor.id)]})[node["@id"]]
        assert _named(node) == _named(own), actor.id
    for topic in site.topics.values():
        node = graph[BASE + f"topics/{topic.id}/#entity"]
        assert facts(node, "@type") == {"DefinedTerm"} and facts(node, "name") == {topic.name}
    entities = {i for i in named if "/actors/" in i or "/topics/" in i}
    assert entities and all(graph[i].get("@type") for i in entities)


def test_index_pages_are_collections_of_the_website(seed_built):
    _, pages = seed_built
    website = ld(pages, urls.HOME)["@id"]
    for path, title in ((urls.ARCHIVE, "Articles"), (urls.ACTORS, "Actors"),
                        (urls.TOPICS, "Topics")):
        data = ld(pages, path)
        assert data["@type"] == "CollectionPage", path
        assert data["@id"] == data["url"] == BASE + urls.site_url(path)
        assert data["name"] == title
        assert data["isPartOf"] == {"@type": "WebSite", "@id": website}
    term_set = ld(pages, urls.TOPICS)["mainEntity"]
    assert term_set["@type"] == "DefinedTermSet"
    assert ld(pages, urls.topic("sanctions"))["inDefinedTermSet"]["@id"] == term_set["@id"]


def test_year_pages_are_collections_about_their_owner(paged):
    _, pages = paged
    years = {p for p in pages if re.fullmatch(r"(articles|actors/hub|topics/everything)/"
                                             r"\d{4}(-\d+)?/index\.md", p)}
    assert {p.split("/")[0] for p in years} == {"articles", "actors", "topics"}
    hub = ld(pages, urls.actor("hub"))
    everything = ld(pages, urls.topic("everything"))
    for path in years:
        data = ld(pages, path)
        assert data["@type"] == "CollectionPage"
        assert data["@id"] == data["url"] == BASE + urls.site_url(path)
        assert data["isPartOf"]["@id"] == ld(pages, urls.HOME)["@id"]
        owner = {"actors": hub, "topics": everything}.get(path.split("/")[0])
        if owner is None:
            assert "about" not in data
        else:
            assert data["about"] == {"@id": owner["@id"]}


@pytest.mark.fast
def test_data_page_is_a_dataset_with_its_licence_and_every_file(seed_built):
    site, pages = seed_built
    data = ld(pages, urls.DATA)
    assert data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["publisher"]["@id"] == BASE + "#publisher"
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    published = {p for p in pages if p.startswith("data/") and not p.endswith(".md")}
    assert {u[len(BASE):] for u in downloads} == published - {DATAPACKAGE}
    assert {media for url, media in downloads.items() if url.endswith(".csv")} == {"text/csv"}
    assert {media for url, media in downloads.items() if url.endswith(".json")} == {
        "application/json"}
    assert BASE + "data/articles/2023.csv" in downloads  # a table by year, its year's file
    assert data["dateModified"] == site.articles[0].date.isoformat()


# --- licence and Data Package ------------------------------------------------------------


@pytest.mark.fast
def test_datapackage_describes_every_export_with_the_licence(seed_built):
    _, pages = seed_built
    package = json.loads(pages[DATAPACKAGE])
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["licenses"] == [{
        "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International"}]
    resources = {r["path"]: r for r in package["resources"]}
    exported = {p.removeprefix("data/") for p in pages
                if p.startswith("data/") and p.endswith((".json", ".csv"))}
    assert set(resources) == exported - {"datapackage.json"}
    assert len({r["name"] for r in package["resources"]}) == len(resources)
    for path, resource in resources.items():
        ext = path.rpartition(".")[2]
        assert resource["format"] == ext
        assert resource["mediatype"] == {"json": "application/json", "csv": "text/csv"}[ext]
        if ext == "csv":
            header = next(csv.reader(io.StringIO(pages["data/" + path])))
            assert [f["name"] for f in resource["schema"]["fields"]] == header
    roles = next(f for f in resources["actors.csv"]["schema"]["fields"] if f["name"] == "roles")
    assert roles["type"] == "array"


def test_licence_setting_reaches_the_page_and_the_package(repo):
    config = read_config(repo.config)
    plugin_options(config)["data_licence"] = {
        "name": "Open Data Commons Open Database License",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/", "id": "ODbL-1.0"}
    repo.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    pages = repo.run().pages
    page = pages[urls.DATA]
    assert ('<a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="noopener '
            'noreferrer">Open Data Commons Open Database License (ODbL-1.0)</a>') in page
    assert "creativecommons" not in page
    assert json.loads(pages[DATAPACKAGE])["licenses"] == [{
        "name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Data Commons Open Database License"}]
    assert ld(pages, urls.DATA)["license"] == "https://opendatacommons.org/licenses/odbl/1-0/"


def test_default_licence_is_shown_on_the_data_page(seed_built):
    _, pages = seed_built
    assert ('<a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener noreferrer">'
            "Creative Commons Attribution 4.0 International (CC-BY-4.0)</a>") in pages[urls.DATA]


@pytest.mark.parametrize("value, message", [
    ("CC-BY-4.0", "must be a mapping with name and url"),
    ({"name": "X"}, "data_licence.url is required"),
    ({"url": "https://example.org/l"}, "data_licence.name is required"),
    ({"name": "X", "url": "example.org/l"}, "must be an http or https address"),
    ({"name": "X", "url": "https://example.org/l", "id": "CC BY"}, "SPDX licence identifier"),
    ({"name": "X", "url": "https://example.org/l", "licence": "y"},
     "unknown data_licence key(s): licence"),
])
@pytest.mark.fast
def test_bad_licence_settings_are_refused(tmp_path, value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        settings_from(tmp_path, {}, {"data_licence": value})


# --- page dates --------------------------------------------------------------------------


def test_pages_are_dated_by_the_newest_article_they_show(seed_built):
    site, pages = seed_built
    newest = site.articles[0].date.isoformat()
    for path in (urls.HOME, urls.ARCHIVE, urls.ACTORS, urls.TOPICS, urls.NETWORK, urls.DATA):
        assert meta_of(pages[path])["updated"] == newest, path


def test_article_pages_are_dated_by_their_article(paged):
    site, pages = paged
    assert len({a.date for a in site.articles}) > 1
    for article in site.articles:
        meta = meta_of(pages[urls.article(article.id, article.date.year)])
        assert meta["updated"] == meta["date"] == article.date.isoformat()


def test_entity_and_year_pages_are_dated_by_their_own_newest_article(paged):
    site, pages = paged
    for actor_id, ids in site.articles_by_actor.items():
        newest = max(site.article_by_id[a].date for a in ids)
        assert meta_of(pages[urls.actor(actor_id)])["updated"] == newest.isoformat()
    for topic_id, ids in site.articles_by_topic.items():
        newest = max(site.article_by_id[a].date for a in ids)
        assert meta_of(pages[urls.topic(topic_id)])["updated"] == newest.isoformat()
    oldest_year = min(a.date.year for a in site.articles)
    first_page = meta_of(pages[urls.listing("articles", oldest_year)])
    in_year = [a.date for a in site.articles if a.date.year == oldest_year]
    assert first_page["updated"] == max(in_year).isoformat()
    assert first_page["updated"] < meta_of(pages[urls.HOME])["updated"]


def test_a_page_without_articles_has_no_date(tmp_path):
    from tests.conftest import FIXTURES

    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    pages = repo.run().pages
    assert "updated" not in meta_of(pages[urls.actor("delta-group")])  # named by no article


@pytest.mark.fast
def test_what_an_actor_belongs_to_stays_in_schema_org_ranges(seed_built):
    # affiliation and parentOrganization take an Organization; a Country is a Place
    _, pages = seed_built
    graph = site_graph(pages)

    def kind(ref: dict) -> set[str]:
        return facts(graph[ref["@id"]], "@type")

    hun_sen = ld(pages, urls.actor("hun-sen"))
    assert kind(hun_sen["nationality"]) == {"Country"} and "affiliation" not in hun_sen
    kin_phea = ld(pages, urls.actor("kin-phea"))
    assert kind(kin_phea["affiliation"]) == {"Organization"}
    ministry = ld(pages, urls.actor("cambodia-mfa"))
    assert kind(ministry["location"]) == {"Country"} and "parentOrganization" not in ministry
    institute = ld(pages, urls.actor("international-relations-institute"))
    assert kind(institute["parentOrganization"]) == {"Organization"}
    # ... and the pages say it in words that fit
    body = {a: pages[urls.actor(a)].split("---\n", 2)[2] for a in ("hun-sen", "cambodia-mfa",
                                                                    "international-relations-institute")}
    assert "affiliated with <a" in body["hun-sen"] and "part of" not in body["hun-sen"]
    assert "based in <a" in body["cambodia-mfa"]
    assert "part of <a" in body["international-relations-institute"]


@pytest.mark.fast
def test_every_count_on_the_home_page_is_a_link(seed_built):
    _, pages = seed_built
    body = pages[urls.HOME].split("---\n", 2)[2]
    counts = re.search(r"<p>(<a [^\n]*\d+ topics?</a>)</p>", body).group(1)
    assert [re.sub(r"<[^>]+>", "", part) for part in counts.split(" · ")] == [
        "1 article", "17 actors", "7 topics"]
    assert counts.count("<a href=") == 3
