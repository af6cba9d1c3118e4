"""A clean `check` means a clean build: check reports every content problem that
`build` (and `generate`) would report, from the same code, on a corpus of broken files;
and a link written from the server's root, which would leave the path the site is
published under, is an error with the relative link to write."""

from __future__ import annotations

import json
import re

import pytest

from generator import cli
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
KIN_PHEA = "content/actors/kin-phea.md"
SANCTIONS = "content/topics/sanctions.md"
SENTENCE = "Hun Sen reaffirmed the stance"

# One mistake each: (name, file, text replaced, replacement).
BROKEN = [
    ("misspelt relative link", ARTICLE, SENTENCE,
     "See [the first call](../hun-sen-zelensky-second-call/).\n\n" + SENTENCE),
    ("link from the server's root", ARTICLE, SENTENCE,
     "See [Hun Sen](/actors/hun-sen/).\n\n" + SENTENCE),
    ("root link under the site's path, to no page", ARTICLE, SENTENCE,
     "See [nobody](/news-archive/actors/nobody/).\n\n" + SENTENCE),
    ("anchor a page lacks", KIN_PHEA, "Kin Phea is the director",
     "See [his work](../hun-sen/#no-such-heading).\n\nKin Phea is the director"),
    ("link in a scope note", SANCTIONS, "Articles on sanctions",
     "See [the war](../russia-ukraine-wars/).\n\nArticles on sanctions"),
    ("unknown actor", ARTICLE, "actors: [hun-sen,", "actors: [hun-senn,"),
    ("quote not verbatim", ARTICLE, "calls for a cease fire\"", "calls for a ceasefire\""),
    ("actor with a bad type", KIN_PHEA, "type: person", "type: persn"),
    ("article saved beside the folders", "content/visit.md", None, ARTICLE),
]


def mutate(repo, rel: str, old: str | None, new: str) -> None:
    """Replace `old` by `new` in the file at `rel`; with `old` None, copy the file at
    `new` to `rel`."""
    path = repo.root / rel
    if old is None:
        path.write_bytes((repo.root / new).read_bytes())
        return
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(repo, capsys, *argv: str) -> tuple[int, set[tuple[str, str, int, int]], list]:
    code = cli.main(["-f", str(repo.config), *argv, "--no-cache", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    return code, {(d["code"], d["path"], d["line"], d["col"]) for d in found}, found


def check_and_build(repo, capsys, tmp_path):
    checked = run(repo, capsys, "check")
    built = run(repo, capsys, "build", "--site-dir", str(tmp_path / "site"))
    return checked, built


@pytest.mark.parametrize(("name", "rel", "old", "new"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_reports_what_build_reports(tmp_path, capsys, name, rel, old, new):
    repo = make_repo(tmp_path, SEED)
    mutate(repo, rel, old, new)
    (check_code, checked, _), (build_code, built, _) = check_and_build(repo, capsys, tmp_path)
    assert build_code == check_code == 1
    assert built, "the build reports the mistake"
    assert built <= checked


def test_check_reports_what_build_reports_with_every_mistake_at_once(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    for _, rel, old, new in BROKEN:
        mutate(repo, rel, old, new)
    (_, checked, _), (_, built, _) = check_and_build(repo, capsys, tmp_path)
    assert built and built <= checked


def test_a_misspelt_link_is_told_the_page_it_likely_meant(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    mutate(repo, *BROKEN[0][1:])
    _, _, (problem,) = run(repo, capsys, "check")
    assert problem["code"] == "E503"
    assert problem["hint"].startswith("did you mean '../hun-sen-zelenskyy-second-call/'? ")


def test_a_link_from_the_server_root_is_told_the_relative_link(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    mutate(repo, *BROKEN[1][1:])
    text = (repo.root / ARTICLE).read_text(encoding="utf-8")
    line = text[:text.index("[Hun Sen](/actors")].count("\n") + 1
    _, found, (problem,) = run(repo, capsys, "check")
    assert found == {("E503", ARTICLE, line, len("See [Hun Sen](") + 1)}
    assert problem["message"] == ("the link '/actors/hun-sen/' starts at the server's root: "
                                  "the site is published under /news-archive/, so it leads "
                                  "out of the site")
    assert problem["hint"].startswith(
        "write it relative to this page's address: '../../../actors/hun-sen/' ")
    mutate(repo, ARTICLE, "(/actors/hun-sen/)", "(../../../actors/hun-sen/)")  # as told
    assert run(repo, capsys, "check")[1] == set()
    mutate(repo, ARTICLE, "(../../../actors/hun-sen/)",
           "(/articles/2023/hun-sen-zelenskyy-second-call/#top)")  # the page itself
    assert run(repo, capsys, "check")[2][0]["hint"].startswith(
        "write it relative to this page's address: '../hun-sen-zelenskyy-second-call/#top' ")


def test_at_a_domain_root_a_link_from_the_root_is_an_ordinary_link(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    config = repo.config.read_text(encoding="utf-8")
    repo.config.write_text(config.replace('"https://news-archive.github.io/news-archive/"',
                                          '"https://archive.example.org/"'))
    mutate(repo, *BROKEN[1][1:])
    assert run(repo, capsys, "check")[1] == set()


def test_links_to_the_home_page_and_under_the_sites_path_lead_somewhere(tmp_path, capsys):
    repo = make_repo(tmp_path, SEED)
    mutate(repo, ARTICLE, SENTENCE, "[Home](../../../), [the site](/news-archive), "
           "[Hun Sen](../../../actors/hun-sen/) and [Hun Sen](/news-archive/actors/hun-sen/)"
           ".\n\n" + SENTENCE)
    assert run(repo, capsys, "check")[1] == set()
    out = tmp_path / "out"
    assert cli.main(["-f", str(repo.config), "generate", "--no-cache", "--out", str(out)]) == 0
    page = (out / "articles/2023/hun-sen-zelenskyy-second-call/index.md").read_text()
    # made relative, as a relative link is: the site may be published elsewhere
    paragraph = next(line for line in page.split("\n") if ">Home</a>" in line)
    home, site, actor, rooted = re.findall(r'href="([^"]*)"', paragraph)
    assert home == site == "../../../"
    assert rooted == actor and actor.startswith("../../../actors/hun-sen")
