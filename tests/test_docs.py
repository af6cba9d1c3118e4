"""The documentation keeps up with the code."""

from generator.cli import parser
from generator.schema import RECORDS
from tests.conftest import ROOT


def test_every_content_field_is_documented():
    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    for kind, record in RECORDS.items():
        for field in record.fields:
            assert f"`{field.name}`" in about, f"{kind} field {field.name} is not documented"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in parser()._subparsers._group_actions[0].choices:
        assert f"python -m generator {command}" in readme, command
    assert "make site" in readme and "make test" in readme
