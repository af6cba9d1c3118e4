"""The scale run: is an archive of N articles (25,000 by default) still publishable?

    python -m bench.scale [--n 25000] [--workdir /dev/shm/news-archive-bench]

Builds the synthetic corpus cold (`generator build`, with its cache, as a maintainer's
first build), then once more after one article's text changed, and prints for each
build its wall time and the peak memory of the whole build: every process it started
(the render workers, the page writers, the search index writer), summed every 0.1 s
from /proc (RSS counts a page shared by forked processes once per process; PSS shares
it among them, so PSS is the memory the build takes from the machine). Then the site
beside GitHub Pages' limits: a published site of at most 1 GB, and no file over
100 MB (GitHub refuses the push) or over 50 MB (GitHub warns).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.run import ENV, PY, corpus, corpus_arguments

GB, MB = 2**30, 2**20
SITE_LIMIT = 1 * GB  # GitHub Pages: a published site may be at most 1 GB
FILE_LIMIT = 100 * MB  # GitHub: a file over 100 MB is refused
FILE_WARNING = 50 * MB  # GitHub: a file over 50 MB is warned about
BUILD = [PY, "-m", "generator", "build", "--no-strict"]


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                for child in fh.read().split():
                    found += _tree(int(child))
    except OSError:  # it ended meanwhile
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; (0, 0) once it has ended."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def measured_build(repo: Path) -> dict:
    """One `generator build` in `repo`: wall seconds, and the whole build's peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(BUILD, cwd=repo, env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    peak_rss = peak_pss = 0
    while process.poll() is None:
        rss = pss = 0
        for pid in _tree(process.pid):
            one = _memory(pid)
            rss, pss = rss + one[0], pss + one[1]
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{output[-4000:]}")
    return {"wall": wall, "peak_rss_mb": peak_rss / MB, "peak_pss_mb": peak_pss / MB,
            "said": output.strip().splitlines()[-1] if output.strip() else ""}


def site_sizes(site: Path) -> dict:
    total, files, largest = 0, 0, (0, "")
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total, files = total + size, files + 1
            largest = max(largest, (size, str(path.relative_to(site))))
    return {"bytes": total, "files": files, "largest": largest[0], "largest_file": largest[1]}


def main() -> None:
    args = corpus_arguments(__doc__.split("\n\n")[0], 25_000)
    repo = corpus(args.workdir, args.n, args.seed)
    for name in ("site", ".cache"):
        shutil.rmtree(repo / name, ignore_errors=True)
    result = {"n": args.n, "load_start": os.getloadavg()[0]}
    result["cold"] = measured_build(repo)
    result["site"] = site_sizes(repo / "site")
    article = sorted((repo / "content" / "articles").rglob("*.md"))[args.n // 2]
    original = article.read_bytes()
    try:
        with open(article, "a", encoding="utf-8") as fh:
            fh.write("\nA paragraph added to measure the scale run's edit.\n")
        result["edit"] = measured_build(repo)
    finally:
        article.write_bytes(original)
    result["load_end"] = os.getloadavg()[0]
    report(result)
    print(json.dumps(result, indent=1))


def report(result: dict) -> None:
    site, n = result["site"], result["n"]

    def verdict(ok: bool) -> str:
        return "within" if ok else "OVER"

    print(f"scale run: {n:,} articles (load {result['load_start']:.1f} at the start)")
    for kind in ("cold", "edit"):
        build = result[kind]
        print(f"  {kind:5} build {build['wall']:7.1f} s; peak memory of the whole build "
              f"{build['peak_pss_mb']:,.0f} MB PSS ({build['peak_rss_mb']:,.0f} MB RSS summed)")
    print(f"  site {site['bytes'] / MB:,.0f} MB in {site['files']:,} files, "
          f"{site['bytes'] / n / 1024:.1f} KB per article: {verdict(site['bytes'] <= SITE_LIMIT)} "
          f"GitHub Pages' 1 GB ({site['bytes'] / SITE_LIMIT:.0%} of it)")
    print(f"  largest file {site['largest_file']}, {site['largest'] / MB:.1f} MB: "
          f"{verdict(site['largest'] <= FILE_LIMIT)} GitHub's 100 MB, "
          f"{verdict(site['largest'] <= FILE_WARNING)} its 50 MB warning")


if __name__ == "__main__":
    main()
