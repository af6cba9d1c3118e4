"""Peers for `make bench`: Pelican and Hugo building the same synthetic corpus, and the
"chrome floor" (MkDocs + Material on the generated pages with one-line bodies).

Every peer reads a conversion of the same corpus files (content/articles/YYYY/<id>.md
with YAML front matter; content/actors and content/topics as registries):

- Pelican (`pelican content`, its built-in `simple` theme, default settings otherwise,
  feeds included): one Markdown file per article with Pelican's metadata header (Title,
  Date, Slug, Summary, Category, Tags). Pelican has one multi-valued taxonomy without
  plugins, tags, so Tags carries both the actors (main and mentions, by name) and the
  topics (by name); Category is the article's year, the way our year pages group it.
  Every actor and every topic therefore gets a tag page listing its articles.
- Hugo (`hugo`, no theme): YAML front matter with `actors` (main and mentions) and
  `topics` as taxonomies, one `_index.md` per year section, and five minimal layouts
  written here (home, list, single, taxonomy, term); default outputs (HTML and RSS).
- chrome floor: the pages our generator writes, each with its front matter and a one-line
  body, built by plain Material with the same Markdown extensions but no plugins (no
  search, no archive plugin, no theme overrides): templates, nav and writing files only.

Pelican runs from its own virtual environment under the bench workdir, pinned by
bench/pelican-requirements.txt and made by `ensure_pelican` when missing. Hugo is
Debian's package: `ensure_hugo` installs it with apt-get when it is missing and the
bench runs as root; otherwise that peer is reported as not installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REQUIREMENTS = Path(__file__).with_name("pelican-requirements.txt")


# ---- reading the corpus ---------------------------------------------------------------

def _split(text: str) -> tuple[dict, str]:
    """(front matter, body) of a corpus file."""
    end = text.find("\n---\n", 3)
    return yaml.load(text[4:end], Loader=yaml.CSafeLoader) or {}, text[end + 5:]


def _names(folder: Path) -> dict[str, str]:
    names = {}
    for path in sorted(folder.glob("*.md")):
        meta, _ = _split(path.read_text(encoding="utf-8"))
        names[path.stem] = str(meta.get("name", path.stem))
    return names


def articles(repo: Path):
    """Yield (year, id, title, date, summary, actor names, topic names, body)."""
    actors = _names(repo / "content" / "actors")
    topics = _names(repo / "content" / "topics")
    for path in sorted((repo / "content" / "articles").glob("*/*.md")):
        meta, body = _split(path.read_text(encoding="utf-8"))
        ids = [*meta.get("actors", []), *meta.get("mentions", [])]
        yield (path.parent.name, path.stem, str(meta["title"]), str(meta["date"]),
               " ".join(str(meta.get("summary", "")).split()),
               [actors.get(i, i) for i in ids], [topics.get(i, i) for i in meta["topics"]],
               body)


# ---- Pelican ----------------------------------------------------------------------------

PELICAN_CONF = '''\
# Pelican peer of the news-archive benchmark (written by bench/peers.py).
AUTHOR = "Synthetic"
SITENAME = "Synthetic news archive (Pelican)"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
DEFAULT_PAGINATION = False
ARTICLE_URL = "articles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{slug}/index.html"
'''


def to_pelican(repo: Path, dest: Path) -> int:
    """Write a Pelican project for the corpus in `repo` into `dest`; returns the articles."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content" / "articles").mkdir(parents=True)
    (dest / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    count = 0
    for year, ident, title, date, summary, actors, topics, body in articles(repo):
        folder = dest / "content" / "articles" / year
        folder.mkdir(exist_ok=True)
        header = [f"Title: {title}", f"Date: {date}", f"Slug: {ident}",
                  f"Summary: {summary}", f"Category: {year}",
                  f"Tags: {', '.join([*actors, *topics])}"]
        (folder / f"{ident}.md").write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
        count += 1
    return count


def ensure_pelican(workdir: Path) -> tuple[Path | None, str]:
    """(the `pelican` executable, its version) from the bench's own virtual environment,
    made from bench/pelican-requirements.txt when missing or out of date; (None, reason)
    when it cannot be made."""
    venv = workdir / "pelican-venv"
    pelican = venv / "bin" / "pelican"
    stamp = venv / ".bench-requirements"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (pelican.is_file() and stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(venv, ignore_errors=True)
        print(f"setting up Pelican in {venv} ...", file=sys.stderr, flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)],
                              capture_output=True, text=True)
        if made.returncode == 0:
            made = subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
                capture_output=True, text=True)
        if made.returncode != 0 or not pelican.is_file():
            tail = (made.stderr or made.stdout).strip().splitlines()[-1:] or ["?"]
            return None, f"not installed (pip failed: {tail[0]})"
        stamp.write_text(wanted)
    version = subprocess.run([str(pelican), "--version"], capture_output=True, text=True)
    return pelican, f"Pelican {version.stdout.strip()}"


