"""The archive plugin makes MkDocs' File objects for generated pages itself (a build
makes 18,500 of them at 10,000 articles); each must be the File MkDocs would make, and a
carried page's folders must be made as `os.makedirs` would."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File

from generator.mkdocs.internals import generated_file as _generated
from generator.reuse import carry
from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.fast

PATHS = ["index.md", "articles/2023/a-b/index.md", "actors/hun-sen/index.md", "data/articles.csv",
         "feeds/actors/hun-sen.xml", "articles/2023/index.md", "topics/x.md", "404.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_generated_file_is_the_one_mkdocs_makes(tmp_path, directory_urls):
    repo = make_repo(tmp_path, SEED)
    config = load_config(str(repo.root / "site_config.yml"), site_dir=str(tmp_path / "site"),
                         use_directory_urls=directory_urls)
    config.plugins._current_plugin = "archive"  # as while the plugin's events run
    for path in PATHS:
        for source in ({"content": "text"}, {"abs_src_path": str(tmp_path / path)}):
            ours, theirs = _generated(config, path, **source), File.generated(config, path,
                                                                              **source)
            for name in ("src_uri", "src_path", "dest_uri", "dest_path", "url", "abs_dest_path",
                         "abs_src_path", "name", "generated_by", "inclusion", "src_dir",
                         "dest_dir", "use_directory_urls", "edit_uri", "_content"):
                assert getattr(ours, name) == getattr(theirs, name), (path, name)
            assert ours.is_documentation_page() == theirs.is_documentation_page()
            assert ours.is_static_page() == theirs.is_static_page()


def test_carried_files_land_in_the_folders_makedirs_would_make(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for dest in ("a/b/c/index.html", "a/b/d/index.html", "a/e.xml", "f/index.html", "g.txt"):
        (old / dest).parent.mkdir(parents=True, exist_ok=True)
        (old / dest).write_text(dest, encoding="utf-8")
    new.mkdir()
    made: set[str] = set()
    for dest in ("a/b/c/index.html", "a/b/d/index.html", "a/e.xml", "f/index.html", "g.txt"):
        assert carry.carry(old, new, dest, made)
        assert (new / dest).read_text(encoding="utf-8") == dest
    (new / "h").mkdir()  # a folder made some other way: not an error
    (old / "h" / "i.txt").parent.mkdir()
    (old / "h" / "i.txt").write_text("i", encoding="utf-8")
    assert carry.carry(old, new, "h/i.txt", made)


@pytest.mark.parametrize("with_rm", [True, False])
def test_the_previous_site_is_removed_whole_once_joined(tmp_path, monkeypatch, with_rm):
    from generator.disk import sitedir

    if not with_rm:
        monkeypatch.setattr(sitedir.shutil, "which", lambda name: None)
    old = tmp_path / "old site"  # a space, and a file linked from the new site
    (old / "a" / "b").mkdir(parents=True)
    (old / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    (old / "-rf.txt").write_text("a name like an option", encoding="utf-8")
    kept = tmp_path / "site"
    kept.mkdir()
    (kept / "index.html").hardlink_to(old / "a" / "b" / "index.html")
    removal = sitedir.Removal(old)
    assert (removal.process is not None) == with_rm
    removal.join()
    assert not old.exists()
    assert (kept / "index.html").read_text(encoding="utf-8") == "x"
