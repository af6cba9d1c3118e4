"""The search records and the index written from them (generator/outputs/search.py,
searchindex.py, words.py).

The browser side (Material's dialog answered from the index) is in test_browser_search.py.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html
import json

import pytest

from generator.outputs import search, searchindex
from generator.outputs.words import stem, words
from generator.render.text import read_front_matter
from tests.sitecheck import search_fragments


@pytest.fixture(scope="module")
def seed_pages(seed_built) -> dict[str, tuple[dict, str]]:
    """The seed's generated pages as (front matter, body), by path."""
    _, pages = seed_built
    return {path: read_front_matter(text) for path, text in pages.items()
            if path.endswith(".md")}


def _record(seed_pages, path: str) -> search.SearchRecord:
    meta, _ = seed_pages[path]
    return search.page_record(path.removesuffix("index.md"), meta, meta["search_sections"])


@pytest.mark.fast
def test_an_actor_s_record_has_every_name_and_only_what_describes_it(seed_pages):
    record = _record(seed_pages, "actors/hun-sen/index.md")
    assert record.kind == "actor" and record.title == "Hun Sen"
    assert record.names[:2] == ("Hun Sen", "ហ៊ុន សែន") and record.names[-1] == "hun-sen"
    assert [s.anchor for s in record.sections] == ["", "roles-over-time"]
    assert dict(record.filters) == {"kind": ("actor",), "type": ("Person",)}


@pytest.mark.fast
def test_the_sections_an_entry_keeps_are_headings_the_pages_have(seed_pages):
    # renaming one of these headings must fail here, not quietly drop it from search
    anchors = {s["id"] for path, (meta, _) in seed_pages.items()
               if meta.get("kind") in search.ENTRY_KINDS for s in meta["search_sections"]}
    assert set(search.ENTRY_SECTIONS) <= anchors


@pytest.mark.fast
def test_an_article_s_record_has_its_year_and_topics(seed_pages):
    record = _record(seed_pages, "articles/2023/hun-sen-zelenskyy-second-call/index.md")
    filters = dict(record.filters)
    assert record.kind == "article" and record.names == ()
    assert filters["kind"] == ("article",) and filters["year"] == ("2023",)
    assert "Russia-Ukraine war" in filters["topic"]
    assert [name for name, _ in record.filters] == [
        f for f in search.FACETS if f in filters]


@pytest.mark.fast
def test_a_topic_is_its_own_topic_filter(seed_pages):
    record = _record(seed_pages, "topics/demining/index.md")
    assert dict(record.filters) == {"kind": ("topic",), "topic": ("Demining",)}
    assert "mine clearance" in record.names


@pytest.mark.fast
def test_words_are_letters_marks_and_digits_in_any_script():
    assert words("ហ៊ុន សែន") == ["ហ៊ុន", "សែន"]  # vowel signs (marks) stay in the word
    assert words("Володимир ЗЕЛЕНСЬКИЙ") == ["володимир", "зеленський"]
    assert words("Zelenskyy's UN-Charter, 2023") == ["zelenskyy", "s", "un", "charter", "2023"]
    assert words("ﬁne_print naïve हिन्दी") == ["fine", "print", "naïve", "हिन्दी"]


@pytest.mark.fast
def test_the_digest_follows_the_records_not_their_order(seed_pages):
    records = [_record(seed_pages, p) for p in sorted(seed_pages)
               if p.startswith(("actors/", "topics/")) and p.count("/") == 2]
    digest = search.records_digest(records)
    assert search.records_digest(list(reversed(records))) == digest
    changed = [records[0].__class__(**{**records[0].__dict__, "title": "Other"}), *records[1:]]
    assert search.records_digest(changed) != digest
    # a record and the form a build keeps it in give the same digest; its date counts
    assert search.records_digest([search.stored(r) for r in records]) == digest
    later = [records[0].__class__(**{**records[0].__dict__, "date": "2099-01-01"}), *records[1:]]
    assert search.records_digest(later) != digest


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


def _postings(site) -> dict[str, dict[int, int]]:
    """Every word's {page number: score}, read back from the chunks."""
    folder = site / search.FOLDER
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    out = {}
    for _, name in manifest["chunks"]:
        for word, listed in json.loads((folder / name).read_text("utf-8")).items():
            number, out[word] = 0, {}
            for step, score in zip(listed[::2], listed[1::2], strict=True):
                number += step
                out[word][number] = score
    return out


