"""Take the template indentation out of a built HTML page without changing what it shows.

Material's templates indent deeply and leave many blank lines, an eighth of an article
page (bench/RESULTS.md, figures behind the code). In ordinary text a run of spaces, tabs
and newlines is shown as one space (CSS `white-space: normal`), so a newline and the
whitespace after it can become a single newline. (Spaces before a newline are left:
Material writes none, and matching them would mean trying every space between two
words, which triples the time.)

Whitespace is left exactly as it is where it could matter: inside tags (attribute values)
and comments, and inside elements whose text is raw or preformatted: `pre`, `textarea`,
`script`, `style`, `svg`, `code` and `kbd` (Material styles `code`, `kbd` and `pre` with
`white-space: pre-wrap`). An element that is given `white-space: pre*` by other means
(an inline style, a new CSS rule) would lose its line breaks: add it to KEEP_INSIDE.
No-break spaces and other non-ASCII spaces are never touched. The result is a pure function
of the input, and squeezing it again changes nothing.
"""

from __future__ import annotations

import re

KEEP_INSIDE = ("pre", "textarea", "script", "style", "svg", "code", "kbd")

# The inside of a tag; quoted attribute values may hold `>`. Possessive: nothing to retry.
_ATTRS = r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""
# These elements do not nest in HTML (`svg` inside `svg` aside, which no page uses), so the
# first closing tag ends the element. Its content is skipped a run of non-`<` characters at
# a time (possessive, never retried); a lazy `.*?` would try the closing tag at every
# character, which makes the squeeze about 60 % slower.
_KEPT_ELEMENT = (
    r"<(?P<name>" + "|".join(KEEP_INSIDE) + r")(?=[\s/>])" + _ATTRS + r">"
    r"(?:[^<]++|<(?!/(?P=name)\s*>))*+(?:</(?P=name)\s*>|\Z)"
)
# What is copied as it is: comments, kept elements, and tags with a line break inside (an
# attribute value may span lines); a tag without one cannot hold a newline to squeeze.
_KEEP = re.compile(
    r"<!--.*?-->|" + _KEPT_ELEMENT + r"|<[a-zA-Z/!?](?=[^>]*\n)" + _ATTRS + r">",
    re.DOTALL | re.IGNORECASE,
)
_SPACE = re.compile(r"\n[ \t\r\n\f]+")


def squeeze(html: str) -> str:
    """`html` with every newline in ordinary text and the whitespace after it cut to one
    newline."""
    out: list[str] = []
    pos = 0
    for kept in _KEEP.finditer(html):
        out.append(_SPACE.sub("\n", html[pos:kept.start()]))
        out.append(kept.group(0))
        pos = kept.end()
    out.append(_SPACE.sub("\n", html[pos:]))
    return "".join(out)
