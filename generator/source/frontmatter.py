"""Split a source file into YAML front matter and body, and parse the YAML into nodes.

YAML is composed into nodes, never constructed into Python objects: every value keeps its
line and column, no tag can run code, and the schema (not YAML's implicit typing) decides
whether `no` is a boolean or a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.diagnostics import Report, line_col

_KIND_TAGS = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}

try:
    from yaml.cyaml import CParser
except ImportError:  # libyaml missing: slower but equivalent
    _Loader: type = yaml.SafeLoader
else:
    class _Loader(CParser, yaml.resolver.BaseResolver):  # type: ignore[no-redef]
        """libyaml's parser and composer; nodes are tagged by kind only.

        The schema, not YAML's implicit typing, decides what a value means, so the
        implicit resolvers (a Python regex match per scalar, a third of compose time) are
        skipped. Explicit tags are still seen, and refused, by `_anchor_or_tag`.
        """

        def __init__(self, stream) -> None:
            CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

        def resolve(self, kind, value, implicit):
            return _KIND_TAGS[kind]

STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


@dataclass(frozen=True)
class SourceText:
    """A file split into front matter and body; lines are 1-based in the file."""

    path: str
    front_matter: yaml.MappingNode | None
    fm_first_line: int  # file line of the first front matter line
    body: str
    body_line: int  # file line where the body starts


def decode(path: str, data: bytes, report: Report) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add(
            "E101", path, line, col,
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
            "save the file as UTF-8 (in most editors: 'Save with encoding' -> UTF-8)",
        )
        return None
    if "\r" in text:  # "\r\n" is one line break; a lone "\r" is none (diagnostics.line_col)
        text = text.replace("\r\n", "\n")
    return text


def split(path: str, text: str, report: Report, max_front_matter: int) -> SourceText | None:
    """Find the `---` fenced front matter at the top of the file and compose it."""
    if not text.startswith("---\n"):
        report.add(
            "E102", path, 1, 1, "the file does not start with front matter",
            "begin the file with a line '---', the YAML fields, and another line '---'",
        )
        return None
    end = _closing_fence(text)
    if end is None:
        from generator.source import yamlerrors  # (only for a file with a mistake)

        found = yamlerrors.unclosed(text[4:].split("\n"), 2)
        report.add("E102", path, found.line, found.col, found.message, found.hint)
        return None
    yaml_text = text[4:end]
    if len(yaml_text) > max_front_matter:
        report.add(
            "E107", path, 1, 1,
            f"front matter is {len(yaml_text)} characters, more than the limit of "
            f"{max_front_matter}",
            "move long text into the body, or raise limits.front_matter_chars in site_config.yml",
        )
        return None
    body_start = text.find("\n", end + 1)
    body_start = len(text) if body_start < 0 else body_start + 1
    body_line = text.count("\n", 0, body_start) + 1
    node = compose(path, yaml_text, 2, report)
    if node is _FAILED:
        return None
    if node is not None and not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 2
        report.add(
            "E104", path, line, node.start_mark.column + 1,
            "the front matter is not a mapping of fields",
            "write one 'field: value' per line between the '---' lines",
        )
        return None
    return SourceText(path, node, 2, text[body_start:], body_line)


def _closing_fence(text: str) -> int | None:
    pos = 4
    while True:
        nl = text.find("\n", pos)
        line = text[pos:] if nl < 0 else text[pos:nl]
        if line.rstrip() in ("---", "..."):
            return pos
        if nl < 0:
            return None
        pos = nl + 1


_FAILED = object()
# Characters that YAML takes for a line break and git does not: a lone CR (CRLF is gone
# after `decode`), NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_YAML_ONLY_BREAK = re.compile("[\r\x85\u2028\u2029]")


def compose(path: str, yaml_text: str, first_line: int, report: Report):
    """Compose YAML into a node tree, or report why not and return `_FAILED`."""
    other_break = _YAML_ONLY_BREAK.search(yaml_text)
    if other_break is not None:
        # YAML would count lines differently from the rest of the file (line_col).
        line, col = line_col(yaml_text, other_break.start(), first_line)
        report.add(
            "E206", path, line, col,
            f"U+{ord(other_break.group(0)):04X} is not allowed in front matter: YAML reads "
            "it as a line break, but it is not one in the file",
            "delete it; end each line with a plain line break (LF or CRLF)",
        )
        return _FAILED
    try:
        if "&" in yaml_text or "*" in yaml_text or "!" in yaml_text:
            problem = _anchor_or_tag(yaml_text)
            if problem is not None:
                mark, what = problem
                report.add(
                    "E106", path, mark.line + first_line, mark.column + 1,
                    f"YAML {what} is not allowed in front matter",
                    "write each value out in full; anchors, aliases and tags are refused "
                    "so that no file can expand or run anything",
                )
                return _FAILED
        return yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        from generator.source import yamlerrors

        found = yamlerrors.explain(yaml_text, exc, first_line)
        report.add("E103", path, found.line, found.col, found.message, found.hint)
    except yaml.reader.ReaderError as exc:
        line, col = line_col(yaml_text, exc.position, first_line)
        report.add(
            "E206", path, line, col,
            f"control character U+{exc.character:04X} is not allowed in front matter",
            "delete the invisible character (retyping the line usually removes it)",
        )
    except yaml.YAMLError as exc:
        report.add("E103", path, first_line, 1, f"YAML error: {exc}", "check the YAML syntax")
    return _FAILED


def _anchor_or_tag(yaml_text: str):
    """The first anchor, alias or non-standard tag in the text, from YAML's own tokens."""
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark, f"alias '*{event.anchor}'"
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            return event.start_mark, f"anchor '&{anchor}'"
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in STANDARD_TAGS and tag != "!":
            return event.start_mark, f"tag '{tag}'"
    return None


def mapping_items(node: yaml.MappingNode):
    """(key text, key node, value node) for each entry of a mapping."""
    for key, value in node.value:
        yield (key.value if isinstance(key, yaml.ScalarNode) else None), key, value
