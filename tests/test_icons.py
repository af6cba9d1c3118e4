"""The chrome's icons as symbols of one shared file (generator/mkdocs/icons.py)."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from jinja2 import Environment, FileSystemLoader

from generator.mkdocs import icons

pytestmark = pytest.mark.fast

MATERIAL = Path(material.__file__).parent / "templates"


def _env() -> tuple[Environment, icons.Icons]:
    env = Environment(loader=FileSystemLoader(str(MATERIAL)))
    env.filters["url"] = lambda value: "../../" + value  # MkDocs' filter, as on a page
    shared = icons.Icons(icons.chrome_icons({"repo": "material/git"}), env.loader, env)
    env.loader = icons.IconLoader(env.loader, shared)
    return env, shared


def test_an_include_with_the_page_s_context_uses_the_shared_symbol():
    env, _ = _env()
    page = env.from_string('{% include ".icons/material/magnify.svg" %}')
    assert page.render(base_url="../..") == (
        '<svg viewBox="0 0 24 24"><use href="../../assets/icons.svg#material-magnify"/></svg>')


def test_an_icon_not_in_the_file_and_an_import_without_context_stay_inline():
    env, shared = _env()
    original = (MATERIAL / ".icons/material/magnify.svg").read_text(encoding="utf-8")
    star = (MATERIAL / ".icons/material/star.svg").read_text(encoding="utf-8")
    assert "material/star" not in shared.shapes
    assert env.from_string('{% include ".icons/material/star.svg" %}').render(
        base_url="..") == star
    # Material's CSS data URLs (partials/icons.html) import an icon without the context
    imported = env.from_string(
        '{% import ".icons/material/magnify.svg" as icon %}{{ icon }}').render(base_url="..")
    assert imported == original


def test_the_file_holds_each_chrome_icon_once_in_name_order():
    _, shared = _env()
    sprite = shared.sprite()
    names = icons.chrome_icons({"repo": "material/git"})
    assert "material/git" in names and "fontawesome/brands/git-alt" not in names
    positions = [sprite.index(f'<symbol id="{icons.symbol_id(n)}"') for n in names]
    assert positions == sorted(positions) and sprite.count("<symbol") == len(names)
