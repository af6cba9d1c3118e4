"""Each pipeline stage on small inputs: load, validate, resolve, link, render."""

import datetime as dt
import json
import os

import pytest

from generator import urls
from generator.diagnostics import Report
from generator.link import link
from generator.model import Actor, Article, Content, Quote, Topic, frozen_map
from generator.render import article as article_renderer
from generator.render import render
from generator.render.finish import LinkError, check_links
from generator.source.load import load
from generator.source.resolve import resolve
from generator.source.validate import validate

pytestmark = pytest.mark.fast

ACTOR = """
---
name: {name}
type: person
aliases: [{alias}]
---
Profile.
"""

ARTICLE = """
---
title: A title
date: 2023-05-29
summary: A summary.
actors: [{actors}]
topics: [{topics}]
---
Body text.
"""


def test_load_splits_front_matter_and_keeps_line_numbers(repo):
    repo.write("content/articles/2023/a.md", "---\ntitle: x\n---\nline four\n")
    report = Report()
    [item] = load(repo.settings(), report)
    assert item.kind == "article" and item.id == "a"
    assert item.text.body == "line four\n"
    assert item.text.body_line == 4
    assert not report.diagnostics


def test_load_finds_files_in_sorted_order(repo):
    for name in ("b", "a", "c"):
        repo.write(f"content/actors/{name}.md", ACTOR.format(name=name.upper(), alias=name * 3))
    report = Report()
    assert [x.id for x in load(repo.settings(), report)] == ["a", "b", "c"]


def test_validate_reports_every_problem_with_its_line(repo):
    repo.write("content/articles/2023/a.md",
               "---\ntitle: x\ndate: 2023-02-30\nsumary: y\nactors: hun-sen\n---\n")
    codes = repo.codes()
    assert ("E204", "content/articles/2023/a.md", 3) in codes  # no 30 February
    assert ("E202", "content/articles/2023/a.md", 4) in codes  # did you mean summary
    assert ("E203", "content/articles/2023/a.md", 5) in codes  # a string, not a list


def test_resolve_accepts_ids_and_any_name_case_insensitively(repo):
    repo.write("content/actors/hun-sen.md", ACTOR.format(name="Hun Sen", alias="ហ៊ុន សែន"))
    repo.write("content/topics/war.md", "---\nname: War\naliases: [the war]\n---\n")
    repo.write("content/articles/2023/a.md",
               ARTICLE.format(actors="hun-sen, HUN SEN, ហ៊ុន សែន", topics="The War"))
    result = repo.run()
    assert result.ok(), [d.format() for d in result.report.diagnostics]
    [article] = result.site.articles
    assert article.actors == ("hun-sen",)
    assert article.topics == ("war",)


def test_resolve_reports_unknown_reference_with_suggestion_and_scaffold(repo):
    repo.write("content/actors/hun-sen.md", ACTOR.format(name="Hun Sen", alias="Samdech"))
    repo.write("content/articles/2023/a.md", ARTICLE.format(actors="Hun Senn", topics=""))
    [problem] = repo.run(False).report.diagnostics
    assert (problem.code, problem.line, problem.col) == ("E301", 5, 10)
    assert "did you mean 'Hun Sen'" in problem.hint
    assert ".venv/bin/python -m generator new actor hun-senn --type TYPE" in problem.hint


def test_resolve_rejects_a_name_claimed_by_two_actors(repo):
    repo.write("content/actors/a.md", ACTOR.format(name="Alpha", alias="Shared"))
    repo.write("content/actors/b.md", ACTOR.format(name="Beta", alias="shared"))
    assert ("E402", "content/actors/b.md", 4) in repo.codes()


def _article(aid, day, actors, topics=()):
    return Article(id=aid, title=aid, date=dt.date(2023, 1, day), source_path=f"{aid}.md",
                   summary="s", body_utf8=b"b", body_line=1, actors=tuple(actors),
                   topics=tuple(topics),
                   quotes=(Quote(aid, 1, actors[0], "q", None, tuple(topics)),))


def _content(articles):
    actors = {a: Actor(a, a.upper(), "person", f"{a}.md") for a in "abcd"}
    return Content(tuple(sorted(articles, key=lambda x: (-x.date.toordinal(), x.id))),
                   frozen_map(sorted(actors.items())), frozen_map({}))


def test_link_counts_co_occurrence_with_shared_articles():
    site = link(_content([_article("x", 1, "ab"), _article("y", 2, "abc"),
                          _article("z", 3, "bc")]))
    partners = {t.id: (t.count, t.articles) for t in site.co_actors["b"]}
    assert partners == {"a": (2, ("y", "x")), "c": (2, ("z", "y"))}
    assert site.articles_by_actor["b"] == ("z", "y", "x")
    assert [q.article for q in site.quotes_by_actor["a"]] == ["y", "x"]
    assert site.related_articles["x"][0] == "y"  # shares two actors
    assert "d" not in site.articles_by_actor


