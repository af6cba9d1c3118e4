"""A warm build checks the links of the pages it renders again, and of every page when
the site's pages are not the last run's: never fewer links than a cold build finds
broken, and the targets of the pages it carries over are not read at all."""

from __future__ import annotations

import pytest

from generator.build import Build
from generator.reuse import Mode, Reuse
from generator.reuse.reads import PackedTargets
from generator.reuse.store import CACHE_DIR
from tests.conftest import FIXTURES, make_repo

pytestmark = pytest.mark.fast

LINKING = "content/actors/delta-group.md"
LINKED = "content/articles/2023/gamma-union-security-talks.md"


@pytest.fixture
def repo(tmp_path, source_clock):
    """The corpus with an actor's profile linking an article that has nothing to do
    with it, after a warm build."""
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    repo.replace(LINKING, "A fictional group",
                 "See [the talks](../../articles/2023/gamma-union-security-talks/).\n\n"
                 "A fictional group")
    source_clock.settle()
    result = _warm(repo)[0]
    assert result.ok() and result.pages
    return repo


def _warm(repo):
    reuse = Reuse(Mode.WARM, repo.root / CACHE_DIR)
    return Build(repo.settings(), reuse).pages(), reuse


def _broken(result):
    return sorted((d.code, d.path) for d in result.report.diagnostics if d.code == "E503")


def test_the_targets_of_pages_carried_over_are_not_read(repo):
    repo.replace("content/articles/2023/ana-beta-visits-gamma-union.md", "\n---\n",
                 "\n---\nA later first sentence.\n\n")
    result, reuse = _warm(repo)
    assert result.ok() and result.pages
    fresh = reuse.pages.fresh
    assert ("articles", "ana-beta-visits-gamma-union") in fresh
    packed = {entry: made.targets for entry, made in reuse.pages.entries.items()
              if entry not in fresh}
    assert packed and all(type(t) is PackedTargets for t in packed.values())
    assert [entry for entry, targets in packed.items() if targets._map is not None] == []


def test_a_link_from_a_page_carried_over_to_a_page_that_is_gone_is_found(repo):
    # the profile reads nothing of the article from the model: its page is taken from
    # the cache, and only the changed list of pages makes its links checked again
    (repo.root / LINKED).unlink()
    result, reuse = _warm(repo)
    assert ("actors", "delta-group") not in reuse.pages.fresh
    assert _broken(result) == [("E503", LINKING)] == _broken(Build(repo.settings()).pages())
    assert result.pages is None


def test_a_broken_link_in_a_page_rendered_again_is_found(repo):
    repo.replace(LINKING, "2023/gamma-union-security-talks/", "2023/no-such/")
    result, reuse = _warm(repo)
    assert ("actors", "delta-group") in reuse.pages.fresh
    assert _broken(result) == [("E503", LINKING)]


def test_without_the_list_of_pages_every_link_is_checked(repo):
    (repo.root / CACHE_DIR / "published.msgpack").unlink()
    repo.replace("content/articles/2023/ana-beta-visits-gamma-union.md", "\n---\n",
                 "\n---\nA later first sentence.\n\n")
    result, reuse = _warm(repo)
    assert result.ok()
    packed = [made.targets for entry, made in reuse.pages.entries.items()
              if type(made.targets) is PackedTargets and entry[0] != "files"]  # no links
    assert packed and all(targets._map is not None for targets in packed)
