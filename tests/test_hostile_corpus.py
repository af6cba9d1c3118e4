"""A corpus of broken and hostile files: each gives its diagnostic at its line, no traceback.

Every case in tests/cases/hostile/ is dropped, alone, into a copy of the real content, so
that references to real actors and topics resolve and only the case's own problem shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import cli, urls
from generator.build import Build
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

CASES = Path(__file__).parent / "cases" / "hostile"
FOLDER = {"article": "content/articles/2023", "actor": "content/actors",
          "topic": "content/topics"}


def _cases() -> list[tuple[str, str, str, int]]:
    rows = []
    for line in (CASES / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, kind, code, at = line.split("\t")
            rows.append((name, kind, code, int(at)))
    return rows


CASE_ROWS = _cases()


def test_corpus_is_large_and_complete():
    assert len(CASE_ROWS) >= 40
    files = {p.relative_to(CASES).as_posix() for p in CASES.glob("*/*.md")}
    listed = {f"{kind}/{name}.md" for name, kind, _, _ in CASE_ROWS}
    assert files == listed, "every case file needs one line in expected.tsv and back"


@pytest.mark.parametrize(("name", "kind", "code", "line"), CASE_ROWS,
                         ids=[row[0] for row in CASE_ROWS])
def test_case_gives_its_diagnostic(tmp_path, name, kind, code, line):
    repo = make_repo(tmp_path, SEED)
    rel = f"{FOLDER[kind]}/{name}.md"
    target = repo.root / rel
    target.write_bytes((CASES / kind / f"{name}.md").read_bytes())
    result = Build(repo.settings()).model(names_in_text=True)
    found = [(d.code, d.path, d.line) for d in result.report.diagnostics]
    assert (code, rel, line) in found, found
    # Nothing else in the real content is affected by one bad file: elsewhere, only the
    # I701 notes for entries that the case file no longer uses.
    elsewhere = [(c, path, at) for c, path, at in found if path != rel and c != "I701"]
    assert elsewhere == [], found
    # The case's own diagnostic carries a hint, as every contributor-facing message must.
    mine = [d for d in result.report.diagnostics if d.path == rel and d.code == code]
    assert all(d.hint and d.col >= 1 for d in mine)


@pytest.mark.parametrize("name", ["billion-laughs", "not-utf8", "python-tag", "script-in-body"])
def test_cli_reports_case_as_json_without_traceback(tmp_path, monkeypatch, capsys, name):
    row = next(r for r in CASE_ROWS if r[0] == name)
    repo = make_repo(tmp_path, SEED)
    rel = f"{FOLDER[row[1]]}/{name}.md"
    (repo.root / rel).write_bytes((CASES / row[1] / f"{name}.md").read_bytes())
    code = cli.main(["-f", str(repo.config), "check", "--format", "json"])
    out = capsys.readouterr()
    assert code == cli.EXIT_CONTENT
    assert "Traceback" not in out.err
    items = json.loads(out.out)["diagnostics"]
    assert {"code": row[2], "path": rel, "line": row[3]}.items() <= next(
        i for i in items if i["path"] == rel and i["code"] == row[2]).items()


def test_strings_stay_strings(tmp_path):
    """`no`, `on`, `yes`, `1.10` where a name is expected are names, never bool or float."""
    repo = make_repo(tmp_path, SEED)
    repo.write("content/topics/no.md", "---\nname: no\naliases: [on, 'off', 1.10]\n---\nS.\n")
    result = Build(repo.settings()).pages()
    # No diagnostic about the values: only the note that no article uses the topic yet.
    assert [(d.code, d.path) for d in result.report.diagnostics] == [
        ("I701", "content/topics/no.md")], [d.format() for d in result.report.diagnostics]
    topic = result.site.topics["no"]
    assert (topic.name, topic.aliases) == ("no", ("on", "off", "1.10"))
    assert all(type(value) is str for value in (topic.name, *topic.aliases))
    # The reader sees them as written, not as true/false or 1.1.
    page = result.pages[urls.topic("no")]
    assert 'title: "no"' in page and "<strong>Also known as:</strong> on · off · 1.10" in page
