"""The search records and the Pagefind index written from them (generator/outputs/search.py).

The browser side (Material's dialog answered from the index) is in test_browser_search.py.
"""

from __future__ import annotations

import gzip
import json

import pytest

from generator.outputs import cbor, search
from generator.render.text import read_front_matter
from tests.sitecheck import search_fragments


@pytest.fixture(scope="module")
def seed_pages(seed_built) -> dict[str, tuple[dict, str]]:
    """The seed's generated pages as (front matter, body), by path."""
    _, pages = seed_built
    return {path: read_front_matter(text) for path, text in pages.items()
            if path.endswith(".md")}


def _record(seed_pages, path: str) -> search.Record:
    meta, _ = seed_pages[path]
    return search.page_record(path.removesuffix("index.md"), meta, meta["search_sections"])


def test_an_actor_s_record_has_every_name_and_only_what_describes_it(seed_pages):
    record = _record(seed_pages, "actors/hun-sen/index.md")
    assert record.kind == "actor" and record.title == "Hun Sen"
    assert record.names[:2] == ("Hun Sen", "ហ៊ុន សែន") and record.names[-1] == "hun-sen"
    assert [s.anchor for s in record.sections] == ["", "roles-over-time"]
    assert dict(record.filters) == {"kind": ("actor",), "type": ("Person",)}


def test_the_sections_an_entry_keeps_are_headings_the_pages_have(seed_pages):
    # renaming one of these headings must fail here, not quietly drop it from search
    anchors = {s["id"] for path, (meta, _) in seed_pages.items()
               if meta.get("kind") in search.ENTRY_KINDS for s in meta["search_sections"]}
    assert set(search.ENTRY_SECTIONS) <= anchors


def test_an_article_s_record_has_its_year_and_topics(seed_pages):
    record = _record(seed_pages, "articles/2023/hun-sen-zelenskyy-second-call/index.md")
    filters = dict(record.filters)
    assert record.kind == "article" and record.names == ()
    assert filters["kind"] == ("article",) and filters["year"] == ("2023",)
    assert "Russia-Ukraine war" in filters["topic"]
    assert [name for name, _ in record.filters] == [
        f for f in search.FACETS if f in filters]


def test_a_topic_is_its_own_topic_filter(seed_pages):
    record = _record(seed_pages, "topics/demining/index.md")
    assert dict(record.filters) == {"kind": ("topic",), "topic": ("Demining",)}
    assert "mine clearance" in record.names


def test_the_record_page_escapes_text_and_weights_names():
    record = search.Record(
        url="actors/x/", title='A <b>"bold"</b> & co', kind="actor", names=("X <i>", "ex"),
        sections=(search.Section("", "", "lead &amp; text"),
                  search.Section("scope", "Scope", "what it is")),
        filters=(("kind", ("actor",)), ("topic", ("War, peace & <x>",))))
    page = search.record_html(record)
    assert ('<h1 data-pagefind-meta="title">A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co</h1>'
            in page)
    assert '<p data-pagefind-weight="10">X &lt;i&gt; · ex</p>' in page
    assert '<h2 id="scope">Scope</h2><p>what it is</p>' in page
    assert "<p>lead &amp; text</p>" in page  # section text comes escaped already
    assert ('<div data-pagefind-ignore><span data-pagefind-meta="names">X &lt;i&gt;|ex</span>'
            '<span data-pagefind-filter="kind">actor</span>'
            '<span data-pagefind-filter="topic">War, peace &amp; &lt;x&gt;</span></div>') in page


def test_the_digest_follows_the_records_not_their_order(seed_pages):
    records = [_record(seed_pages, p) for p in sorted(seed_pages)
               if p.startswith(("actors/", "topics/")) and p.count("/") == 2]
    digest = search.records_digest(records)
    assert search.records_digest(list(reversed(records))) == digest
    changed = [records[0].__class__(**{**records[0].__dict__, "title": "Other"}), *records[1:]]
    assert search.records_digest(changed) != digest


@pytest.fixture(scope="module")
def written(seed_pages, tmp_path_factory):
    records = [_record(seed_pages, p) for p, (meta, _) in sorted(seed_pages.items())
               if "search_sections" in meta]
    first = tmp_path_factory.mktemp("index-a")
    second = tmp_path_factory.mktemp("index-b")
    stats = search.write_index(records, first)
    search.write_index(list(reversed(records)), second)
    return records, stats, first, second


