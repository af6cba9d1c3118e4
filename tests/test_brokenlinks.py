"""A link a contributor wrote that leads to no page of the site: E503 at the file, line
and column where it was written, with the fix; never a traceback, whichever command."""

from __future__ import annotations

import pytest

from generator import cli
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
ACTOR = "content/actors/kin-phea.md"


@pytest.fixture
def broken(tmp_path):
    repo = make_repo(tmp_path, SEED)
    path = repo.root / ARTICLE
    text = path.read_text(encoding="utf-8")
    text = text.replace("Hun Sen reaffirmed the stance",
                        "See [the first call](../2022/first-call/).\n\nHun Sen reaffirmed "
                        "the stance", 1)
    path.write_text(text, encoding="utf-8")
    line = text[:text.index("[the first call]")].count("\n") + 1
    return repo, line


def test_a_link_to_no_page_is_reported_where_it_was_written(broken):
    repo, line = broken
    result = repo.run()
    assert result.pages is None
    found = [(d.code, d.path, d.line, d.col) for d in result.report.diagnostics]
    assert found == [("E503", ARTICLE, line, len("See [the first call](") + 1)]
    problem = result.report.diagnostics[0]
    assert "'../2022/first-call/'" in problem.message
    assert "articles/2023/2022/first-call" in problem.message
    assert "../OTHER-ID/" in problem.hint


@pytest.mark.parametrize("command", ["build", "generate"])
def test_no_command_prints_a_traceback_for_it(broken, command, capsys):
    repo, line = broken
    args = ["-f", str(repo.config), command, "--no-cache"]
    args += ["--out", str(repo.root / "out")] if command == "generate" else []
    assert cli.main(args) != 0
    out = capsys.readouterr()
    assert f"{ARTICLE}:{line}:" in out.out + out.err
    assert "E503" in out.out + out.err
    assert "Traceback" not in out.out + out.err


def test_a_link_to_an_anchor_a_page_lacks_is_reported_in_a_profile(tmp_path):
    repo = make_repo(tmp_path, SEED)
    path = repo.root / ACTOR
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n\nSee [his work](../hun-sen/#no-such-heading).\n",
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    result = repo.run()
    found = [(d.code, d.path, d.line) for d in result.report.diagnostics]
    assert found == [("E503", ACTOR, line)]


def test_a_link_that_leads_somewhere_is_fine(tmp_path):
    repo = make_repo(tmp_path, SEED)
    path = repo.root / ACTOR
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n\nSee [Hun Sen](../hun-sen/).\n", encoding="utf-8")
    result = repo.run()
    assert result.report.diagnostics == []
    assert result.pages is not None
