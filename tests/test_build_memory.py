"""What a build holds in memory: MkDocs reads every page before it writes any, so a
generated page's body must reach it only while that page is written, and the pages
handed to `build_site` are let go once written (bench/RESULTS.md, peak memory)."""

import pickle
import sys
import tracemalloc

import pytest

from generator.mkdocs import plugin, site
from generator.render.text import page_body
from generator.reuse import store as cache
from generator.reuse.reads import SIZE, Digests, PageCache, RenderedEntry, decoded
from tests.conftest import FIXTURES, make_repo


def test_pickling_finished_pages_leaves_no_copy_of_their_text_behind():
    # the page cache pickles every finished page; so do the workers that make them
    text = "<p>Zelenskyy met Hun Sen (ហ៊ុន សែន) in Phnom Penh — 2023</p>\n" * 50
    made = RenderedEntry(("articles", "a"), (("articles/2023/a/index.md", text),), {}, {}, {})
    size = sys.getsizeof(text)
    again = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(text) == size
    assert again != made  # its text is the UTF-8, until it is needed
    assert decoded(again) == made


def test_the_reads_workers_hand_back_are_held_once_for_all_entries():
    # each entry's reads come from a worker as copies of their own
    title, rest = ("articles", "a", "title"), ("actors", "b", "#rest")
    first = pickle.loads(pickle.dumps(((title,), b"d" * SIZE)))
    second = pickle.loads(pickle.dumps(((title, rest), b"d" * SIZE + b"e" * SIZE)))
    assert first[0][0] is not second[0][0]
    digests = Digests.restored({})
    one, two = digests.learn(first), digests.learn(second)
    assert one == first and two == second
    assert one[0][0] is two[0][0]  # one object for the read both entries made
    assert digests.memo == {title: b"d" * SIZE, rest: b"e" * SIZE}


def test_saving_the_page_cache_holds_one_entry_at_a_time(tmp_path):
    # 40 entries of 100,000 characters, 200 KB each once encoded (4 bytes a character
    # in the str for the emoji)
    entries = {("articles", str(i)): RenderedEntry(
        ("articles", str(i)), ((f"articles/{i}/index.md", f"{i} 🌍 " + "é" * 100_000),),
        {}, {}, {}) for i in range(40)}
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        cache.save_pages(tmp_path, PageCache("k" * 64, entries=entries))
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    # all of it encoded at once, or a UTF-8 copy left inside each str: 8 MB and more
    assert peak < 1_000_000
    again = cache.load_pages(tmp_path, "k" * 64, []).entries
    assert {entry: decoded(made) for entry, made in again.items()} == entries


@pytest.mark.slow
def test_bodies_are_held_once_and_released_once_written(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    result = repo.run()
    assert result.pages is not None, result.report.diagnostics
    pages = result.pages
    made = sorted(path for path in pages if path.endswith(".md"))
    bodies = {path: page_body(pages[path]) for path in made}
    held: dict[str, object] = {}
    written: dict[str, str] = {}
    on_env = plugin.ArchivePlugin.on_env
    on_post_page = plugin.ArchivePlugin.on_post_page

    def seen_at_env(self, env, config, files):
        # every page has been read, none written yet
        for file in files.documentation_pages():
            if file.src_uri in self.finished:
                held[file.src_uri] = file.page.content
        return on_env(self, env, config, files)

    def seen_at_write(self, output, page, config):
        if page.file.src_uri in self.finished:
            written[page.file.src_uri] = page.content
        out = on_post_page(self, output, page, config)
        if page.file.src_uri in self.finished:
            assert page.content is None
        return out

    monkeypatch.setattr(plugin.ArchivePlugin, "on_env", seen_at_env)
    monkeypatch.setattr(plugin.ArchivePlugin, "on_post_page", seen_at_write)
    site.build_site(repo.config, pages, repo.root / "site")

    assert sorted(held) == made
    assert {path: body for path, body in held.items() if body} == {}
    # while written, each page had its whole body
    assert written == bodies
    assert [path for path in pages if path.endswith(".md")] == []


def test_a_build_without_reuse_holds_its_feeds_and_open_data_as_utf8(tmp_path):
    # the feeds of 10,000 articles are about 56 MB of UTF-8 and twice that as str (a
    # title's dash is past Latin-1); the site gets the same bytes either way
    from generator import urls
    from generator.build import Build

    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    settings = repo.settings()
    held = Build(settings).pages(undecoded=True).pages
    text = Build(settings).pages().pages
    files = [p for p in held if p.startswith(("feeds/", "data/")) and not p.endswith(".md")]
    assert urls.FEED_ALL in files and urls.data_file("articles/2023.csv") in files
    for path in files:
        assert type(held[path]) is bytes, path
        assert held[path].decode("utf-8") == text[path], path
