"""One mistake, one error: an actor or topic whose own file has errors is reported there,
once; every reference to it is a note (I703) saying where the errors are, never "unknown,
create it", whichever way its file fails and whether or not the sources are cached."""

from __future__ import annotations

import json

import pytest

from generator import cli
from generator.build import Build
from generator.reuse import Mode, Reuse

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
MFA = "content/actors/cambodia-mfa.md"
KIN_PHEA = "content/actors/kin-phea.md"


@pytest.fixture
def repo(real_repo):
    return real_repo


def mutate(repo, rel: str, old: str, new: str) -> str:
    return repo.replace(rel, old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def check(repo, capsys) -> tuple[int, list[dict]]:
    code = cli.main(["-f", str(repo.config), "check", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["diagnostics"]


def test_a_misspelt_actor_type_is_one_error_and_its_references_are_notes(repo, capsys):
    mutate(repo, MFA, "type: organization", "type: organisation")
    article = (repo.root / ARTICLE).read_text(encoding="utf-8")
    code, found = check(repo, capsys)
    assert code == 1
    errors = [(d["code"], d["path"], d["line"]) for d in found if d["severity"] == "error"]
    assert errors == [("E204", MFA, 3)]
    notes = sorted((d["code"], d["path"], d["line"]) for d in found if d["code"] == "I703")
    assert notes == [("I703", ARTICLE, line_of(article, "mentions:")),
                     ("I703", ARTICLE, line_of(article, "speaker: cambodia-mfa"))]
    for d in found:
        assert "create it" not in d["hint"]
        if d["code"] == "I703":
            assert d["message"] == f"actor 'cambodia-mfa' has errors in {MFA}"
            assert d["severity"] == "info"


@pytest.mark.parametrize(("old", "new", "code"), [
    ("name: Kin Phea", "name: Kin Phea: analyst", "E103"),  # YAML
    ("---\nname: Kin Phea", "name: Kin Phea", "E102"),  # no front matter
    ("type: person", "kind: person", "E201"),  # a required field missing (and E202)
    ("Kin Phea is the director", "TODO: a profile", "E207"),  # the text
])
def test_however_the_file_fails_its_references_say_where(repo, capsys, old, new, code):
    mutate(repo, KIN_PHEA, old, new)
    mutate(repo, ARTICLE, "  - speaker: kin-phea", "  - speaker: Kin Phea")  # by name
    _, found = check(repo, capsys)
    assert code in {d["code"] for d in found if d["path"] == KIN_PHEA}
    elsewhere = {(d["code"], d["message"]) for d in found if d["path"] != KIN_PHEA}
    assert elsewhere == {("I703", f"actor 'kin-phea' has errors in {KIN_PHEA}"),
                         ("I703", f"actor 'Kin Phea' has errors in {KIN_PHEA}")}


def test_cached_sources_give_the_same_diagnostics(repo, tmp_path):
    """The source cache keeps the entry of a file that fails (read, split or checked)."""
    mutate(repo, KIN_PHEA, "name: Kin Phea", "name: Kin Phea: analyst")
    mutate(repo, MFA, "type: organization", "type: organisation")
    cold = Build(repo.settings()).model().report.diagnostics
    assert {d.code for d in cold} == {"E103", "E204", "I703"}
    for _ in range(2):  # the first run fills the cache, the second reads it
        warm = Build(repo.settings(), Reuse(Mode.WARM, tmp_path / "cache")).model()
        assert warm.report.diagnostics == cold


def test_an_entry_with_errors_still_has_its_own_references_checked(repo, capsys):
    mutate(repo, KIN_PHEA, "type: person", "type: persn")
    mutate(repo, KIN_PHEA, "affiliation: {id: international-relations-institute",
           "affiliation: {id: internatonal-relations-institute")
    _, found = check(repo, capsys)
    mine = sorted((d["code"], d["line"]) for d in found if d["path"] == KIN_PHEA)
    assert mine == [("E204", 3), ("E301", 4)]


def test_a_name_in_the_text_is_not_reported_where_a_reference_failed(repo, capsys):
    """The text names Kin Phea; the front matter's misspelt id is the one mistake."""
    text = mutate(repo, ARTICLE, "seng-vanly, kin-phea,", "seng-vanly, kin-pheaa,")
    _, found = check(repo, capsys)
    assert [(d["code"], d["line"]) for d in found] == [("E301", line_of(text, "mentions:"))]


def test_an_actor_file_named_in_capitals_is_where_its_references_are_sent(repo, capsys):
    (repo.root / KIN_PHEA).rename(repo.root / "content/actors/Kin-Phea.md")
    _, found = check(repo, capsys)
    assert [(d["code"], d["path"]) for d in found if d["severity"] == "error"] == [
        ("E108", "content/actors/Kin-Phea.md")]
    assert {(d["code"], d["message"]) for d in found if d["path"] == ARTICLE} == {
        ("I703", "actor 'kin-phea' has errors in content/actors/Kin-Phea.md")}
    cold = Build(repo.settings()).model().report.diagnostics  # without the source cache
    assert sorted({d.code for d in cold}) == ["E108", "I703"]


def test_an_article_file_named_in_capitals_is_where_its_sources_are_sent(repo, capsys):
    # the seed's actors cite the article: each citation is a note, not "no such article"
    renamed = "content/articles/2023/Hun-Sen-Zelenskyy-Second-Call.md"
    (repo.root / ARTICLE).rename(repo.root / renamed)
    _, found = check(repo, capsys)
    assert [(d["code"], d["path"]) for d in found if d["severity"] == "error"] == [
        ("E108", renamed)]
    notes = [d for d in found if d["code"] == "I703"]
    assert notes and all(renamed in d["message"] for d in notes)
    cold = Build(repo.settings()).model().report.diagnostics  # without the source cache
    assert sorted({d.code for d in cold}) == ["E108", "I703"]
