"""`python -m generator new`: skeletons at the right path, never overwriting, that pass
`check` once their TODO placeholders are filled in."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from generator import cli
from generator.build import Build

pytestmark = pytest.mark.fast

ARGS = ["new", "article", "hun-manet-visit", "--title", "Hun Manet visits Kyiv",
        "--date", "2024-03-01"]


def _new(repo, *argv: str) -> int:
    return cli.main(["-f", str(repo.config), *argv])


def _codes(repo):
    result = Build(repo.settings()).model(names_in_text=True)
    return [(d.code, d.path, d.line) for d in result.report.diagnostics]


def test_new_files_land_at_the_right_paths(real_repo):
    assert _new(real_repo, *ARGS) == 0
    assert _new(real_repo, "new", "actor", "hun-manet", "--type", "person", "--name",
         "Hun Manet") == 0
    assert _new(real_repo, "new", "topic", "energy", "--name", "Energy") == 0
    root = real_repo.root / "content"
    for rel in ("articles/2024/hun-manet-visit.md", "actors/hun-manet.md", "topics/energy.md"):
        assert (root / rel).is_file(), rel


def test_placeholders_are_reported_then_pass_once_filled(real_repo):
    _new(real_repo, *ARGS)
    _new(real_repo, "new", "actor", "hun-manet", "--type", "person", "--name",
         "Hun Manet")
    article = "content/articles/2024/hun-manet-visit.md"
    codes = _codes(real_repo)
    assert {c for c, _, _ in codes} == {"E207"}
    assert ("E207", article, 7) in codes  # summary placeholder, on its own line
    assert ("E207", "content/actors/hun-manet.md", 18) in codes  # the profile text

    path = real_repo.root / article
    text = path.read_text(encoding="utf-8")
    text = (text.replace('"TODO: the publication, e.g. Khmer Times"', "Khmer Times")
            .replace('"TODO: the address of the article, starting with https://"',
                     "https://example.org/a")
            .replace("TODO: one or two sentences saying what happened.", "He visited.")
            .replace("actors: [TODO]", "actors: [hun-manet, ukraine]")
            .replace("TODO: paste the text of the article here, as plain paragraphs.",
                     "Hun Manet arrived in Kyiv."))
    path.write_text(text, encoding="utf-8")
    profile = real_repo.root / "content/actors/hun-manet.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "TODO: two or three sentences on who this is.", "Prime Minister of Cambodia."),
        encoding="utf-8")
    assert _codes(real_repo) == []
    assert cli.main(["-f", str(real_repo.config), "check", "--strict"]) == 0


def test_refuses_to_overwrite(real_repo, capsys):
    before = (real_repo.root / "content/actors/hun-sen.md").read_bytes()
    assert _new(real_repo, "new", "actor", "hun-sen", "--type", "person", "--name", "X"
                ) == cli.EXIT_USAGE
    assert "already exists" in capsys.readouterr().err
    assert (real_repo.root / "content/actors/hun-sen.md").read_bytes() == before
    year = dt.date.today().year
    assert _new(real_repo, "new", "article", "hun-sen-zelenskyy-second-call") == 2
    assert not (real_repo.root / f"content/articles/{year}/hun-sen-zelenskyy-second-call.md"
                ).exists() or year == 2023


def test_refuses_unsafe_ids(real_repo, capsys):
    for slug in ("../evil", "/etc/passwd", "Hun-Sen", "index", "", "a--b"):
        assert _new(real_repo, "new", "topic", slug) == cli.EXIT_USAGE, slug
    assert not (real_repo.root / "evil.md").exists()
    assert not (real_repo.root / "content/evil.md").exists()


def test_hint_command_from_unknown_actor_works(real_repo, capsys):
    """The E301 hint prints a command that runs from a fresh shell in the repository,
    with the actor's type to choose; run with a type, it creates a usable entry."""
    art = real_repo.root / "content/articles/2023/hun-sen-zelenskyy-second-call.md"
    art.write_text(art.read_text(encoding="utf-8").replace(
        "actors: [hun-sen,", "actors: [Hun Manet, hun-sen,"), encoding="utf-8")
    cli.main(["-f", str(real_repo.config), "check", "--format", "json"])
    import json
    import shlex

    hint = next(d["hint"] for d in json.loads(capsys.readouterr().out)["diagnostics"]
                if d["code"] == "E301")
    command, _, types = hint[hint.index(".venv/bin/python -m generator new"):].partition(
        ", where TYPE is ")
    assert types == "person, country, organization or group"
    program, argv = shlex.split(command)[:3], shlex.split(command)[3:]
    assert program == [".venv/bin/python", "-m", "generator"]
    assert argv == ["new", "actor", "hun-manet", "--type", "TYPE", "--name", "Hun Manet"]
    argv[argv.index("TYPE")] = "person"
    assert _new(real_repo, *argv) == 0
    profile = real_repo.root / "content/actors/hun-manet.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "TODO: two or three sentences on who this is.", "Prime Minister."), encoding="utf-8")
    assert [c for c in _codes(real_repo) if c[0].startswith("E")] == []


class _Terminal(io.StringIO):
    """Typed answers, as a terminal gives them."""

    def isatty(self) -> bool:
        return True


def test_new_actor_without_a_type_is_refused_outside_a_terminal(real_repo, capsys,
                                                                 monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("person\n"))  # a pipe: nobody to ask
    assert _new(real_repo, "new", "actor", "cmac", "--name", "CMAC") == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert ("error: a new actor needs its type: .venv/bin/python -m generator new actor "
            "cmac --type TYPE --name CMAC, where TYPE is one of person, country, "
            "organization, group") in err
    assert not (real_repo.root / "content/actors/cmac.md").exists()


def test_new_actor_without_a_type_asks_in_a_terminal(real_repo, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal("organisation\norganization\n"))
    assert _new(real_repo, "new", "actor", "cmac", "--name", "CMAC") == 0
    err = capsys.readouterr().err
    assert err.count("what is CMAC? (person, country, organization, group): ") == 2
    assert "'organisation' is not one of them; did you mean 'organization'?" in err
    assert ("fill in every TODO, then run: .venv/bin/python -m generator check") in err
    text = (real_repo.root / "content/actors/cmac.md").read_text(encoding="utf-8")
    assert "\ntype: organization  #" in text


def test_new_actor_asked_and_no_answer_writes_nothing(real_repo, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal(""))  # Ctrl-D at the question
    assert _new(real_repo, "new", "actor", "cmac") == cli.EXIT_USAGE
    assert not (real_repo.root / "content/actors/cmac.md").exists()


def test_type_is_for_actors_only(real_repo, capsys):
    assert _new(real_repo, "new", "topic", "energy", "--type", "person") == cli.EXIT_USAGE
    assert "--type is for actors only" in capsys.readouterr().err
    assert _new(real_repo, "new", "actor", "x", "--type", "organisation") == cli.EXIT_USAGE
    assert "--type must be one of person, country, organization, group, not 'organisation'" \
        in capsys.readouterr().err
