"""JSON-LD expanded with pyld and schema.org's context from tests/vendor: no network."""

from __future__ import annotations

import json
from functools import cache

from tests.conftest import ROOT

CONTEXT = ROOT / "tests" / "vendor" / "schema.org" / "context.jsonld"


@cache
def _context() -> dict:
    return json.loads(CONTEXT.read_text(encoding="utf-8"))


def _load(url: str, options=None) -> dict:
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": _context()}


OPTIONS = {"documentLoader": _load}  # pyld's options: schema.org's context, read here
