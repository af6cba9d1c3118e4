"""Stage 2: check every front matter against the schema and turn it into a draft record.

A draft holds validated values; actor and topic references are still `Loc` strings,
resolved against the registry in the next stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import Report
from generator.load import Loaded
from generator.schema import INVALID, RECORDS, Ctx
from generator.settings import Settings


@dataclass(frozen=True)
class Draft:
    kind: str
    id: str
    path: str
    line: int  # first line of the front matter
    fields: dict
    body: str
    body_line: int


UNSAFE_HTML = re.compile(
    r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|form|meta|link|style)\b"
    r"|<[^>]*?\son[a-z]+\s*="
    r"|(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):"
    r"|\]\(\s*<?\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)


def _may_be_unsafe(body: str) -> bool:
    """A necessary condition for an UNSAFE_HTML match, checked with fast substring tests.

    Every branch of UNSAFE_HTML needs '<', or ':' with '=' or '](' (the URL schemes end in
    ':'). Plain prose has none of these, and the full pattern costs ~0.5 ms per article.
    """
    return "<" in body or (":" in body and ("=" in body or "](" in body))


def validate(loaded: list[Loaded], settings: Settings, report: Report) -> list[Draft]:
    drafts: list[Draft] = []
    limits = {
        "actors_per_article": settings.limits.actors_per_article,
        "quotes_per_article": settings.limits.quotes_per_article,
    }
    for item in loaded:
        source = item.text
        ctx = Ctx(source.path, source.fm_first_line, report)
        record = RECORDS[item.kind]
        if source.front_matter is None:
            report.add("E201", source.path, 1, 1, "the front matter is empty",
                       "add the required fields: " + ", ".join(
                           f.name for f in record.fields if f.required))
            continue
        values = record.check(source.front_matter, ctx, limits=limits)
        body_ok = _check_body(item, settings, report)
        if values is INVALID or not body_ok:
            continue
        drafts.append(Draft(item.kind, item.id, source.path, source.fm_first_line, values,
                            source.body, source.body_line))
    return drafts


def _check_body(item: Loaded, settings: Settings, report: Report) -> bool:
    body = item.text.body
    path = item.text.path
    if len(body) > settings.limits.article_chars:
        report.add("E107", path, item.text.body_line, 1,
                   f"the text is {len(body)} characters, more than the limit of "
                   f"{settings.limits.article_chars}",
                   "split the article, or raise limits.article_chars in site_config.yml")
        return False
    if settings.allow_raw_html:
        return True
    if not _may_be_unsafe(body):
        return True
    ok = True
    for match in UNSAFE_HTML.finditer(body):
        line = item.text.body_line + body.count("\n", 0, match.start())
        col = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
        report.add("E501", path, line, col,
                   f"unsafe HTML or link in the text: {match.group(0).strip()!r}",
                   "remove scripts, frames, event handlers and javascript:/data: links; "
                   "article text is shown as written, not run")
        ok = False
    return ok
