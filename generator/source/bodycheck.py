"""Find what must not reach a reader's browser in the Markdown text of a file.

Article text may hold plain HTML (tables, <sup>, <abbr>), but not what can run script or
load another document: script-capable tags, `on...=` event handlers and `javascript:`,
`vbscript:` or `data:` addresses, however they are spelt (entities, case, white space).
Every pattern starts with a literal character, so a scan costs little per article.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

UNSAFE_TAGS = frozenset((
    "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
    "meta", "link", "style", "svg", "math", "template", "portal", "noscript", "xml",
))
URL_ATTRIBUTES = frozenset((
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "lowsrc", "dynsrc", "cite", "codebase", "srcset", "ping", "manifest",
))
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")

_TAG = re.compile(r"""<\s*/?\s*([A-Za-z][A-Za-z0-9:_-]*)((?:"[^"]*"|'[^']*'|[^>"'])*)""")
_ATTRIBUTE = re.compile(
    r"""([^\s"'<>/=]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?"""
)
_MD_TARGET = re.compile(r"\]\(\s*<?([^)>\s]*)")
_MD_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
# C0 controls but tab and "\n", DEL and C1 controls. A lone "\r" is one: it is no line
# break (diagnostics.line_col), though Markdown would render it as one.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def unsafe_url(value: str) -> bool:
    """True for a javascript:, vbscript: or data: address, as a browser would read it."""
    plain = _IGNORED_IN_URLS.sub("", html.unescape(value)).lower()
    return plain.startswith(UNSAFE_SCHEMES)


def problems(body: str) -> Iterator[tuple[int, str]]:
    """(offset, what) of each unsafe construct, in order of appearance."""
    found: list[tuple[int, str]] = []
    # Each scan runs only if its first characters occur at all (a fast substring test):
    # most articles have no HTML and no link definitions.
    for tag in _TAG.finditer(body) if "<" in body else ():
        name = tag.group(1).lower()
        if name in UNSAFE_TAGS:
            found.append((tag.start(), f"<{name}> element"))
            continue
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            attr = attribute.group(1).lower()
            value = (attribute.group(2) or "").strip("\"'")
            offset = tag.start(2) + attribute.start()
            if attr.startswith("on") and attribute.group(2) is not None:
                found.append((offset, f"event handler '{attr}'"))
            elif attr in URL_ATTRIBUTES and unsafe_url(value):
                found.append((offset, f"{attr}={value!r}"))
    for pattern, marker in ((_MD_TARGET, "]("), (_MD_DEFINITION, "]:")):
        for link in pattern.finditer(body) if marker in body else ():
            if unsafe_url(link.group(1)):
                found.append((link.start(1), f"link to {link.group(1)!r}"))
    yield from sorted(found)


def control_characters(body: str) -> Iterator[tuple[int, str]]:
    for match in CONTROL.finditer(body):
        yield match.start(), f"U+{ord(match.group(0)):04X}"
