"""Warm builds: `python -m generator build` after small edits, as a share of a cold build.

    python -m bench.warm [--sizes 1000,10000] [--runs 3] [--workdir /dev/shm/...]

For each size N, on the synthetic corpus (bench/corpus.py, seed 1, tmpfs):

- cold: `build` with no .cache/ and no site/ (it writes the caches, as CI's first run does);
- one article's text changed: a paragraph appended to one article, then `build`;
- one article with a new actor added: a new actor file and an article naming it;
- nothing changed: `build` again.

Each warm figure is the median of --runs builds, each in a fresh process, each after its
own edit (a different article each time), made a round of the three kinds at a time so
that a drift of the machine's speed weighs on each kind alike. The cold figure is the
median of --runs cold builds below 10,000 articles; at 10,000 and more (each takes
minutes) the mean of two, one before the warm builds and one after them. The corpus is
restored afterwards. The load average is printed at start and end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.run import PY, _run, corpus

BUILD = [PY, "-m", "generator", "build", "--no-strict"]


def _clear(repo: Path) -> None:
    for name in ("site", ".cache"):
        shutil.rmtree(repo / name, ignore_errors=True)


def _build(repo: Path) -> tuple[float, str]:
    wall, _, out = _run(BUILD, repo)
    return wall, out.strip().splitlines()[-1] if out.strip() else ""


def _cold(repo: Path, times: dict[str, list[float]], log) -> None:
    _clear(repo)
    wall, line = _build(repo)
    times["cold"].append(wall)
    log(f"  cold {wall:.1f} s: {line}")


def measure(repo: Path, runs: int, log) -> dict[str, float]:
    articles = sorted((repo / "content" / "articles").rglob("*.md"))
    added: list[Path] = []
    originals: dict[Path, bytes] = {}
    times: dict[str, list[float]] = {"cold": [], "text": [], "added": [], "nothing": []}
    large = len(articles) >= 10_000
    try:
        for _ in range(1 if large else runs):
            _cold(repo, times, log)
        # a round of each kind at a time: a machine whose speed drifts slows every kind
        for index in range(runs):
            source = articles[(index * 7919 + 13) % len(articles)]
            originals.setdefault(source, source.read_bytes())
            with open(source, "a", encoding="utf-8") as fh:
                fh.write(f"\nA paragraph added to measure a warm build ({index}).\n")
            wall, line = _build(repo)
            times["text"].append(wall)
            log(f"  one text change {wall:.1f} s: {line}")

            actor = f"bench-new-actor-{index}"
            year = 2020
            path = repo / "content" / "actors" / f"{actor}.md"
            path.write_text(f"---\nname: Bench Newcomer {index}\ntype: person\n---\n"
                            "A person added to measure a warm build.\n", encoding="utf-8")
            added.append(path)
            article = repo / "content" / "articles" / str(year) / f"bench-new-{index}.md"
            article.parent.mkdir(parents=True, exist_ok=True)
            article.write_text(
                f"---\ntitle: Bench newcomer {index} arrives\n"
                f"date: {year}-06-{index % 28 + 1:02d}\n"
                f"summary: A new actor appears.\nactors: [{actor}]\n---\n"
                f"Bench Newcomer {index} arrived.\n", encoding="utf-8")
            added.append(article)
            wall, line = _build(repo)
            times["added"].append(wall)
            log(f"  added with a new actor {wall:.1f} s: {line}")

            wall, line = _build(repo)
            times["nothing"].append(wall)
            log(f"  nothing changed {wall:.2f} s: {line}")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        for path in added:
            path.unlink(missing_ok=True)
    if large:  # a second cold build, at the end: the share is of their mean
        _cold(repo, times, log)
    return {k: statistics.median(v) for k, v in times.items()}


def table(sizes: list[int], results: dict[int, dict[str, float]]) -> str:
    head = "| `generator build`" + " " * 22 + "|" + "|".join(
        f" N={n:,} ".rjust(18) for n in sizes) + "|"
    rule = "|" + "-" * 40 + "|" + "|".join("-" * 18 for _ in sizes) + "|"
    rows = [head, rule]
    labels = (("cold (no .cache/, no site/)", "cold"),
              ("one article's text changed", "text"),
              ("one article with a new actor added", "added"),
              ("nothing changed", "nothing"))
    for label, key in labels:
        cells = []
        for n in sizes:
            r = results[n]
            share = "" if key == "cold" else f" ({100 * r[key] / r['cold']:.1f} %)"
            cells.append(f" {r[key]:.2f} s{share} ".rjust(18))
        rows.append(f"| {label:<38} |" + "|".join(cells) + "|")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.warm", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-bench"))
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    start_load = os.getloadavg()[0]
    started = time.perf_counter()
    results = {}
    for n in sizes:
        log(f"N={n:,}")
        results[n] = measure(corpus(args.workdir, n, 1), args.runs, log)
    print(f"warm builds: synthetic corpus (bench/corpus.py, seed 1), medians of {args.runs} "
          f"runs, each in a fresh process; cores {os.cpu_count()}; workdir {args.workdir}; "
          f"load average {start_load:.2f} at start, {os.getloadavg()[0]:.2f} at end")
    print(table(sizes, results))
    print(f"bench time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
