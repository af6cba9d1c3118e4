"""A build or generate stopped in any way, SIGKILL included, leaves the last site whole,
and the next run leaves nothing of the stopped one behind.

Each stop happens in a child process: either at a chosen point (a step replaced by
`os._exit`, which runs no cleanup at all, as SIGKILL) or by a real signal mid-build, sent
once the child says that MkDocs has written part of the new site.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.disk import sitedir
from generator.disk.emit import JOURNAL, MANIFEST
from tests.conftest import FIXTURES, make_repo
from tests.test_hostile_safety import tree_hash

pytestmark = pytest.mark.slow

# Runs the command line in a child that dies, with no cleanup, at the named step.
DIE_AT = """
import os, sys
from generator import cli
from generator.disk import emit
from generator.mkdocs import site as mkdocs_adapter
from generator.disk import sitedir
step = sys.argv[1]
if step == "emit":  # at the second article page, between its temporary file and rename
    real, count = os.replace, [0]
    def replace(src, dst):
        if os.path.basename(os.path.dirname(os.path.dirname(dst))).isdigit():
            count[0] += 1
            if count[0] == 2:
                os._exit(9)
        real(src, dst)
    emit.os.replace = replace
elif step == "mkdocs":  # MkDocs has written part of the new site
    def build(config, **kwargs):
        open(os.path.join(config.site_dir, "half-written.html"), "w").write("partial")
        os._exit(9)
    mkdocs_adapter.build = build
elif step == "swap":  # the new site is complete, the swap has not happened
    sitedir._exchange = lambda a, b: os._exit(9)
elif step == "cleanup":  # swapped; the previous site is not yet removed
    publish = sitedir.publish
    def published(staging, site_dir):
        publish(staging, site_dir)
        os._exit(9)
    sitedir.publish = published
elif step == "pause":  # MkDocs has written a page of the new site: say so on the file
    # descriptor PAUSED_FD, then wait for a signal (standard input closed ends the wait)
    from mkdocs.commands import build as mkdocs_build
    build_page = mkdocs_build._build_page
    def paused(*args, **kwargs):
        build_page(*args, **kwargs)
        mkdocs_build._build_page = build_page
        os.write(int(os.environ["PAUSED_FD"]), b"paused")
        sys.stdin.buffer.read()
        os._exit(3)
    mkdocs_build._build_page = paused
sys.exit(cli.main(sys.argv[2:]))
"""
# Only guards against a hang: a child that is waited for ends with what is waited for.
WAIT = 300


def _run(repo, *argv: str, die_at: str = "") -> subprocess.CompletedProcess:
    args = [sys.executable, "-c", DIE_AT, die_at or "none", "-f", str(repo.config), *argv]
    return subprocess.run(args, cwd=repo.root, capture_output=True, text=True, timeout=WAIT,
                          check=False)


def _beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture
def built(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    site = tmp_path / "site"
    assert _run(repo, "build", "--site-dir", str(site)).returncode == 0
    return repo, site


def _change_content(repo) -> None:
    article = next((repo.root / "content/articles").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")


@pytest.mark.parametrize("step", ["mkdocs", "swap", "cleanup"])
def test_a_build_killed_at_any_step_leaves_a_whole_site(built, step):
    repo, site = built
    before = tree_hash(site)
    _change_content(repo)
    done = _run(repo, "build", "--site-dir", str(site), die_at=step)
    assert done.returncode == 9, done.stderr
    after = tree_hash(site)
    # the previous site, or (killed after the swap) the complete new one: never a mix
    if step == "cleanup":
        assert after != before and "half-written.html" not in after
    else:
        assert after == before
    assert _beside(site), "the stopped build left its folder beside the site"
    assert _run(repo, "build", "--site-dir", str(site)).returncode == 0
    assert _beside(site) == []
    assert tree_hash(site) != before  # the next build published the change
    if step == "cleanup":  # the new site was whole: the next build, of the same content,
        assert tree_hash(site) == after  # has nothing to change


def test_a_site_set_aside_between_two_renames_is_put_back(built):
    """Where no atomic exchange exists, a stop between the renames leaves no site folder;
    the next build puts the previous site back before it starts."""
    _, site = built
    before = tree_hash(site)
    aside = site.parent / f".{site.name}.old-x1"
    site.rename(aside)
    half = site.parent / f".{site.name}.new-x2"
    half.mkdir()
    (half / sitedir.MARK).write_text(sitedir.BUILDING)
    sitedir.recover(site)
    assert tree_hash(site) == before
    assert _beside(site) == []


def test_only_marked_folders_are_removed(built):
    _, site = built
    foreign = site.parent / f".{site.name}.new-someone-elses"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not ours")
    sitedir.recover(site)
    assert (foreign / "keep.txt").read_text() == "not ours"


def _default_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_signal_mid_build_leaves_the_previous_site(built, signum):
    repo, site = built
    before = tree_hash(site)
    _change_content(repo)
    # The child stops in the middle of MkDocs' build and says so: the signal comes
    # while the new site is half written, however fast or slow the machine.
    # A shell that starts jobs in the background (as a CI runner may) has them ignore
    # SIGINT, and Python keeps an ignored SIGINT ignored: the child gets the default back.
    said, say = os.pipe()
    with subprocess.Popen([sys.executable, "-c", DIE_AT, "pause", "-f", str(repo.config),
                           "build", "--site-dir", str(site)], cwd=repo.root,
                          env={**os.environ, "PAUSED_FD": str(say)}, pass_fds=(say,),
                          stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, preexec_fn=_default_signals) as child:
        os.close(say)
        try:
            ready, _, _ = select.select([said], [], [], WAIT)
            assert ready, f"the build did not reach MkDocs within {WAIT} s"
            assert os.read(said, 16) == b"paused", "the build ended before MkDocs wrote a page"
            assert _beside(site), "the build did not start"
            child.send_signal(signum)
            code = child.wait(timeout=WAIT)
        finally:
            os.close(said)
            if child.poll() is None:
                child.kill()
    assert code != 0, "the build finished before the signal arrived"
    # stopped by the signal: Ctrl-C as the command line reports it, the others by dying
    assert code == (130 if signum == signal.SIGINT else -signum), code
    assert tree_hash(site) == before
    assert _run(repo, "build", "--site-dir", str(site)).returncode == 0
    assert _beside(site) == []
    assert tree_hash(site) != before


def test_generate_killed_mid_write_is_cleaned_by_the_next_run(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    out = tmp_path / "out"
    done = _run(repo, "generate", "--out", str(out), die_at="emit")
    assert done.returncode == 9, done.stderr
    assert (out / JOURNAL).is_file()
    half = list(out.rglob(".*.md.tmp"))
    whole = list(out.glob("articles/*/*/index.md"))
    assert len(half) == 1 and len(whole) == 1, (half, whole)
    # Both articles are deleted before the next run: their pages are now stale.
    for page in (whole[0], half[0]):
        (repo.root / "content" / f"{page.parent.relative_to(out)}.md").unlink()
    assert _run(repo, "generate", "--out", str(out)).returncode == 0
    fresh = tmp_path / "fresh"
    assert _run(repo, "generate", "--out", str(fresh)).returncode == 0
    assert tree_hash(out) == tree_hash(fresh)
    assert not (out / JOURNAL).exists() and (out / MANIFEST).is_file()
