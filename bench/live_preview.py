"""Measure live preview: time from saving an article to `mkdocs serve` serving the change.

    python -m bench.live_preview [--sizes 1000,10000] [--edits 5] [--full]

Writes (or reuses) a synthetic corpus of N articles on tmpfs, starts
`mkdocs serve -f site_config.yml --dirty --no-strict` there (as `make serve` does; --full drops
--dirty), waits for the first build, then edits one article at a time: appends a
paragraph with a unique word to its text and polls the article's page over HTTP on
localhost until the word appears. A browser on the page reloads through livereload as
soon as the rebuild ends, so this is the save-to-browser time less the page load.
Everything is bounded in time; the server started here is stopped by its process id.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run import ENV, corpus
from generator.settings import read_config

STARTUP_LIMIT = 900  # seconds for the first full build
EDIT_LIMIT = 300  # seconds for one rebuild


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, word: str | None, limit: float, server: subprocess.Popen) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve exited with {server.returncode}")
        page = _get(url)
        if page is not None and (word is None or word in page):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"timed out after {limit} s waiting for {url}")


def measure(repo: Path, edits: int, dirty: bool) -> list[float]:
    port = _free_port()
    mount = "/" + (read_config(repo / "site_config.yml").get("site_url") or "/").split(
        "://", 1)[-1].split("/", 1)[-1]
    base = f"http://127.0.0.1:{port}{mount.rstrip('/')}/"
    articles = sorted((repo / "content" / "articles").rglob("*.md"))
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "--livereload",
           "-a", f"127.0.0.1:{port}", *(["--dirty", "--no-strict"] if dirty else [])]
    log = open(repo / ".serve.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(cmd, cwd=repo, stdout=log, stderr=subprocess.STDOUT, env=ENV,
                              start_new_session=True)
    originals: dict[Path, bytes] = {}
    times = []
    try:
        first = _wait_for(base, None, STARTUP_LIMIT, server)
        print(f"first build served after {first:.1f} s", file=sys.stderr)
        time.sleep(2)  # let the watcher settle
        for index in range(edits):
            source = articles[(index * 7919) % len(articles)]
            originals.setdefault(source, source.read_bytes())
            word = f"previewmarker{index}x{os.getpid()}"
            url = base + source.relative_to(repo / "content").with_suffix("").as_posix() + "/"
            if _get(url) is None:
                raise SystemExit(f"{url} is not served")
            with open(source, "a", encoding="utf-8") as fh:
                fh.write(f"\n{word} was added to measure live preview.\n")
            took = _wait_for(url, word, EDIT_LIMIT, server)
            times.append(took)
            print(f"edit {index + 1}: {took:.2f} s ({source.name})", file=sys.stderr)
            time.sleep(1)
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        stop(server)
        log.close()
    return times


def stop(server: subprocess.Popen) -> None:
    """Stop a server started in a session of its own, as Ctrl-C would; killed if it has
    not stopped within 30 s."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.live_preview",
                                description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000",
                   help="corpus sizes, comma-separated (--n N: one size)")
    p.add_argument("--n", type=int, default=None)
    p.add_argument("--edits", type=int, default=5)
    p.add_argument("--full", action="store_true", help="serve without --dirty")
    p.add_argument("--workdir", type=Path, default=Path("/dev/shm/news-archive-bench"))
    args = p.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [args.n] if args.n else [int(n) for n in args.sizes.split(",")]
    mode = "mkdocs serve" + ("" if args.full else " --dirty")
    lines = []
    for n in sizes:
        repo = corpus(args.workdir, n, 1)
        times = measure(repo, args.edits, dirty=not args.full)
        lines.append(f"{mode}, {n:,} articles, {len(times)} edits: save-to-served median "
                     f"{statistics.median(times):.2f} s (min {min(times):.2f}, max "
                     f"{max(times):.2f}); cores {os.cpu_count()}, load average "
                     f"{os.getloadavg()[0]:.2f}")
        print(lines[-1], flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
