"""The mistakes a line of front matter can hold, and what to write instead.

A line is read for its shape only (`read_line`): how far it is indented, the '- ' that
start list items, its key and its value. Each function below names one mistake, found
by `generator.source.yamlerrors` on a line read against the lines above it, as a message
and a hint that says what to write. Lines and columns are counted in the file, from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEY = re.compile(r"""([A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t]|$)""")
BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(#.*)?$")
CANNOT_START = "@`%*&!"  # characters a plain value cannot start with
CLOSERS = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Mistake:
    """A mistake at a line and column of the file (both counted from 1)."""

    line: int
    col: int
    message: str
    hint: str


@dataclass(frozen=True)
class Line:
    """One line of front matter, as far as its shape goes."""

    number: int  # in the file
    text: str
    indent: int  # spaces before the first character (a key, a '-', a value)
    dashes: tuple[int, ...]  # columns of the '- ' that start list items on this line
    col: int  # column of what follows the dashes: a key or a value
    key: str | None
    value: str  # after 'key:' (or the dashes), without surrounding spaces
    value_col: int

    @property
    def what(self) -> str:
        """How a message names the start of this line."""
        if self.indent in self.dashes:
            return "the list item's '-'"
        return f"'{self.key}:'" if self.key else f"'{self.value[:20]}'"

    @property
    def opens(self) -> bool:
        """Whether the next line may be indented further (a block starts)."""
        return not self.value and (self.key is not None or bool(self.dashes))


def read_line(number: int, text: str) -> Line:
    """The shape of line `number` of the file, whose text is `text`."""
    indent = len(text) - len(text.lstrip(" "))
    col, dashes = indent, []
    while text.startswith("-", col) and text[col + 1:col + 2] in (" ", ""):
        dashes.append(col)
        col += 1
        while text.startswith(" ", col):
            col += 1
    key = None
    value_col = col
    match = KEY.match(text, col)
    if match:
        key = match.group(1).strip("\"'")
        value_col = match.end()
        while text[value_col:value_col + 1] in (" ", "\t") and value_col < len(text):
            value_col += 1
    value = without_comment(text[value_col:]).rstrip()
    return Line(number, text, indent, tuple(dashes), col, key, value, value_col)


def without_comment(value: str) -> str:
    if value.startswith("#"):
        return ""
    cut = value.find(" #")
    return value if cut < 0 else value[:cut]


def _brackets(text: str, comments: bool = True):
    """(offset, depth after it) of each bracket outside quotes; with `comments`, none
    after a '#'."""
    depth, quote = 0, ""
    for offset, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{]}":
            depth += 1 if char in "[{" else -1
            yield offset, depth
        elif char == "#" and comments:
            return


def depth_change(text: str) -> int:
    """Opened minus closed brackets, outside quotes."""
    depths = [depth for _, depth in _brackets(text)]
    return depths[-1] if depths else 0


def closing_quote(text: str, start: int, quote: str | None = None) -> int:
    """The column of the quote that closes the one at `start` (or, with `quote`, of the
    first closing `quote` on a line that goes on from one before), or -1."""
    quote = quote or text[start]
    col = start + 1
    while col < len(text):
        char = text[col]
        if quote == '"' and char == "\\":
            col += 2
            continue
        if char == quote:
            if quote == "'" and text[col + 1:col + 2] == "'":
                col += 2
                continue
            return col
        col += 1
    return -1


def named(line: Line, col: int) -> str:
    """What starts at `col` of a line that sets an indentation, as a message names it."""
    if col in line.dashes:
        return f"the '-' on line {line.number}"
    return f"'{line.key}:' on line {line.number}" if line.key else f"line {line.number}"


def spaces(n: int) -> str:
    return f"{n} space" + ("" if n == 1 else "s")


def tab_in_indent(line: Line, above: Line | None) -> Mistake | None:
    """A tab among the spaces and dashes before the line's first key or value."""
    for col, char in enumerate(line.text):
        if char == "\t":
            like = (f" (the line above, {named(above, above.col)}, is indented "
                    f"{spaces(above.col)})" if above is not None else "")
            return Mistake(line.number, col + 1,
                           f"a tab in the indentation, at column {col + 1}",
                           f"YAML indents with spaces only: replace the tab with spaces{like}")
        if char != " " and not (char == "-" and line.text[col + 1:col + 2] in (" ", "\t", "")):
            return None
    return None


