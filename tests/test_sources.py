"""Where the archive's facts come from: sources on registry facts, shown as numbered
citations; corrections of articles on their pages, in JSON-LD and in the feeds; the
registry's statements as open data."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
import yaml
from pyld import jsonld

from generator import urls
from generator.outputs.export import TABLES
from tests import schemaorg
from tests.conftest import ROOT, Repo

SEED_ARTICLE = "hun-sen-zelenskyy-second-call"
SEED_PATH = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
SCHEMA = "http://schema.org/"
CITE = re.compile(r'<sup class="archive-cite">(.*?)</sup>')
MARK = re.compile(r'<a href="([^"]*)"([^>]*)>\[(\d+)\]</a>')


def body_of(page_text: str) -> str:
    return page_text.split("---\n", 2)[2]


def meta_of(page_text: str) -> dict:
    return yaml.safe_load(page_text.split("---\n", 2)[1])


def marks(html: str) -> list[tuple[str, int]]:
    """(href, number) of every citation in `html`, in order."""
    return [(href, int(n)) for group in CITE.findall(html) for href, _, n in MARK.findall(group)]


def row_of(body: str, text: str) -> str:
    """The table row holding `text`."""
    return next(r.split("</tr>", 1)[0] for r in body.split("<tr>")[1:] if text in r)


def sources_list(body: str) -> list[str]:
    section = body.split('<h2 id="sources">Sources</h2>', 1)[1]
    return re.findall(r"<li>(.*?)</li>", section.split("</ol>", 1)[0])


def edit(repo: Repo, rel: str, old: str, new: str) -> None:
    repo.replace(rel, old, new)


@pytest.mark.fast
def test_seed_pages_cite_the_article_behind_each_sourced_fact(seed_built):
    site, pages = seed_built
    article = urls.href(urls.actor("hun-sen"), urls.article(SEED_ARTICLE, 2023))
    hun_sen = body_of(pages[urls.actor("hun-sen")])
    # the role he held at the time of the call is sourced by the article; the later one is not
    assert marks(row_of(hun_sen, "Prime Minister of Cambodia")) == [(article, 1)]
    assert marks(row_of(hun_sen, "President of the Senate")) == []
    title = site.article_by_id[SEED_ARTICLE].title
    assert sources_list(hun_sen) == [f'<a href="{article}">{title}</a>, 29 May 2023, '
                                     "in this archive"]
    kin_phea = body_of(pages[urls.actor("kin-phea")])
    # the affiliation and the role cite one source: one number, one entry in the list
    facts = kin_phea.split("<p>", 2)[1]
    assert marks(facts) == [(article, 1)]
    assert marks(row_of(kin_phea, "Director of the International Relations Institute")) == [
        (article, 1)]
    assert len(sources_list(kin_phea)) == 1
    # an actor with no sourced fact has no citation and no list
    russia = body_of(pages[urls.actor("russia")])
    assert "archive-cite" not in russia and 'id="sources"' not in russia


def test_web_sources_and_topic_relations_carry_their_citations(real_repo):
    edit(real_repo, "content/actors/kin-phea.md", "    sources: [hun-sen-zelenskyy-second-call]",
         "    sources:\n      - {url: 'https://example.org/staff?id=1&x=2', accessed: 2024-05-01,"
         " title: Staff page}\n      - hun-sen-zelenskyy-second-call")
    edit(real_repo, "content/topics/russia-ukraine-war.md", "related: [sanctions",
         "related: [{id: sanctions, sources: [https://example.org/sanctions]}")
    result = real_repo.run()
    assert result.pages is not None, result.report.diagnostics
    kin_phea = body_of(result.pages[urls.actor("kin-phea")])
    article = urls.href(urls.actor("kin-phea"), urls.article(SEED_ARTICLE, 2023))
    # numbered in the order of the page: the affiliation's article first, then the page
    assert marks(row_of(kin_phea, "Director of")) == [
        ("https://example.org/staff?id=1&amp;x=2", 2), (article, 1)]
    assert 'rel="noopener noreferrer" title="Staff page" aria-label="Source 2"' in kin_phea
    listed = sources_list(kin_phea)
    assert len(listed) == 2
    assert listed[1] == ('<a href="https://example.org/staff?id=1&amp;x=2" '
                         'rel="noopener noreferrer">Staff page</a>, read 1 May 2024')
    # a relation declared by one topic is cited on both topics' pages
    for this, other in (("russia-ukraine-war", "sanctions"), ("sanctions", "russia-ukraine-war")):
        body = body_of(result.pages[urls.topic(this)])
        related = body.split("<strong>Related:</strong>", 1)[1].split("</li>", 1)[0]
        link = urls.href(urls.topic(this), urls.topic(other))
        assert re.search(re.escape(f'href="{link}"') + r"[^<]*</a><sup", related), related
        assert marks(related) == [("https://example.org/sanctions", 1)]


def _retracted_article(repo: Repo) -> None:
    repo.write("content/articles/2022/old-call.md", """
        ---
        title: An older call
        date: 2022-11-10
        summary: The first call.
        actors: [hun-sen]
        retracted: Published by mistake.
        ---
        Text.
        """)


def test_a_source_that_is_not_an_article_or_an_address_is_an_error_at_its_line(real_repo):
    _retracted_article(real_repo)
    edit(real_repo, SEED_PATH, "language: en\n", "language: en\nformer_ids: [first-name]\n")
    affiliation = ("affiliation: {id: international-relations-institute, "
                   "sources: [hun-sen-zelensky-second-call]}")
    sources = "    sources: [ftp://example.org/x, first-name, old-call, see page 3]"
    real_repo.write("content/actors/kin-phea.md", "---\nname: Kin Phea\ntype: person\n"
                    f"{affiliation}\nroles:\n  - title: Director\n{sources}\n---\nProfile.\n")

    def at(line: int, text: str, value: str) -> tuple[int, int]:
        return line, text.index(value) + 1

    found = {(d.code, *at_): d for d in real_repo.run(False).report.diagnostics
             if d.path == "content/actors/kin-phea.md" for at_ in [(d.line, d.col)]}
    wrong_id = ("E304", *at(4, affiliation, "hun-sen-zelensky-"))
    ftp = ("E204", *at(7, sources, "ftp:"))
    former = ("I702", *at(7, sources, "first-name"))  # a note: it leads to the article
    retracted = ("I705", *at(7, sources, "old-call"))  # a note: the notice says why
    prose = ("E204", *at(7, sources, "see page"))
    assert set(found) == {wrong_id, ftp, former, retracted, prose}, found
    assert "did you mean 'hun-sen-zelenskyy-second-call'" in found[wrong_id].hint
    assert "not an http or https address" in found[ftp].message
    assert found[former].hint == (f"it still works; write {SEED_ARTICLE} when you next edit "
                                  "this line")
    assert "retracted article" in found[retracted].message
    assert "neither an article id nor a web address" in found[prose].message


def test_a_source_by_a_former_article_id_cites_the_article(real_repo):
    edit(real_repo, SEED_PATH, "language: en\n", "language: en\nformer_ids: [first-name]\n")
    edit(real_repo, "content/actors/kin-phea.md", "    sources: [hun-sen-zelenskyy-second-call]",
         "    sources: [first-name]")
    result = real_repo.run()
    assert result.pages is not None, result.report.diagnostics
    [role] = result.site.actors["kin-phea"].roles
    assert [c.article for c in role.sources] == [SEED_ARTICLE]
    article = urls.href(urls.actor("kin-phea"), urls.article(SEED_ARTICLE, 2023))
    assert marks(row_of(body_of(result.pages[urls.actor("kin-phea")]), "Director")) == [
        (article, 1)]


def test_a_source_that_was_retracted_leads_to_the_retraction_notice(real_repo):
    _retracted_article(real_repo)
    edit(real_repo, "content/actors/kin-phea.md", "    sources: [hun-sen-zelenskyy-second-call]",
         "    sources: [old-call]")
    result = real_repo.run()
    assert result.pages is not None, result.report.diagnostics
    assert [d.code for d in result.report.diagnostics if "kin-phea" in d.path] == ["I705"]
    body = body_of(result.pages[urls.actor("kin-phea")])
    notice = urls.href(urls.actor("kin-phea"), urls.article("old-call", 2022))
    assert marks(row_of(body, "Director")) == [(notice, 2)]
    assert 'title="An older call (retracted)" aria-label="Source 2"' in body
    assert sources_list(body)[1] == (f'<a href="{notice}">An older call</a>, 10 November '
                                     "2022, retracted from this archive")
    assert urls.public(urls.article("old-call", 2022)) + "index.html" in result.pages
    role = next(r for r in _csv_rows(result.pages[urls.data_file("statements.csv")])
                if r["entity"] == "kin-phea" and r["property"] == "role")
    assert json.loads(role["sources"]) == [
        {"article": "old-call", "url": "articles/2022/old-call/", "retracted": True}]


def test_a_cited_article_with_a_mistake_is_one_error_at_its_own_file(real_repo):
    # the seed's actors cite the seed article; a YAML mistake in it (a tab) is the one
    # error, and each source citing it is a note that points there
    edit(real_repo, SEED_PATH, "    context: press statement", "\tcontext: press statement")
    found = real_repo.run(False).report.diagnostics
    assert [(d.code, d.path) for d in found if d.code.startswith(("E", "W"))] == [
        ("E103", SEED_PATH)]
    notes = [d for d in found if d.code == "I703"]
    assert notes and all(d.message == f"article '{SEED_ARTICLE}' has errors in {SEED_PATH}"
                         for d in notes)
    assert {d.path for d in notes} >= {"content/actors/hun-sen.md", "content/actors/kin-phea.md"}


def test_check_verbose_lists_the_roles_and_affiliations_without_a_source(real_repo):
    def check(*flags: str) -> tuple[int, str]:
        done = subprocess.run([sys.executable, "-m", "generator", "-f", str(real_repo.config),
                               "check", *flags], capture_output=True, text=True, check=False,
                              cwd=ROOT)
        return done.returncode, done.stdout

    code, quiet = check()
    assert code == 0 and "I704" not in quiet
    code, verbose = check("--verbose")
    assert code == 0  # notes, not problems
    lines = [line for line in verbose.splitlines() if "I704" in line]
    assert "content/actors/hun-sen.md:13:5: info I704: role 'President of the Senate of " \
           "Cambodia' has no source" in lines
    assert not any("Prime Minister" in line for line in lines)
    assert any(line.startswith("content/actors/royal-academy-of-cambodia.md:4:")
               and "affiliation 'cambodia'" in line for line in lines)
    assert len(lines) == 3, lines


def _expand(data: dict) -> list:
    return jsonld.expand(data, schemaorg.OPTIONS)


CORRECTIONS = """corrections:
  - date: 2023-05-30
    text: Corrected the spelling of Seng Vanly's name.
  - date: 2023-06-02
    text: An earlier version gave October for the first call; it was in November.
