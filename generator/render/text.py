"""Writing values from front matter safely into generated Markdown."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from functools import lru_cache

_MD_INLINE = re.compile(r"([\\`*_{}\[\]|!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+>-]|\d+(?=[.)]))")


@lru_cache(maxsize=1 << 16)  # pure; names and titles recur on many pages
def text(value: str) -> str:
    """Plain text shown as written: HTML- and Markdown-escaped, on one line, safe to put
    anywhere in a line (including at its start)."""
    value = " ".join(value.split())
    value = _MD_INLINE.sub(r"\\\1", html.escape(value, quote=False))
    return _MD_LINE_START.sub(_escape_line_start, value)


def _escape_line_start(match: re.Match) -> str:
    lead, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1. " would start a list: escape the dot instead
        return lead + marker + "\\"
    return lead + "\\" + marker


def link(label: str, target: str, title: str | None = None) -> str:
    attr = f' "{html.escape(title, quote=True)}"' if title else ""
    return f"[{text(label)}]({target}{attr})"


def external(label: str, url: str) -> str:
    """A link off the site: it opens without giving the other site this page or a handle
    on the window."""
    safe = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f'[{text(label)}](<{safe}>){{ rel="noopener noreferrer" }}'



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


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