def indented_too_far(line: Line, level: tuple[int, Line, bool]) -> Mistake:
    column, above, _ = level
    if line.key is not None and above.key is None and above.value and above.dashes:
        return not_a_field(above)  # the fields below were meant to be its own
    reads = (f": YAML reads it as more of the value of '{above.key}'"
             if above.key and above.value else "")
    return Mistake(line.number, line.indent + 1,
                   f"{line.what} is indented {spaces(line.indent)}, more than "
                   f"{named(above, column)} ({column}){reads}",
                   f"indent it {spaces(column)}, like {named(above, column)}")


def indented_between(line: Line, levels: list[tuple[int, Line, bool]]) -> Mistake:
    """A line indented between two open blocks: the nearest one of its kind is
    suggested; on a tie, the inner one first, and then the outer."""
    items = bool(line.dashes) and line.indent in line.dashes
    kind = [lv for lv in levels if lv[2] == items] or levels
    kind.sort(key=lambda lv: (abs(lv[0] - line.indent), -lv[0]))
    column, above, _ = kind[0]
    message = (f"{line.what} is indented {spaces(line.indent)}, but "
               f"{named(above, column)} is indented {column}")
    hint = f"indent it {spaces(column)}, like {named(above, column)}"
    if not items and above.dashes and column == above.col:
        hint += " (a list item's fields line up with the first one, after its '- ')"
    other = [lv for lv in kind[1:] if abs(lv[0] - line.indent) == abs(column - line.indent)
             and lv[0] != column]
    if other:
        hint += (f"; or {other[0][0]}, like {named(other[0][1], other[0][0])}, if it "
                 "belongs there")
    return Mistake(line.number, line.indent + 1, message, hint)


def short_of_block(line: Line, block: Line, first: int) -> Mistake:
    """A line inside a block of text, but indented less than its first line."""
    if line.key is not None:
        return Mistake(line.number, line.indent + 1,
                       f"{line.what} is indented {spaces(line.indent)}, which puts it "
                       f"inside the text of '{block.key}' (line {block.number}), but less "
                       f"than that text ({first})",
                       f"indent it {spaces(block.indent)}, like "
                       f"{named(block, block.col)}, if it is a field of its own")
    return Mistake(line.number, line.indent + 1,
                   f"this line of the text of '{block.key}' is indented "
                   f"{spaces(line.indent)}, less than its first line ({first})",
                   f"indent every line of the text of '{block.key}' by {spaces(first)}")


def not_an_item(line: Line, item: Line) -> Mistake:
    inside = (f", or indent it {spaces(item.col)} to add it to the item on line "
              f"{item.number}" if item.key else "")
    return Mistake(line.number, line.indent + 1,
                   f"'{line.key}:' is indented {spaces(line.indent)}, as the '-' of the "
                   f"list item on line {item.number}, but does not start with '- '",
                   f"start a new item with '- {line.key}:'{inside}")


def not_a_field(line: Line) -> Mistake:
    text = line.value
    if text.startswith("-"):
        return Mistake(line.number, line.value_col + 1,
                       f"'{text}' has no space after '-', so it is not a list item",
                       f"write '- {text[1:].lstrip()}'")
    colon = text.find(":")
    if colon > 0:
        name, rest = text[:colon], text[colon + 1:]
        return Mistake(line.number, line.value_col + colon + 1,
                       f"'{_short(text)}' has no space after ':'", f"write '{name}: {rest}'")
    name, _, rest = text.partition(" ")
    rest = rest.strip() or "VALUE"
    return Mistake(line.number, line.value_col + len(name) + 1,
                   f"'{_short(text)}' is not a field: there is no ':' after '{name}'",
                   f"write '{name}: {rest}'")


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def whose(line: Line) -> str:
    return f"the value of '{line.key}'" if line.key else "the list item"