def _files(site) -> dict[str, bytes]:
    folder = site / search.FOLDER
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_records_give_the_same_files(written):
    # Pagefind orders filter values by a hash table seeded anew in every run
    _, _, first, second = written
    assert _files(first) == _files(second)


def test_the_index_holds_what_a_browser_loads_and_nothing_else(written):
    records, stats, first, _ = written
    names = set(_files(first))
    assert {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"} <= names
    assert not any("-ui" in n or "playground" in n or "unknown" in n for n in names)
    assert stats.records == len(records) and stats.files == len(names) > len(records)
    fragments = search_fragments(first)
    assert sorted(f["url"] for f in fragments) == sorted("/" + r.url for r in records)


def test_the_filter_files_are_sorted_and_named_by_their_contents(written):
    _, _, first, _ = written
    folder = first / search.FOLDER
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    meta_name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = cbor.loads(gzip.decompress((folder / meta_name).read_bytes())[12:])
    assert [name for name, _ in meta[3]] == sorted(["kind", "type", "year", "topic"])
    for name, digest in meta[3]:
        values = cbor.loads(gzip.decompress(
            (folder / "filter" / f"{digest}.pf_filter").read_bytes())[12:])
        assert values[0] == name and values[1] == sorted(values[1])


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 65536, 2**32, "", "ហ៊ុន", b"\x00",
                                   [1, ["a", [2]]], {"a": 1, "b": [None, True, False]}])
def test_cbor_reads_what_it_writes(value):
    assert cbor.loads(cbor.dumps(value)) == value


def test_the_plugin_writes_the_index_again_only_when_a_record_changed(
        seed_pages, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from generator.mkdocs.plugin import ArchivePlugin

    plugin = ArchivePlugin()
    config = SimpleNamespace(site_dir=str(tmp_path))
    plugin.search_records = {p: _record(seed_pages, p) for p in (
        "actors/hun-sen/index.md", "topics/demining/index.md")}
    written: list[int] = []
    real = search.write_index
    monkeypatch.setattr(search, "write_index",
                        lambda records, site: written.append(len(records)) or real(records, site))
    plugin._write_search_index(config)
    plugin._write_search_index(config)  # the same records: the index is left as it is
    assert written == [2]
    plugin.search_records["topics/demining/index.md"] = _record(
        seed_pages, "topics/sanctions/index.md")
    plugin._write_search_index(config)
    assert written == [2, 2]
    assert "/topics/sanctions/" in {f["url"] for f in search_fragments(tmp_path)}


def test_an_index_that_fails_half_way_leaves_the_last_one_whole(
        seed_pages, tmp_path, monkeypatch):
    records = [_record(seed_pages, p) for p in ("actors/hun-sen/index.md",
                                                 "topics/demining/index.md")]
    search.write_index(records[:1], tmp_path)
    before = {p.relative_to(tmp_path): p.read_bytes()
              for p in (tmp_path / search.FOLDER).rglob("*") if p.is_file()}

    def broken(target):
        raise search.SearchIndexError("killed half way")

    monkeypatch.setattr(search, "_stable_filters", broken)
    with pytest.raises(search.SearchIndexError):
        search.write_index(records, tmp_path)
    after = {p.relative_to(tmp_path): p.read_bytes()
             for p in (tmp_path / search.FOLDER).rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == [search.FOLDER]


def test_a_build_whose_index_fails_stops_and_keeps_the_last_site(tmp_path, monkeypatch,
                                                                   capsys):
    # the index is written in a thread beside MkDocs (plugin.on_env); its failure must
    # still fail the build, and nothing may be left in or beside the site folder
    from generator import cli
    from tests.conftest import SEED, make_repo

    repo = make_repo(tmp_path, SEED)
    site = tmp_path / "site"
    build = ["-f", str(repo.config), "build", "--no-cache", "--site-dir", str(site)]
    assert cli.main(build) == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def broken(records, target):
        raise search.SearchIndexError("pagefind exited with 1: out of memory")

    monkeypatch.setattr(search, "write_index", broken)
    assert cli.main(build) != 0
    out = capsys.readouterr()
    assert "out of memory" in out.out + out.err
    assert "Traceback" not in out.out + out.err
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]
