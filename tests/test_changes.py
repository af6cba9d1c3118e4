"""`python -m generator changes`: the site pages a change of content adds, changes, removes.

Each case copies the golden-test corpus twice, changes the second copy the way a pull
request would and compares the exact groups `changes --format json` reports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.changes import report
from generator.changes.compare import compare
from generator.changes.snapshot import PublishedPage
from generator.cli import main
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast

CORPUS = FIXTURES / "corpus" / "content"
NEW_ARTICLE = """\
---
title: Delta Group publishes a report
date: 2023-09-01
summary: The Delta Group reports on trade.
actors: [delta-group]
topics: [trade]
---
The Delta Group published a report on trade.
"""


@pytest.fixture
def trees(tmp_path, monkeypatch):
    """(old, new): two copies of the corpus content; the test edits `new`."""
    repo = make_repo(tmp_path, CORPUS)
    monkeypatch.chdir(repo.root)
    shutil.copytree(CORPUS, tmp_path / "old")
    return tmp_path / "old", repo.root / "content"


def changes(capsys, *args: str) -> dict[tuple[str, str], list[str]]:
    """{(group, status): [address, ...]} as `changes --format json` reports them."""
    capsys.readouterr()
    assert main(["changes", *args, "--format", "json"]) == 0, capsys.readouterr().err
    data = json.loads(capsys.readouterr().out)
    found: dict[tuple[str, str], list[str]] = {}
    for page in data["pages"]:
        found.setdefault((page["group"], page["status"]), []).append(page["address"])
    return found


def only(found, group: str) -> dict[str, list[str]]:
    return {status: pages for (g, status), pages in found.items() if g == group}


def test_the_same_content_changes_nothing(trees, capsys):
    old, new = trees
    assert changes(capsys, str(old), str(new)) == {}


def test_an_added_article(trees, capsys):
    old, new = trees
    (new / "articles" / "2023" / "delta-group-report.md").write_text(NEW_ARTICLE, "utf-8")
    found = changes(capsys, str(old), str(new))
    assert only(found, "articles") == {
        "added": ["articles/2023/delta-group-report/"],
        # their related articles now include the new one (same topic)
        "changed": ["articles/2022/alphaland-joins-gamma-union/",
                    "articles/2023/ana-beta-visits-gamma-union/"]}
    assert "removed" not in {status for _, status in found}
    assert "actors/delta-group/" in found["actors", "changed"]
    assert "topics/trade/" in found["topics", "changed"]
    assert {"", "articles/", "feeds/all.xml", "feeds/actors/delta-group.xml",
            "addresses.json"} <= set(found["other", "changed"])


def test_an_edited_actor_profile_changes_its_page_alone(trees, capsys):
    old, new = trees
    path = new / "actors" / "delta-group.md"
    path.write_text(path.read_text("utf-8").replace("no article mentions yet",
                                                    "no article has mentioned"), "utf-8")
    assert changes(capsys, str(old), str(new)) == {
        ("actors", "changed"): ["actors/delta-group/"]}


ANA_BETA_VISIT = "articles/2023/ana-beta-visits-gamma-union/"
# every page that shows the article or counts it
SHOWS_ANA_BETA_VISIT = {
    ("articles", "changed"): ["articles/2022/alphaland-joins-gamma-union/",
                              "articles/2023/gamma-union-security-talks/"],
    ("actors", "changed"): ["actors/alpha-academy/", "actors/alpha-land/",
                            "actors/ana-beta/", "actors/gamma-union/"],
    ("topics", "changed"): ["topics/security/", "topics/tariffs-and-duties/",
                            "topics/trade/"],
}


def test_a_deleted_article(trees, capsys):
    old, new = trees
    (new / "articles" / "2023" / "ana-beta-visits-gamma-union.md").unlink()
    found = changes(capsys, str(old), str(new))
    other = found.pop(("other", "changed"))
    # its year's quotes were its own: their files go with it (the tables by year)
    assert found.pop(("other", "removed")) == ["data/quotes/2023.csv", "data/quotes/2023.json"]
    assert found == {("articles", "removed"): [ANA_BETA_VISIT], **SHOWS_ANA_BETA_VISIT}
    assert {"", "articles/", "feeds/all.xml", "feeds/actors/ana-beta.xml",
            "data/articles/2023.json", "addresses.json"} <= set(other)


def test_a_renamed_article_leaves_a_redirect(trees, capsys):
    old, new = trees
    source = new / "articles" / "2023" / "ana-beta-visits-gamma-union.md"
    text = source.read_text("utf-8").replace(
        "\ndate:", "\nformer_ids: [ana-beta-visits-gamma-union]\ndate:", 1)
    source.unlink()
    (new / "articles" / "2023" / "ana-beta-in-gamma-union.md").write_text(text, "utf-8")
    found = changes(capsys, str(old), str(new))
    found.pop(("other", "changed"))
    assert found == {("articles", "added"): ["articles/2023/ana-beta-in-gamma-union/"],
                     ("articles", "removed"): [ANA_BETA_VISIT],
                     ("other", "added"): [ANA_BETA_VISIT],  # the redirect
                     **SHOWS_ANA_BETA_VISIT}
    capsys.readouterr()
    main(["changes", str(old), str(new)])
    out = capsys.readouterr().out
    assert f"  + {ANA_BETA_VISIT}  Moved: Анна Бета visits the Gamma Union [redirect]" in out
    # the removed address says what keeps it: the redirect and where it leads
    assert (f"  - {ANA_BETA_VISIT}  Анна Бета visits the Gamma Union — now redirects to "
            "articles/2023/ana-beta-in-gamma-union/") in out
    capsys.readouterr()
    main(["changes", str(old), str(new), "--format", "markdown"])
    summary = capsys.readouterr().out
    assert (f"`{ANA_BETA_VISIT}` — now redirects to `articles/2023/ana-beta-in-gamma-union/`"
            in summary)


def test_a_removed_address_without_a_redirect_is_flagged(trees, capsys):
    old, new = trees
    (new / "articles" / "2023" / "ana-beta-visits-gamma-union.md").unlink()
    capsys.readouterr()
    main(["changes", str(old), str(new), "--format", "markdown"])
    summary = capsys.readouterr().out
    line = next(x for x in summary.splitlines() if f"`{ANA_BETA_VISIT}`" in x)
    assert line.endswith("— ⚠️ no redirect: readers and links will find nothing here (add "
                         "its id to former_ids or merged_ids, or retract the article)"), line


def test_each_changed_page_says_which_of_its_parts_changed(trees, capsys):
    old, new = trees
    (new / "articles" / "2023" / "delta-group-report.md").write_text(NEW_ARTICLE, "utf-8")
    capsys.readouterr()
    assert main(["changes", str(old), str(new), "--format", "json"]) == 0
    pages = {p["address"]: p for p in json.loads(capsys.readouterr().out)["pages"]}
    # a listing and its count, not the article's own text
    assert pages["articles/2023/ana-beta-visits-gamma-union/"]["reasons"] == [
        "Related articles"]
    assert pages["topics/trade/"]["reasons"] == ["page details", "text", "Key actors",
                                                 "Timeline"]
    assert "reasons" not in pages["articles/2023/delta-group-report/"]  # added


def test_an_article_changes_the_actor_pages_it_names_not_its_actors_partners(trees, capsys):
    # a neighbourhood chart counts within its own actor's articles: a new article naming
    # two actors changes their pages, not those of every actor they were seen with
    old, new = trees
    (new / "articles" / "2023" / "two-actors.md").write_text(
        "---\ntitle: Alpha Land and Gamma Union\ndate: 2023-10-01\nsummary: Two actors.\n"
        "actors: [alpha-land, gamma-union]\n---\nAlphaland and the Gamma Union.\n", "utf-8")
    found = changes(capsys, str(old), str(new))
    assert found["actors", "changed"] == ["actors/alpha-land/", "actors/gamma-union/"]


def test_content_errors_in_either_version_stop_with_diagnostics(trees, capsys):
    old, new = trees
    broken = new / "articles" / "2023" / "gamma-union-security-talks.md"
    broken.write_text(broken.read_text("utf-8").replace("date: 2023-06-01",
                                                        "date: 2023-13-01"), "utf-8")
    for args in ([str(old), str(new)], [str(new), str(old)]):
        capsys.readouterr()
        assert main(["changes", *args]) == 1
        out, err = capsys.readouterr()
        assert out == ""  # nothing for a job summary: the step fails instead
        assert "content/articles/2023/gamma-union-security-talks.md:3:" in err
        assert "Traceback" not in err


def test_usage_errors(trees, capsys):
    old, new = trees
    assert main(["changes"]) == 2
    assert main(["changes", str(old)]) == 2
    assert main(["changes", str(old), str(new), "--base", "HEAD"]) == 2
    assert main(["changes", str(old), str(old / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
                        "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_revisions_of_a_repository(trees, capsys):
    """--base against the working tree, --base with --head, an unknown revision."""
    _, content = trees
    root = content.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "corpus")
    added = content / "articles" / "2023" / "delta-group-report.md"
    added.write_text(NEW_ARTICLE, "utf-8")
    expected = ["articles/2023/delta-group-report/"]
    assert changes(capsys, "--base", "main")["articles", "added"] == expected
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "an article")
    added.unlink()  # the working tree no longer matters
    assert changes(capsys, "--base", "main~1", "--head", "main")[
        "articles", "added"] == expected
    assert changes(capsys, "--base", "main", "--head", "main") == {}
    capsys.readouterr()
    assert main(["changes", "--base", "no-such-branch"]) == 2
    assert "cannot read revision 'no-such-branch'" in capsys.readouterr().err


def entry(address: str, group: str = "articles", kind: str = "article",
          title: str = "A title", digest: str = "1") -> PublishedPage:
    return PublishedPage(address, address + "index.md", group, kind, title, digest)


def test_a_page_that_becomes_another_kind_is_removed_and_added():
    old = {"a/": entry("a/"), "b/": entry("b/"), "c/": entry("c/", title="Old"),
           "d/": entry("d/")}
    new = {"a/": entry("a/", "other", "redirect"), "b/": entry("b/"),
           "c/": entry("c/", title="New", digest="2"),
           "d/": entry("d/", kind="retraction notice", digest="2")}
    found = [(c.status, c.entry.group, c.entry.kind, c.entry.address, c.old_title)
             for c in compare(old, new).items]
    assert found == [("added", "articles", "retraction notice", "d/", ""),
                     ("changed", "articles", "article", "c/", "Old"),
                     ("removed", "articles", "article", "a/", ""),
                     ("removed", "articles", "article", "d/", ""),
                     ("added", "other", "redirect", "a/", "")]


def test_the_job_summary_stays_small_and_plain_whatever_the_change():
    title = "<script>alert(1)</script> *bold* [link](x) | cell " + "long " * 200
    old = {}
    new = {f"articles/2023/a{i}/": entry(f"articles/2023/a{i}/", title=title)
           for i in range(20000)}
    new.update((f"feeds/f{i}.xml", entry(f"feeds/f{i}.xml", "other", "feed", title))
               for i in range(20000))
    text = report.markdown(compare(old, new), "origin/main")
    assert len(text.encode("utf-8")) < 100_000  # GitHub's limit is 1 MiB
    assert "- … and 19950 more" in text
    assert "| Articles | 20000 | 0 | 0 |" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\*bold\\* \\[link\\](x) \\| cell" in text
    assert "<details><summary>Other pages and files: 20000 added</summary>" in text
