"""A build keeps the digests of its model in .cache/ (generator/reuse/lastmodel.py): the
next build, in a new process, digests again only the reads of the articles whose records
alone changed, and anything else is digested afresh. Either way its pages are a cold run's."""

from __future__ import annotations

import pytest

import generator.build as build
import generator.reuse.reads as depends
from generator.build import Build
from generator.reuse import Mode, Reuse
from generator.reuse import store as cache
from generator.reuse.reads import ALL
from generator.reuse.store import CACHE_DIR, LAST_MODEL, LINKS
from tests.conftest import FIXTURES, make_repo

ARTICLE = "content/articles/2022/alphaland-joins-gamma-union.md"
ARTICLE_ID = "alphaland-joins-gamma-union"


@pytest.fixture
def built(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    Build(repo.settings(), Reuse(Mode.WARM, repo.root / CACHE_DIR)).pages()
    assert (repo.root / CACHE_DIR / LAST_MODEL).is_file()
    return repo


def _computed(monkeypatch) -> list[tuple]:
    """The reads whose digests the runs from now on compute."""
    computed: list[tuple] = []
    real = depends.Digests._compute

    def counted(self, *read):
        computed.append(read)
        return real(self, *read)

    monkeypatch.setattr(depends.Digests, "_compute", counted)
    return computed


def _linked(monkeypatch) -> list[int]:
    """One item per call of `link` from now on."""
    calls: list[int] = []
    real = build.link

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(build, "link", counted)
    return calls


def _build(repo):
    """A build in a new process, and the pages of a cold run of the same content."""
    caches = Reuse(Mode.WARM, repo.root / CACHE_DIR)
    result = Build(repo.settings(), caches).pages()
    assert caches.take_notices() == []
    assert result.pages is not None, result.report.diagnostics
    return result.pages, Build(repo.settings()).pages().pages


def _replace_in(repo, rel: str, old: str, new: str) -> None:
    path = repo.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(repo, rel: str) -> None:
    path = repo.root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")


def _of_articles(read) -> bool:
    return read[0] in ("articles", "article_by_id")


@pytest.mark.parametrize("edit", [
    lambda repo: _append(repo, ARTICLE),
    lambda repo: _replace_in(repo, ARTICLE, 'title: "', 'title: "Now: '),
    lambda repo: _replace_in(repo, ARTICLE, "summary: ", "summary: Still, "),
], ids=["text", "title", "summary"])
@pytest.mark.fast
def test_a_build_after_an_edit_no_link_reads_digests_only_that_article(
        built, monkeypatch, edit):
    computed = _computed(monkeypatch)
    edit(built)
    linked = _linked(monkeypatch)
    warm, cold = _build(built)
    assert warm == cold
    assert len(linked) == 1, "the cold run links; the build takes the last cross-links"
    assert computed, "the edited article's reads are digested again"
    assert all(_of_articles(read) and read[1] in (ALL, ARTICLE_ID) for read in computed), [
        read for read in computed if not (_of_articles(read) and read[1] in (ALL, ARTICLE_ID))]


def _add_article(repo):
    (repo.root / "content/articles/2023/a-later-note.md").write_text(
        "---\ntitle: A later note\ndate: 2023-05-02\nsummary: Short.\n"
        "actors: [alpha-land]\n---\nAlphaland said little.\n", encoding="utf-8")


OTHER_EDITS = {
    "date": lambda repo: _replace_in(repo, "content/articles/2023/gamma-union-security-talks.md",
                                     "date: 2023-06-01", "date: 2023-05-01"),
    "actor": lambda repo: _append(repo, "content/actors/ana-beta.md"),
    "topic": lambda repo: _append(repo, "content/topics/trade.md"),
    "added": _add_article,
    "deleted": lambda repo: (repo.root / ARTICLE).unlink(),
    "retracted": lambda repo: _replace_in(repo, ARTICLE, "---\n",
                                          "---\nretracted: Withdrawn.\n"),
    "quote": lambda repo: _replace_in(repo, ARTICLE, "We join as equals",
                                      "We join as partners"),
}


@pytest.mark.parametrize("edit", OTHER_EDITS.values(), ids=OTHER_EDITS.keys())
def test_a_build_after_any_other_change_keeps_the_digests_of_what_did_not_change(
        built, monkeypatch, edit):
    edit(built)
    computed = _computed(monkeypatch)
    linked = _linked(monkeypatch)
    warm, cold = _build(built)
    assert warm == cold
    assert len(linked) == 2, "the build links, as the cold run does"
    kept = len(computed)
    # against a build without the last model: it digests every read
    (built.root / CACHE_DIR / LAST_MODEL).unlink()
    computed.clear()
    again, _ = _build(built)
    assert again == cold
    assert 0 < kept < len(computed), (kept, len(computed))


def test_the_model_of_a_build_that_failed_is_not_kept(built, monkeypatch):
    # an edit with an error builds nothing: the kept model is still the last build's,
    # and once the error is fixed a text edit is digested from it
    path = built.root / ARTICLE
    good = path.read_text(encoding="utf-8")
    before = (built.root / CACHE_DIR / LAST_MODEL).read_bytes()
    path.write_text(good.replace("actors: [", "actors: [nobody-known, "), encoding="utf-8")
    result = Build(built.settings(), Reuse(Mode.WARM, built.root / CACHE_DIR)).pages()
    assert result.report.has_errors()
    assert (built.root / CACHE_DIR / LAST_MODEL).read_bytes() == before
    computed = _computed(monkeypatch)
    path.write_text(good + "\nFixed.\n", encoding="utf-8")
    warm, cold = _build(built)
    assert warm == cold
    assert all(_of_articles(read) for read in computed)


def test_a_kept_model_of_another_shape_is_ignored(built):
    path = built.root / CACHE_DIR / LAST_MODEL
    key = Reuse(Mode.WARM, built.root / CACHE_DIR).sources_for(built.settings()).key
    payload = cache.read(path, key, [])
    payload["memo"] = {read: digest[:3] for read, digest in payload["memo"].items()}
    cache.write(path, key, payload)
    caches = Reuse(Mode.WARM, built.root / CACHE_DIR)
    result = Build(built.settings(), caches).pages()
    notices = caches.take_notices()
    assert len(notices) == 1 and LAST_MODEL in notices[0] and "something else" in notices[0]
    assert result.pages == Build(built.settings()).pages().pages


def test_cross_links_no_model_names_are_not_taken(built, monkeypatch):
    # a build stopped after saving its cross-links, before saving its model: the kept
    # model names the links of the build before, which are gone
    key = Reuse(Mode.WARM, built.root / CACHE_DIR).sources_for(built.settings()).key
    path = built.root / CACHE_DIR / LINKS
    payload = cache.read(path, key, [])
    payload["token"] = "another"
    payload["maps"]["related_articles"] = ("", {})
    cache.write(path, key, payload)
    _append(built, ARTICLE)
    linked = _linked(monkeypatch)
    warm, cold = _build(built)
    assert warm == cold and len(linked) == 2


def test_a_quote_is_digested_again_when_its_article_changed():
    # quotes are kept in the cross-links by article and number: the same pair may hold
    # other words after an edit, so a read of them is not kept
    from generator.reuse.lastmodel import LastModel
    from generator.reuse.reads import WHOLE

    quotes = ("quote", {"ana": (("a1", 1),), "bo": (("a2", 1),)})
    memo = {("quotes_by_actor", "ana", WHOLE): b"1" * 16,
            ("quotes_by_actor", "bo", WHOLE): b"2" * 16}
    files = {"content/articles/a1.md": ("article", b"k1"),
             "content/articles/a2.md": ("article", b"k2")}
    linked = {"content/articles/a1.md": ("a1", b"d1"), "content/articles/a2.md": ("a2", b"d2")}
    last = LastModel(files, (), linked, memo)
    now_files = {**files, "content/articles/a1.md": ("article", b"k1-edited")}
    now_linked = {**linked, "content/articles/a1.md": ("a1", b"d1-edited")}
    kept = last.unchanged_digests(now_files, now_linked, {"quotes_by_actor": quotes},
                                  {"quotes_by_actor": quotes})
    assert kept == {("quotes_by_actor", "bo", WHOLE): b"2" * 16}
