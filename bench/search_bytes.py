"""Bytes a reader's browser fetches for a search, measured in headless Chromium.

The built site is served under /news-archive/ the way GitHub Pages serves it: text
files (HTML, scripts, JSON: the search index's files too) gzipped when the browser
asks. The search box is opened on the home page and a query typed into it; every
response after the page has loaded is counted (body as sent plus headers), the search
scripts the page loaded with it too.

    .venv/bin/python -m bench.search_bytes SITE_DIR [QUERY ...]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import os
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/news-archive/"
GZIPPED = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
QUERIES = ("minister", "sanctions")
ITEMS = ".md-search-result__item > a.md-search-result__link"
CHROMIUM = os.environ.get("CHROMIUM") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


class GzipHandler(SimpleHTTPRequestHandler):
    """The site under PREFIX; text files gzipped when asked for, as GitHub Pages does."""

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (path.is_file() and path.suffix in GZIPPED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def log_message(self, *args) -> None:
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve_gzipped(directory: Path):
    """`directory` over HTTP on a free local port under PREFIX; yields the base URL."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


class Fetched:
    """Every finished request of a browser context (its pages' and workers')."""

    def __init__(self, context) -> None:
        self.seen: list = []
        context.on("requestfinished", lambda request: self.seen.append(request))

    def since(self, start: int) -> dict[str, int]:
        """{address: bytes (body as sent + headers)} of the requests after `start`."""
        out: dict[str, int] = {}
        for request in self.seen[start:]:
            sizes = request.sizes()
            out[request.url] = (out.get(request.url, 0) + _body(request, sizes)
                                + sizes["responseHeadersSize"])
        return out


def _body(request, sizes: dict) -> int:
    """The body's size as sent. Chromium reports none for a worker's own script (the
    search worker, and the scripts it imports): its Content-Length is taken instead."""
    if sizes["responseBodySize"] > 0:
        return sizes["responseBodySize"]
    response = request.response()
    return int(response.headers.get("content-length", 0)) if response else 0


@dataclass
class Query:
    text: str
    bytes: int
    requests: int
    urls: dict[str, int]


def type_query(page, text: str) -> None:
    """Type `text` into the open search box as a reader would, and wait for its results."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(text, delay=60)
    # a letter Playwright's keyboard lacks is typed without the keyup Material listens to
    box.press("End")
    page.locator(ITEMS).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")


def measure_queries(page, fetched: Fetched, base: str, queries=QUERIES) -> list[Query]:
    """Open the home page, then the search, then each query in turn: its bytes. The first
    query also counts the search scripts fetched with the page."""
    page.goto(base)
    page.wait_for_load_state("networkidle")
    loaded = fetched.since(0)
    scripts = {u: n for u, n in loaded.items() if "/search-" in u or "/search/" in u}
    page.locator("input.md-search__input").click()
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    out = []
    for index, text in enumerate(queries):
        start = len(fetched.seen)
        type_query(page, text)
        urls = fetched.since(start)
        if index == 0:
            urls = {**scripts, **urls}
        out.append(Query(text, sum(urls.values()), len(urls), urls))
    return out


def run(site: Path, queries=QUERIES) -> list[Query]:
    from playwright import sync_api

    with sync_api.sync_playwright() as p, serve_gzipped(site) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context()
            fetched = Fetched(context)
            return measure_queries(context.new_page(), fetched, base, queries)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search_bytes",
                                description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("queries", nargs="*", default=list(QUERIES))
    args = p.parse_args(argv)
    for q in run(args.site, args.queries):
        print(f"{q.text!r}: {q.bytes / 1024:.1f} KB in {q.requests} requests")
        for url, n in sorted(q.urls.items(), key=lambda x: -x[1])[:8]:
            print(f"    {n / 1024:7.1f} KB  {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
