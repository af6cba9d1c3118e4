"""`make bench`: one table of generator and MkDocs figures for several corpus sizes.

    python -m bench.run [--sizes 100,1000,3000,10000] [--runs 3] [--workdir /dev/shm/...]

For each size N it writes a synthetic corpus (bench/corpus.py, seed 1) on tmpfs and
measures, as medians of --runs runs, each run in a fresh process:

- the floors: reading every content file; reading + parsing every front matter with
  yaml.CSafeLoader (what any generator must at least do);
- the generator's stages from `build.Result.timings`, plus emit into an empty folder;
- `python -m generator generate` as a process: cold (empty folder) and re-run (no change);
- a bare `mkdocs build` of the same generated pages: Material, the same Markdown
  extensions and search, but without our plugin, theme overrides or CSS;
- the end-to-end `python -m generator build` (generator + plugin + overrides + MkDocs);
- peers (bench/peers.py): Pelican and Hugo building a conversion of the same corpus, and
  the "chrome floor": Material on the generated pages with one-line bodies and no plugins;
  ours, Pelican, Hugo, bare MkDocs and the chrome floor take turns within each run, so
  machine noise hits all of them alike;
- peak RSS of each process (wait4), output size, average article page size.

Wall-clock times on a shared machine are noisy; the table prints the load average seen
at the start and end so the reader can judge.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench import peers as peer
from bench import search_bytes
from bench.corpus import MARK, write_corpus
from generator.settings import read_config

STAGES = ("load", "validate", "resolve", "link", "render", "emit")
PY = sys.executable
ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}


def _run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one child process, reaped with wait4."""
    out_path = cwd / ".bench-stdout"
    err_path = cwd / ".bench-stderr"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env or ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text()
    stderr = err_path.read_text()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{stdout[-2000:]}\n{stderr[-4000:]}")
    out_path.unlink()
    err_path.unlink()
    return wall, usage.ru_maxrss / 1024, stdout + stderr


def floors(repo: Path) -> tuple[float, float]:
    """(read every file, read + parse every front matter) in seconds, this process."""
    files = sorted((repo / "content").glob("**/*.md"))
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    read = time.perf_counter() - start
    start = time.perf_counter()
    for path in files:
        text = path.read_bytes().decode("utf-8")
        end = text.find("\n---", 3)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
    parse = time.perf_counter() - start
    return read, parse


def bare_config(repo: Path, docs: Path, site: Path, name: str = "bare_mkdocs.yml",
                search: bool = True) -> Path:
    """site_config.yml without our plugin, theme overrides and CSS: plain Material; with
    `search=False`, without any plugin at all."""
    config = read_config(repo / "site_config.yml")
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(site)
    config["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    config.pop("extra_css", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config.get("plugins", [])
                         if not (isinstance(p, dict) and "archive" in p) and p != "archive"]
    if not search:
        config["plugins"] = []
    path = repo / name
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return path


def _tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def article_page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in site.glob("articles/*/*/index.html")]


