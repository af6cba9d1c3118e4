"""A live preview keeps the theme's compiled templates between builds, and compiles a
template again when its source changed."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from generator.mkdocs.themefiles import CompiledTemplates as _Compiled

pytestmark = pytest.mark.fast


def _render(cache: _Compiled, source: str) -> str:
    env = Environment(loader=DictLoader({"main.html": source}), bytecode_cache=cache)
    return env.get_template("main.html").render(name="x")


def test_an_unchanged_template_is_not_compiled_again_and_a_changed_one_is(monkeypatch):
    cache = _Compiled()
    assert _render(cache, "A {{ name }}") == "A x"
    compiled = []
    real = Environment.compile
    monkeypatch.setattr(Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or real(self, *a, **k))
    assert _render(cache, "A {{ name }}") == "A x"
    assert compiled == []
    assert _render(cache, "B {{ name }}") == "B x"
    assert len(compiled) == 1
