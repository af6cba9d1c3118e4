"""The house rules of the package's layout: only the MkDocs adapter knows MkDocs, each
folder holds one stage and imports only the stages below it, and only the reuse package
touches the cache files."""

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


# What each part of the package may import of the others: every part sits above those
# it uses, so that the stages run downward only (README.md, Layout). A part is a folder
# of generator/ or a module at its top.
CORE = {"model", "diagnostics", "settings", "urls", "names", "formerids", "console"}
ALLOWED = {
    "model": set(), "diagnostics": set(), "urls": set(), "names": set(), "formerids": set(),
    "settings": {"model"}, "console": {"diagnostics"},
    "source": CORE,
    "link": CORE, "brokenlinks": CORE,
    "outputs": CORE,
    "disk": CORE | {"source"},
    "reuse": CORE | {"source", "link", "outputs", "disk"},
    "render": CORE | {"link", "outputs", "reuse"},
    "build": CORE | {"source", "link", "brokenlinks", "disk", "render", "reuse"},
    "changes": CORE | {"source", "outputs", "render", "build"},
    "mkdocs": CORE | {"source", "outputs", "disk", "reuse", "render", "build"},
}
# Outside generator/reuse/, only its face: the names `generator.reuse` lists in
# `__all__` (the `Reuse` a build asks, what render records of a page's reads, the pages
# carried over and the up-to-date stamp, which the command line and the plugin drive).
# Its modules, the cache files and their format are the package's own.
REUSE_FACE = "generator.reuse"


def _reuse_imports(path) -> set[str]:
    """What a module takes from the reuse package: modules, or names of the face."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(REUSE_FACE)}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith(REUSE_FACE + "."):
                found.add(node.module)
            elif node.module == REUSE_FACE:
                found |= {f"{REUSE_FACE}:{a.name}" for a in node.names}
            elif node.module == "generator":
                found |= {f"generator.{a.name}" for a in node.names if a.name == "reuse"}
    return found


def _generator_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            if node.module == "generator":  # from generator import x: the module x
                found |= {f"generator.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("generator.")}


def _part(path) -> str:
    rel = path.relative_to(PACKAGE).parts
    return rel[0].removesuffix(".py")


def test_stages_depend_only_on_earlier_stages():
    wrong = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        part = _part(path)
        if part in ("cli", "__main__", "__init__"):
            continue  # the command line uses everything
        used = {name.split(".")[1] for name in _generator_imports(path)} - {part}
        extra = used - ALLOWED[part]
        if extra:
            wrong[path.relative_to(ROOT).as_posix()] = sorted(extra)
    assert wrong == {}


def test_only_the_reuse_package_touches_cache_files():
    from generator import reuse

    wrong = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if _part(path) == "reuse":
            continue
        face = {f"{REUSE_FACE}:{name}" for name in reuse.__all__}
        used = _reuse_imports(path) - face
        if used:
            wrong[path.relative_to(ROOT).as_posix()] = sorted(used)
    assert wrong == {}
    # the rules look where they should
    assert f"{REUSE_FACE}:Reuse" in _reuse_imports(PACKAGE / "build.py")
    assert f"{REUSE_FACE}:Carry" in _reuse_imports(ADAPTER / "plugin.py")
    assert "reuse" in ALLOWED["render"] and "render" not in ALLOWED["reuse"]


# Formats whose loading runs code: a cache file someone else wrote must never be one
CODE_FORMATS = ("pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib")


def test_no_module_loads_a_format_that_runs_code():
    found = {path.relative_to(ROOT).as_posix(): sorted(_imports(path) & set(CODE_FORMATS))
             for path in sorted(PACKAGE.rglob("*.py"))}
    assert {path: names for path, names in found.items() if names} == {}
    assert "msgpack" in _imports(PACKAGE / "reuse" / "data.py")  # the rule looks


def test_the_devdocs_name_every_folder_and_every_reuse_module():
    layout = (ROOT / "devdocs" / "layout.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders and all(f"`generator/{name}/`" in layout for name in folders), folders
    reuse = sorted(p.stem for p in (PACKAGE / "reuse").glob("*.py") if p.stem != "__init__")
    incremental = (ROOT / "devdocs" / "incremental.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in layout or f"reuse/{name}.py" in layout + incremental
               for name in reuse), reuse


def test_no_tracked_file_is_a_symlink_to_an_absolute_path():
    """Such a link points at one machine's folder and nowhere on any other."""
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert listed  # the rule looks at the repository's files
    links = [line.split("\t", 1)[1] for line in listed if line.startswith("120000 ")]
    absolute = [path for path in links if (ROOT / path).readlink().is_absolute()]
    assert absolute == []


def test_no_function_is_over_60_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > 60:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} "
                                f"({lines} lines)")
    assert long == []


def test_the_plugin_stays_thin():
    # the plugin translates MkDocs' events; what it does is done in modules beside it
    lines = (ADAPTER / "plugin.py").read_text(encoding="utf-8").count("\n")
    assert lines < 350, f"generator/mkdocs/plugin.py has {lines} lines"
