"""The command line: exit codes, output format and the generated tree on disk."""

import os
import subprocess
import sys

import pytest

from tests.conftest import SEED, make_repo


def cli(repo, *args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo.root,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.fast
def test_check_exit_codes(tmp_path):
    repo = make_repo(tmp_path, SEED)
    assert cli(repo, "check").returncode == 0
    repo.write("content/topics/bad.md", "---\nname: Bad\nbroader: nowhere\n---\n")
    done = cli(repo, "check")
    assert done.returncode == 1
    assert done.stdout.startswith("content/topics/bad.md:3:10: error E302: unknown topic")
    assert "hint:" in done.stdout
    assert cli(repo, "frobnicate").returncode == 2
    assert cli(repo, "-f", "missing.yml", "check").returncode == 2


@pytest.mark.fast
def test_bad_generator_setting_is_a_configuration_error(tmp_path):
    repo = make_repo(tmp_path)
    config = repo.config.read_text().replace("latest_articles: 10", "latest_artcles: 10")
    repo.config.write_text(config)
    done = cli(repo, "check")
    assert done.returncode == 2
    assert "latest_artcles" in done.stderr


@pytest.mark.fast
def test_generate_writes_only_what_changed_and_removes_only_its_own_stale_files(tmp_path):
    repo = make_repo(tmp_path, SEED)
    out = tmp_path / "out"
    first = cli(repo, "generate", "--out", str(out))
    assert first.returncode == 0, first.stderr
    page = out / "actors" / "hun-sen" / "index.md"
    mtime = page.stat().st_mtime_ns
    (out / "notes.txt").write_text("mine")  # a file the generator did not write
    again = cli(repo, "generate", "--out", str(out))
    assert " 0 written," in again.stderr
    assert page.stat().st_mtime_ns == mtime
    (repo.root / "content/actors/kin-phea.md").rename(tmp_path / "kin-phea.md")
    article = repo.root / "content/articles/2023/hun-sen-zelenskyy-second-call.md"
    article.write_text(article.read_text().replace("kin-phea, ", "").replace(
        "  - speaker: kin-phea", "  - speaker: thong-meng-david"))
    third = cli(repo, "generate", "--out", str(out))
    assert third.returncode == 0, third.stdout
    assert not (out / "actors" / "kin-phea").exists()
    assert (out / "notes.txt").read_text() == "mine"


@pytest.mark.fast
def test_generate_refuses_a_folder_it_did_not_create(tmp_path):
    repo = make_repo(tmp_path, SEED)
    out = tmp_path / "someone-elses"
    out.mkdir()
    (out / "precious.md").write_text("keep me")
    done = cli(repo, "generate", "--out", str(out))
    assert done.returncode == 2
    assert os.listdir(out) == ["precious.md"]


@pytest.mark.fast
def test_env_tags_in_the_config_are_resolved_like_mkdocs(tmp_path, monkeypatch):
    from generator.settings import load_settings

    repo = make_repo(tmp_path)
    config = repo.config.read_text()
    line = next(li for li in config.splitlines() if li.startswith("site_url:"))
    config = config.replace(line, "site_url: !ENV [ARCHIVE_SITE_URL, 'https://example.org/default/']")
    repo.config.write_text(config)
    monkeypatch.delenv("ARCHIVE_SITE_URL", raising=False)
    assert load_settings(repo.config).site_url == "https://example.org/default/"
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://example.org/set/")
    assert load_settings(repo.config).site_url == "https://example.org/set/"


def test_a_site_dir_that_is_a_file_is_refused_cleanly(tmp_path):
    repo = make_repo(tmp_path, SEED)
    (repo.root / "afile").write_text("x")
    done = cli(repo, "build", "--site-dir", "afile")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "is a file" in done.stderr
    assert (repo.root / "afile").read_text() == "x"
