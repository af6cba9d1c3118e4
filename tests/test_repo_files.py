"""The files a contributor's tools read: the pull-request template, the pre-commit hook,
the editor settings and line endings say what CONTRIBUTING.md says, and work."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from generator import cli
from tests.conftest import ROOT, SEED, make_repo

pytestmark = pytest.mark.fast


def _bullets(markdown: str) -> list[str]:
    """The items of the first bulleted list, each as one line of text."""
    items: list[str] = []
    for line in markdown.splitlines():
        if line.startswith(("- [ ] ", "- ")):
            items.append(line.removeprefix("- [ ] ").removeprefix("- "))
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            break
    return items


def test_the_pull_request_checklist_is_what_reviewers_look_for():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = contributing.split("## What reviewers look for", 1)[1].split("\n## ", 1)[0]
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    checklist = template.split("## Checklist", 1)[1]
    assert "- [ ] " in checklist
    assert _bullets(checklist) == _bullets(section) != []


def test_the_pre_commit_hook_runs_make_check_locally():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # nothing to download
    (hook,) = repo["hooks"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "make check", "system", False)
    files = re.compile(hook["files"])
    for path in ("content/articles/2024/x.md", "content/actors/x.md", "site_config.yml",
                 "generator/cli.py", "schemas/article.schema.json"):
        assert files.search(path), path
    assert not files.search("README.md")
    assert "\ncheck: " in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_editor_schemas_name_every_schema_and_drafts_stay_out_of_git():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    schemas = sorted(f"./schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json"))
    assert sorted(mapped) == schemas
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for schema, globs in mapped.items():
        kind = schema.split("/")[-1].split(".")[0]
        assert globs == [f"drafts/*.{kind}.yaml"]
        assert f"NAME.{kind}.yaml" in contributing
    ignored = subprocess.run(["git", "check-ignore", "-q", "drafts/x.article.yaml"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_editor_task_finds_every_problem_check_prints(tmp_path, capsys, monkeypatch):
    """VS Code's problem matcher for `make check` reads each diagnostic line: its file,
    line, column, severity, code and message (a JavaScript regex that Python reads
    alike)."""
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    (task,) = tasks["tasks"]
    assert task["command"] == "make check"
    assert task["options"]["env"]["NO_COLOR"] == "1"  # a terminal would get colours
    pattern = task["problemMatcher"]["pattern"]
    matcher = re.compile(pattern["regexp"])
    repo = make_repo(tmp_path, SEED)
    article = next((repo.root / "content" / "articles").rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    lines = []
    # notes are shown only when there are no errors: one run with, one without
    for mistake in ("langauge: en", "language: en"):
        article.write_text(text.replace("language: en", mistake).replace(
            "calls for a cease fire\"", "calls for a cease fire.\""), encoding="utf-8")
        repo.write("content/topics/energy.md", "---\nname: Energy\n---\nScope.\n")
        cli.main(["-f", str(repo.config), "check", "--no-strict"])
        lines += [line for line in capsys.readouterr().out.splitlines()
                  if not line.startswith("    hint: ") and "error(s)" not in line]
    found = [matcher.match(line) for line in lines]
    assert all(found), lines
    fields = {(m.group(pattern["severity"]), m.group(pattern["code"])) for m in found}
    assert fields == {("error", "E202"), ("warning", "W602"), ("info", "I701")}
    rel = article.relative_to(repo.root).as_posix()
    first = found[0]
    assert (first.group(pattern["file"]), first.group(pattern["line"])) == (rel, "4")
    assert first.group(pattern["column"]) == "1"
    assert first.group(pattern["message"]).startswith("unknown field 'langauge'")


def test_text_files_are_lf_and_broken_cases_are_kept_byte_for_byte():
    def attrs(path: str) -> dict[str, str]:
        out = subprocess.run(["git", "check-attr", "text", "eol", "--", path], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return {line.split(": ")[1]: line.split(": ")[2] for line in out.splitlines()}

    assert attrs("content/articles/2023/x.md") == {"text": "auto", "eol": "lf"}
    assert attrs("tests/cases/mistakes/tab-indents-a-field.md")["text"] == "unset"
    assert attrs("theme/logo.png")["text"] == "unset"  # binary
    listed = subprocess.run(["git", "ls-files", "--eol"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert listed and not [line for line in listed if "crlf" in line.split("\t")[0]]


def test_files_editors_must_not_rewrite_are_left_alone_by_editorconfig():
    """A tracked file with a tab, trailing spaces or no final line break would be changed
    by an editor that applies .editorconfig, unless it is in a section that unsets it."""
    config = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    left_alone = re.search(r"^\[\{([^}]*)\}\]\n((?:\w+ = unset\n)+)", config, re.MULTILINE)
    assert left_alone and "trim_trailing_whitespace = unset" in left_alone.group(2)
    folders = [glob.removesuffix("**") for glob in left_alone.group(1).split(",")]
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    odd = []
    for rel in filter(None, listed):
        path = ROOT / rel
        if rel == "Makefile" or rel.startswith(tuple(folders)) or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data or not data:
            continue
        if b"\t" in data or re.search(rb"[ \t]+\n", data) or not data.endswith(b"\n"):
            odd.append(rel)
    assert odd == []
    assert "tests/cases/" in folders  # the rule looks where the odd files are
