"""Where a mistake in front matter YAML is.

The YAML parser reports where it could read no further, which is often not where the
mistake is: a key indented one space too few is reported on the line of its list, a tab
on the line above, a key indented too far as "mapping values are not allowed" (it reads
the key as more of the value above). Once the parser has failed, the lines are read again
here, each against the lines above it: how far its siblings are indented, whether a
value holds what only quotes allow, whether a quote or bracket is closed. The first
mistake found on or before the line where the parser stopped is the one reported; where
none is, the parser's own account is kept, with a hint for its kind of error. What each
mistake says, and what to write instead, is in `generator.source.yamlmistakes`.

Front matter is block YAML of a simple shape (fields, lists of fields, flow lists), and
only that shape is understood here; anything else is left to the parser's account.
"""

from __future__ import annotations

import re

import yaml

from generator.source import yamlmistakes as m
from generator.source.yamlmistakes import Line, Mistake, read_line

_FENCE_LIKE = re.compile(r"[ \t]*(-[ \t-]*|[—–_.][—–_. \t]*)")


def unclosed(lines: list[str], first_line: int) -> Mistake:
    """Where the closing '---' of front matter that is never closed belongs: a line that
    looks like a mistyped one, or else the first line that cannot be front matter (no
    field, no list item, not indented: the text), or the file's start."""
    for number, text in enumerate(lines, start=first_line):
        if text.strip() and _FENCE_LIKE.fullmatch(text) and not text.startswith("- "):
            return Mistake(number, 1, f"the front matter is never closed: line {number} "
                           f"('{text.strip()}') looks like its closing line",
                           "write the closing line as exactly '---', at the start of "
                           "the line")
    for number, text in enumerate(lines, start=first_line):
        line = read_line(number, text)
        if (text.strip() and not text.startswith((" ", "#", "\t")) and line.key is None
                and not line.dashes):
            return Mistake(number, 1, "the front matter is never closed: the text seems "
                           f"to start on line {number}",
                           f"add a line '---' before line {number}, after the last field")
    return Mistake(first_line - 1, 1, "the front matter is never closed",
                   "add a line containing only '---' after the last YAML field")


def explain(yaml_text: str, exc: yaml.MarkedYAMLError, first_line: int) -> Mistake:
    """The mistake to report for a parser error (lines and columns counted in the file,
    whose line `first_line` is the YAML's first): found on the lines, or the parser's."""
    lines = yaml_text.split("\n")
    stop = exc.problem_mark.line if exc.problem_mark else len(lines)
    found = Scan(lines, first_line).first_mistake()
    if found is not None and found.line - first_line <= stop:
        return found
    return parser_account(lines, exc, first_line)