def test_render_is_pure_and_links_both_ways():
    site = link(_content([_article("x", 1, "ab")]))
    pages = render(site)
    assert pages == render(site)
    assert 'href="../../../actors/a/"' in pages[urls.article("x", 2023)]
    assert 'href="../../articles/2023/x/"' in pages[urls.actor("a")]
    assert set(pages) >= {"index.md", "articles/index.md", "actors/index.md", "topics/index.md"}


def test_links_to_anchors_are_checked(monkeypatch):
    """Actor pages link to quotes on article pages (`#quote-1`): the link check looks the
    anchor up on the article page, so a quote given another id fails the build."""
    site = link(_content([_article("x", 1, "ab")]))
    pages = render(site)
    assert 'href="../../articles/2023/x/#quote-1"' in pages[urls.actor("a")]
    assert 'id="quote-1"' in pages[urls.article("x", 2023)]
    real = article_renderer.quote_figure
    monkeypatch.setattr(article_renderer, "quote_figure", lambda *args, **kwargs: real(
        *args, **kwargs).replace('id="quote-', 'id="said-'))
    with pytest.raises(LinkError, match=r"actors/a/index.md -> articles/2023/x/index.md#quote-1"):
        render(site)


def test_headings_get_ids_in_page_order_whoever_wrote_them():
    """Generated headings and those of a contributor's Markdown share one set of ids, as
    in one Markdown pass: the scope note's own "Scope" follows the generated one."""
    content = _content([_article("x", 1, "ab", topics=("t",))])
    topic = Topic("t", "T", "t.md", scope="## Scope\n\nWhat it covers.\n\n## Key actors\n")
    site = link(Content(content.articles, content.actors, frozen_map({"t": topic})))
    page = render(site)[urls.topic("t")]
    assert '<h2 id="scope">Scope</h2>\n<h2 id="scope_1">Scope</h2>' in page
    assert '<h2 id="key-actors">Key actors</h2>' in page  # the contributor's, first
    assert '<h2 id="key-actors_1">Key actors</h2>' in page  # the generated one, after
    toc = json.loads(page.split("\ntoc: ", 1)[1].split("\n", 1)[0])
    assert [h["id"] for h in toc][:4] == ["scope", "scope_1", "key-actors", "key-actors_1"]


def test_check_links_reports_missing_pages_and_anchors():
    published = {"a/index.md", "b.xml"}
    ids = {"a/index.md": frozenset({"top"})}
    assert check_links({"a": "p.md", "b.xml": "p.md"}, published, {}, ids) == []
    assert check_links({"c.md": "p.md"}, published, {}, ids) == ["p.md -> c.md"]
    anchors = {("a/index.md", "top"): "p.md", ("a/index.md", "gone"): "q.md"}
    assert check_links({}, published, anchors, ids) == ["q.md -> a/index.md#gone"]


def test_rendered_values_from_front_matter_are_escaped(repo):
    repo.write("content/actors/a.md", ACTOR.format(name='"<script>alert(1)</script>"',
                                                   alias='"[x](javascript:alert(1))"'))
    repo.write("content/articles/2023/a.md", ARTICLE.format(actors="a", topics=""))
    pages = repo.run().pages
    for page in (pages[urls.actor("a")], pages[urls.article("a", 2023)]):
        body = page.split("---\n", 2)[2]
        assert "<script>" not in body and 'href="javascript' not in body
    assert '<a href="../../../actors/a/">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in \
        pages[urls.article("a", 2023)]
    assert "[x](javascript:alert(1))" in pages[urls.actor("a")]  # shown as text, not a link


def test_validate_turns_drafts_into_records(repo):
    repo.write("content/topics/t.md", "---\nname: 'no'\n---\nScope.\n")
    report = Report()
    drafts = validate(load(repo.settings(), report), repo.settings(), report)
    content = resolve(drafts, report)
    assert content.topics["t"].name == "no"  # stays a string, never a boolean
    assert content.topics["t"].scope == "Scope."


def test_load_reports_an_unreadable_folder_and_goes_on(repo, monkeypatch):
    repo.write("content/articles/2023/a.md", ARTICLE.format(actors="a", topics=""))
    repo.write("content/articles/2024/b.md", ARTICLE.format(actors="a", topics=""))
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("2024"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = Report()
    loaded = load(repo.settings(), report)
    assert [item.id for item in loaded] == ["a"]
    assert [(d.code, d.path) for d in report.diagnostics] == [
        ("E109", "content/articles/2024")]
    assert "Permission denied" in report.diagnostics[0].message


def test_pages_are_the_same_whatever_the_number_of_workers(tmp_path):
    """Pages are made by worker processes in slices; results keep the order of the slices."""
    from bench.corpus import write_corpus
    from generator.render import TASK_SIZE, Options, iter_render
    from tests.conftest import Repo

    root = tmp_path / "repo"
    write_corpus(root, 150)
    site = Repo(root).run(render_pages=False).site
    assert len(site.articles) > 2 * TASK_SIZE  # several slices of articles to share out
    one = list(iter_render(site, Options(workers=1)))
    assert list(iter_render(site, Options(workers=2))) == one
    assert list(iter_render(site, Options(workers=3))) == one
