"""The open-data files of a large archive beside GitHub's limits, without building its site.

    python -m bench.open_data [--n 100000] [--workdir /dev/shm/news-archive-bench]

Builds the synthetic corpus's model (load to link, no pages) and writes nothing: every
open-data file is made in memory and measured, and each table's files are also summed,
which is what the table would weigh written as one file. Prints the largest files beside
GitHub's 50 MB warning (a site's files are pushed to a repository) and 100 MB limit.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from bench.run import corpus, corpus_arguments
from bench.scale import FILE_LIMIT, FILE_WARNING, MB


def table_of(path: str) -> str:
    """`data/relations/2021.json` -> `relations.json`; `data/actors.csv` -> itself."""
    rest = path.removeprefix("data/")
    folder, _, name = rest.rpartition("/")
    return f"{folder}.{name.rpartition('.')[2]}" if folder else rest


def main() -> None:
    args = corpus_arguments(__doc__.split("\n\n")[0], 100_000)
    from generator.build import Build
    from generator.outputs.export import iter_exports
    from generator.settings import load_settings

    repo = corpus(args.workdir, args.n, args.seed)
    start = time.perf_counter()
    result = Build(load_settings(repo / "site_config.yml")).model()
    if result.site is None:
        raise SystemExit("the corpus has errors")
    sizes = {path: len(text.encode("utf-8")) for path, text in iter_exports(result.site)}
    seconds = time.perf_counter() - start
    tables = Counter()
    for path, size in sizes.items():
        tables[table_of(path)] += size
    print(f"open data of {args.n:,} articles: {len(sizes)} files, "
          f"{sum(sizes.values()) / MB:,.1f} MiB ({seconds:.0f} s; load {os.getloadavg()[0]:.1f})")
    for path, size in sorted(sizes.items(), key=lambda item: -item[1])[:5]:
        warned = "OVER" if size > FILE_WARNING else "within"
        refused = "OVER" if size > FILE_LIMIT else "within"
        print(f"  {path:36} {size / MB:7.1f} MiB: {warned} the 50 MB warning, "
              f"{refused} the 100 MB limit")
    print("  each table as one file would be: " + ", ".join(
        f"{name} {size / MB:.1f} MiB" for name, size in tables.most_common(6)))


if __name__ == "__main__":
    main()
