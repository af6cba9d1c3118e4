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


def test_every_archive_option_is_in_the_readme():
    from dataclasses import fields

    from generator.settings import FROM_MKDOCS, LICENCE_KEYS, Limits, Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    options = [f.name for f in fields(Settings) if f.name not in ("root", *FROM_MKDOCS)]
    for name in options:
        assert f"| `{name}` |" in section, f"archive option {name} is not in the README"
    for name in (*(f.name for f in fields(Limits)), *LICENCE_KEYS):
        assert f"`{name}`" in section, name