def requoted(line: Line, value: str) -> str:
    """The line with `value` in quotes: double quotes, unless the value holds some."""
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    return (line.text[:line.value_col] + quoted).strip()


def in_plain_value(line: Line) -> Mistake | None:
    value = line.value
    if value[0] in CANNOT_START:
        return Mistake(line.number, line.value_col + 1,
                       f"{whose(line)} starts with '{value[0]}', which YAML does not "
                       "allow at the start of a value",
                       f"put the value in quotes: {requoted(line, value)}")
    colon = value.find(": ")
    if colon < 0 and value.endswith(":"):
        colon = len(value) - 1
    if colon < 0:
        return None
    holds = "holds ': '" if colon < len(value) - 1 else "ends with ':'"
    return Mistake(line.number, line.value_col + colon + 1,
                   f"{whose(line)} {holds}, which YAML reads as the start of another "
                   "field", f"put the value in quotes: {requoted(line, value)}")


def after_list(line: Line) -> Mistake | None:
    """A value that starts as a list (or mapping) and goes on after it is closed."""
    end = flow_end(line.value)
    rest = without_comment(line.value[end + 1:]).strip() if end > 0 else ""
    if not rest:
        return None
    return Mistake(line.number, line.value_col + 1,
                   f"{whose(line)} starts with '{line.value[0]}', which YAML reads as "
                   f"the start of a list, and goes on after its '{line.value[end]}'",
                   f"put the value in quotes: {requoted(line, line.value)}")


def flow_end(text: str) -> int:
    """The offset of the bracket that closes the one `text` starts with, or -1."""
    return next((offset for offset, depth in _brackets(text, comments=False) if depth == 0),
                -1)


def after_quote(line: Line, end: int) -> Mistake:
    quote = line.text[end]
    value = line.value
    inner = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value
    return Mistake(line.number, end + 1,
                   f"{whose(line)} ends at the {quote} in column {end + 1}, but the line "
                   "goes on after it",
                   f"put the whole value in quotes: {requoted(line, inner)}")


def unclosed_quote(line: Line) -> Mistake:
    quote = line.value[0]
    return Mistake(line.number, line.value_col + 1,
                   f"the {quote} that opens {whose(line)} is never closed",
                   f"end the value with {quote}")


def tab_on_empty_line(line: Line) -> Mistake:
    return Mistake(line.number, line.text.index("\t") + 1,
                   "a tab on a line that is otherwise empty",
                   "delete it: YAML indents with spaces only, and reads a tab at the start "
                   "of a line as wrong indentation")


def first_field_indented(line: Line) -> Mistake:
    return Mistake(line.number, line.indent + 1,
                   f"the first field, {line.what}, is indented {spaces(line.indent)}",
                   "start the front matter's own fields at the beginning of the line, with "
                   "no spaces before them")


def list_left_of_its_field(line: Line, field: Line) -> Mistake:
    """A list item less indented than the field (just above) whose list it starts."""
    return Mistake(line.number, line.indent + 1,
                   f"the list item's '-' is indented {spaces(line.indent)}, less than "
                   f"{named(field, field.col)} ({field.col}), whose list it starts",
                   f"indent it {spaces(field.col)} or more, under {named(field, field.col)}")


def item_among_fields(line: Line, field: Line, column: int) -> Mistake:
    """A list item lined up with fields, none of which starts a list."""
    return Mistake(line.number, line.indent + 1,
                   f"a list item where a field is expected: its '-' is indented "
                   f"{spaces(line.indent)}, as {named(field, column)}, and no field above "
                   "it starts a list",
                   "write the field the list belongs to, ending with ':', on the line "
                   "above it")


def unclosed_list(line: Line) -> Mistake:
    opener = line.value[0]
    return Mistake(line.number, line.value_col + 1,
                   f"the '{opener}' that opens {whose(line)} is never closed",
                   f"end the list with '{CLOSERS[opener]}'")
