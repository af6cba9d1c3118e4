"""The JSON Schemas in schemas/ are produced from schema.RECORDS and must not drift."""

from __future__ import annotations

import json

import pytest

from generator import cli
from generator.source.schema import RECORDS, json_schema_text
from tests.conftest import ROOT

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_schema_file_matches_the_validator(kind):
    path = ROOT / "schemas" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == json_schema_text(kind), (
        f"{path} is out of date: run .venv/bin/python -m generator schema")


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_schema_lists_every_field_and_the_required_ones(kind):
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    record = RECORDS[kind]
    assert list(schema["properties"]) == record.field_names()
    assert schema["required"] == [f.name for f in record.fields if f.required]
    assert schema["additionalProperties"] is False
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_schema_check_command_detects_drift(tmp_path, capsys):
    out = tmp_path / "schemas"
    assert cli.main(["-f", str(ROOT / "site_config.yml"), "schema", "--out", str(out)]) == 0
    assert cli.main(["-f", str(ROOT / "site_config.yml"), "schema", "--out", str(out),
                     "--check"]) == 0
    (out / "actor.schema.json").write_text("{}\n", encoding="utf-8")
    assert cli.main(["-f", str(ROOT / "site_config.yml"), "schema", "--out", str(out),
                     "--check"]) == 1
    err = capsys.readouterr().err
    assert "actor.schema.json" in err and "run: .venv/bin/python -m generator schema\n" in err
    assert (out / "actor.schema.json").read_text(encoding="utf-8") == "{}\n"


def test_contributing_documents_editor_setup():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for kind in RECORDS:
        assert f"schemas/{kind}.schema.json" in text


def test_contributing_explains_every_check():
    """Like sqlite-utils' docs tests: a new diagnostic code must be documented."""
    from generator.diagnostics import CHECKS

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for code, check in CHECKS.items():
        assert f"| {code} | {check.severity.label} | {check.title} |" in text, code


def test_contributing_commands_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in ("check", "new article", "new actor", "schema"):
        assert f"python -m generator {command}" in text, command
    assert "make serve" in text and "make check" in text
