"""`link.linked_by` names what `link` reads of an article, and a live preview (`relink`)
and a warm build (generator/reuse/lastmodel.py) trust it: an article whose `linked_by`
is unchanged keeps its cross-links. The list is declared, so this test derives what
`link` really reads, the way the page cache derives what a page reads: every article
is handed to `link` behind a recorder of the fields looked up."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

import generator.build as build
from generator.link import link, linked_by
from generator.model import Article
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast

_FIELDS = frozenset(f.name for f in fields(Article))


class _Recorder:
    """An article that writes down each of its fields read, through properties too."""

    def __init__(self, article: Article, reads: set[str]) -> None:
        self._article, self._reads = article, reads

    def __getattr__(self, name: str):
        if name in _FIELDS:
            self._reads.add(name)
            return getattr(self._article, name)
        found = getattr(type(self._article), name, None)
        if isinstance(found, property):
            return found.fget(self)  # the fields it reads, read through the recorder
        self._reads.update(_FIELDS)  # anything else: all of it, as far as we know
        return getattr(self._article, name)

    def __eq__(self, other) -> bool:
        self._reads.update(_FIELDS)
        return self._article == getattr(other, "_article", other)

    def __hash__(self) -> int:
        self._reads.update(_FIELDS)
        return hash(self._article)


def _content(tmp_path, monkeypatch):
    """The corpus fixture's content, as `link` gets it from a build."""
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    seen = []
    monkeypatch.setattr(build, "link", lambda content, *args: seen.append((content, args))
                        or link(content, *args))
    assert build.Build(repo.settings()).model().site is not None
    ((content, args),) = seen
    return content, args


def test_link_reads_of_an_article_only_what_linked_by_names(tmp_path, monkeypatch):
    content, args = _content(tmp_path, monkeypatch)
    assert len(content.articles) >= 3 and any(a.quotes for a in content.articles)
    read: set[str] = set()
    link(replace(content, articles=tuple(_Recorder(a, read) for a in content.articles)),
         *args)
    declared: set[str] = set()
    linked_by(_Recorder(content.articles[0], declared))
    assert read, "link read nothing of the articles: the recorder is not in the way"
    assert read <= declared, f"link reads {sorted(read - declared)}, which linked_by omits"
