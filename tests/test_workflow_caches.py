"""The workflows keep the build caches between runs, and a pull request's job summary lists
the site pages it changes (read with PyYAML; actionlint runs in test_diag_workflows)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.test_diag_workflows import DEPLOY, PR, load, steps

pytestmark = pytest.mark.fast

# what a warm build depends on besides the content: any change to them starts cold
KEYED_FILES = ("constraints.txt", "pyproject.toml", "generator/**", "theme/**",
               "site_config.yml")


def the_job(path) -> dict:
    jobs = load(path)["jobs"]
    return jobs["build"] if "build" in jobs else next(iter(jobs.values()))


def index_of(job: dict, predicate) -> int:
    (found,) = [i for i, s in enumerate(steps(job)) if predicate(s)]
    return found


@pytest.mark.parametrize("path", [DEPLOY, PR], ids=["deploy", "pull-request"])
def test_the_build_caches_are_kept_and_keyed_by_what_makes_pages(path):
    job = the_job(path)
    at = index_of(job, lambda s: s.get("uses", "").startswith("actions/cache@"))
    cache = steps(job)[at]
    assert set(cache["with"]["path"].split()) == {".cache", "site"}
    key = cache["with"]["key"]
    hashed = re.search(r"hashFiles\(([^)]*)\)", key)
    assert hashed, key
    assert sorted(re.findall(r"'([^']+)'", hashed.group(1))) == sorted(KEYED_FILES)
    assert "${{ runner.os }}" in key
    # the exact Python that setup-python installed, read from its output
    python = index_of(job, lambda s: s.get("uses", "").startswith("actions/setup-python@"))
    assert steps(job)[python]["id"] == "python" and python < at
    assert "${{ steps.python.outputs.python-version }}" in key
    # warm only from the same family: one restore key, the whole key but its last part
    (restore,) = cache["with"]["restore-keys"].splitlines()
    assert restore.endswith("-") and key.startswith(restore)
    assert "hashFiles(" in restore and "python-version" in restore and "runner.os" in restore
    assert key[len(restore):] == "${{ github.sha }}"  # each run saves its own
    # restored before anything is built, and the site is built by the usual target
    install = index_of(job, lambda s: s.get("run") == "make .venv/.installed")
    build = index_of(job, lambda s: s.get("run") == "make site FORMAT=github")
    assert at < install < build


def test_the_pull_request_summary_lists_the_pages_it_changes():
    job = the_job(PR)
    at = index_of(job, lambda s: "changes" in s.get("run", ""))
    step = steps(job)[at]
    assert step["run"] == ('make --silent changes FORMAT=markdown BASE="origin/$BASE_REF" '
                           '>> "$GITHUB_STEP_SUMMARY"')
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    checkout = steps(job)[index_of(job, lambda s: s.get("uses", "").startswith(
        "actions/checkout@"))]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is there to compare with
    check = index_of(job, lambda s: s.get("run", "").startswith("make check"))
    assert check < at  # content errors show on the diff first


def test_make_changes_prints_the_list_alone():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nchanges: ", 1)[1].split("\n", 2)[1]
    # `@`: make does not echo the command into the job summary
    assert recipe.startswith("\t@$(PY) -m generator changes --base "), recipe
    assert "--format $(FORMAT)" in recipe
