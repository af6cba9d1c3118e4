"""Run the generator once in this process and print its stage timings as JSON.

    python -m bench.stages --config REPO/site_config.yml --out FOLDER

Used by `bench.run` in a fresh process per run, so that peak RSS is the generator's own.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from generator.emit import emit
from generator.pipeline import run
from generator.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stages")
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    cpu = time.process_time()
    settings = load_settings(args.config)
    result = run(settings)
    if result.pages is None:
        print(json.dumps({"error": [d.format() for d in result.report.diagnostics[:20]]}))
        return 1
    start = time.perf_counter()
    stats = emit(result.pages, args.out, protected=settings.content_path)
    timings = dict(result.timings)
    timings["emit"] = time.perf_counter() - start
    print(json.dumps({
        "timings": timings,
        "cpu": time.process_time() - cpu,
        "pages": len(result.pages),
        "articles": len(result.site.articles) if result.site else 0,
        "written": stats.written,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
