"""Shared test helpers: a throw-away repository with content and a site_config.yml."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from generator.build import Build
from generator.diagnostics import Report
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The workflows set these to the repository they run in (the `!ENV` tags of
# site_config.yml); tests see the config's own defaults unless a test sets them.
FORK_ENV = ("ARCHIVE_SITE_URL", "ARCHIVE_REPO_URL", "ARCHIVE_REPO_NAME")
for _name in FORK_ENV:
    os.environ.pop(_name, None)
# The seed article with its 17 actors and 7 topics, frozen: tests never read content/,
# which grows with every article a contributor adds.
SEED = FIXTURES / "seed" / "content"


class Repo:
    """A temporary copy of the project layout: site_config.yml, theme/, docs/, content/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "site_config.yml"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def replace(self, rel: str, old: str, new: str) -> str:
        """The file with the first `old` made `new` (which must be there); its new text."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        return text

    def git(self, *args: str) -> None:
        subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                       cwd=self.root, check=True, capture_output=True)

    def settings(self):
        return load_settings(self.config)

    def run(self, render_pages: bool = True):
        build = Build(self.settings())
        return build.pages() if render_pages else build.model()

    def codes(self) -> list[tuple[str, str, int]]:
        """(code, path, line) of every diagnostic, sorted."""
        return [(d.code, d.path, d.line) for d in self.run(False).report.diagnostics]


def make_repo(tmp_path: Path, content: Path | None = None) -> Repo:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root / "site_config.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copytree(ROOT / "docs", root / "docs")
    if content is not None:
        shutil.copytree(content, root / "content")
    else:
        (root / "content").mkdir()
    return Repo(root)


@pytest.fixture(autouse=True)
def _collect_what_builds_froze():
    """A build leaves what it made out of the cyclic collector's way (gc.freeze:
    generator/build.py), as a process that runs one build may; this one runs hundreds,
    so after each test the collector may look at them again."""
    yield
    gc.unfreeze()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An empty repository to write content into."""
    return make_repo(tmp_path)


@pytest.fixture
def real_repo(tmp_path: Path) -> Repo:
    """A copy of the seed content (tests/fixtures/seed)."""
    return make_repo(tmp_path, SEED)


@pytest.fixture
def seed_history(tmp_path: Path) -> Repo:
    """A copy of the seed content in a git repository, committed once."""
    repo = make_repo(tmp_path, SEED)
    repo.git("init", "-q")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "seed")
    return repo


@pytest.fixture(scope="session")
def seed_built(tmp_path_factory):
    """(site, pages) of the seed content, made once: tests only read them."""
    repo = make_repo(tmp_path_factory.mktemp("seed"), SEED)
    result = repo.run()
    assert result.pages is not None, result.report.diagnostics
    return result.site, result.pages


class SourceClock:
    """The clock by which the source cache (generator/reuse/sources.py) trusts a file's
    recorded times only once they are older than its racy window (`RACY_NS`), moved by a
    test instead of waited for. The cache compares the change time, which no call can
    set back, so the clock is moved, not the files' times.

    The window is an hour: at first every file the test writes is within it. `settle()`
    moves the clock two hours on, so that runs see every file as written long before;
    `present()` brings it back."""

    HOUR = 3600 * 10**9

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import generator.reuse.sources as cached

        self.ahead = 0
        monkeypatch.setattr(cached, "RACY_NS", self.HOUR)
        monkeypatch.setattr(cached, "time", self)

    def time_ns(self) -> int:
        return time.time_ns() + self.ahead

    def __getattr__(self, name: str):
        return getattr(time, name)

    def settle(self) -> None:
        self.ahead = 2 * self.HOUR

    def present(self) -> None:
        self.ahead = 0


@pytest.fixture
def source_clock(monkeypatch: pytest.MonkeyPatch) -> SourceClock:
    """The source cache's clock, which the test moves (SourceClock)."""
    return SourceClock(monkeypatch)


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Repo:
    """A copy of the small golden-test corpus in tests/fixtures/corpus."""
    return make_repo(tmp_path, FIXTURES / "corpus" / "content")


# --check-stages (tests/stagecheck.py): `make test-fast` shows that its selection reaches
# every stage of the pipeline.
_STAGE_CHECK = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--check-stages", action="store_true",
                     help="fail unless the tests run reach every stage of the pipeline "
                          "(tests/stagecheck.py)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("check_stages"):
        from tests.stagecheck import StageCheck

        check = StageCheck()
        check.install()
        config.stash[_STAGE_CHECK] = check


def pytest_sessionfinish(session: pytest.Session) -> None:
    check = session.config.stash.get(_STAGE_CHECK, None)
    if check is None or session.config.option.collectonly:
        return
    check.result = check.missing()
    if check.result and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    check = config.stash.get(_STAGE_CHECK, None)
    missing = getattr(check, "result", None)
    if missing is None:
        return
    from tests.stagecheck import STAGES

    if missing:
        terminalreporter.write_line(
            "stages no test reached: " + ", ".join(missing) + " (tests/stagecheck.py)",
            red=True, bold=True)
    else:
        terminalreporter.write_line(f"every stage reached: {', '.join(STAGES)}", green=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    check = config.stash.get(_STAGE_CHECK, None)
    if check is not None:
        check.close()


__all__ = ["FIXTURES", "ROOT", "SEED", "Repo", "Report", "SourceClock", "make_repo"]
