"""Hugo's own live server on the bench corpus, measured as bench.live_preview measures ours.

    python -m bench.peer_preview [--n 1000] [--edits 5]

Writes the Hugo peer of the corpus (bench/peers.py) on tmpfs, starts `hugo server` there
(pages rendered in memory, its fast render mode), waits for the first build, then
appends a paragraph with a unique word to one article at a time and polls that
article's page until the word appears. The server is stopped by its process group.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import peers
from bench.live_preview import _free_port, _wait_for, stop
from bench.run import corpus


def measure(n: int, edits: int, workdir: Path) -> list[float]:
    hugo, _ = peers.ensure_hugo()
    if hugo is None:
        raise SystemExit("hugo is not installed")
    repo = corpus(workdir, n, 1)
    project = workdir / f"peer-preview-hugo-{n}"
    peers.to_hugo(repo, project)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(project / "serve.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen([hugo, "server", "--port", str(port), "--bind", "127.0.0.1",
                               "--disableLiveReload"], cwd=project, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    articles = sorted(p for p in (project / "content" / "articles").rglob("*.md")
                      if p.name != "_index.md")
    times = []
    try:
        first = _wait_for(base, None, 900, server)
        print(f"first build served after {first:.1f} s", file=sys.stderr)
        time.sleep(2)
        for index in range(edits):
            source = articles[(index * 7919) % len(articles)]
            url = f"{base}articles/{source.parent.name}/{source.stem}/"
            _wait_for(url, None, 60, server)
            word = f"peermarker{index}x{os.getpid()}"
            with open(source, "a", encoding="utf-8") as fh:
                fh.write(f"\n\n{word} was added to measure live preview.\n")
            took = _wait_for(url, word, 600, server)
            times.append(took)
            print(f"edit {index + 1}: {took:.2f} s ({source.name})", file=sys.stderr)
            time.sleep(1)
    finally:
        stop(server)
        log.close()
    return times


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.peer_preview",
                                description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--edits", type=int, default=5)
    p.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-bench"))
    args = p.parse_args(argv)
    times = measure(args.n, args.edits, args.workdir)
    print(f"hugo server, {args.n:,} articles, {len(times)} edits: save-to-served median "
          f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}); "
          f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
