"""Pages can be written as they are rendered; an interrupted run stays cleanable; a live
preview rewrites only the pages that changed."""

import json
import os

import pytest

from generator.disk.emit import MANIFEST, emit, emit_changed

pytestmark = pytest.mark.fast


def test_streamed_pages_are_written_and_recorded(tmp_path):
    out = tmp_path / "out"
    stats = emit(iter([("a.md", "A"), ("b/c.md", "C")]), out)
    assert (stats.written, stats.total) == (2, 2)
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.md", "b/c.md"]
    stats = emit(iter([("a.md", "A")]), out)
    assert (stats.unchanged, stats.removed) == (1, 1)
    assert not (out / "b").exists()


def test_an_interrupted_stream_still_records_what_it_wrote(tmp_path):
    out = tmp_path / "out"

    def pages():
        yield "a.md", "A"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        emit(pages(), out)
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.md"]
    emit(iter([("z.md", "Z")]), out)  # a later run removes what the interrupted run wrote
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "z.md"]


def test_a_manifest_with_odd_entries_is_read_safely(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("not mine")
    (out / MANIFEST).write_text(json.dumps({"files": [5, None, "/etc/passwd", "../x", "a.md"]}))
    (out / "a.md").write_text("old")
    stats = emit(iter([("b.md", "B")]), out)
    assert stats.removed == 1  # only a.md: the other entries are ignored
    assert (out / "keep.txt").read_text() == "not mine"


def test_only_changed_pages_are_touched_and_the_rest_keep_their_time(tmp_path):
    out = tmp_path / "out"
    old = {"a.md": "A", "b/c.md": "C"}
    emit(old, out)
    os.utime(out / "a.md", (1, 1))
    os.utime(out / "b/c.md", (1, 1))
    stats = emit_changed(old, {"a.md": "A", "b/c.md": "C2"}, out)
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (out / "b/c.md").read_text() == "C2" and (out / "b/c.md").stat().st_mtime > 1
    assert (out / "a.md").stat().st_mtime == 1  # MkDocs' dirty build skips it
    # another set of pages: as emit, the gone one removed and the manifest updated
    stats = emit_changed({"a.md": "A", "b/c.md": "C2"}, {"a.md": "A2"}, out)
    assert (stats.written, stats.removed) == (1, 1) and not (out / "b").exists()
    assert json.loads((out / MANIFEST).read_text())["files"] == ["a.md"]
