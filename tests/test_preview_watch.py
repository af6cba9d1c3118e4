"""A live preview's watcher and theme listing (generator/mkdocs/watcher.py, themefiles.py)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from watchdog.events import FileClosedEvent, FileSystemEventHandler

from generator.mkdocs import themefiles
from generator.mkdocs.themefiles import ThemeListing
from generator.mkdocs.watcher import use_native_events

pytestmark = pytest.mark.fast

# Only guards against a hang: every wait below ends with the event it waits for.
WAIT = 30


class _Recorder(FileSystemEventHandler):
    """The events of files one watch reports, in order: given to the watch the server's
    handler is on, it is handed exactly the events that handler is."""

    def __init__(self) -> None:
        self.events: list[tuple[type, str]] = []
        self.cond = threading.Condition()

    def on_any_event(self, event) -> None:
        if event.is_directory:  # the server's handler ignores these too
            return
        with self.cond:
            self.events.append((type(event), event.src_path))
            self.cond.notify_all()

    def written(self, path: Path) -> tuple[int, int]:
        """Write `path` and wait until the watch has reported its whole writing (its
        close): where its events start and end in `events`. A watch reports events in
        the order they happened, so everything done before is reported before it."""
        path.write_text("")
        with self.cond:
            closed = self.cond.wait_for(
                lambda: (FileClosedEvent, str(path)) in self.events, timeout=WAIT)
            assert closed, f"writing {path} was not reported within {WAIT} s"
            paths = [p for _, p in self.events]
            return paths.index(str(path)), self.events.index((FileClosedEvent, str(path))) + 1


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
    # start() returns with every folder watched (watchdog adds the inotify watches
    # before the observer's thread runs): nothing needs to settle
    server.observer.start()
    try:
        from watchdog.observers.inotify import InotifyEmitter

        assert server.observer.emitters
        assert all(type(e) is InotifyEmitter for e in server.observer.emitters)
        recorder = _Recorder()
        server.observer.add_handler_for_watch(recorder,
                                              server._watch_refs[str(tmp_path / "content")])
        # The same size and the same modification time: polling, which compares these
        # every 0.5 s, never sees this save; only file events report it.
        stat = article.stat()
        article.write_text("two\n")
        os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert article.stat().st_size == stat.st_size
        with server._rebuild_cond:
            seen = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=WAIT)
        assert seen, f"the save was not reported within {WAIT} s: is the server polling?"
        # A build reads every source file: reading one must not start another build.
        # Whatever the read reports comes between the reports of a file written before
        # it and one written after it.
        _, before = recorder.written(content / "before")
        assert article.read_text() == "two\n"
        after, _ = recorder.written(content / "after")
        assert recorder.events[before:after] == [], "reading a file was reported"
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
        tmp_path: Path, monkeypatch) -> None:
    custom = tmp_path / "theme"
    (custom / "assets").mkdir(parents=True)
    (custom / "assets" / "a.css").write_text("a")
    # the folders' times set an hour back: the file added below changes its folder's
    # time, however soon after the listing it comes (the clock that stamps files may
    # move only every few milliseconds)
    hour_ago = time.time_ns() - 3600 * 10**9
    for folder in (custom, custom / "assets"):
        os.utime(folder, ns=(hour_ago, hour_ago))
    theme = _Theme([str(custom)])
    listing = ThemeListing()
    get_env = listing.wrap(theme.get_env, theme.dirs, str(custom), (), keep=True)
    walked = []
    real = themefiles.visible_templates
    monkeypatch.setattr(themefiles, "visible_templates",
                        lambda loader: walked.append(1) or real(loader))
    assert _theme_files(get_env()) == ["assets/a.css"]
    assert _theme_files(get_env()) == ["assets/a.css"]
    assert walked == [1]  # kept: the folders were not walked again
    (custom / "assets" / "b.css").write_text("b")
    assert _theme_files(get_env()) == ["assets/a.css", "assets/b.css"]
    # a build's (keep=False) walks them every time
    once = ThemeListing().wrap(theme.get_env, theme.dirs, str(custom), (), keep=False)
    _theme_files(once())
    _theme_files(once())
    assert walked == [1, 1, 1, 1]


def test_the_theme_listing_is_mkdocs_own_without_the_hidden_folders(tmp_path: Path) -> None:
    # Material's templates (14,000 icons in .icons/) and the archive's theme: what
    # MkDocs lists for itself and what the listing that skips hidden folders gives
    from mkdocs.config import load_config

    from tests.conftest import make_repo

    repo = make_repo(tmp_path)
    (repo.root / "theme" / ".hidden").mkdir()
    (repo.root / "theme" / ".hidden" / "x.css").write_text("x")
    (repo.root / "theme" / ".dotfile.css").write_text("y")
    config = load_config(str(repo.config))
    theme = config.theme
    own = _theme_files(theme.get_env())
    get_env = ThemeListing().wrap(theme.get_env, list(theme.dirs), theme.custom_dir,
                                  tuple(theme.static_templates), keep=False)
    assert len(own) > 40 and not any(name.startswith(".") for name in own)
    assert _theme_files(get_env()) == own
