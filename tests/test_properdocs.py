"""The seed content built by ProperDocs (1.6.7, pinned in constraints.txt) in place of
MkDocs: the same files, byte for byte, but for the generator meta tag of each page.

ProperDocs is the continuation of MkDocs 1.x, as its own package, `properdocs`, beside
`mkdocs` in the same environment. Its command (`properdocs build`, `python -m
properdocs`) redirects every `mkdocs.*` import in its process to `properdocs.*`, reads
`mkdocs.yml`-style configs (`-f site_config.yml`), and loads plugins from the
`mkdocs.plugins` entry points (ours: `archive`) and themes from `mkdocs.themes`
(Material). Nothing imports `properdocs` in a process that runs MkDocs, so MkDocs builds
as it does without it.

Both builds are the real one: `site_config.yml` with the archive plugin, `--strict`, each
in its own copy of the repository (its own `.cache/`). Every file of one site is in the
other. Each HTML page has exactly one `<meta name="generator" content="...">`, which
names MkDocs' version or ProperDocs' (and Material's); that element is the one thing
taken out before the pages are compared. Every other file is compared as it is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import SEED, make_repo

pytestmark = pytest.mark.slow

ARTICLE = "articles/2023/hun-sen-zelenskyy-second-call/index.html"
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
MATERIAL = f"mkdocs-material-{version('mkdocs-material')}"
# what each build's tag says: Material prints "mkdocs-" and the `mkdocs_version` of the
# template context, which ProperDocs sets to "ProperDocs <its version>"
NAMES = {"mkdocs": f"mkdocs-{version('mkdocs')}, {MATERIAL}",
         "properdocs": f"mkdocs-ProperDocs {version('properdocs')}, {MATERIAL}"}


def build(root: Path, tool: str) -> Path:
    """The seed content with site_config.yml, built by `python -m TOOL` into root/site."""
    repo = make_repo(root, SEED)
    done = subprocess.run([sys.executable, "-m", tool, "build", "-f", str(repo.config),
                           "--strict", "--site-dir", "site"],
                          cwd=repo.root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return repo.root / "site"


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory) -> tuple[Path, Path]:
    """(the site MkDocs built, the site ProperDocs built)."""
    return (build(tmp_path_factory.mktemp("mkdocs"), "mkdocs"),
            build(tmp_path_factory.mktemp("properdocs"), "properdocs"))


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """'path: what differs' for every file that is not the same in both sites, the
    generator meta tag of the pages aside (each page must have one, naming its tool)."""
    ours, theirs = files(mkdocs_site), files(properdocs_site)
    found = [f"{p}: only in the MkDocs build" for p in ours.keys() - theirs.keys()]
    found += [f"{p}: only in the ProperDocs build" for p in theirs.keys() - ours.keys()]
    for path in sorted(ours.keys() & theirs.keys()):
        a, b = ours[path], theirs[path]
        if path.endswith(".html"):
            tags = [GENERATOR.findall(a), GENERATOR.findall(b)]
            if tags != [[NAMES["mkdocs"].encode()], [NAMES["properdocs"].encode()]]:
                found.append(f"{path}: generator tags {tags}")
                continue
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            found.append(f"{path}: differs")
    return sorted(found)


def test_properdocs_builds_the_same_site_as_mkdocs(two_sites):
    mkdocs_site, properdocs_site = two_sites
    pages = sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html"))
    # the seed's article, its 17 actors and 7 topics, the indexes, About, Open data, 404
    assert len(pages) >= 33 and ARTICLE in pages
    assert differences(mkdocs_site, properdocs_site) == []


def test_the_comparison_sees_a_difference(two_sites, tmp_path):
    # the two sites compare equal because they are, not because nothing is compared
    mkdocs_site = two_sites[0]
    altered = shutil.copytree(two_sites[1], tmp_path / "site")
    page = altered / ARTICLE
    html = page.read_bytes()
    assert b"Hun Sen" in html and GENERATOR.search(html)
    page.write_bytes(html.replace(b"Hun Sen", b"Hun  Sen", 1))
    (altered / "topics/demining/index.html").unlink()
    (altered / "sitemap.xml").write_bytes((altered / "sitemap.xml").read_bytes() + b"\n")
    about = altered / "about/index.html"
    about.write_bytes(GENERATOR.sub(b'<meta name="generator" content="x">',
                                    about.read_bytes()))
    assert differences(mkdocs_site, altered) == [
        "about/index.html: generator tags "
        f"{[[NAMES['mkdocs'].encode()], [b'x']]}",
        f"{ARTICLE}: differs",
        "sitemap.xml: differs",
        "topics/demining/index.html: only in the MkDocs build",
    ]
    # the MkDocs build compared with itself: its tags are not ProperDocs'
    assert len(differences(mkdocs_site, mkdocs_site)) == len(
        list(mkdocs_site.rglob("*.html")))
