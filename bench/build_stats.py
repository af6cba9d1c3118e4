"""`python -m generator` with the search index's figures written to a JSON file:

    python -m bench.build_stats STATS.json build --site-dir SITE

The figures are those `generator.outputs.search.write_index` returns (records, seconds,
the index writer's peak memory, files, bytes); bench/run.py reads them for its search rows.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from generator.outputs import search


def main(argv: list[str]) -> int:
    out, rest = Path(argv[0]), argv[1:]
    write_index = search.write_index

    def measured(records, site, *rest, **options):
        stats = write_index(records, site, *rest, **options)
        out.write_text(json.dumps(asdict(stats)), encoding="utf-8")
        return stats

    search.write_index = measured
    from generator.cli import main as generator

    return generator(rest)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