@pytest.mark.fast
def test_the_same_records_give_the_same_files(written):
    _, _, first, second = written
    assert _files(first) == _files(second)


@pytest.mark.fast
def test_every_page_has_its_excerpt_in_page_order(written):
    records, stats, first, _ = written
    pages = search_fragments(first)
    assert [p["url"] for p in pages] == ["/" + r.url for r in search.ordered(records)]
    kinds = [p["kind"] for p in pages]
    assert kinds == sorted(kinds, key=["actor", "topic", "page", "article"].index)
    articles = [r for r in search.ordered(records) if r.kind == "article"]
    assert [r.date for r in articles] == sorted((r.date for r in articles), reverse=True)
    assert stats.records == len(records) and stats.files > len(records)
    hun_sen = next(p for p in pages if p["url"] == "/actors/hun-sen/")
    # the page's own text, as plain text, not HTML; its list of names is in its names,
    # not in its text, so that an excerpt does not run it into the text
    assert hun_sen["sections"][0][2].startswith("Hun Sen is a Cambodian politician")
    assert "People's Party" in hun_sen["sections"][0][2]
    assert "Also known as" not in json.dumps(hun_sen) and "ហ៊ុន សែន" in hun_sen["names"]
    assert "&amp;" not in json.dumps(pages) and "<a " not in json.dumps(pages)


@pytest.mark.fast
def test_the_chunks_hold_their_words_in_order_and_are_named_by_their_bytes(written):
    _, _, first, _ = written
    folder = first / search.FOLDER
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    starts = [word for word, _ in manifest["chunks"]]
    assert starts == sorted(starts, key=searchindex.word_order)
    for i, (start, name) in enumerate(manifest["chunks"] + [[None, manifest["filters"]]]):
        data = (folder / name).read_bytes()
        assert name.endswith(hashlib.sha256(data).hexdigest()[:16] + ".json")
        if start is None:
            continue
        held = list(json.loads(data))
        assert held[0] == start and held == sorted(held, key=searchindex.word_order)
        if i + 1 < len(starts):
            assert searchindex.word_order(held[-1]) < searchindex.word_order(starts[i + 1])


@pytest.mark.fast
def test_every_word_of_a_page_leads_to_it_by_its_key(written):
    records, _, first, _ = written
    postings = _postings(first)
    for number, record in enumerate(search.ordered(records)):
        text = " ".join([record.title, *record.names,
                         *(f"{s.title} {s.text}" for s in record.sections)])
        for word in set(words(html.unescape(text))):
            assert number in postings[stem(word)], (record.url, word)
    # the chunks hold keys only: a word and its other forms share one list
    assert "sanction" in postings and "sanctions" not in postings


def _names_lines(site) -> list[str]:
    folder = site / search.FOLDER
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    return json.loads((folder / manifest["names"]).read_text("utf-8"))


def _decoded(line: str) -> list[tuple[str, ...]]:
    """A page's names from the names file's line ("^N": the page's Nth word)."""
    seen: list[str] = []
    names = []
    for name in line.split("|"):
        found = []
        for word in name.split(" "):
            if word.startswith("^"):
                found.append(seen[int(word[1:])])
            else:
                seen.append(word)
                found.append(word)
        names.append(tuple(found))
    return names


@pytest.mark.fast
def test_the_names_file_has_each_actor_s_and_topic_s_names_in_page_order(written):
    records, _, first, _ = written
    lines = _names_lines(first)
    ordered = search.ordered(records)
    entries = [r for r in ordered if r.kind in search.ENTRY_KINDS]
    assert ordered[:len(entries)] == entries and len(lines) == len(entries)
    for line, record in zip(lines, entries, strict=True):
        assert _decoded(line) == list(dict.fromkeys(tuple(words(n)) for n in record.names))
    hun_sen = lines[entries.index(next(r for r in entries if r.url == "actors/hun-sen/"))]
    assert hun_sen == "hun sen|ហ៊ុន សែន|samdech techo ^0 ^1"  # each name once, words once


@pytest.mark.fast
def test_a_name_scores_its_page_above_every_page_that_only_mentions_it(written):
    records, _, first, _ = written
    postings = _postings(first)
    ordered = search.ordered(records)
    number = {r.url: n for n, r in enumerate(ordered)}
    for url, word in (("actors/hun-sen/", "hun"), ("actors/zelenskyy/", "zelenskyy"),
                      ("actors/cambodia/", "cambodia"), ("topics/demining/", "demining"),
                      ("topics/russia-ukraine-war/", "war")):
        scores = postings[stem(word)]
        best = scores.pop(number[url])
        named = {n for n, r in enumerate(ordered)
                 if stem(word) in map(stem, words(" ".join(r.names)))}
        others = [score for n, score in scores.items() if n not in named]
        assert others and best > max(others), (word, best, scores)


