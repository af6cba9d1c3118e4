"""A live preview whose content has errors: the last good pages, marked as out of date.

MkDocs' server waits for a build to succeed before it answers any request, so a build
that fails on a content error would leave every page loading until the file is fixed.
Instead the preview keeps serving the last pages that built, with a banner listing the
errors on the home page and on the page of each file that has one.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from generator import urls
from generator.diagnostics import Diagnostic, Severity

BANNER_CLASS = "archive-errors"
_SHOWN = 20  # errors listed in one banner; the terminal has them all


def page_of(source: str, content_dir: str) -> str | None:
    """The generated page of a source file (repository-relative path), if it has one."""
    parts = PurePosixPath(source).parts
    base = PurePosixPath(content_dir).parts
    if parts[:len(base)] != base or not source.endswith(".md"):
        return None
    rest = parts[len(base):]
    stem = PurePosixPath(source).stem
    if len(rest) == 3 and rest[0] == "articles" and rest[1].isdigit():
        return urls.article(stem, int(rest[1]))
    if len(rest) == 2 and rest[0] == "actors":
        return urls.actor(stem)
    if len(rest) == 2 and rest[0] == "topics":
        return urls.topic(stem)
    return None


def banner(errors: list[Diagnostic]) -> str:
    items = "".join(f"<li><code>{html.escape(d.path)}:{d.line}:{d.col}</code> "
                    f"{html.escape(d.code)}: {html.escape(d.message)}</li>"
                    for d in errors[:_SHOWN])
    more = (f"<p>and {len(errors) - _SHOWN} more (see the terminal)</p>"
            if len(errors) > _SHOWN else "")
    return (f'<div class="admonition failure {BANNER_CLASS}"><p class="admonition-title">'
            "This preview shows the last pages that built: the content has errors</p>"
            f"<ul>{items}</ul>{more}</div>\n")


def with_failure(pages: dict[str, str], message: str, content_dir: str) -> dict[str, str]:
    """The last good pages, the home page bannered with an error raised while making the
    pages (a broken link between generated pages, two pages at one path)."""
    return with_errors(pages, [Diagnostic(content_dir, 1, 1, "render", Severity.ERROR,
                                          message)], content_dir)


def with_errors(pages: dict[str, str], diagnostics: list[Diagnostic],
                content_dir: str) -> dict[str, str]:
    """The last good pages, the home page and those of files with errors bannered."""
    errors = [d for d in diagnostics if d.severity >= Severity.ERROR] or list(diagnostics)
    marked = dict(pages)
    by_page: dict[str, list[Diagnostic]] = {urls.HOME: errors}
    for d in errors:
        page = page_of(d.path, content_dir)
        if page is not None and page in pages:
            by_page.setdefault(page, []).append(d)
    for page, found in by_page.items():
        text = marked.get(page)
        if text is None or not text.startswith("---\n"):
            continue
        end = text.find("\n---\n", 3)
        if end >= 0:
            marked[page] = text[:end + 5] + banner(found) + text[end + 5:]
    return marked
