"""The line that keeps an old id leading to its entry: where a file lists its
`former_ids` or `merged_ids`, and what to write there to add one. Shared by W801 (an
address that would disappear, outputs/addresses.py) and the hint for a reference to an
entry that is gone (source/history.py), so that both give the same fix."""

from __future__ import annotations

import re
from pathlib import Path

_FIELD = re.compile(r"^([a-z_]+):[ \t]*(.*)$")

_BLOCK = ["- …"]  # ids written as `- id` items below the key


def keep_line(path: Path, kind: str, key: str, old: str) -> tuple[int, str]:
    """(line, what to do there) to add `old` to the list `key` of the file at `path`."""
    line, listed = _list_line(path, kind, key)
    if listed is None:
        return line, f"add this line below it: {key}: [{old}]"
    if listed != _BLOCK:
        return line, f"replace that line with: {key}: [{', '.join([*listed, old])}]"
    return line, f"add this item under it: - {old}"


def _list_line(path: Path, kind: str, key: str) -> tuple[int, list[str] | None]:
    """The line to edit in a file and what the list `key` holds on it: its `key:` line
    with the ids written there (_BLOCK when they follow as `- id` items), else its name
    (or title) line and None."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1, None
    anchor = 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        match = _FIELD.match(line)
        if not match:
            continue
        if match.group(1) == key:
            value = match.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                return number, [v.strip().strip("'\"") for v in value[1:-1].split(",")
                                if v.strip()]
            return number, _BLOCK
        if match.group(1) == ("title" if kind == "article" else "name"):
            anchor = number
    return anchor, None