"""


def test_a_correction_shows_under_the_text_in_json_ld_and_in_the_feeds(real_repo):
    edit(real_repo, SEED_PATH, "language: en\n", "language: en\n" + CORRECTIONS)
    result = real_repo.run()
    assert result.pages is not None, result.report.diagnostics
    page = result.pages[urls.article(SEED_ARTICLE, 2023)]
    body = body_of(page)
    # under the text, before the quotes; newest first
    assert body.index("sufferings of the Ukrainian people") < body.index(
        '<h2 id="corrections">') < body.index('<h2 id="quotes">')
    items = re.findall(r'<li><time datetime="([\d-]+)">', body)
    assert items == ["2023-06-02", "2023-05-30"]
    assert meta_of(page)["updated"] == "2023-06-02"
    [article] = _expand(json.loads(meta_of(page)["jsonld"]))
    assert article[SCHEMA + "dateModified"] == [{"@value": "2023-06-02"}]
    comments = article[SCHEMA + "correction"]
    assert [c["@type"] for c in comments] == [[SCHEMA + "CorrectionComment"]] * 2
    assert [c[SCHEMA + "datePublished"][0]["@value"] for c in comments] == [
        "2023-06-02", "2023-05-30"]
    assert comments[1][SCHEMA + "text"][0]["@value"].startswith("Corrected the spelling")
    for feed in (urls.FEED_ALL, urls.actor_feed("hun-sen"), urls.topic_feed("demining")):
        text = result.pages[feed]
        assert "<published>2023-05-29T00:00:00Z</published>" \
               "<updated>2023-06-02T00:00:00Z</updated>" in text, feed
        assert text.split("<entry>", 1)[0].count("<updated>2023-06-02T00:00:00Z</updated>") == 1


def test_an_older_article_corrected_comes_back_into_the_feeds_that_list_it(real_repo):
    for day in range(1, 23):  # 22 newer articles: the seed article is out of the feeds
        real_repo.write(f"content/articles/2024/later-{day}.md", f"""
            ---
            title: Later article {day}
            date: 2024-01-{day:02d}
            summary: A later article.
            actors: [hun-sen, kin-phea]
            ---
            Hun Sen and Kin Phea.
            """)
    before = real_repo.run()
    assert before.pages is not None, before.report.diagnostics
    assert SEED_ARTICLE not in before.pages[urls.FEED_ALL]
    edit(real_repo, SEED_PATH, "language: en\n",
         "language: en\ncorrections:\n  - date: 2024-02-01\n    text: A date was wrong.\n")
    result = real_repo.run()
    assert result.pages is not None, result.report.diagnostics
    for feed in (urls.FEED_ALL, urls.actor_feed("hun-sen"), urls.actor_feed("kin-phea")):
        text = result.pages[feed]
        entries = text.split("<entry>")[1:]
        assert len(entries) == 20
        assert SEED_ARTICLE in entries[0], feed  # the newest change first
        assert "<updated>2024-02-01T00:00:00Z</updated>" in text.split("<entry>", 1)[0]
        assert "Later article 2<" not in text  # the oldest of the later ones left
    # a feed that does not list the article does not get it
    real_repo.write("content/actors/zeta.md", "---\nname: Zeta\ntype: person\n---\nZ.\n")
    edit(real_repo, "content/articles/2024/later-5.md", "kin-phea]", "kin-phea, zeta]")
    result = real_repo.run()
    assert SEED_ARTICLE not in result.pages[urls.actor_feed("zeta")]


def test_a_correction_dated_before_the_article_is_an_error(real_repo):
    edit(real_repo, SEED_PATH, "language: en\n",
         "language: en\ncorrections:\n  - date: 2023-05-28\n    text: Too early.\n")
    found = [(d.code, d.path, d.line) for d in real_repo.run(False).report.diagnostics]
    assert found == [("E209", SEED_PATH, 6)]  # the correction's date


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.fast
def test_statements_list_every_registry_fact_with_its_sources(seed_built):
    site, pages = seed_built
    rows = _csv_rows(pages[urls.data_file("statements.csv")])
    as_json = json.loads(pages[urls.data_file("statements.json")])
    assert [c for c, _, _ in TABLES["statements"][1]] == list(rows[0])
    assert len(as_json) == len(rows)
    for row, item in zip(rows, as_json, strict=True):  # the same facts in both files
        assert json.loads(row["sources"]) == item["sources"]
        assert row["value"] == item["value"] and (row["start"] or None) == item["start"]
    page = urls.public(urls.article(SEED_ARTICLE, 2023))

    def cited(sources) -> list[dict]:
        return [{"article": s.article, "url": page} for s in sources]

    expected = []
    for actor in site.actors.values():
        if actor.affiliation:
            expected.append(("actor", actor.id, "affiliation", actor.affiliation, "", "", "",
                             cited(actor.affiliation_sources)))
        expected += [("actor", actor.id, "role", r.title, r.org or "",
                      r.start.isoformat() if r.start else "", r.end.isoformat() if r.end else "",
                      cited(r.sources)) for r in actor.roles]
    listed = [(r["entity_type"], r["entity"], r["property"], r["value"], r["org"], r["start"],
               r["end"], json.loads(r["sources"]))
              for r in rows if r["property"] in ("affiliation", "role")]
    assert listed == expected
    # the seed's sourced facts are there with their source, the unsourced ones without
    assert ("actor", "hun-sen", "role", "Prime Minister of Cambodia", "", "1985-01-14",
            "2023-08-22", [{"article": SEED_ARTICLE, "url": page}]) in listed
    assert ("actor", "hun-sen", "role", "President of the Senate of Cambodia", "",
            "2024-04-03", "", []) in listed
    assert ("actor", "kin-phea", "affiliation", "international-relations-institute", "", "",
            "", [{"article": SEED_ARTICLE, "url": page}]) in listed
    alias = next(r for r in rows if r["entity"] == "un-general-assembly" and r["value"] == "UNGA")
    assert json.loads(alias["sources"]) == [{"article": SEED_ARTICLE, "url": page}]
    package = json.loads(pages[urls.data_file("datapackage.json")])
    resource = next(r for r in package["resources"] if r["name"] == "statements-csv")
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    assert '<a href="#statements">statements</a>' in body_of(pages[urls.DATA])


@pytest.mark.fast
def test_the_documented_forms_of_sources_validate():
    """The forms the docs show are the forms `check` accepts: the examples of sources in
    docs/contributing.md and CONTRIBUTING.md validate."""
    from generator.diagnostics import Report
    from generator.source.schema import ACTOR, Ctx

    for doc in (ROOT / "docs" / "contributing.md", ROOT / "CONTRIBUTING.md"):
        text = doc.read_text(encoding="utf-8")
        blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "sources" in b]
        assert blocks, doc
        for block in blocks:
            front = block.split("---\n")[1] if block.startswith("---\n") else block
            node = yaml.compose(front)
            report = Report()
            ACTOR.check(node, Ctx(str(doc), 1, report), partial=True)
            # (an excerpt may leave out the required name and type)
            problems = [d for d in report.diagnostics if d.code != "E201"]
            assert problems == [], (doc, problems)


@pytest.mark.fast
def test_redirect_pages_keep_the_fragment():
    from generator.render.moved import redirect

    _, html = redirect("https://example.org/a/", "actors/old.md", "actors/new.md", "New")
    script = re.search(r"<script>(.*?)</script>", html).group(1)
    assert script == 'location.replace("../new/"+location.hash)'
    assert html.index("<script>") < html.index('http-equiv="refresh"')
