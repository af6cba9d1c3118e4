"""Golden files: the Markdown generated from tests/fixtures/corpus, kept under expected/.

Check:      python -m pytest tests/test_golden.py
Regenerate: make golden   (python -m tests.golden --update), then review the diff.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.build import Build
from generator.settings import settings_from

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
EXPECTED = CORPUS / "expected"


def generated() -> dict[str, str]:
    settings = settings_from(CORPUS, {"repo_url": "https://github.com/o/r"}, {})
    result = Build(settings).pages()
    if result.pages is None:
        problems = "\n".join(d.format() for d in result.report.diagnostics)
        raise SystemExit(f"the golden corpus has errors:\n{problems}")
    return result.pages


def expected() -> dict[str, str]:
    return {
        path.relative_to(EXPECTED).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(EXPECTED.rglob("*"))
        if path.is_file()  # pages and the published files: feeds, JSON, CSV
    }


def update() -> None:
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for rel, text in generated().items():
        target = EXPECTED / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(generated())} expected pages under {EXPECTED}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        raise SystemExit("usage: python -m tests.golden --update")
    update()
