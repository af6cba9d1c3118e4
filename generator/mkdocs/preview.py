"""What a live preview shows of the content's problems.

MkDocs' server waits for a build to succeed before it answers any request, so a build
that fails on a content error would leave every page loading until the file is fixed.
Instead the preview keeps serving the last pages that built, with a banner listing the
problems on the home page and on the page of each file that has one. A build that
succeeds with warnings (which `make check` fails on: site_config.yml is strict) shows
them the same way on its new pages. Each problem is shown with its hint.
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


def banner(problems: list[Diagnostic], failed: bool = True) -> str:
    items = "".join(f"<li><code>{html.escape(d.path)}:{d.line}:{d.col}</code> "
                    f"{html.escape(d.severity.label)} {html.escape(d.code)}: "
                    f"{html.escape(d.message)}"
                    + (f"<br>hint: {html.escape(d.hint)}" if d.hint else "") + "</li>"
                    for d in problems[:_SHOWN])
    more = (f"<p>and {len(problems) - _SHOWN} more (see the terminal)</p>"
            if len(problems) > _SHOWN else "")
    if failed:
        kind, title = "failure", ("This preview shows the last pages that built: the "
                                  "content has errors")
    else:
        kind, title = "warning", "make check will fail on these until they are fixed"
    return (f'<div class="admonition {kind} {BANNER_CLASS}"><p class="admonition-title">'
            f"{title}</p><ul>{items}</ul>{more}</div>\n")


def with_failure(pages: dict[str, str], message: str, content_dir: str) -> dict[str, str]:
    """The last good pages, the home page bannered with an error raised while making the
    pages (a broken link between generated pages, two pages at one path)."""
    return with_errors(pages, [Diagnostic(content_dir, 1, 1, "render", Severity.ERROR,
                                          message)], content_dir)


def with_errors(pages: dict[str, str], diagnostics: list[Diagnostic],
                content_dir: str, failed: bool = True) -> dict[str, str]:
    """`pages` (the last good ones if the build `failed`), the home page and those of
    files with errors or warnings bannered; `pages` if there are none."""
    errors = [d for d in diagnostics if d.severity >= Severity.WARNING]
    if failed and not errors:
        errors = list(diagnostics)
    if not errors:
        return pages
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
            marked[page] = text[:end + 5] + banner(found, failed) + text[end + 5:]
    return marked
