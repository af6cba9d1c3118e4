"""The house rules of the package's layout: only the MkDocs adapter knows MkDocs, and each
folder holds one stage of the pipeline."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.fast

PACKAGE = ROOT / "generator"
ADAPTER = PACKAGE / "mkdocs"
# The modules that MkDocs and Material are made of, and their own dependencies that no
# other code of ours has a reason to use.
MKDOCS_WORLD = ("mkdocs", "material", "pymdownx", "markupsafe", "jinja2")


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_adapter_imports_mkdocs():
    outside = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(ADAPTER):
            continue
        used = _imports(path) & set(MKDOCS_WORLD)
        if used:
            outside[path.relative_to(ROOT).as_posix()] = sorted(used)
    assert outside == {}
    assert "mkdocs" in _imports(ADAPTER / "plugin.py")  # the rule looks where it should


def test_stages_depend_only_on_earlier_stages():
    """source/ knows nothing of rendering, render/ and outputs/ nothing of disks."""
    later = {"source": ("generator.render", "generator.outputs", "generator.disk",
                        "generator.mkdocs"),
             "render": ("generator.disk", "generator.mkdocs"),
             "outputs": ("generator.disk", "generator.mkdocs", "generator.render")}
    for folder, forbidden in later.items():
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for name in forbidden:
                assert f"from {name}" not in text and f"import {name}" not in text, (path, name)


# Formats whose loading runs code: a cache file someone else wrote must never be one
CODE_FORMATS = ("pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib")


def test_no_module_loads_a_format_that_runs_code():
    found = {path.relative_to(ROOT).as_posix(): sorted(_imports(path) & set(CODE_FORMATS))
             for path in sorted(PACKAGE.rglob("*.py"))}
    assert {path: names for path, names in found.items() if names} == {}
    assert "msgpack" in _imports(PACKAGE / "disk" / "cachedata.py")  # the rule looks
