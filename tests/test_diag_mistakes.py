"""A corpus of contributors' front matter mistakes (tests/cases/mistakes/): each points at
the line and column that is wrong, with a hint for that mistake, not the parser's guess.

Every case is one article dropped, alone, into a copy of the seed content; its expected
diagnostic (code, line, column, message, hint) is recorded in expected.yml beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.source.yamlerrors import Scan
from tests.conftest import FIXTURES, SEED, make_repo

pytestmark = pytest.mark.fast

CASES = Path(__file__).parent / "cases" / "mistakes"
EXPECTED = yaml.safe_load((CASES / "expected.yml").read_text(encoding="utf-8"))
ARTICLE = "content/articles/2023/{name}.md"


def test_every_case_has_its_expectation():
    files = {path.stem for path in CASES.glob("*.md")}
    assert files == set(EXPECTED), "every case file needs an entry in expected.yml and back"
    assert len(files) >= 10
    assert {case["code"] for case in EXPECTED.values()} >= {"E102", "E103", "E105"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_reported_where_it_is(tmp_path, capsys, name):
    repo = make_repo(tmp_path, SEED)
    rel = ARTICLE.format(name=name)
    (repo.root / rel).write_bytes((CASES / f"{name}.md").read_bytes())
    assert cli.main(["-f", str(repo.config), "check", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    mine = [{key: d[key] for key in ("code", "line", "col", "message", "hint")}
            for d in found if d["path"] == rel]
    assert mine == [EXPECTED[name]]
    # one mistake, one message: the rest of the content is as clean as it was
    assert [d for d in found if d["path"] != rel and d["code"] != "I701"] == []


def test_each_case_is_a_clean_article_with_one_mistake(tmp_path, capsys):
    """The messages above are about each case's mistake and nothing else: every case is
    clean/phone-call.md, which passes `check`, with one or two lines changed."""
    import difflib

    clean = (CASES / "clean" / "phone-call.md").read_text(encoding="utf-8")
    repo = make_repo(tmp_path, SEED)
    (repo.root / ARTICLE.format(name="phone-call")).write_text(clean, encoding="utf-8")
    assert cli.main(["-f", str(repo.config), "check", "--format", "json", "--strict"]) == 0
    for name in EXPECTED:
        text = (CASES / f"{name}.md").read_text(encoding="utf-8")
        changed = [line for line in difflib.ndiff(clean.split("\n"), text.split("\n"))
                   if line.startswith(("- ", "+ "))]
        assert 1 <= len(changed) <= 4, (name, changed)


# Front matter of the shapes the reading of lines knows, which YAML reads without error.
VALID = [
    "quotes:\n- speaker: a\n  text: b\ntitle: c\n",  # a list not indented under its field
    "summary: >-\n  one\n  two\n\nactors: [a,\n  b]\n",  # text and a list over lines
    "summary: one\n  two three four\n",  # a plain value going on over two lines
    "text: \"one\n  two\"\ntitle: x\n",  # a quote going on over two lines
    "title: 'it''s'\nurl: https://example.org/a:b\n",
    "roles:\n  - title: A\n    start: 2020\n  -\n    title: B\nids:\n  wikidata: Q1\n",
]


def _front_matters():
    for path in sorted(FIXTURES.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---\n" in text:
            yield path.relative_to(FIXTURES).as_posix(), text[4:text.index("\n---\n") + 1]


SHAPES = [(f"shape-{n}", text) for n, text in enumerate(VALID)] + list(_front_matters())


@pytest.mark.parametrize("text", [text for _, text in SHAPES], ids=[n for n, _ in SHAPES])
def test_no_mistake_is_seen_in_valid_front_matter(text):
    """YAML reads these; the reading of the lines must find nothing wrong in them either,
    or a mistake further down would be blamed on them."""
    yaml.compose(text)
    assert Scan(text.split("\n"), 2).first_mistake() is None
