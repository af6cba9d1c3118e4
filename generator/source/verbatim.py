"""How a quote is compared with its article's text, and where the two part.

Both are compared as `normalise` makes them: one kind of quotation mark, single spaces,
no Markdown emphasis or escapes. When a quote is not in the text, `parting` finds the
longest stretch of the quote's start that the text holds (or, when that is too short to
tell, of its end); where that stretch ends, quote and text part. Each side is then shown
in its own words around that place, as written, so that a full stop or a space is seen
where it differs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.diagnostics import line_col

_QUOTE_MARKS = str.maketrans(
    {**dict.fromkeys("“”„‟«»″〝〞＂", '"'), **dict.fromkeys("‘’‚‛′‹›`", "'"),
     **dict.fromkeys("*_\\"), "…": "..."}
)
# For finding where a quote parts from the text, double quotation marks are left out: one
# that opens a passage in the text is glued to its first word, which the quote's own
# first word would otherwise never match.
_UNQUOTED = str.maketrans({**_QUOTE_MARKS, **dict.fromkeys("\"“”„‟«»″〝〞＂")})
_EDGES = "\"' "  # what a quote may start or end with that the text need not
_AROUND = 3  # words of context shown on each side of the word that differs
# Characters of a quote's start or end that the text must hold for the two to be said to
# part somewhere (a word or two can be found anywhere); less for a short quote.
_ENOUGH = 8


@functools.lru_cache(maxsize=16)
def normalise(text: str) -> str:
    """Text as compared for W602: one kind of quotation mark, single spaces, and no
    Markdown emphasis or escapes (`*`, `_`, backslash)."""
    text = text.translate(_QUOTE_MARKS)
    return " ".join(text.split())


def not_verbatim(quote_text: str, body: str) -> bool:
    if quote_text.strip() in body:  # verbatim as written: normalising cannot change that
        return False
    needle = normalise(quote_text).strip(_EDGES)
    return bool(needle) and needle not in normalise(body)


def mapped(text: str, table: dict = _QUOTE_MARKS) -> tuple[str, list[int]]:
    """`normalise(text)` (with another translation `table`: as that makes it) and, for
    each of its characters, the offset in `text` of the character it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    space = -1  # the offset of a space not yet written, once there is a word before it
    for offset, char in enumerate(text):
        if char.isspace():
            if chars and space < 0:
                space = offset
            continue
        out = char.translate(table)
        if not out:
            continue
        if space >= 0:
            chars.append(" ")
            offsets.append(space)
            space = -1
        chars.extend(out)
        offsets.extend([offset] * len(out))
    return "".join(chars), offsets


@dataclass(frozen=True)
class Side:
    """One side of a parting: the word that differs, and a few words around it, as
    written."""

    word: str
    context: str
    offset: int  # of the word, in the text as written


@dataclass(frozen=True)
class Parting:
    quote: Side
    text: Side
    line: int  # of the text's word, in the file


def parting(quote_text: str, body: str, body_line: int) -> Parting | None:
    """Where the quote and the text part, or None if the text holds too little of the
    quote's start and of its end to say (or they differ in quotation marks only)."""
    quote, q_at = mapped(quote_text, _UNQUOTED)
    lead = len(quote) - len(quote.lstrip(_EDGES))
    quote, q_at = quote.strip(_EDGES), q_at[lead:lead + len(quote.strip(_EDGES))]
    text, t_at = mapped(body, _UNQUOTED)
    if quote in text:  # they differ in double quotation marks only
        return None
    head = _longest(quote, text, lambda n: quote[:n])
    tail = _longest(quote, text, lambda n: quote[len(quote) - n:])
    enough = min(len(quote) // 2, _ENOUGH)
    if head >= enough and " " in quote[:head]:
        q_word = _word(quote, head, forward=True)
        t_word = _word(text, text.find(quote[:head]) + head, forward=True)
    elif tail >= enough and " " in quote[len(quote) - tail:]:
        q_word = _word(quote, len(quote) - tail - 1, forward=False)
        t_word = _word(text, text.find(quote[len(quote) - tail:]) - 1, forward=False)
    else:
        return None
    text_side = _side(body, text, t_at, t_word)
    return Parting(_side(quote_text, quote, q_at, q_word), text_side,
                   line_col(body, text_side.offset, body_line)[0])


def _longest(quote: str, text: str, part) -> int:
    """The greatest n for which `part(n)` is in the text (a shorter part of a part
    found is found too, so a binary search finds it)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if part(middle) in text:
            low = middle
        else:
            high = middle - 1
    return low


def _word(text: str, at: int, forward: bool) -> tuple[int, int]:
    """The start and end of the word at `at`: looking forward, the word holding the
    character at `at`, or the one ending there if it is a space or the end; looking
    back, the word holding it, or the one starting after it."""
    if forward and (at >= len(text) or text[at] == " "):
        at -= 1
    elif not forward and (at < 0 or text[at] == " "):
        at += 1
    at = min(max(at, 0), len(text) - 1)
    start = text.rfind(" ", 0, at) + 1
    end = text.find(" ", at)
    return start, len(text) if end < 0 else end


def _side(written: str, text: str, at: list[int], word: tuple[int, int]) -> Side:
    """The word and its context in the text as written, spaces made single."""
    start, end = word
    before = start
    for _ in range(_AROUND):
        before = text.rfind(" ", 0, max(before - 1, 0)) + 1
    after = end
    for _ in range(_AROUND):
        if after >= len(text):
            break
        found = text.find(" ", after + 1)
        after = len(text) if found < 0 else found

    def as_written(first: int, last: int) -> str:
        return " ".join(written[at[first]:at[last - 1] + 1].split())

    context = as_written(before, after)
    context = ("…" if before > 0 else "") + context + ("…" if after < len(text) else "")
    return Side(as_written(start, end), context, at[start])
