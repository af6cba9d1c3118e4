"""Typo recall of the site's search: every actor's name of a synthetic corpus with one
random edit (a letter added, left out or changed, or two neighbouring characters
swapped; seeded), typed as a query; the share of them whose actor is among the first
five results. Its aliases and the topics' names are counted apart.

The queries are answered by the site's own search worker, run by Node on the index the
build wrote (bench/searchworker.cjs): the code a reader's browser runs, not a copy of it.

    .venv/bin/python -m bench.typo_recall [--n 1000] [--seed 1] [--workdir DIR]
    .venv/bin/python -m bench.typo_recall --repo DIR   (a corpus already built)
"""

from __future__ import annotations

import argparse
import json
import random
import string
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.corpus import write_corpus

HERE = Path(__file__).resolve().parent
TOP = 5
EDITS = ("insert", "delete", "substitute", "transpose")


@dataclass(frozen=True)
class Probe:
    group: str  # "actor names", "actor aliases", "topic names"
    url: str  # the page that should be found
    name: str
    edit: str
    query: str


def misspelt(name: str, rng: random.Random) -> tuple[str, str]:
    """`name` with one edit, and the edit's kind."""
    while True:
        edit = rng.choice(EDITS)
        at = rng.randrange(len(name) + (edit == "insert"))
        letter = rng.choice(string.ascii_lowercase)
        if edit == "insert":
            return name[:at] + letter + name[at:], edit
        if edit == "delete":
            return name[:at] + name[at + 1:], edit
        if edit == "substitute" and letter != name[at].lower():
            return name[:at] + letter + name[at + 1:], edit
        if edit == "transpose" and at + 1 < len(name) and name[at] != name[at + 1]:
            return name[:at] + name[at + 1] + name[at] + name[at + 2:], edit


def _front_matter(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8").split("---")[1], Loader=yaml.CSafeLoader)


def probes(repo: Path, seed: int) -> list[Probe]:
    """One misspelt query per name, in a fixed order."""
    rng = random.Random(seed)
    out = []
    for kind, url in (("actor", "actors/{}/"), ("topic", "topics/{}/")):
        for path in sorted((repo / "content" / f"{kind}s").glob("*.md")):
            meta = _front_matter(path)
            named = [(f"{kind} names", meta["name"])]
            if kind == "actor":
                named += [("actor aliases", alias) for alias in meta.get("aliases") or ()]
            for group, name in named:
                query, edit = misspelt(name, rng)
                out.append(Probe(group, url.format(path.stem), name, edit, query))
    return out


def answers(site: Path, queries: list[str]) -> list[list[str]]:
    """Each query's result addresses, best first, from the site's search worker."""
    lines = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries)
    done = subprocess.run(["node", str(HERE / "searchworker.cjs"), str(site)], input=lines,
                          capture_output=True, text=True, check=True)
    return [[url for url, _ in json.loads(line)] for line in done.stdout.splitlines()]


def build(repo: Path, n: int, seed: int) -> None:
    write_corpus(repo, n, seed)
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=repo,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)


def report(found: list[tuple[Probe, list[str]]], show: int) -> list[str]:
    lines = []
    for group in ("actor names", "actor aliases", "topic names"):
        mine = [(p, urls) for p, urls in found if p.group == group]
        hits = [p for p, urls in mine if p.url in urls[:TOP]]
        first = [p for p, urls in mine if urls[:1] == [p.url]]
        kinds = Counter(p.edit for p, _ in mine)
        by_edit = ", ".join(f"{e} {sum(p.edit == e for p in hits)}/{kinds[e]}" for e in EDITS)
        lines.append(f"{group}: {len(hits) / max(len(mine), 1):.1%} in the top {TOP} "
                     f"({len(hits)}/{len(mine)}; first {len(first)}); {by_edit}")
    missed = [(p, urls) for p, urls in found if p.url not in urls[:TOP]]
    for probe, urls in missed[:show]:
        lines.append(f"  missed {probe.query!r} ({probe.edit} in {probe.name!r}): "
                     f"{urls[:TOP]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.typo_recall",
                                description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    p.add_argument("--seed", type=int, default=1, help="the edits' seed")
    p.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-typos"))
    p.add_argument("--repo", type=Path, help="a corpus already built (its site/ is used)")
    p.add_argument("--show", type=int, default=10, help="misses to print")
    args = p.parse_args(argv)
    repo = args.repo
    if repo is None:
        repo = args.workdir / f"corpus-{args.n}"
        build(repo, args.n, 1)
    queries = probes(repo, args.seed)
    found = list(zip(queries, answers(repo / "site", [q.query for q in queries]), strict=True))
    print(f"typo recall, {repo} (one edit per name, seed {args.seed}):")
    print("\n".join(report(found, args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
