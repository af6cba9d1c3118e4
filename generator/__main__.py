import contextlib
import logging
import os
import sys

from generator.cli import main

code = main()
# Everything is written, closed and waited for by now (worker pools, the search index
# writer). What is left is the heap a build made, millions of objects at 10,000
# articles: freeing them one at a time as the interpreter shuts down takes a fifth of a
# second of a warm build (bench/RESULTS.md), and the system frees the memory at once.
logging.shutdown()
for stream in (sys.stdout, sys.stderr):
    with contextlib.suppress(OSError):  # e.g. `check | head`: the reader left
        stream.flush()
os._exit(code or 0)
