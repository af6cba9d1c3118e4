"""The page contract (generator/render/records.py) against the templates that read it.

Our templates in theme/ may read only declared fields, and must read every field declared
for them; a field declared for Material must be read by Material's own templates or
search plugin. Templates keep to what both Jinja2 and MiniJinja accept (Zensical renders
overrides with MiniJinja): no `page.file`, no Python method calls such as `.get()`.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import material
import pytest

from generator.render import records
from tests.conftest import ROOT

pytestmark = pytest.mark.fast

THEME = ROOT / "theme"
MATERIAL = Path(material.__file__).parent
# `{% set meta = page.meta %}` and `{% for chip in meta.chips_actors %}` make names for
# the record and for the items of its list fields.
_ALIAS = re.compile(r"{%-?\s*set\s+(\w+)\s*=\s*page\.meta\s*-?%}")
_LOOP = re.compile(r"{%-?\s*for\s+(\w+)\s+in\s+(?:page\.meta|meta)\.(\w+)")
ITEM_TYPES = {"chips_actors": records.Chip, "chips_topics": records.Chip,
              "feeds": records.Feed}


def _templates(folder: Path):
    return sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".xml") and p.is_file())


def _reads(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """(record fields read, (list field, item field) pairs read) in one template."""
    names = {"page.meta", *(f"{a}" for a in _ALIAS.findall(text))}
    fields_read: set[str] = set()
    for name in names:
        fields_read |= set(re.findall(rf"\b{re.escape(name)}\.(\w+)", text))
    items = set()
    for var, field in _LOOP.findall(text):
        items |= {(field, attr) for attr in re.findall(rf"\b{var}\.(\w+)", text)}
    return fields_read, items


def _theme_reads():
    fields_read, items = set(), set()
    for path in _templates(THEME):
        f, i = _reads(path.read_text(encoding="utf-8"))
        fields_read |= f
        items |= i
    return fields_read, items


def test_the_theme_reads_only_declared_fields_and_every_field_declared_for_it():
    declared = records.readers()
    fields_read, items = _theme_reads()
    assert fields_read - set(declared) - {records.TOC} == set(), "undeclared field read"
    for_theme = {name for name, reader in declared.items() if reader == records.THEME}
    assert for_theme - fields_read == set(), "declared for the theme but never read"
    for field, attr in items:
        assert attr in {f.name for f in fields(ITEM_TYPES[field])}, (field, attr)
    for field, kind in ITEM_TYPES.items():
        assert {f.name for f in fields(kind)} <= {a for f, a in items if f == field}, field


def test_fields_declared_for_material_are_read_by_material():
    text = "\n".join(p.read_text(encoding="utf-8") for p in _templates(MATERIAL / "templates"))
    text += (MATERIAL / "plugins" / "search" / "plugin.py").read_text(encoding="utf-8")
    for name, reader in records.readers().items():
        if reader == records.MATERIAL:
            assert re.search(rf"page\.meta(\.{name}\b|\.get\(\"{name}\"|\[\"{name}\"\])",
                             text), name


def test_fields_for_the_finishing_step_are_not_published(fixture_repo):
    finish_only = {n for n, r in records.readers().items() if r == records.FINISH}
    assert finish_only
    for path, text in fixture_repo.run().pages.items():
        if path.endswith(".md"):
            head = text.split("\n---\n", 1)[0]
            assert not [n for n in finish_only if f"\n{n}: " in head], path


def test_templates_use_what_jinja2_and_minijinja_both_accept():
    for path in _templates(THEME):
        if path.name == "sitemap.xml":  # MkDocs' own sitemap template: a list of files
            continue
        text = path.read_text(encoding="utf-8")
        assert "page.file" not in text, path
        code = re.sub(r"{#.*?#}", "", text, flags=re.S)
        # calls on values are Python methods; `lang.t` is Material's translation macro
        assert re.findall(r"\b(?!lang\.t\()\w+\.\w+\(", code) == [], path