def test_a_name_outscores_an_article_full_of_it(tmp_path):
    # an article about Vanly, titled with the name and naming it in every sentence,
    # still comes after the page of the actor it names
    actor = search.SearchRecord(url="actors/vanly/", title="Seng Vanly", kind="actor",
                                names=("Seng Vanly", "វណ្ណលី"),
                                sections=(search.Section("", "", "An analyst."),),
                                filters=(("kind", ("actor",)),))
    article = search.SearchRecord(url="articles/2024/vanly/", title="Vanly on Vanly",
                                  kind="article", names=(), sections=(search.Section(
                                      "", "", "Vanly said that Vanly would see Vanly. " * 30),),
                                  filters=(("kind", ("article",)),), date="2024-01-01")
    search.write_index([article, actor], tmp_path)
    scores = _postings(tmp_path)["vanly"]
    assert scores[0] > scores[1], scores  # page 0: the actor


@pytest.mark.fast
def test_the_filters_list_their_pages_by_value(written):
    records, _, first, _ = written
    pages = {p["url"]: p["filters"] for p in search_fragments(first)}
    for record in records:
        assert pages["/" + record.url] == {f: sorted(v) for f, v in record.filters}
    folder = first / search.FOLDER
    manifest = json.loads((folder / "index.json").read_text("utf-8"))
    facets = json.loads((folder / manifest["filters"]).read_text("utf-8"))
    assert list(facets) == sorted(facets) and set(facets) == set(search.FACETS)
    for values in facets.values():
        assert list(values) == sorted(values)


@pytest.mark.fast
def test_the_plugin_writes_the_index_again_only_when_a_record_changed(
        seed_pages, tmp_path, monkeypatch):
    from generator.mkdocs.plugin import ArchivePlugin

    plugin = ArchivePlugin()
    plugin.serving = plugin.search.serving = True  # a live preview's share one site folder
    site = tmp_path
    plugin.search.records = {p: _record(seed_pages, p) for p in (
        "actors/hun-sen/index.md", "topics/demining/index.md")}
    written: list[int] = []
    real = search.write_index
    monkeypatch.setattr(search, "write_index",
                        lambda records, site, *rest, **options: written.append(len(records))
                        or real(records, site, *rest, **options))
    plugin.search.write(site)
    plugin.search.write(site)  # the same records: the index is left as it is
    assert written == [2]
    plugin.search.records["topics/demining/index.md"] = _record(
        seed_pages, "topics/sanctions/index.md")
    plugin.search.write(site)
    assert written == [2, 2]
    assert "/topics/sanctions/" in {f["url"] for f in search_fragments(tmp_path)}


@pytest.mark.fast
def test_an_index_that_fails_half_way_leaves_the_last_one_whole(
        seed_pages, tmp_path, monkeypatch):
    records = [_record(seed_pages, p) for p in ("actors/hun-sen/index.md",
                                                 "topics/demining/index.md")]
    search.write_index(records[:1], tmp_path)
    before = {p.relative_to(tmp_path): p.read_bytes()
              for p in (tmp_path / search.FOLDER).rglob("*") if p.is_file()}

    def half(records, scratch, out, *rest):
        (out / "w").mkdir(parents=True)
        (out / "index.json").write_text("{}")
        raise search.SearchIndexError("killed half way")

    monkeypatch.setattr(search, "_write", half)
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

    def broken(records, target, *rest, **options):
        raise search.SearchIndexError("the index writer exited with 1: out of memory")

    monkeypatch.setattr(search, "write_index", broken)
    assert cli.main(build) != 0
    out = capsys.readouterr()
    assert "out of memory" in out.out + out.err
    assert "Traceback" not in out.out + out.err
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]


