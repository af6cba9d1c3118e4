"""Front matter written and read back as JSON values; dates and counts as pages show them."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache


@lru_cache(maxsize=8192)
def date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


# Characters a YAML reader rejects or reads as line breaks inside a quoted string.
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_JSON_VALUE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def front_matter(meta: dict) -> str:
    """YAML front matter written as JSON values (valid YAML, escaped by construction)."""
    lines = ["---"]
    for key, value in meta.items():
        if value is None or value == [] or value == "":
            continue
        lines.append(f"{key}: {_JSON_VALUE(value)}")
    lines.append("---\n\n")
    text = "\n".join(lines)
    # keys are plain names: only values can match; most pages are ASCII without DEL
    if (not text.isascii() or "\x7f" in text) and _YAML_UNSAFE.search(text):
        text = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def meta_as_read(meta: dict) -> dict:
    """The metadata as `read_front_matter(front_matter(meta))` gives it back, made
    without writing and reading it: empty values left out, tuples as lists, the keys of
    nested mappings sorted (the JSON values are written with sorted keys)."""
    return {key: _as_json(value) for key, value in meta.items()
            if not (value is None or value == [] or value == "")}


def _as_json(value):
    kind = type(value)
    if kind is dict:
        return {key: _as_json(value[key]) for key in sorted(value)}
    if kind is list or kind is tuple:
        return [_as_json(item) for item in value]
    return value


def read_front_matter(text: str) -> tuple[dict, str] | None:
    """(metadata, body) of a page whose front matter is `key: <JSON value>` lines, or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    meta: dict = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(": ")
        if not sep or not key.isidentifier() or key in meta:
            return None
        try:
            meta[key] = json.loads(value)
        except ValueError:
            return None
    return meta, text[end + 5:].lstrip("\n")


def page_body(text: str) -> str:
    """The body of a page that `read_front_matter` splits, without reading its metadata."""
    return text[text.find("\n---\n", 3) + 5:].lstrip("\n")


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
