"""Every file under content/ is read or reported: an article, actor or topic saved where
it is not read, or under another name than <id>.md, is told the path to move it to (one
E110, whatever fields it has); any other file outside content/notes/ is E111; notes,
hidden files and editors' backups are left alone and listed by `check --verbose`."""

from __future__ import annotations

import json
import re

import pytest

from generator import cli

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
KIN_PHEA = "content/actors/kin-phea.md"
SANCTIONS = "content/topics/sanctions.md"


@pytest.fixture
def repo(real_repo):
    return real_repo


def copy(repo, source: str, rel: str, old: str = "", new: str = "") -> None:
    text = (repo.root / source).read_text(encoding="utf-8").replace(old, new, 1)
    path = repo.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check(repo, capsys, *args: str) -> dict:
    cli.main(["-f", str(repo.config), "check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


def git_mv(repo, hint: str) -> str:
    """Do what the hint's `git mv FROM TO` says (a plain rename: no git here)."""
    source, dest = re.search(r"git mv (\S+) (\S+)", hint).groups()
    (repo.root / dest).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / source).rename(repo.root / dest)
    return dest


@pytest.mark.parametrize("rel", [
    "content/visit.md",  # beside the folders
    "content/article/2023/visit.md",  # a misspelt folder
    "content/articles/2023/visit.markdown",
    "content/articles/2023/Visit.MD",
    "content/articles/2023/visit.md.txt",
    "content/actors/visit.md",  # another kind's folder: not nine unknown fields
    "content/topics/visit.md",
])
def test_a_misplaced_article_is_told_where_it_belongs(repo, capsys, rel):
    copy(repo, ARTICLE, rel, "date: 2023-05-29", "date: 2024-02-01")
    found = check(repo, capsys)["diagnostics"]
    assert [(d["code"], d["path"], d["line"]) for d in found] == [("E110", rel, 1)]
    assert "looks like an article" in found[0]["message"]
    assert found[0]["hint"] == (f"move it to content/articles/2024/visit.md: git mv {rel} "
                                "content/articles/2024/visit.md")
    git_mv(repo, found[0]["hint"])
    assert check(repo, capsys)["diagnostics"] == []


@pytest.mark.parametrize(("source", "rel", "dest"), [
    (KIN_PHEA, "content/topics/kin-phea-copy.md", "content/actors/kin-phea-copy.md"),
    (KIN_PHEA, "content/kin-phea-copy.md", "content/actors/kin-phea-copy.md"),
    (KIN_PHEA, "content/actors/old/kin-phea-copy.md", "content/actors/kin-phea-copy.md"),
    (SANCTIONS, "content/actors/sanctions-copy.md", "content/topics/sanctions-copy.md"),
])
def test_a_misplaced_registry_entry_is_told_where_it_belongs(repo, capsys, source, rel,
                                                                dest):
    extra = "broader: russia-ukraine-war\n" if source == SANCTIONS else ""
    copy(repo, source, rel, "name: ", f"{extra}name: Copy of ")
    found = check(repo, capsys)["diagnostics"]
    assert [(d["code"], d["path"]) for d in found] == [("E110", rel)]
    assert found[0]["hint"] == f"move it to {dest}: git mv {rel} {dest}"


def test_a_copy_onto_a_file_that_exists_says_so(repo, capsys):
    copy(repo, ARTICLE, "content/hun-sen-zelenskyy-second-call.md")
    (found,) = check(repo, capsys)["diagnostics"]
    assert found["hint"].endswith(f"; {ARTICLE} exists already: compare the two and keep one")


def test_an_article_without_a_date_gets_the_year_to_fill_in(repo, capsys):
    copy(repo, ARTICLE, "content/visit.md", "date: 2023-05-29\n", "")
    (found,) = check(repo, capsys)["diagnostics"]
    assert found["hint"].startswith("move it to content/articles/YYYY/visit.md: ")
    assert found["hint"].endswith("(YYYY: the year of its date)")


def test_a_file_of_the_right_kind_with_mistakes_is_not_called_misplaced(repo, capsys):
    """A topic with only its names in the actors' folder cannot be told from an actor."""
    copy(repo, SANCTIONS, "content/actors/unsure.md", "related: [russia-ukraine-war]\n")
    found = check(repo, capsys)["diagnostics"]
    assert [(d["code"], d["message"]) for d in found] == [
        ("E201", "missing required field 'type'")]


def test_other_files_are_errors_outside_notes_and_listed_by_verbose(repo, capsys):
    for rel in ("content/articles/2023/photo.jpg", "content/readme.txt",
                "content/notes/photo.jpg", "content/notes/drafts/visit.md",
                "content/articles/2023/.gitkeep", "content/actors/.DS_Store",
                "content/topics/sanctions.md~", "content/topics/#sanctions.md#"):
        (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / rel).write_bytes(b"\x89PNG\r\n" if rel.endswith(".jpg") else b"x\n")
    copy(repo, ARTICLE, "content/notes/drafts/visit.md")  # a draft kept in the notes
    found = check(repo, capsys, "--verbose")
    found["diagnostics"] = [d for d in found["diagnostics"]
                            if d["code"] != "I704"]  # (unsourced roles: also --verbose)
    assert [(d["code"], d["path"]) for d in found["diagnostics"]] == [
        ("E111", "content/articles/2023/photo.jpg"), ("E111", "content/readme.txt")]
    assert found["diagnostics"][0]["hint"] == (
        "keep it in content/notes/, which is never read or published: git mv "
        "content/articles/2023/photo.jpg content/notes/photo.jpg; or delete it")
    assert found["unread"] == [
        {"path": "content/actors/.DS_Store", "why": "hidden"},
        {"path": "content/articles/2023/.gitkeep", "why": "hidden"},
        {"path": "content/notes/drafts/visit.md",
         "why": "kept in content/notes/, which is never read"},
        {"path": "content/notes/photo.jpg",
         "why": "kept in content/notes/, which is never read"},
        {"path": "content/topics/#sanctions.md#", "why": "an editor's backup"},
        {"path": "content/topics/sanctions.md~", "why": "an editor's backup"}]
    assert "unread" not in check(repo, capsys)  # without --verbose


def test_verbose_text_lists_the_unread_files_first(repo, capsys):
    (repo.root / "content/notes").mkdir()
    (repo.root / "content/notes/todo.txt").write_text("later\n")
    assert cli.main(["-f", str(repo.config), "check", "--verbose"]) == 0
    assert capsys.readouterr().out.startswith(
        "content/notes/todo.txt: not read: kept in content/notes/, which is never read\n")
