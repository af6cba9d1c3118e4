"""A reference to an actor whose file is gone since the last commit (or since --base):
the error says which file had it, and the hint gives the `merged_ids` or `former_ids`
line that keeps the id, in the file that now holds its names; the line, added as
written, makes the check clean."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator import cli
from tests.conftest import SEED, make_repo

pytestmark = [pytest.mark.fast,
              pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
KIN_PHEA = "content/actors/kin-phea.md"
DAVID = "content/actors/thong-meng-david.md"


def git(repo, *args: str) -> None:
    repo.git(*args)


@pytest.fixture
def repo(seed_history):
    return seed_history


def check(repo, capsys, *args: str) -> list[dict]:
    cli.main(["-f", str(repo.config), "check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)["diagnostics"]


def errors(found: list[dict]) -> list[dict]:
    return [d for d in found if d["severity"] == "error"]


def apply(repo, hint: str) -> None:
    """Do what a hint says: 'in FILE, line N, add this line below it: TEXT'."""
    match = re.search(r"in (\S+), line (\d+), add this line below it: (.+)$", hint)
    assert match, hint
    path = repo.root / match.group(1)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(int(match.group(2)), match.group(3))
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_deleted_actor_is_named_with_its_file_and_what_keeps_it(repo, capsys):
    git(repo, "rm", "-q", KIN_PHEA)
    found = errors(check(repo, capsys))
    assert [(d["code"], d["path"]) for d in found] == [("E301", ARTICLE)] * 2
    for d in found:
        assert d["message"] == (f"unknown actor 'kin-phea': its file {KIN_PHEA}, there in "
                                "the last commit (HEAD), is gone")
        assert "merged_ids" in d["hint"] and "former_ids" in d["hint"]
        assert d["hint"].endswith(f"git checkout HEAD -- {KIN_PHEA}")
        assert "create it" not in d["hint"] and "did you mean" not in d["hint"]


def test_a_merge_is_told_the_line_to_add_to_the_survivor(repo, capsys):
    git(repo, "rm", "-q", KIN_PHEA)
    path = repo.root / DAVID
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Thong Meng David\n", "name: Thong Meng David\naliases: [Kin Phea]\n"))
    found = errors(check(repo, capsys))
    assert {d["hint"] for d in found} == {
        "its names now belong to 'thong-meng-david': if it was merged into it, keep "
        f"'kin-phea' leading there: in {DAVID}, line 2, add this line below it: "
        "merged_ids: [kin-phea]"}
    apply(repo, found[0]["hint"])
    assert errors(check(repo, capsys)) == []


def test_a_rename_is_told_former_ids(repo, capsys):
    git(repo, "mv", KIN_PHEA, "content/actors/phea-kin.md")
    found = errors(check(repo, capsys))
    assert len(found) == 2
    assert found[0]["hint"].endswith("in content/actors/phea-kin.md, line 2, add this line "
                                     "below it: former_ids: [kin-phea]")
    apply(repo, found[0]["hint"])
    assert errors(check(repo, capsys)) == []


def test_with_a_base_the_entry_is_looked_for_there(repo, capsys):
    git(repo, "rm", "-q", KIN_PHEA)
    git(repo, "commit", "-qm", "gone")
    found = errors(check(repo, capsys, "--base", "HEAD~1"))
    assert found and all("there in HEAD~1, is gone" in d["message"] for d in found)
    assert all(d["hint"].endswith(f"git checkout HEAD~1 -- {KIN_PHEA}") for d in found)


def test_outside_a_git_checkout_it_is_only_unknown(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    (repo.root / KIN_PHEA).unlink()
    found = errors(check(repo, capsys))
    assert {d["message"] for d in found} == {"unknown actor 'kin-phea'"}


def test_a_check_whose_references_all_resolve_does_not_read_the_revision(repo, capsys,
                                                                          monkeypatch):
    from generator.source import revision

    read = []
    monkeypatch.setattr(revision, "content_at", lambda *args: read.append(args))
    assert check(repo, capsys) == [] and read == []
    (repo.root / KIN_PHEA).unlink()
    check(repo, capsys)
    assert [args[1:3] for args in read] == [("HEAD", "content/actors"),
                                            ("HEAD", "content/topics")]
