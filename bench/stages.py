"""Run the generator once in this process and print its stage timings as JSON.

    python -m bench.stages --config REPO/site_config.yml --out FOLDER

The same path as `python -m generator generate`: pages are written as they are rendered.
`render` is the time spent making pages and `emit` the time spent writing them. Used by
`bench.run` in a fresh process per run, so that peak RSS is the generator's own.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from generator.build import Build
from generator.disk.emit import emit
from generator.render import Options, iter_render
from generator.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stages")
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    cpu = time.process_time()
    settings = load_settings(args.config)
    result = Build(settings).model()
    if result.site is None or result.report.has_errors():
        print(json.dumps({"error": [d.format() for d in result.report.diagnostics[:20]]}))
        return 1
    rendering = [0.0]

    def timed(pages):
        while True:
            start = time.perf_counter()
            page = next(pages, None)
            rendering[0] += time.perf_counter() - start
            if page is None:
                return
            yield page

    start = time.perf_counter()
    pages = iter_render(result.site, Options.of(settings))
    stats = emit(timed(pages), args.out, protected=settings.content_path)
    timings = dict(result.timings)
    timings["render"] = rendering[0]
    timings["emit"] = time.perf_counter() - start - rendering[0]
    print(json.dumps({
        "timings": timings,
        "cpu": time.process_time() - cpu,
        "pages": stats.total,
        "articles": len(result.site.articles) if result.site else 0,
        "written": stats.written,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
