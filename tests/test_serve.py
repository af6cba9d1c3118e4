"""`make serve` with a content error, or a page that cannot be made: the server keeps
answering with the last good pages, and the error is shown in the terminal and on the pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from bench.live_preview import stop
from tests.conftest import ROOT, SEED, make_repo

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"
PAGE = "articles/2023/hun-sen-zelenskyy-second-call/"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _until(condition, limit: float) -> bool:
    """Whether `condition()` came true, asked every 0.2 s; `limit` (seconds) only stops
    a wait for what never happens."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


@contextmanager
def _serving(tmp_path, built: bool = False):
    """A `make serve` of the seed content: (repository, base address, log file); `built`:
    after a `make site`, whose caches (made for the site's address) are in .cache/."""
    repo = make_repo(tmp_path, SEED)
    if built:
        done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=repo.root,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0 and (repo.root / ".cache").is_dir(), done.stderr
    port = _port()
    base = f"http://127.0.0.1:{port}/news-archive/"
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "--livereload",
             "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
            cwd=repo.root, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
    try:
        assert _until(lambda: _get(base + PAGE) is not None, 120), log_path.read_text()
        # MkDocs starts the watcher, and logs it, before it answers a request: a change
        # made from now on is seen
        assert "Watching paths for changes" in log_path.read_text(), log_path.read_text()
        yield repo, base, log_path
    finally:
        stop(server)


@pytest.mark.fast
def test_an_article_with_an_error_does_not_freeze_the_preview(tmp_path):
    with _serving(tmp_path) as (repo, base, log_path):
        path = repo.root / ARTICLE
        path.write_text(path.read_text(encoding="utf-8").replace("date: ", "date: not-", 1),
                        encoding="utf-8")
        assert _until(lambda: "E20" in log_path.read_text(), 60), log_path.read_text()
        # the last good page still loads, without waiting for the file to be fixed ...
        page = _get(base + PAGE, timeout=10)
        assert page is not None, "the preview froze on a content error"
        # ... and says that the preview is out of date, and why
        assert "archive-errors" in page and ARTICLE in page
        home = _get(base, timeout=10)
        assert home is not None and "archive-errors" in home
        # fixed: the banner goes away
        path.write_text(path.read_text(encoding="utf-8").replace("date: not-", "date: ", 1),
                        encoding="utf-8")
        assert _until(lambda: "archive-errors" not in (_get(base, timeout=10) or "archive-errors"),
                      60), log_path.read_text()


def test_a_page_that_cannot_be_made_does_not_freeze_the_preview(tmp_path):
    # valid front matter, but the text links to a page the site does not have: found only
    # by the link check after rendering, and reported where it was written (E503)
    with _serving(tmp_path) as (repo, base, log_path):
        path = repo.root / ARTICLE
        good = path.read_text(encoding="utf-8")
        path.write_text(good + "\nSee [nobody](../../actors/no-such-actor/).\n",
                        encoding="utf-8")
        assert _until(lambda: "E503" in log_path.read_text(), 60), log_path.read_text()
        page = _get(base + PAGE, timeout=10)
        assert page is not None, "the preview froze on a page that could not be made"
        home = _get(base, timeout=10)
        assert home is not None and "archive-errors" in home and "no-such-actor" in home
        path.write_text(good, encoding="utf-8")
        assert _until(lambda: "archive-errors" not in (_get(base, timeout=10) or "archive-errors"),
                      60), log_path.read_text()


def test_a_warning_shows_with_its_hint_on_its_page_and_start_up_says_only_what_is_needed(
        tmp_path):
    with _serving(tmp_path, built=True) as (repo, base, log_path):
        start = log_path.read_text()
        # MkDocs' warning about --dirty, which `make serve` uses on purpose, is not shown,
        # nor that the caches of `make site` (made for the site's address) do not fit
        assert "WARNING" not in start and "inaccurate navigation" not in start, start
        assert "cache" not in start, start
        assert "each save rebuilds the pages whose text changed" in start
        path = repo.root / ARTICLE
        good = path.read_text(encoding="utf-8")
        # a quote that is no longer word for word in the text: a warning (W602), the
        # build succeeds, and `make check` would fail
        path.write_text(good.replace("deeply respects and strictly adheres",
                                     "deeply respects and adheres", 1), encoding="utf-8")
        assert _until(lambda: "W602" in (_get(base + PAGE, timeout=10) or ""), 60), \
            log_path.read_text()
        page = _get(base + PAGE, timeout=10)
        banner = page.split('class="admonition warning archive-errors"', 1)[1].split("</div>")[0]
        assert "make check will fail on these until they are fixed" in banner
        assert f"<code>{ARTICLE}:" in banner and "warning W602" in banner
        assert "<br>hint: " in banner
        home = _get(base, timeout=10)
        assert home is not None and "W602" in home
        path.write_text(good, encoding="utf-8")
        assert _until(lambda: "archive-errors" not in (_get(base + PAGE, timeout=10)
                                                       or "archive-errors"), 60)
