"""Which stages of the pipeline a test run reaches (`pytest --check-stages`).

`make test-fast` runs a selection of the tests (the `fast` marker) with this check: each
stage below names the functions that do its work, and the run fails if none of a stage's
functions was called by any selected test. The functions are wrapped for the run in
every module that holds them; the wrapper notes the stage, on its first call in a
process, in a file that the forked render workers share.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import tempfile

# stage -> (module, functions or Class.methods, any of which doing its work)
STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "load": ("generator.source.load", ("iter_load", "read_source")),
    "validate": ("generator.source.validate", ("validate",)),
    "resolve": ("generator.source.resolve", ("resolve",)),
    "link": ("generator.link", ("link", "relink")),
    "render": ("generator.render", ("render", "iter_render")),
    "emit": ("generator.disk.emit", ("emit", "emit_changed")),
    "outputs: feeds": ("generator.outputs.feeds", ("iter_feeds", "iter_feed")),
    "outputs: open data": ("generator.outputs.export", ("iter_exports", "iter_export")),
    "outputs: addresses": ("generator.outputs.addresses", ("redirects", "compare")),
    "outputs: search": ("generator.outputs.search", ("write_index",)),
    "MkDocs plugin (a real build)": ("generator.mkdocs.plugin",
                                     ("ArchivePlugin.on_post_build",)),
    "CLI": ("generator.cli", ("main",)),
    "the build": ("generator.build", ("Build.model", "Build.pages", "Build.stream")),
    "caches: files": ("generator.reuse.store", ("read", "write")),
    "caches: sources": ("generator.reuse.sources", ("load_validated",)),
    "caches: page reads": ("generator.reuse.reads", ("Digests.still",)),
    "changes": ("generator.changes.compare", ("compare",)),
}
# the modules whose references to the functions are replaced too (`from x import f`)
_HOLDERS = ("generator", "tests", "bench")


class StageCheck:
    def __init__(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="stages-", suffix=".txt")
        self.fd = fd
        self.seen: set[str] = set()  # in this process (a forked worker starts with a copy)
        self.undo: list[tuple[object, str, object]] = []
        self.result: list[str] | None = None  # the stages not reached, once the run ends

    def install(self) -> None:
        for stage, (module_name, names) in STAGES.items():
            module = importlib.import_module(module_name)
            for name in names:
                owner_name, _, attr = name.rpartition(".")
                owner = getattr(module, owner_name) if owner_name else module
                real = getattr(owner, attr)
                wrapper = self._wrap(stage, real)
                self._set(owner, attr, wrapper)
                if owner is module:
                    self._rebind(real, wrapper)

    def _wrap(self, stage: str, real):
        @functools.wraps(real)
        def reached(*args, **kwargs):
            if stage not in self.seen:
                self.seen.add(stage)
                os.write(self.fd, f"{stage}\n".encode())
            return real(*args, **kwargs)

        return reached

    def _set(self, owner, attr: str, value) -> None:
        self.undo.append((owner, attr, owner.__dict__[attr]))
        setattr(owner, attr, value)

    def _rebind(self, real, wrapper) -> None:
        for name, module in list(sys.modules.items()):
            if module is None or not name.startswith(_HOLDERS):
                continue
            for attr, value in list(vars(module).items()):
                if value is real:
                    self._set(module, attr, wrapper)

    def missing(self) -> list[str]:
        with open(self.path, encoding="utf-8") as f:
            reached = set(f.read().split("\n"))
        return [stage for stage in STAGES if stage not in reached]

    def close(self) -> None:
        for owner, attr, value in reversed(self.undo):
            setattr(owner, attr, value)
        os.close(self.fd)
        os.unlink(self.path)
