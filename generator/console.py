"""The one module that writes to the terminal: diagnostics as text, GitHub or JSON."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import TextIO

from generator.diagnostics import CHECKS, Diagnostic, Severity, suggestion

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
RESET = "\033[0m"
GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def effective(diagnostics: Iterable[Diagnostic], strict: bool) -> list[Diagnostic]:
    """With --strict, warnings count (and are shown) as errors."""
    out = []
    for d in diagnostics:
        if strict and d.severity == Severity.WARNING:
            d = Diagnostic(d.path, d.line, d.col, d.code, Severity.ERROR, d.message, d.hint)
        out.append(d)
    return out


def write_text(diagnostics: list[Diagnostic], stream: TextIO, summary: bool = True) -> None:
    colour = use_colour(stream)
    for d in diagnostics:
        label = f"{COLOURS[d.severity]}{d.severity.label} {d.code}{RESET}" if colour else ""
        stream.write(d.format(label) + "\n")
    if summary:
        counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in Severity}
        stream.write(
            f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
            f"{counts[Severity.INFO]} note(s)\n"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write_github(diagnostics: list[Diagnostic], stream: TextIO) -> None:
    """GitHub Actions workflow commands, so problems show on the pull request's diff."""
    for d in diagnostics:
        title = f"{d.code} {CHECKS[d.code].title}"
        props = (f"file={_escape_property(d.path)},line={d.line},col={d.col},"
                 f"title={_escape_property(title)}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        stream.write(f"::{GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}\n")


def write_json(diagnostics: list[Diagnostic], stream: TextIO,
               unread: list[tuple[str, str]] | None = None) -> None:
    """The diagnostics as one JSON document; with `unread`, the files left unread too."""
    items = [
        {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity.label,
         "code": d.code, "title": CHECKS[d.code].title, "message": d.message, "hint": d.hint}
        for d in diagnostics
    ]
    document: dict = {"diagnostics": items}
    if unread is not None:
        document["unread"] = [{"path": path, "why": why} for path, why in unread]
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_unread(files: list[tuple[str, str]], fmt: str, stream: TextIO) -> None:
    """The files left unread (path, why), before the diagnostics: a line each as text, a
    notice each for GitHub (json: `write_json`, in the same document)."""
    for path, why in files:
        if fmt == "github":
            stream.write(f"::notice file={_escape_property(path)}::"
                         f"{_escape_data('not read: ' + why)}\n")
        elif fmt == "text":
            stream.write(f"{path}: not read: {why}\n")


def write(diagnostics: list[Diagnostic], fmt: str, stream: TextIO = sys.stdout,
          unread: list[tuple[str, str]] | None = None) -> None:
    """The diagnostics in one format; with `unread` (check --verbose), the files under
    content/ left unread first."""
    if fmt == "json":
        write_json(diagnostics, stream, unread)
        return
    if unread is not None:
        write_unread(unread, fmt, stream)
    {"text": write_text, "github": write_github}[fmt](diagnostics, stream)


def say(message: str, stream: TextIO | None = None) -> None:
    (stream or sys.stderr).write(message + "\n")


def choose(question: str, choices: tuple[str, ...], stdin: TextIO | None = None
           ) -> str | None:
    """Ask on the terminal until one of `choices` is typed. None without a terminal to
    ask (a script, a pipe) or when the input ends: the caller says what to pass."""
    stdin = stdin or sys.stdin
    if not (hasattr(stdin, "isatty") and stdin.isatty()):
        return None
    while True:
        sys.stderr.write(f"{question} ({', '.join(choices)}): ")
        sys.stderr.flush()
        answer = stdin.readline()
        if not answer:
            sys.stderr.write("\n")
            return None
        answer = answer.strip().lower()
        if answer in choices:
            return answer
        say(" ".join(filter(None, (f"'{answer}' is not one of them;",
                                   suggestion(answer, list(choices))))))
