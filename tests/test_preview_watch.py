"""A live preview's watcher and theme listing (generator/mkdocs/watcher.py, themefiles.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

from generator.mkdocs.themefiles import ThemeListing
from generator.mkdocs.watcher import use_native_events


def test_a_saved_file_is_seen_at_once_by_the_native_observer(tmp_path: Path) -> None:
    docs, content = tmp_path / "docs", tmp_path / "content" / "articles"
    docs.mkdir()
    content.mkdir(parents=True)
    article = content / "a.md"
    article.write_text("one\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    server.watch(str(docs))
    if not use_native_events(server):
        pytest.skip("no inotify here")
    server.watch(str(tmp_path / "content"))  # as MkDocs watches config.watch afterwards
    assert set(server._watched_paths) == {str(docs), str(tmp_path / "content")}
    server.observer.start()
    try:
        time.sleep(0.2)
        start = time.monotonic()
        article.write_text("two\n")
        with server._rebuild_cond:
            seen = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
        # polling every 0.5 s could see it too, but not within a tenth of a second
        assert seen and time.monotonic() - start < 0.1
        # a build reads every source file: reading one must not start another build
        time.sleep(0.2)
        server._want_rebuild = False
        assert article.read_text() == "two\n"
        with server._rebuild_cond:
            assert not server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=0.6)
    finally:
        server.observer.stop()
        server.observer.join(5)


def test_a_started_server_keeps_its_observer(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    server.watch(str(tmp_path))
    server.observer.start()
    try:
        observer = server.observer
        assert not use_native_events(server)
        assert server.observer is observer
    finally:
        server.observer.stop()
        server.observer.join(5)


class _Theme:
    def __init__(self, dirs: list[str]) -> None:
        self.dirs = dirs
        self.calls = 0

    def get_env(self):
        import jinja2

        self.calls += 1
        return jinja2.Environment(loader=jinja2.FileSystemLoader(self.dirs))


def _theme_files(env) -> list[str]:
    # the call MkDocs makes (Files.add_files_from_theme), with its own filter
    files = Files([])
    names: list[str] = []
    real = env.list_templates

    def spy(extensions=None, filter_func=None):
        found = real(extensions, filter_func)
        names.extend(found)
        return found

    env.list_templates = spy

    from types import SimpleNamespace

    config = SimpleNamespace(theme=SimpleNamespace(static_templates=[], dirs=[]),
                             site_dir="site", use_directory_urls=True)
    files.add_files_from_theme(env, config)
    return sorted(names)


def test_the_theme_listing_is_kept_until_a_file_appears_in_the_custom_dir(
        tmp_path: Path) -> None:
    custom = tmp_path / "theme"
    (custom / "assets").mkdir(parents=True)
    (custom / "assets" / "a.css").write_text("a")
    theme = _Theme([str(custom)])
    listing = ThemeListing()
    get_env = listing.wrap(theme.get_env, theme.dirs, str(custom), ())
    assert _theme_files(get_env()) == ["assets/a.css"]
    walked = []
    env = get_env()
    inner = env.loader.list_templates
    env.loader.list_templates = lambda: walked.append(1) or inner()
    assert _theme_files(env) == ["assets/a.css"]
    assert walked == []  # kept: the folders were not walked again
    time.sleep(0.01)
    (custom / "assets" / "b.css").write_text("b")
    assert _theme_files(get_env()) == ["assets/a.css", "assets/b.css"]