def test_a_cached_analysis_gives_the_same_index_and_a_damaged_cache_is_ignored(
        seed_pages, tmp_path):
    records = [_record(seed_pages, p) for p, (meta, _) in sorted(seed_pages.items())
               if "search_sections" in meta]
    cache = tmp_path / "search.msgpack"
    cold = tmp_path / "cold"
    search.write_index(records, cold)
    first = search.write_index(records, tmp_path / "first", cache)
    assert first.notices == () and cache.is_file() and not first.patched
    assert _files(tmp_path / "first") == _files(cold)
    # one record changed: only it is analysed again, the last postings are patched for
    # it, and the index is a cold one's
    changed = list(records)
    at = next(i for i, r in enumerate(changed) if r.url == "actors/hun-sen/")
    changed[at] = dataclasses.replace(
        changed[at], title="Hun Sen, Senate President",
        sections=(*changed[at].sections, search.Section("", "", "a zzznewword")))
    # the unchanged pages' excerpt files are linked from the last index, unless one was
    # changed since it was written
    last = tmp_path / "first" / search.FOLDER
    tampered = last / "p" / "1.json.gz"
    tampered.write_bytes(gzip.compress(b'{"url": "elsewhere/"}'))
    warm = search.write_index(changed, tmp_path / "warm", cache, last)
    search.write_index(changed, tmp_path / "cold2")
    assert warm.patched
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold2")
    assert "zzznewword" in _postings(tmp_path / "warm")
    new = tmp_path / "warm" / search.FOLDER / "p"
    linked = {p.name for p in new.iterdir()
              if p.stat().st_ino == (last / "p" / p.name).stat().st_ino}
    assert linked == {f"{n}.json.gz" for n in range(len(records))} - {
        "1.json.gz", f"{search.ordered(changed).index(changed[at])}.json.gz"}
    # a page added: the pages after it move, the postings are patched all the same (and
    # are a cold run's); every other page's excerpt file is linked from where it was in
    # the last index
    added = [*changed, dataclasses.replace(changed[at], url="actors/hun-sen-2/")]
    before = tmp_path / "warm" / search.FOLDER
    again = search.write_index(added, tmp_path / "added", cache, before)
    search.write_index(added, tmp_path / "cold3")
    assert again.patched and _files(tmp_path / "added") == _files(tmp_path / "cold3")
    inodes = {p.stat().st_ino for p in (before / "p").iterdir()}
    moved = [p for p in (tmp_path / "added" / search.FOLDER / "p").iterdir()
             if p.stat().st_ino in inodes]
    assert len(moved) == len(added) - 1
    # a cached analysis is used as it is: a wrong one would show in the index
    from generator.reuse import store as caches
    from generator.reuse.indexer import cache_key

    analysed = caches.read(cache, cache_key(), [])
    analysed.pop("")  # the last postings: without them, every page's analysis is read
    assert len(analysed) == len(added)
    poisoned = {key: ("\n".join(["zzzpoison", *listed.split("\n")[1:]]), *rest)
                if listed else (listed, *rest) for key, (listed, *rest) in analysed.items()}
    caches.write(cache, cache_key(), poisoned)
    search.write_index(added, tmp_path / "poisoned", cache)
    assert "zzzpoison" in json.dumps(_postings(tmp_path / "poisoned"))
    # damaged: ignored with a notice, and the index is a cold one's
    cache.write_bytes(cache.read_bytes()[:-10])
    stats = search.write_index(added, tmp_path / "damaged", cache)
    assert len(stats.notices) == 1 and "damaged" in stats.notices[0]
    assert _files(tmp_path / "damaged") == _files(tmp_path / "cold3")


def test_a_writer_started_ahead_writes_the_same_index_or_stops_unused(seed_pages, tmp_path):
    """`generator build` starts the index writer before the pages are made (it loads
    its cache meanwhile): fed later, it writes what a writer started then would; never
    fed, it stops at the end of its input."""
    records = [_record(seed_pages, p) for p, (meta, _) in sorted(seed_pages.items())
               if "search_sections" in meta]
    cache = tmp_path / "search.msgpack"
    search.write_index(records, tmp_path / "first", cache)
    changed = [dataclasses.replace(records[0], title="A title changed since"), *records[1:]]
    stored = cache.stat().st_mtime_ns
    writer = search.Writer(cache)
    process = writer.process
    ahead = search.write_index(changed, tmp_path / "ahead", cache,
                               tmp_path / "first" / search.FOLDER, writer)
    assert ahead.patched  # it was used, with its cache
    writer.close()  # it stores its cache after the index: waited for here
    assert process.returncode == 0 and writer.process is None
    assert cache.stat().st_mtime_ns != stored
    search.write_index(changed, tmp_path / "cold")
    assert _files(tmp_path / "ahead") == _files(tmp_path / "cold")
    unused = search.Writer(cache)
    process = unused.process
    unused.close()
    assert process.returncode == 0