def corpus_arguments(description: str, n: int) -> argparse.Namespace:
    """The command line of a run on one corpus: --n (default `n`), --seed, --workdir."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--n", type=int, default=n)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-bench"))
    return parser.parse_args()


def corpus(workdir: Path, n: int, seed: int) -> Path:
    repo = workdir / f"corpus-{n}"
    stamp = repo / ".bench-corpus"
    wanted = json.dumps({"n": n, "seed": seed, "maker": _maker_hash()})
    if not (stamp.is_file() and stamp.read_text() == wanted and (repo / MARK).is_file()):
        write_corpus(repo, n, seed)
        stamp.write_text(wanted)
    else:
        # a kept corpus builds with this checkout's theme and hand-written pages
        for folder in ("theme", "docs"):
            shutil.rmtree(repo / folder, ignore_errors=True)
            shutil.copytree(ROOT / folder, repo / folder)
    return repo


def _maker_hash() -> str:
    import hashlib

    sources = [Path(__file__).with_name("corpus.py"), Path(__file__).parents[1] / "site_config.yml"]
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]


# Peers run without this repository on PYTHONPATH.
PEER_ENV = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}


def measure(repo: Path, runs: int, mkdocs: bool, peers: dict[str, Path | None]) -> dict:
    """Medians' inputs for one corpus; `peers` maps "pelican" and "hugo" to their
    executables (None: not installed, not run)."""
    m: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        m.setdefault(key, []).append(value)

    out = repo / "generated"
    for _ in range(runs):
        read, parse = floors(repo)
        add("floor_read", read)
        add("floor_parse", parse)
        shutil.rmtree(out, ignore_errors=True)
        _, rss, stdout = _run([PY, "-m", "bench.stages", "--config", "site_config.yml",
                               "--out", str(out)], repo)
        data = json.loads(stdout)
        for stage in STAGES:
            add(stage, data["timings"][stage])
        add("gen_total", sum(data["timings"][s] for s in STAGES))
        add("gen_cpu", data["cpu"])
        add("stages_rss", rss)
        m["articles"] = [data["articles"]]
        m["pages"] = [data["pages"]]
    # --no-cache: every row is a cold run; warm runs are bench.warm's
    cli = [PY, "-m", "generator", "generate", "--no-cache", "--out", str(out)]
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        wall, rss, _ = _run(cli, repo)
        add("generate_cold", wall)
        add("generate_rss", rss)
        wall, _, stdout = _run(cli, repo)
        add("generate_rerun", wall)
        add("rerun_written", int(re.search(r"(\d+) written", stdout).group(1)))
    if not mkdocs:
        return m
    docs = repo / "bare-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(out, docs)
    for item in (repo / "docs").iterdir():
        target = docs / item.name
        (shutil.copytree if item.is_dir() else shutil.copy)(item, target)
    bare_site, e2e_site = repo / "site-bare", repo / "site"
    config = bare_config(repo, docs, bare_site)
    chrome_docs, chrome_site = repo / "chrome-docs", repo / "site-chrome"
    peer.one_line_bodies(docs, chrome_docs)
    chrome = bare_config(repo, chrome_docs, chrome_site, "chrome_mkdocs.yml", search=False)
    # Each peer: (key, project folder, output folder, command).
    builds = []
    if peers.get("pelican"):
        project = repo / "peer-pelican"
        peer.to_pelican(repo, project)
        builds.append(("pelican", project / "output",
                       [str(peers["pelican"]), "content", "-s", "pelicanconf.py",
                        "-o", "output", "-q"]))
    if peers.get("hugo"):
        project = repo / "peer-hugo"
        peer.to_hugo(repo, project)
        builds.append(("hugo", project / "public",
                       [str(peers["hugo"]), "--quiet", "-d", "public"]))
    for _ in range(runs):
        stats_file = repo / "search-stats.json"
        stats_file.unlink(missing_ok=True)
        wall, rss, _ = _run([PY, "-m", "bench.build_stats", str(stats_file),
                             "build", "--no-cache", "--site-dir", str(e2e_site)], repo)
        add("build_e2e", wall)
        add("build_rss", rss)
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        add("search_s", stats["seconds"])
        add("search_pct", stats["seconds"] / wall * 100)
        add("search_rss", stats["peak_mb"])
        for key, output, cmd in builds:
            shutil.rmtree(output, ignore_errors=True)
            wall, rss, _ = _run(cmd, output.parent, PEER_ENV)
            add(key, wall)
            add(f"{key}_rss", rss)
        shutil.rmtree(bare_site, ignore_errors=True)
        wall, rss, _ = _run([PY, "-m", "mkdocs", "build", "-q", "-f", str(config)], repo)
        add("mkdocs_bare", wall)
        add("mkdocs_bare_rss", rss)
        shutil.rmtree(chrome_site, ignore_errors=True)
        wall, rss, _ = _run([PY, "-m", "mkdocs", "build", "-q", "-f", str(chrome)], repo)
        add("chrome", wall)
        add("chrome_rss", rss)
    m["build_html"] = [peer.html_files(e2e_site)]
    m["chrome_html"] = [peer.html_files(chrome_site)]
    for key, output, _ in builds:
        m[f"{key}_html"] = [peer.html_files(output)]
    sizes = article_page_sizes(e2e_site)
    m["site_mb"] = [_tree_size(e2e_site) / 2**20]
    index = e2e_site / "search"
    m["search_mb"] = [_tree_size(index) / 2**20]
    m["search_files"] = [sum(1 for p in index.rglob("*") if p.is_file())]
    if search_bytes.CHROMIUM:
        first, second = search_bytes.run(e2e_site)
        m["search_q1_kb"] = [first.bytes / 1024]
        m["search_q2_kb"] = [second.bytes / 1024]
    m["article_kb"] = [statistics.mean(sizes) / 1024 if sizes else 0.0]
    m["article_kb_max"] = [max(sizes) / 1024 if sizes else 0.0]
    return m


ROWS = (
    # (key, label, unit): unit "s" prints ms for small values, "ms/a" is per article
    ("articles", "articles", "n"),
    ("pages", "generated pages", "n"),
    ("floor_read", "floor: read every file", "s"),
    ("floor_parse", "floor: read + CSafeLoader front matter", "s"),
    *((stage, f"generator: {stage}", "s") for stage in STAGES),
    ("gen_total", "generator total (stages + emit)", "s"),
    ("gen_ms", "generator ms per article", "ms"),
    ("gen_floor", "generator / read+parse floor", "x"),
    ("gen_cpu", "generator process CPU time", "s"),
    ("generate_cold", "`generator generate` cold (process)", "s"),
    ("generate_rerun", "`generator generate` re-run, no change", "s"),
    ("rerun_ratio", "re-run / cold", "%"),
    ("rerun_written", "files written by the re-run", "n"),
    ("mkdocs_bare", "bare `mkdocs build` (same pages)", "s"),
    ("build_e2e", "`generator build` end-to-end", "s"),
    ("e2e_ratio", "end-to-end / bare mkdocs", "x"),
    ("e2e_ms", "end-to-end ms per article", "ms"),
    ("pelican", "Pelican build (process)", "s"),
    ("hugo", "Hugo build (process)", "s"),
    ("chrome", "chrome floor: Material, one-line bodies, no plugins", "s"),
    ("vs_pelican", "ours ÷ Pelican (end-to-end)", "x"),
    ("vs_hugo", "ours ÷ Hugo (end-to-end)", "x"),
    ("mkdocs_phase", "our MkDocs phase (end-to-end − generator)", "s"),
    ("phase_chrome", "our MkDocs phase ÷ chrome floor", "x"),
    ("build_html", "HTML files: ours", "n"),
    ("pelican_html", "HTML files: Pelican", "n"),
    ("hugo_html", "HTML files: Hugo", "n"),
    ("chrome_html", "HTML files: chrome floor", "n"),
    ("stages_rss", "peak RSS generator (MB)", "mb"),
    ("generate_rss", "peak RSS `generate` (MB)", "mb"),
    ("mkdocs_bare_rss", "peak RSS bare mkdocs (MB)", "mb"),
    ("build_rss", "peak RSS `build` (MB)", "mb"),
    ("pelican_rss", "peak RSS Pelican (MB)", "mb"),
    ("hugo_rss", "peak RSS Hugo (MB)", "mb"),
    ("chrome_rss", "peak RSS chrome floor (MB)", "mb"),
    ("site_mb", "site size (MB)", "mb"),
    ("search_mb", "  of which search index (MB)", "mb"),
    ("search_files", "search index files", "n"),
    ("search_s", "search: indexing time (in `build`)", "s"),
    ("search_pct", "search: writer wall / end-to-end (beside MkDocs)", "%"),
    ("search_rss", "search: peak RSS index writer (MB)", "mb"),
    ("search_q1_kb", "search: first query fetches (KB gzipped)", "kb"),
    ("search_q2_kb", "search: second query fetches (KB gzipped)", "kb"),
    ("article_kb", "avg article page (KB HTML)", "kb"),
    ("article_kb_max", "largest article page (KB HTML)", "kb"),
)
SCALED = {"floor_read", "floor_parse", *STAGES, "gen_total", "generate_cold", "mkdocs_bare",
          "search_s",
          "build_e2e", "pelican", "hugo", "chrome", "mkdocs_phase"}
# Rows that need a peer: printed as "not installed" when that peer is missing.
NEEDS = {f"{p}{suffix}": p for p in ("pelican", "hugo") for suffix in ("", "_rss", "_html")}
NEEDS |= {"vs_pelican": "pelican", "vs_hugo": "hugo"}


def summarise(m: dict) -> dict:
    s = {k: statistics.median(v) for k, v in m.items()}
    n = s["articles"]
    s["gen_ms"] = s["gen_total"] / n * 1000
    s["gen_floor"] = s["gen_total"] / (s["floor_parse"])
    s["rerun_ratio"] = s["generate_rerun"] / s["generate_cold"] * 100
    if "build_e2e" in s:
        s["e2e_ratio"] = s["build_e2e"] / s["mkdocs_bare"]
        s["e2e_ms"] = s["build_e2e"] / n * 1000
        # The generator's own time inside `build` is its stages + emit (gen_total).
        s["mkdocs_phase"] = s["build_e2e"] - s["gen_total"]
        s["phase_chrome"] = s["mkdocs_phase"] / s["chrome"]
        for key in ("pelican", "hugo"):
            if key in s:
                s[f"vs_{key}"] = s["build_e2e"] / s[key]
    return s


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "n":
        return f"{int(value):,}"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "%":
        return f"{value:.0f} %"
    if unit in ("ms", "kb"):
        return f"{value:.2f}"
    return f"{value:.0f}"


def table(results: dict[int, dict], missing: frozenset[str] = frozenset()) -> str:
    """The Markdown table; rows of a peer in `missing` say "not installed"."""
    sizes = sorted(results)
    ratio = 1000 in results and 10000 in results
    head = ["", *(f"N={n:,}" for n in sizes)] + (["t(10k)/t(1k)"] if ratio else [])
    rows = [head]
    for key, label, unit in ROWS:
        absent = NEEDS.get(key) in missing and any("build_e2e" in results[n] for n in sizes)
        if not absent and not any(key in results[n] for n in sizes):
            continue
        row = [label, *("not installed" if absent else fmt(results[n].get(key), unit)
                        for n in sizes)]
        if ratio:
            a, b = results[1000].get(key), results[10000].get(key)
            row.append(f"{b / a:.1f}" if key in SCALED and a and b else "")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                        strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="100,1000,3000,10000",
                   help="comma-separated article counts (default 100,1000,3000,10000)")
    p.add_argument("--runs", type=int, default=3, help="runs per figure; medians (default 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-bench"),
                   help="where corpora and outputs go; use tmpfs (default /dev/shm/...)")
    p.add_argument("--no-mkdocs", action="store_true",
                   help="generator figures only (no MkDocs, no peers)")
    p.add_argument("--no-peers", action="store_true", help="no Pelican or Hugo builds")
    p.add_argument("--json", type=Path, help="also write the medians as JSON here")
    args = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    fs = subprocess.run(["df", "-T", str(args.workdir)], capture_output=True, text=True).stdout
    load_before = os.getloadavg()
    started = time.perf_counter()
    found: dict[str, Path | None] = {}
    versions = {"pelican": "Pelican: not run", "hugo": "Hugo: not run"}
    if not (args.no_mkdocs or args.no_peers):
        found["pelican"], versions["pelican"] = peer.ensure_pelican(args.workdir)
        found["hugo"], versions["hugo"] = peer.ensure_hugo()
        for key, path in found.items():
            if path is None:
                versions[key] = f"{key.capitalize()}: {versions[key]}"
    missing = frozenset(k for k, v in found.items() if v is None)
    results = {}
    for n in sizes:
        print(f"N={n:,}: corpus ...", file=sys.stderr, flush=True)
        repo = corpus(args.workdir, n, args.seed)
        print(f"N={n:,}: measuring, {args.runs} runs ...", file=sys.stderr, flush=True)
        results[n] = summarise(measure(repo, args.runs, not args.no_mkdocs, found))
    load_after = os.getloadavg()
    print(f"\nnews-archive benchmark: synthetic corpus (bench/corpus.py, seed {args.seed}), "
          f"medians of {args.runs} runs, each in a fresh process")
    print(f"cores: {os.cpu_count()}; Python {sys.version.split()[0]}; workdir {args.workdir} "
          f"({fs.splitlines()[-1].split()[1] if fs else '?'}); load average "
          f"{load_before[0]:.2f} at start, {load_after[0]:.2f} at end")
    print(f"peers: {versions['pelican']} (theme simple); {versions['hugo']} (minimal layouts); "
          f"chrome floor: MkDocs {_version('mkdocs')}, Material {_version('mkdocs-material')}"
          "\n")
    print(table(results, missing))
    print(f"\nbench time: {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
