"""Nothing lost, nothing run: content/ never changes, the last good site survives every
failure, emit touches only what it wrote, and symlinks cannot lead out of content/."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator import cli
from generator.disk.emit import MANIFEST, EmitError, emit
from generator.mkdocs import site as mkdocs_adapter


def tree_hash(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def main(repo, *argv: str) -> int:
    return cli.main(["-f", str(repo.config), *argv])


@pytest.mark.slow
def test_no_command_changes_content(real_repo, tmp_path):
    content = real_repo.root / "content"
    before = tree_hash(content)
    commands = [
        ["check"], ["check", "--strict", "--format", "github"], ["check", "--format", "json"],
        ["generate", "--out", str(tmp_path / "gen")], ["generate", "--out", str(tmp_path / "gen")],
        ["build", "--site-dir", str(tmp_path / "site")],
        ["schema", "--out", str(tmp_path / "schemas")], ["schema", "--check"],
        ["new", "actor", "hun-sen", "--name", "Hun Sen"],  # refused: exists
        ["new", "topic", "../escape"],  # refused: unsafe id
    ]
    for argv in commands:
        main(real_repo, *argv)
        assert tree_hash(content) == before, argv
    # `new` adds exactly one file and changes none.
    assert main(real_repo, "new", "topic", "energy", "--name", "Energy") == 0
    after = tree_hash(content)
    assert set(after) - set(before) == {"topics/energy.md"}
    assert {k: after[k] for k in before} == before


def test_generate_refuses_content_and_foreign_folders(real_repo, tmp_path):
    assert main(real_repo, "generate", "--out", str(real_repo.root / "content" / "x")) == 2
    assert not (real_repo.root / "content" / "x").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert main(real_repo, "generate", "--out", str(foreign)) == 2
    assert tree_hash(foreign) == {"notes.txt": hashlib.sha256(b"keep me").hexdigest()}


@pytest.mark.fast
def test_emit_removes_only_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    emit({"a.md": "A", "sub/b.md": "B"}, out)
    (out / "sub" / "user.md").write_text("not generated")
    manifest = out / MANIFEST
    # A tampered manifest cannot make emit delete outside its folder.
    victim = tmp_path / "victim.md"
    victim.write_text("precious")
    manifest.write_text(manifest.read_text().replace('"a.md"', '"a.md", "../victim.md"'))
    stats = emit({"a.md": "A"}, out)
    assert (stats.written, stats.unchanged, stats.removed) == (0, 1, 1)
    assert victim.read_text() == "precious"
    assert (out / "sub" / "user.md").read_text() == "not generated"
    assert not (out / "sub" / "b.md").exists()
    manifest.write_text("{not json")
    with pytest.raises(EmitError):
        emit({"a.md": "A"}, out)


@pytest.fixture
def built(real_repo, tmp_path):
    site = tmp_path / "site"
    assert main(real_repo, "build", "--site-dir", str(site)) == 0
    return real_repo, site, tree_hash(site)


def _no_leftovers(site: Path) -> None:
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site.")] == []


@pytest.mark.slow
def test_content_error_leaves_previous_site(built):
    repo, site, before = built
    repo.write("content/topics/broken.md", "---\nname: [\n---\n")
    assert main(repo, "build", "--site-dir", str(site)) == cli.EXIT_CONTENT
    assert tree_hash(site) == before
    _no_leftovers(site)


@pytest.mark.slow
def test_mkdocs_failure_leaves_previous_site(built, capsys):
    repo, site, before = built
    partial = repo.root / "theme" / "partials" / "content.html"
    partial.write_text("{% if %}broken template", encoding="utf-8")
    assert main(repo, "build", "--site-dir", str(site)) == cli.EXIT_CONTENT
    assert "build failed" in capsys.readouterr().err
    assert tree_hash(site) == before
    _no_leftovers(site)


@pytest.mark.slow
def test_interrupt_leaves_previous_site(built, monkeypatch):
    repo, site, before = built

    def interrupted(config, **kwargs):
        Path(config.site_dir, "half-written.html").write_text("partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(mkdocs_adapter, "build", interrupted)
    # --no-cache: with nothing changed, a warm build would stop before MkDocs
    assert main(repo, "build", "--no-cache", "--site-dir", str(site)) == 130
    assert tree_hash(site) == before
    _no_leftovers(site)


def test_build_refuses_a_foreign_site_dir(real_repo, tmp_path):
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_text("someone else's")
    assert main(real_repo, "build", "--site-dir", str(foreign)) == cli.EXIT_CONTENT
    assert (foreign / "index.html").read_text() == "someone else's"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.fast
def test_symlinks_out_of_content_are_refused(real_repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Secret\n---\nsecret text\n")
    (real_repo.root / "content/topics/leak.md").symlink_to(secret)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.md").write_text("---\nname: X\n---\nx\n")
    (real_repo.root / "content/articles/2099").symlink_to(outside)
    inside = real_repo.root / "content/topics/alias.md"
    inside.symlink_to(real_repo.root / "content/topics/sanctions.md")
    codes = real_repo.codes()
    assert ("E108", "content/topics/leak.md", 1) in codes
    assert ("E108", "content/articles/2099", 1) in codes
    assert not any(path == "content/topics/alias.md" and code == "E108"
                   for code, path, _ in codes)
