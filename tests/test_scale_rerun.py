"""A re-run of `generate` with nothing changed writes nothing and skips the pipeline;
any change to what it reads or wrote makes it run again."""

from __future__ import annotations

import os

import pytest

from generator import build, cli
from generator.reuse import uptodate
from tests.conftest import SEED, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, SEED)


@pytest.fixture
def said(monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(cli.console, "say", lambda message, *a, **k: messages.append(message))
    return messages


def _generate(repo, out, said, *flags: str) -> str:
    said.clear()
    code = cli.main(["-f", str(repo.config), "generate", "--out", str(out), *flags])
    assert code == 0
    return "\n".join(said)


def _bump(path):
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


@pytest.mark.fast
def test_rerun_skips_and_writes_nothing(repo, tmp_path, said, monkeypatch):
    out = tmp_path / "out"
    first = _generate(repo, out, said)
    assert " 0 unchanged" in first and (out / uptodate.STAMP).is_file()
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline ran although nothing changed")

    monkeypatch.setattr(build.Build, "model", no_pipeline)  # cli imports it when needed
    again = _generate(repo, out, said)
    assert " 0 written" in again and "nothing changed" in again
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.parametrize("change", ["content", "config", "output", "deleted", "new"])
@pytest.mark.fast
def test_any_change_runs_again(repo, tmp_path, said, change):
    out = tmp_path / "out"
    _generate(repo, out, said)
    article = next((repo.root / "content" / "articles").rglob("*.md"))
    page = next((out / "articles").rglob("*.md"))
    if change == "content":
        _bump(article)
    elif change == "config":
        repo.config.write_text(repo.config.read_text() + "\n# edited\n")
    elif change == "output":
        page.write_text(page.read_text() + "edited by hand\n")
    elif change == "deleted":
        page.unlink()
    else:
        repo.write("content/topics/new-topic.md", "---\nname: A new topic\n---\nScope.\n")
    text = _generate(repo, out, said)
    assert "nothing changed" not in text
    if change in ("output", "deleted"):
        assert " 1 written" in text  # the page is put back as generated


def test_runs_with_warnings_are_not_recorded(repo, tmp_path, said):
    out = tmp_path / "out"
    repo.write("content/articles/2023/warned.md", """\
        ---
        title: A quote by someone not listed
        date: 2023-01-01
        summary: Gives a W601 warning.
        actors: [cambodia]
        quotes:
          - speaker: russia
            text: "Hello there"
        ---
        "Hello there," said Russia.
        """)
    assert any(d.code == "W601" for d in repo.run(render_pages=False).report.diagnostics)
    # Not strict, so that the warning lets the pages be written (the config says strict).
    _generate(repo, out, said, "--no-strict")
    assert not (out / uptodate.STAMP).exists()
    assert "nothing changed" not in _generate(repo, out, said, "--no-strict")  # every run
