"""The changes as text (a terminal), Markdown (a pull request's job summary) or JSON."""

from __future__ import annotations

import json
import re

from generator.changes.compare import ADDED, CHANGED, REMOVED, STATUSES, Change, Changes
from generator.changes.snapshot import GROUPS, OTHER, REDIRECT, RETRACTION

HEADINGS = {"articles": "Articles", "actors": "Actors", "topics": "Topics",
            OTHER: "Other pages and files"}
MARKS = {ADDED: "+", CHANGED: "~", REMOVED: "-"}
# GitHub accepts a job summary of up to 1 MiB. With at most MARKDOWN_LIMIT lines per
# group and status and titles cut at TITLE_LIMIT characters, the summary stays far below
# that whatever the size of the change (tests/test_changes.py makes a huge one).
MARKDOWN_LIMIT = 50
TITLE_LIMIT = 160


def _summary(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    return ", ".join(parts) if parts else "no change"


def _label(c: Change) -> str:
    """What to call a page beside its title: the rest say what they are."""
    entry = c.entry
    extra = f" (was: {c.old_title})" if c.old_title else ""
    kind = f" [{entry.kind}]" if entry.group == OTHER or entry.kind == "retraction notice" \
        else ""
    return f"{entry.title}{extra}{kind}"


def why(c: Change, code=lambda address: address or "(home)") -> str:
    """Why a page is listed beyond its status: the parts of a changed page that differ;
    what answers now at a removed page's address (`code` writes an address)."""
    if c.status == CHANGED and c.reasons:
        return "changed: " + ", ".join(c.reasons)
    if c.status != REMOVED:
        return ""
    if c.now == REDIRECT:
        return f"now redirects to {code(c.redirect_to)}"
    if c.now == RETRACTION:
        return "now a retraction notice"
    if c.now:
        return f"now a {c.now}"
    if c.entry.group == OTHER:
        return ""
    return ("no redirect: readers and links will find nothing here (add its id to "
            "former_ids or merged_ids, or retract the article)")


def text(changes: Changes, old: str, new: str, limit: int = 0) -> str:
    """For a terminal: a line per group with its counts, then a line per page."""
    lines = [f"Site pages from {old} to {new}: {_summary(changes.totals())}"]
    counts = changes.counts()
    for group in GROUPS:
        if not any(counts[group].values()):
            continue
        lines.append(f"\n{HEADINGS[group]}: {_summary(counts[group])}")
        for status in STATUSES:
            items = changes.of(group, status)
            shown = items[:limit] if limit else items
            for c in shown:
                reason = why(c)
                lines.append(f"  {MARKS[status]} {c.entry.address or '(home)'}  {_label(c)}"
                             + (f" — {reason}" if reason else ""))
            if len(items) > len(shown):
                lines.append(f"  ... and {len(items) - len(shown)} more {status}")
    return "\n".join(lines) + "\n"


# inline markup anywhere; block markup (a heading, a nested list) only at the start
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")


def md_text(value: str) -> str:
    """Plain text for Markdown: no markup, no HTML, on one line, cut to TITLE_LIMIT."""
    value = " ".join(value.split())
    if len(value) > TITLE_LIMIT:
        value = value[: TITLE_LIMIT - 1] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    start = _MD_START.match(value)
    if start is None:
        return value
    if start.group(1).isdigit():  # "1. " starts a list: escape the dot
        return value[: start.end()] + "\\" + value[start.end():]
    return "\\" + value


def _md_code(value: str) -> str:
    return "`" + (value.replace("`", "'") or "/") + "`"


def markdown(changes: Changes, old: str, limit: int = MARKDOWN_LIMIT) -> str:
    """For a job summary: a table of counts, then the pages, the incidental rest folded.
    Only the old version is named: in a pull request the new one is the pull request."""
    totals = changes.totals()
    out = ["## What this changes on the site", "",
           f"Compared with {_md_code(old)}: {_summary(totals)}.", ""]
    if not changes.items:
        return "\n".join(out)
    out += ["| | added | changed | removed |", "|---|---:|---:|---:|"]
    counts = changes.counts()
    for group in GROUPS:
        row = counts[group]
        out.append(f"| {HEADINGS[group]} | {row[ADDED]} | {row[CHANGED]} | {row[REMOVED]} |")
    out.append("")
    for group in GROUPS:
        if not any(counts[group].values()):
            continue
        if group == OTHER:  # indexes, feeds, exports: changed by most changes
            out += ["<details><summary>Other pages and files: "
                    f"{_summary(counts[group])}</summary>", ""]
        else:
            out += [f"### {HEADINGS[group]}", ""]
        for status in STATUSES:
            items = changes.of(group, status)
            if not items:
                continue
            out.append(f"**{status.capitalize()} ({len(items)})**")
            out.append("")
            shown = items[:limit] if limit else items
            for c in shown:
                extra = f" (was: {md_text(c.old_title)})" if c.old_title else ""
                kind = f" · {c.entry.kind}" if group == OTHER or c.entry.kind != group[:-1] \
                    else ""
                reason = why(c, _md_code)
                reason = f" — {md_text(reason) if c.status == CHANGED else reason}" \
                    if reason else ""
                if c.status == REMOVED and reason and not c.now:
                    reason = " — ⚠️" + reason[2:]
                out.append(f"- {md_text(c.entry.title) or '(untitled)'}{extra} — "
                           f"{_md_code(c.entry.address)}{kind}{reason}")
            if len(items) > len(shown):
                out.append(f"- … and {len(items) - len(shown)} more")
            out.append("")
        if group == OTHER:
            out += ["</details>", ""]
    return "\n".join(out)


def as_json(changes: Changes, old: str, new: str) -> str:
    """Everything, never cut: for scripts."""
    data = {
        "old": old, "new": new,
        "counts": changes.counts(),
        "pages": [{"group": c.entry.group, "status": c.status, "address": c.entry.address,
                   "path": c.entry.path, "kind": c.entry.kind, "title": c.entry.title,
                   **({"old_title": c.old_title} if c.old_title else {}),
                   **({"reasons": list(c.reasons)} if c.reasons else {}),
                   **({"now": c.now} if c.now else {}),
                   **({"redirect_to": c.redirect_to} if c.now == REDIRECT else {})}
                  for c in changes.items],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(changes: Changes, fmt: str, old: str, new: str, limit: int | None) -> str:
    if fmt == "json":
        return as_json(changes, old, new)
    if fmt == "markdown":
        return markdown(changes, old, MARKDOWN_LIMIT if limit is None else limit)
    return text(changes, old, new, limit or 0)