# ---- Hugo -------------------------------------------------------------------------------

HUGO_CONFIG = '''\
# Hugo peer of the news-archive benchmark (written by bench/peers.py).
baseURL = "https://example.com/"
languageCode = "en"
title = "Synthetic news archive (Hugo)"
[taxonomies]
actor = "actors"
topic = "topics"
'''

_HEAD = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
         '<title>{{ .Title }} | {{ .Site.Title }}</title></head><body>'
         '<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav><main>'
         '<h1>{{ .Title }}</h1>\n')
_FOOT = '</main></body></html>\n'
_PAGE_LIST = ('<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
              '<time>{{ .Date.Format "2006-01-02" }}</time></li>\n{{ end }}</ul>\n')
_TERMS = ('<p>{{ range .GetTerms "%s" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> '
          '{{ end }}</p>\n')
HUGO_LAYOUTS = {
    "index.html": _HEAD + _PAGE_LIST.replace(".Pages", ".Site.RegularPages") + _FOOT,
    "_default/list.html": _HEAD + _PAGE_LIST + _FOOT,
    "_default/term.html": _HEAD + _PAGE_LIST + _FOOT,
    "_default/taxonomy.html": (
        _HEAD + '<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="'
        '{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>\n{{ end }}</ul>\n'
        + _FOOT),
    "_default/single.html": (
        _HEAD + '<p><time>{{ .Date.Format "2 January 2006" }}</time></p>\n'
        '<p>{{ .Params.summary }}</p>\n' + _TERMS % "actors" + _TERMS % "topics"
        + '{{ .Content }}\n' + _FOOT),
}


def to_hugo(repo: Path, dest: Path) -> int:
    """Write a Hugo site for the corpus in `repo` into `dest`; returns the articles."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content" / "articles").mkdir(parents=True)
    (dest / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = dest / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dest / "content" / "articles" / "_index.md").write_text("---\ntitle: Articles\n---\n")
    count = 0
    for year, ident, title, date, summary, actors, topics, body in articles(repo):
        folder = dest / "content" / "articles" / year
        if not folder.is_dir():
            folder.mkdir()
            (folder / "_index.md").write_text(f"---\ntitle: \"{year}\"\n---\n")
        # JSON is YAML: every string is quoted and escaped.
        front = [f"title: {json.dumps(title)}", f"date: {date}",
                 f"summary: {json.dumps(summary)}", f"actors: {json.dumps(actors)}",
                 f"topics: {json.dumps(topics)}"]
        (folder / f"{ident}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body,
                                            encoding="utf-8")
        count += 1
    return count


def ensure_hugo() -> tuple[str | None, str]:
    """(the `hugo` executable, its version), installed with apt-get when missing and
    running as root; (None, reason) otherwise."""
    hugo = shutil.which("hugo")
    if hugo is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing hugo with apt-get ...", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "hugo"]):
            if subprocess.run(cmd, capture_output=True, env=env).returncode != 0:
                break
        hugo = shutil.which("hugo")
    if hugo is None:
        why = "not root" if os.geteuid() != 0 else "apt-get install hugo failed"
        return None, f"not installed ({why})"
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    return hugo, "Hugo " + (version.split()[1:2] or ["?"])[0]


# ---- chrome floor -----------------------------------------------------------------------

ONE_LINE = "Body of this page in one line.\n"


def one_line_bodies(docs: Path, dest: Path) -> int:
    """Copy `docs` into `dest`, every Markdown page keeping its front matter and getting a
    one-line body; returns the pages."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(docs, dest)
    count = 0
    for path in dest.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        front = ""
        if text.startswith("---\n"):
            end = text.find("\n---\n", 3)
            if end != -1:
                front = text[:end + 5]
        path.write_text(front + ONE_LINE, encoding="utf-8")
        count += 1
    return count


def html_files(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))
