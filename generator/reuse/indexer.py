"""The search index writer as a program of its own, run beside the build on the other
core by generator.outputs.search.write_index:

    python -m generator.reuse.indexer RECORDS OUT [CACHE [PREVIOUS]]
    python -m generator.reuse.indexer --wait CACHE   (then [RECORDS, OUT, PREVIOUS] on stdin)

It reads the records as JSON lines, writes the index into OUT (generator/outputs/
searchindex.py) and prints its figures as one line of JSON, with its own peak memory,
before it stores its cache.
With CACHE, each page's analysis made by the last run is reused when the page's record
is unchanged, the last run's postings are patched for the changed pages (when few
changed and the pages' order is the same), the excerpt files of unchanged pages are
linked from the PREVIOUS index (when still as written), and this run's are stored there
(generator/reuse/store.py: a damaged cache, or one of another version, is ignored with a
notice printed before the figures).
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

from generator.outputs.searchindex import Postings, read_entries, write
from generator.reuse import store as cache
from generator.reuse.uptodate import code_fingerprint

_POSTINGS = ""  # the cache's key for the last postings (the others are record digests)


def cache_key() -> str:
    """The analyses depend on the generator's code (searchindex.py and words.py among
    it) and on Python's Unicode tables."""
    return hashlib.sha256(f"{code_fingerprint(())} {unicodedata.unidata_version}"
                          .encode()).hexdigest()


def peak_mb() -> float:
    """This process's peak resident memory in MB, since it started this program (Linux's
    VmHWM; `getrusage` would count the memory of the process it was forked from)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main(argv: list[str]) -> int:
    if argv and argv[0] == WAIT:
        return _waiting(Path(argv[1]) if len(argv) > 1 and argv[1] else None)
    records, out = Path(argv[0]), Path(argv[1])
    cache_path = Path(argv[2]) if len(argv) > 2 and argv[2] else None
    previous = Path(argv[3]) if len(argv) > 3 and argv[3] else None
    return _run(records, out, cache_path, previous, *_load(cache_path))


WAIT = "--wait"


def _waiting(cache_path: Path | None) -> int:
    """Started before the records exist (`--wait CACHE`): load the cache, then read one
    line, `[RECORDS, OUT, PREVIOUS]` as JSON, from standard input and write the index;
    at the end of the input instead, stop (the build wrote no index)."""
    loaded = _load(cache_path)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    records, out, previous = json.loads(line)
    return _run(Path(records), Path(out), cache_path, Path(previous) if previous else None,
                *loaded)


def _load(cache_path: Path | None) -> tuple[dict | None, Postings | None]:
    known = last = None
    if cache_path is not None:
        notices: list[str] = []
        known = cache.read(cache_path, cache_key(), notices)
        for notice in notices:
            print(f"note: {notice}")
        if isinstance(known, dict):
            last = known.pop(_POSTINGS, None)
            last = last if isinstance(last, Postings) else None
    return known, last


def _run(records: Path, out: Path, cache_path: Path | None, previous: Path | None,
         known: dict | None, last: Postings | None) -> int:
    written, analysed, postings = write(read_entries(records), out, known, last, previous)
    # the index is whole: its figures first, so that the build goes on while the
    # cache is stored (search.Writer waits for that at the end of the build)
    print(json.dumps({**written.__dict__, "peak_mb": peak_mb(),
                      "reused": len(set(known or ()) & set(analysed))}), flush=True)
    if cache_path is not None:
        cache.write(cache_path, cache_key(), {**analysed, _POSTINGS: postings})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