class Scan:
    """The lines read top to bottom, keeping the indentation of every block still open.

    Lines are numbered as in the file; `self.lines[n - self.first]` is line n.
    """

    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first = first_line
        # (column, the line that set it, whether it holds list items) of each open block
        self.levels: list[tuple[int, Line, bool]] = []
        self.previous: Line | None = None

    def first_mistake(self) -> Mistake | None:
        index = 0
        while index < len(self.lines):
            text = self.lines[index]
            stripped = text.strip()
            line = read_line(index + self.first, text)
            index += 1
            if not stripped and "\t" in text:
                return m.tab_on_empty_line(line)
            if not stripped or stripped.startswith("#"):
                continue
            found = m.tab_in_indent(line, self.previous)
            if found is None and self._continues(line):
                continue
            found = found or self.place(line)
            if found is not None:
                return found
            found, after = self.value(line)
            if found is not None:
                return found
            index = after - self.first
            self.previous = line
        return None

    def _continues(self, line: Line) -> bool:
        """Whether the line is more of a plain value begun above (a line break in it)."""
        above = self.previous
        if above is None or not above.value or above.value[0] in "\"'[{|>":
            return False
        parent = above.col if above.key is not None else above.dashes[-1]
        return line.key is None and not line.dashes and line.indent > parent

    def place(self, line: Line) -> Mistake | None:
        """Check the line's indentation against the open blocks, and open its own."""
        levels = self.levels
        if not levels:
            if line.indent:
                return m.first_field_indented(line)
            return self.enter(line)
        if line.indent > levels[-1][0]:
            if self.previous is not None and self.previous.opens:
                return self.enter(line)
            return m.indented_too_far(line, levels[-1])
        above = self.previous
        if (line.dashes and above is not None and above.opens and above.key is not None
                and line.indent < above.col):
            return m.list_left_of_its_field(line, above)
        popped = []
        while levels and levels[-1][0] > line.indent:
            popped.append(levels.pop())
        if not levels or levels[-1][0] != line.indent:
            return m.indented_between(line, popped + levels[::-1])
        return self.sibling(line)

    def sibling(self, line: Line) -> Mistake | None:
        """A line as far in as the innermost open block: its next field or item."""
        levels = self.levels
        column, above, items = levels[-1]
        if line.dashes and not items:
            if self.previous is above and above.opens:
                return self.enter(line)  # a list under its field, not indented: allowed
            outer = [lv for lv in levels if lv[2] and lv[0] < column]
            if outer:
                return m.indented_between(line, [outer[-1]])
            return m.item_among_fields(line, above, column)
        if not line.dashes and items:
            if len(levels) > 1 and levels[-2][0] == column and not levels[-2][2]:
                levels.pop()  # the end of a list that was not indented under its field
            elif line.key is not None:
                return m.not_an_item(line, above)
        levels.pop()
        return self.enter(line)

    def enter(self, line: Line) -> None:
        """Open the blocks this line starts: its list items, then its fields."""
        for dash in line.dashes:
            self.levels.append((dash, line, True))
        if line.key is not None or not line.dashes:
            self.levels.append((line.col, line, False))
        return None

    def value(self, line: Line) -> tuple[Mistake | None, int]:
        """Check the value on this line; return the number of the next line to read
        (past a block of text, a list or a quote that goes on over several lines)."""
        value = line.value
        after = line.number + 1
        if not value:
            return None, after
        if line.key is None and not line.dashes:
            return m.not_a_field(line), after
        if m.BLOCK_SCALAR.match(value):
            return self._past_block(line)
        if value[0] in "\"'":
            return self._quoted(line)
        if value[0] in m.CLOSERS:
            return m.after_list(line) or self._unclosed_flow(line), self._past_flow(line)
        return m.in_plain_value(line), after

    def _text(self, number: int) -> str | None:
        index = number - self.first
        return self.lines[index] if index < len(self.lines) else None

    def _past_block(self, line: Line) -> tuple[Mistake | None, int]:
        """Past the lines of a block of text (`|` or `>`), which are all indented as far
        as its first line at least."""
        number = line.number + 1
        first = None
        while (text := self._text(number)) is not None:
            indent = len(text) - len(text.lstrip(" "))
            if text.strip():
                if indent <= line.indent:
                    break
                if first is not None and indent < first:
                    return m.short_of_block(read_line(number, text), line, first), number
                first = indent if first is None else first
            number += 1
        return None, number

    def _quoted(self, line: Line) -> tuple[Mistake | None, int]:
        quote = line.value[0]
        end = m.closing_quote(line.text, line.value_col)
        if end >= 0:
            rest = m.without_comment(line.text[end + 1:].lstrip()).strip()
            return (m.after_quote(line, end) if rest else None), line.number + 1
        number = line.number + 1
        while (text := self._text(number)) is not None:
            if text.strip():
                following = read_line(number, text)
                if following.key is not None and following.indent <= line.col:
                    return m.unclosed_quote(line), number
                if m.closing_quote(text, -1, quote) >= 0:
                    return None, number + 1
            number += 1
        return None, number

    def _unclosed_flow(self, line: Line) -> Mistake | None:
        """A list still open when a line that can only be a field or an item comes."""
        if m.flow_end(line.value) >= 0:
            return None
        number = line.number + 1
        joined = line.value
        while (text := self._text(number)) is not None:
            following = read_line(number, text)
            if text.strip() and following.indent <= line.col and (
                    following.key is not None or following.dashes):
                return m.unclosed_list(line)
            joined += " " + text
            if m.flow_end(joined) >= 0:
                return None
            number += 1
        return None

    def _past_flow(self, line: Line) -> int:
        depth = 0
        number = line.number
        col = line.value_col
        while (text := self._text(number)) is not None:
            depth += m.depth_change(text[col:])
            number += 1
            col = 0
            if depth <= 0:
                break
        return number


def parser_account(lines: list[str], exc: yaml.MarkedYAMLError, first_line: int
                   ) -> Mistake:
    """The parser's own account of its error, at the place it names: where an unclosed
    quote or bracket opened (its context), else where it stopped."""
    context = exc.context or ""
    opened = exc.context_mark is not None and any(
        word in context for word in ("flow", "quoted", "simple key", "alias"))
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    line = (mark.line if mark else 0)
    col = (mark.column if mark else 0)
    text = lines[line] if line < len(lines) else ""
    char = text[col:col + 1]
    number = line + first_line
    shape = read_line(number, text)
    where = f"opens {m.whose(shape)}" if col == shape.value_col else "opens here"
    if "flow" in context and char in m.CLOSERS:
        return Mistake(number, col + 1, f"the '{char}' that {where} is never closed",
                       f"end the list with '{m.CLOSERS[char]}'")
    if "quoted" in context and char in "\"'":
        return Mistake(number, col + 1, f"the {char} that {where} is never closed",
                       f"end the value with {char}")
    problem = exc.problem or "invalid YAML"
    if exc.context and opened:
        problem = f"{problem} ({exc.context} that starts here)"
    return Mistake(number, col + 1, f"YAML syntax error: {problem}", _hint(problem))


def _hint(problem: str) -> str:
    if "could not find expected ':'" in problem:
        return "each field needs 'name: value'; check for a missing colon or an unclosed quote"
    if "found undefined alias" in problem or "found unexpected end" in problem:
        return "check for an unclosed quote or bracket"
    return "check indentation, colons and quotes on this line and the one above"
