"""Permanent addresses: former and merged ids, retraction, collisions, and the check that
no published address disappears unnoticed (`check --base`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import feedparser
import pytest

from generator import urls
from generator.render.text import read_front_matter as json_front_matter
from tests.conftest import FIXTURES, SEED, make_repo
from tests.sitecheck import search_fragments

CORPUS = FIXTURES / "corpus" / "content"


def _ld(pages, page: str) -> dict:
    return json.loads(json_front_matter(pages[page])[0]["jsonld"])


@pytest.fixture
def corpus(tmp_path):
    return make_repo(tmp_path, CORPUS)


# --- former ids --------------------------------------------------------------------------


@pytest.mark.fast
def test_a_former_address_leads_to_the_current_page_without_javascript(corpus):
    pages = corpus.run().pages
    page = pages["actors/alphaland/index.html"]
    base = corpus.settings().site_url
    assert '<meta http-equiv="refresh" content="0; url=../alpha-land/">' in page
    assert f'<link rel="canonical" href="{base}actors/alpha-land/">' in page
    assert '<a href="../alpha-land/">Alphaland</a>' in page
    assert '<meta name="robots" content="noindex">' in page
    # an article whose year changed too
    moved = pages["articles/2022/gu-security-talks/index.html"]
    assert 'url=../../2023/gamma-union-security-talks/"' in moved


@pytest.mark.fast
def test_a_former_feed_address_serves_the_current_feed(corpus):
    pages = corpus.run().pages
    assert pages[urls.actor_feed("alphaland")] == pages[urls.actor_feed("alpha-land")]
    assert pages[urls.topic_feed("tariffs")] == pages[urls.topic_feed("tariffs-and-duties")]


@pytest.mark.fast
def test_old_addresses_are_kept_out_of_search_sitemap_and_exports(corpus):
    pages = corpus.run().pages
    listed = json.loads(pages["addresses.json"])
    assert listed["redirects"]["actors/alphaland/"] == "actors/alpha-land/"
    assert "actors/alphaland/" not in listed["pages"]
    exports = "".join(text for path, text in pages.items() if path.startswith("data/"))
    assert "alphaland\"" not in exports and "gu-security-talks" not in exports
    # not Markdown pages: MkDocs copies them as they are, with no search entry or sitemap
    assert not [p for p in pages if p.endswith(".md") and p.startswith("actors/alphaland")]


def _rename(repo, kind: str, old: str, new: str, former: bool) -> None:
    folder = repo.root / "content" / kind
    text = (folder / f"{old}.md").read_text(encoding="utf-8")
    (folder / f"{old}.md").unlink()
    if former:
        text = text.replace("\n---\n", f"\nformer_ids: [{old}]\n---\n", 1)
    (folder / f"{new}.md").write_text(text, encoding="utf-8")
    for article in (repo.root / "content" / "articles").rglob("*.md"):
        body = article.read_text(encoding="utf-8")
        article.write_text(re.sub(rf"\b{old}\b", new, body), encoding="utf-8")


@pytest.mark.fast
def test_a_rename_keeps_json_ld_ids_and_atom_entry_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = make_repo(tmp_path / "a", SEED).run().pages
    repo = make_repo(tmp_path / "b", SEED)
    _rename(repo, "actors", "zelenskyy", "volodymyr-zelenskyy", former=True)
    article = next((repo.root / "content/articles").rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    old_id = article.stem
    article.unlink()
    (article.parent / "renamed-call.md").write_text(
        text.replace("\n---\n", f"\nformer_ids: [{old_id}]\n---\n", 1), encoding="utf-8")
    after = repo.run().pages
    old_article, new_article = urls.article(old_id, 2023), urls.article("renamed-call", 2023)
    assert _ld(after, new_article)["@id"] == _ld(before, old_article)["@id"]
    assert _ld(after, urls.actor("volodymyr-zelenskyy"))["@id"] == \
        _ld(before, urls.actor("zelenskyy"))["@id"]
    old_entry = feedparser.parse(before[urls.FEED_ALL]).entries[0]
    new_entry = feedparser.parse(after[urls.FEED_ALL]).entries[0]
    assert new_entry.id == old_entry.id
    assert new_entry.link != old_entry.link  # the link is the current address


# --- merges ------------------------------------------------------------------------------


@pytest.mark.fast
def test_a_merged_id_still_resolves_with_a_note(tmp_path):
    repo = make_repo(tmp_path, SEED)
    (repo.root / "content/actors/un-general-assembly.md").unlink()
    un = repo.root / "content/actors/united-nations.md"
    un.write_text(un.read_text(encoding="utf-8").replace(
        "aliases: [UN, U.N.]", "aliases: [UN, U.N., UNGA]\nmerged_ids: [un-general-assembly]"),
        encoding="utf-8")
    result = repo.run()
    notes = [(d.code, d.path) for d in result.report.diagnostics]
    assert notes == [("I702", "content/articles/2023/hun-sen-zelenskyy-second-call.md")]
    (article,) = result.site.articles
    assert "united-nations" in article.mentions
    assert "actors/un-general-assembly/index.html" in result.pages
    assert result.pages[urls.actor_feed("un-general-assembly")] == \
        result.pages[urls.actor_feed("united-nations")]
    # a merge keeps the survivor's own identity
    assert _ld(result.pages, urls.actor("united-nations"))["@id"].endswith(
        "actors/united-nations/#entity")


# --- collisions --------------------------------------------------------------------------


@pytest.mark.fast
def test_former_ids_that_collide_are_errors_at_their_line(corpus):
    corpus.write("content/topics/security.md",
                 "---\nname: Security\nformer_ids: [trade, tariffs]\n---\nScope.\n")
    corpus.write("content/articles/2022/x.md", """\
        ---
        title: X
        date: 2022-05-05
        summary: S.
        actors: [alpha-land]
        former_ids: [2023/ana-beta-visits-gamma-union, envoy-recalled, x]
        ---
        Text.
        """)
    found = {(c, p, line) for c, p, line in corpus.codes() if c == "E405"}
    assert found == {
        ("E405", "content/topics/security.md", 3),  # trade is a live topic
        # tariffs is listed by two files: reported at the second, by id, naming the first
        ("E405", "content/topics/tariffs-and-duties.md", 5),
        ("E405", "content/articles/2022/x.md", 6),  # live, another's former id, its own
    }
    columns = sorted(d.col for d in corpus.run(False).report.diagnostics if d.code == "E405")
    assert columns == [5, 14, 14, 48, 64]


# --- retraction --------------------------------------------------------------------------


@pytest.mark.fast
def test_a_retracted_article_leaves_only_a_notice(corpus):
    result = corpus.run()
    pages = result.pages
    notice = pages["articles/2022/alphaland-recalls-envoy/index.html"]
    assert "Retracted: Alphaland recalls its envoy &lt;to Gamma&gt;" in notice
    assert "the publisher retracted the story on 2022-03-09" in notice
    assert "alphaland-recalls-envoy" not in {a.id for a in result.site.articles}
    own = ("articles/2022/alphaland-recalls-envoy/", "articles/2022/envoy-recalled/")
    elsewhere = {p: t for p, t in pages.items() if not p.startswith(own)}
    assert not [p for p, t in elsewhere.items()
                if "recalls its envoy" in t and p != "addresses.json"]
    listed = json.loads(pages["addresses.json"])
    assert listed["removed"]["articles/2022/alphaland-recalls-envoy/"].startswith("The report")
    assert listed["redirects"]["articles/2022/envoy-recalled/"] == \
        "articles/2022/alphaland-recalls-envoy/"


# --- the address check -------------------------------------------------------------------


def _check(repo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", *args], cwd=repo.root,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def history(seed_history):
    return seed_history


def test_a_rename_without_a_former_id_fails_with_the_line_to_add(history):
    _rename(history, "actors", "zelenskyy", "volodymyr-zelenskyy", former=False)
    done = _check(history, "--base", "HEAD", "--format", "github")
    assert done.returncode == 1
    (line,) = [x for x in done.stdout.splitlines() if "W801" in x]
    assert line.startswith("::error file=content/actors/volodymyr-zelenskyy.md,line=2,col=1,")
    assert "actors/zelenskyy/" in line
    assert "add this line below it: former_ids: [zelenskyy]" in line
    # with the line added, nothing disappears
    _rename(history, "actors", "volodymyr-zelenskyy", "volodymyr-zelenskyy", former=False)
    path = history.root / "content/actors/volodymyr-zelenskyy.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "former_ids: [zelenskyy]")
    path.write_text("\n".join(lines), encoding="utf-8")
    done = _check(history, "--base", "HEAD")
    assert done.returncode == 0, done.stdout
    assert "W801" not in done.stdout


def test_a_merge_without_merged_ids_names_the_survivor(history):
    (history.root / "content/topics/demining.md").unlink()
    war = history.root / "content/topics/russia-ukraine-war.md"
    text = war.read_text(encoding="utf-8")
    war.write_text(re.sub(r"^aliases: \[", "aliases: [demining, ", text, count=1,
                          flags=re.M), encoding="utf-8")
    for article in (history.root / "content/articles").rglob("*.md"):
        body = article.read_text(encoding="utf-8").replace("demining, ", "")
        article.write_text(body.replace(", demining]", "]"), encoding="utf-8")
    done = _check(history, "--base", "HEAD")
    assert "error W801: topic address topics/demining/" in done.stdout, done.stdout
    assert "add this line below it: merged_ids: [demining]" in done.stdout


@pytest.mark.fast
def _without_sources(root) -> None:
    """The registry with every `sources:` taken out (`{id: x, sources: [...]}` -> x)."""
    for path in (root / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{(?:id|name): ([^,]+), sources: \[[^]]*\]\}", r"\1", text)
        path.write_text(re.sub(r"\n +sources: \[[^]]*\]", "", text), encoding="utf-8")


def test_a_deleted_article_must_be_retracted_or_renamed(history):
    (article,) = (history.root / "content/articles").rglob("*.md")
    text = article.read_text(encoding="utf-8")
    article.unlink()
    done = _check(history, "--base", "HEAD")
    # first, each fact it was the source of
    assert done.returncode == 1
    assert f"content/actors/kin-phea.md:4:64: error E304: source '{article.stem}' is not " \
           "an article of this archive" in done.stdout
    _without_sources(history.root)
    done = _check(history, "--base", "HEAD")
    assert done.returncode == 1
    assert f"{article.relative_to(history.root).as_posix()}:1:1: error W801" in done.stdout
    assert "retracted: <why>" in done.stdout
    article.write_text(text.replace("\n---\n", "\nretracted: Withdrawn by the publisher.\n---\n",
                                    1), encoding="utf-8")
    assert _check(history, "--base", "HEAD").returncode == 0


def test_an_unknown_base_is_a_usage_error(history):
    done = _check(history, "--base", "no-such-branch")
    assert done.returncode == 2
    assert "no-such-branch" in done.stderr


@pytest.mark.slow
def test_the_built_site_serves_old_addresses_as_they_were_generated(corpus, tmp_path):
    from generator import cli

    site = tmp_path / "site"
    assert cli.main(["-f", str(corpus.config), "build", "--site-dir", str(site)]) == 0
    pages = corpus.run().pages
    for path in ("actors/alphaland/index.html", "articles/2022/alphaland-recalls-envoy/"
                 "index.html", urls.actor_feed("alphaland"), "addresses.json"):
        assert (site / path).read_text(encoding="utf-8") == pages[path], path
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    search = " ".join(f["url"] for f in search_fragments(site))
    assert "/actors/alpha-land/" in search
    for old in ("actors/alphaland/", "articles/2022/gu-security-talks/",
                "articles/2022/alphaland-recalls-envoy/"):
        assert old not in sitemap and old not in search, old
