"""Never wrong: after any sequence of edits, a warm run gives the bytes of a cold run.

A Hypothesis state machine edits a copy of the fixture corpus (tests/fixtures/corpus):
article text, new articles with new actors, deletions, renames with former ids, actor
and topic files, site_config.yml. After every step the pages of a cold run are compared
with those of two warm runs: one reading the caches from .cache/ as a new process does
(`build`, `generate`), one keeping them in memory as a live preview does.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from generator.build import Build
from generator.cli import main
from generator.disk.sitedir import MARK
from generator.reuse import Mode, Reuse
from generator.reuse.carry import site_files
from generator.reuse.reads import text_digest
from generator.reuse.store import CACHE_DIR, SITE
from tests.conftest import FIXTURES, make_repo

WORDS = ("Alphaland", "Ana Beta", "Gamma Union", "tariffs", "talks", "the minister",
         "Анна Бета", "security", "Delta Group", "envoy", "**bold**", "`code`")
text_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


class Edits(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="incr-"))
        self.repo = make_repo(self.tmp, FIXTURES / "corpus" / "content")
        self.memory = Reuse(Mode.PREVIEW)  # a live preview's caches, kept between runs
        self.counter = 0

    def teardown(self):
        shutil.rmtree(getattr(self, "tmp", "/nonexistent"), ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------
    def articles(self) -> list[Path]:
        return sorted((self.repo.root / "content" / "articles").rglob("*.md"))

    def entries(self, kind: str) -> list[Path]:
        return sorted((self.repo.root / "content" / kind).glob("*.md"))

    def fresh_id(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}-{self.counter}"

    # --- rules -----------------------------------------------------------------------
    @precondition(lambda self: self.articles())
    @rule(data=st.data(), text=text_st)
    def edit_article_text(self, data, text):
        path = data.draw(st.sampled_from(self.articles()))
        front, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        path.write_text(f"{front}\n---\n{body.strip()}\n\n{text}\n", encoding="utf-8")

    @precondition(lambda self: self.articles())
    @rule(data=st.data(), title=text_st)
    def edit_article_title(self, data, title):
        path = data.draw(st.sampled_from(self.articles()))
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1),
                        encoding="utf-8")

    @precondition(lambda self: self.articles())
    @rule(data=st.data(), month=st.integers(1, 12), day=st.integers(1, 28))
    def edit_article_date(self, data, month, day):
        path = data.draw(st.sampled_from(self.articles()))
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^date: (\d{4})-\d\d-\d\d",
                               rf"date: \g<1>-{month:02d}-{day:02d}", text, count=1),
                        encoding="utf-8")

    @precondition(lambda self: self.articles())
    @rule(data=st.data(), topics=st.lists(st.sampled_from(("trade", "security",
                                                          "tariffs-and-duties")),
                                          max_size=3, unique=True))
    def edit_article_topics(self, data, topics):
        path = data.draw(st.sampled_from(self.articles()))
        front, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
        front = re.sub(r"(?m)^topics: .*\n?", "", front).rstrip("\n")
        if topics:
            front += f"\ntopics: [{', '.join(topics)}]"
        path.write_text(front + sep + body, encoding="utf-8")

    @rule(year=st.sampled_from((2021, 2022, 2023)), day=st.integers(1, 28),
          new_actor=st.booleans(), text=text_st)
    def add_article(self, year, day, new_actor, text):
        slug = self.fresh_id("new-article")
        actors = ["alpha-land"]
        if new_actor:
            actor = self.fresh_id("new-actor")
            self.repo.write(f"content/actors/{actor}.md", f"""
                ---
                name: New Actor {self.counter}
                type: person
                ---
                A person added by a test.
                """)
            actors.append(actor)
        self.repo.write(f"content/articles/{year}/{slug}.md", f"""
            ---
            title: A new article {self.counter}
            date: {year}-03-{day:02d}
            summary: Something happened.
            actors: [{", ".join(actors)}]
            topics: [trade]
            ---
            {text}
            """)

    @precondition(lambda self: len(self.articles()) > 1)
    @rule(data=st.data())
    def delete_article(self, data):
        data.draw(st.sampled_from(self.articles())).unlink()

    @precondition(lambda self: self.articles())
    @rule(data=st.data())
    def rename_article(self, data):
        path = data.draw(st.sampled_from(self.articles()))
        text = path.read_text(encoding="utf-8")
        if "former_ids:" in text:
            return
        new = path.with_name(self.fresh_id(path.stem.rsplit("-", 1)[0][:30]) + ".md")
        new.write_text(text.replace("\n---\n", f"\nformer_ids: [{path.stem}]\n---\n", 1),
                       encoding="utf-8")
        path.unlink()

    @rule(data=st.data(), text=text_st)
    def edit_actor(self, data, text):
        path = data.draw(st.sampled_from(self.entries("actors")))
        front, _, _ = path.read_text(encoding="utf-8").partition("\n---\n")
        if data.draw(st.booleans()):
            front = re.sub(r"(?m)^name: (.*)$", lambda m: f"name: {m[1]} {self.counter}",
                           front, count=1)
            self.counter += 1
        path.write_text(f"{front}\n---\n{text}\n", encoding="utf-8")

    @rule(data=st.data(), text=text_st)
    def edit_topic(self, data, text):
        path = data.draw(st.sampled_from(self.entries("topics")))
        front, _, _ = path.read_text(encoding="utf-8").partition("\n---\n")
        path.write_text(f"{front}\n---\n{text}\n", encoding="utf-8")

    @rule(latest=st.integers(1, 12), name=st.sampled_from(("Archive", "News archive")))
    def edit_config(self, latest, name):
        config = self.repo.config
        text = config.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^      latest_articles: \d+$", f"      latest_articles: {latest}",
                      text)
        text = re.sub(r"(?m)^site_name: .*$", f"site_name: {name}", text)
        config.write_text(text, encoding="utf-8")

    # --- the property ----------------------------------------------------------------
    @invariant()
    def warm_equals_cold(self):
        if not hasattr(self, "repo"):
            return
        settings_ = self.repo.settings()
        cold = Build(settings_).pages()
        from_disk = Build(settings_, Reuse(Mode.WARM, self.repo.root / CACHE_DIR)).pages()
        in_memory = Build(settings_, self.memory).pages()
        for warm in (from_disk, in_memory):
            assert warm.report.diagnostics == cold.report.diagnostics
            assert warm.pages == cold.pages
            # the digests a warm build carries pages over by are those of these texts
            if warm.pages is not None:
                assert warm.digests and all(digest == text_digest(warm.pages[path])
                                            for path, digest in warm.digests.items())


Edits.TestCase.settings = settings(max_examples=10, stateful_step_count=8, deadline=None,
                                   suppress_health_check=list(HealthCheck))
test_warm_runs_equal_cold_runs = Edits.TestCase


def _site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARK}


def _build_both(root: Path) -> None:
    """`build` with its caches and a cold `build --no-cache`: the same files."""
    config = str(root / "site_config.yml")
    warm_code = main(["-f", config, "build", "--no-strict"])
    cold_code = main(["-f", config, "build", "--no-strict", "--no-cache",
                      "--site-dir", str(root / "cold-site")])
    assert warm_code == cold_code
    if cold_code:  # content errors (an edit may make a name ambiguous): no new site
        return
    warm, cold = _site_files(root / "site"), _site_files(root / "cold-site")
    assert sorted(warm) == sorted(cold)
    assert [path for path in warm if warm[path] != cold[path]] == []
    shutil.rmtree(root / "cold-site")


class SiteEdits(Edits):
    """The same edits, fewer of them: the whole built site, warm against cold."""

    @invariant()
    def warm_equals_cold(self):
        if hasattr(self, "repo"):
            _build_both(self.repo.root)


SiteEdits.TestCase.settings = settings(max_examples=2, stateful_step_count=4, deadline=None,
                                       suppress_health_check=list(HealthCheck))
test_warm_sites_equal_cold_sites = SiteEdits.TestCase


def test_theme_and_docs_edits_rebuild_every_page(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    _build_both(repo.root)
    main = repo.root / "theme" / "main.html"
    text = main.read_text(encoding="utf-8")
    # a change every page shows: a warm build must not use the page made before
    assert text.count("{% block config %}") == 1
    main.write_text(text.replace("{% block config %}", "{% block config %}<!-- edited -->"),
                    encoding="utf-8")
    _build_both(repo.root)
    assert "<!-- edited -->" in (repo.root / "site" / "index.html").read_text("utf-8")
    about = repo.root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n",
                     encoding="utf-8")
    _build_both(repo.root)


@pytest.mark.fast
def test_what_did_not_change_is_carried_over_not_written(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    _build_both(repo.root)
    site = repo.root / "site"
    # pages and files that do not show the text of the article edited below
    unchanged = [site / "feeds" / "actors" / "gamma-union.xml",
                 site / "actors" / "gamma-union" / "index.html",
                 site / "assets" / "archive.css"]  # the theme's, as MkDocs would copy it
    before = [(path.stat().st_ino, path.stat().st_mtime_ns) for path in unchanged]
    article = repo.root / "content" / "articles" / "2023" / "ana-beta-visits-gamma-union.md"
    page = site / "articles" / "2023" / "ana-beta-visits-gamma-union" / "index.html"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n",
                       encoding="utf-8")
    # the warm site is the cold one, byte for byte (its sitemap and search index too,
    # which MkDocs would make without the pages it is not given)
    _build_both(repo.root)
    # the last site's files, hard-linked, and not written again (through the link)
    assert [(path.stat().st_ino, path.stat().st_mtime_ns) for path in unchanged] == before
    assert "One more paragraph." in page.read_text(encoding="utf-8")
    # what the build recorded of its site (the files carried over not looked at again)
    # is what the site folder holds
    recorded = json.loads((repo.root / CACHE_DIR / SITE).read_text(encoding="utf-8"))
    assert recorded["files"] == site_files(site)
