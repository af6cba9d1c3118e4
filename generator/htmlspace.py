"""Take the template indentation out of a built HTML page without changing what it shows.

Material's templates indent deeply and leave many blank lines: about 3.6 KB of a 27 KB
article page. In ordinary text a run of spaces, tabs and newlines is shown as one space
(CSS `white-space: normal`), so a run that holds a newline can become a single newline.

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
# first closing tag ends the element.
_KEPT_ELEMENT = (
    r"<(?P<name>" + "|".join(KEEP_INSIDE) + r")(?=[\s/>])" + _ATTRS + r">.*?(?:</(?P=name)\s*>|\Z)"
)
_TOKEN = re.compile(
    r"(?P<keep><!--.*?-->|" + _KEPT_ELEMENT + r"|<[a-zA-Z/!?]" + _ATTRS + r">)"
    r"|(?P<space>[ \t\r\f]*\n[ \t\r\n\f]*)",
    re.DOTALL | re.IGNORECASE,
)


def _replace(match: re.Match[str]) -> str:
    return "\n" if match.group("space") is not None else match.group(0)


def squeeze(html: str) -> str:
    """`html` with every whitespace run that holds a newline, in ordinary text, cut to one
    newline."""
    return _TOKEN.sub(_replace, html)
