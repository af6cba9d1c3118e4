"""Problems found in content, collected as data and reported all at once."""

from __future__ import annotations

import enum
import re
import shlex
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:col: severity code: message` plus a hint."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)

    def format(self, label: str = "") -> str:
        """The one way a diagnostic is written as text; `label` replaces the plain
        `severity code` (the terminal colours it)."""
        label = label or f"{self.severity.label} {self.code}"
        text = f"{self.path}:{self.line}:{self.col}: {label}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass(frozen=True)
class Check:
    """A kind of problem: its stable code, default severity and what it means."""

    code: str
    severity: Severity
    title: str
    detail: bool = False  # listed only when asked for (`check --verbose`), never counted


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        # E1xx: the file itself
        Check("E101", Severity.ERROR, "file is not valid UTF-8"),
        Check("E102", Severity.ERROR, "front matter missing or not closed"),
        Check("E103", Severity.ERROR, "YAML syntax error"),
        Check("E104", Severity.ERROR, "front matter is not a mapping"),
        Check("E105", Severity.ERROR, "duplicate key"),
        Check("E106", Severity.ERROR, "YAML anchors, aliases and tags are not allowed"),
        Check("E107", Severity.ERROR, "file too large"),
        Check("E108", Severity.ERROR, "unsafe path or file name"),
        Check("E109", Severity.ERROR, "file or folder cannot be read"),
        Check("E110", Severity.ERROR, "article, actor or topic not where it is read"),
        Check("E111", Severity.ERROR, "file that is not content"),
        # E2xx: fields
        Check("E201", Severity.ERROR, "missing required field"),
        Check("E202", Severity.ERROR, "unknown field"),
        Check("E203", Severity.ERROR, "wrong type"),
        Check("E204", Severity.ERROR, "invalid value"),
        Check("E205", Severity.ERROR, "too many items"),
        Check("E206", Severity.ERROR, "control or direction-override character in a value"),
        Check("E207", Severity.ERROR, "placeholder not filled in"),
        Check("E208", Severity.ERROR, "article not in the folder of its year"),
        Check("E209", Severity.ERROR, "correction dated before the article"),
        # E3xx: references
        Check("E301", Severity.ERROR, "unknown actor"),
        Check("E302", Severity.ERROR, "unknown topic"),
        Check("E303", Severity.ERROR, "actor listed twice"),
        Check("E304", Severity.ERROR, "source is not an article of the archive"),
        # E4xx: the registry
        Check("E401", Severity.ERROR, "duplicate id"),
        Check("E402", Severity.ERROR, "name claimed by two entries"),
        Check("E403", Severity.ERROR, "ids differ only in case"),
        Check("E404", Severity.ERROR, "name is also a never-match fragment"),
        Check("E405", Severity.ERROR, "former id already in use"),
        # E5xx: article bodies
        Check("E501", Severity.ERROR, "unsafe HTML in article body"),
        Check("E502", Severity.ERROR, "control character in the text"),
        Check("E503", Severity.ERROR, "link to a page the site does not have"),
        # W6xx: warnings
        Check("W601", Severity.WARNING, "quote speaker not among the article's actors"),
        Check("W602", Severity.WARNING, "quote not found verbatim in the article text"),
        Check("W603", Severity.WARNING, "actor named in the text but not listed"),
        Check("W604", Severity.WARNING, "related topic is also narrower or broader"),
        # I7xx: information
        Check("I701", Severity.INFO, "registry entry not used by any article"),
        Check("I702", Severity.INFO, "reference by a former id"),
        Check("I703", Severity.INFO,
              "reference to an entry, or source citing an article, whose own file has errors"),
        Check("I704", Severity.INFO, "role or affiliation without a source", detail=True),
        Check("I705", Severity.INFO, "source is a retracted article"),
        # W8xx: addresses, compared with another version of the content (check --base)
        Check("W801", Severity.WARNING, "a published address would disappear"),
    )
}


class Report:
    """Collects diagnostics from every stage; nothing stops at the first problem."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._details: list[Diagnostic] = []

    def add(
        self, code: str, path: str, line: int, col: int, message: str, hint: str = ""
    ) -> None:
        check = CHECKS[code]
        (self._details if check.detail else self._items).append(
            Diagnostic(path, max(line, 1), max(col, 1), code, check.severity, message, hint)
        )

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(set(self._items))

    @property
    def details(self) -> list[Diagnostic]:
        """Notes of `detail` checks: for whoever asks (`check --verbose`), not problems."""
        return sorted(set(self._details))

    @property
    def items(self) -> list[Diagnostic]:
        """As they were added (a cache keeps one file's)."""
        return list(self._items)

    def extend(self, items) -> None:
        self._items.extend(items)

    def has_errors(self, strict: bool = False) -> bool:
        floor = Severity.WARNING if strict else Severity.ERROR
        return any(d.severity >= floor for d in self._items)


# How a hint names a command of the generator: as it runs from a fresh shell at the root
# of the repository. `make` installs the generator's dependencies into .venv/, where a
# bare `python` does not look.
GENERATOR = ".venv/bin/python -m generator"


def command(*args: str) -> str:
    """The generator command with these arguments, quoted for a POSIX shell."""
    return " ".join((GENERATOR, *map(shlex.quote, args)))


def line_col(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`, whose first line is
    `first_line` of its file.

    The one rule for lines in every diagnostic is the one git and GitHub show
    contributors: a line ends at "\\n", and "\\r\\n" is one line break
    (`frontmatter.decode` turns it into "\\n"). Nothing else ends a line: a lone
    "\\r", U+0085, U+2028 or U+2029 is a character within its line, counted in its
    column. Python's `str.splitlines()` and universal-newline file reading would start
    a new line at some of these, so content is never split or read that way; YAML
    would too, so front matter holding one is refused (E206); and a lone "\\r" in the
    text is reported as a control character (E502).
    """
    line = first_line + text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_WORD = re.compile(r"[^\W_]+")
# Words too common to make two names alike on their own.
_MINOR = frozenset(("a", "an", "and", "at", "de", "for", "from", "in", "of", "on", "the",
                    "to", "with"))


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def _significant(words: frozenset[str]) -> bool:
    """Whether these words can stand for a name: one that is not a minor word, and either
    long or alone ('UN')."""
    major = [w for w in words if w not in _MINOR]
    return any(len(w) > 2 for w in major) or len(major) == len(words) == 1


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...], limit: int = 3) -> list[str]:
    """The known names closest to an unknown one, case-insensitively, best first.

    First the names that hold the other's words whole ('ASEAN' for 'ASEAN Secretariat',
    'Hun Sen' for 'Sen'), most words in common first; then, by similarity of spelling,
    misspellings (difflib) and names sharing a significant word. Ties are broken by the
    name, so the answer is always the same.
    """
    import difflib

    folded: dict[str, str] = {}
    spelt: set[frozenset[str]] = set()  # 'hun-sen' and 'Hun Sen' are one suggestion
    for candidate in sorted(candidates):  # capitalised names sort before lowercase ids
        key, words = candidate.casefold(), _words(candidate)
        if key in folded or (words and words in spelt):
            continue
        folded[key] = candidate
        spelt.add(words)
    target = word.casefold()
    mine = _words(word)
    contained: list[tuple[int, float, str]] = []
    similar: dict[str, float] = {}
    for key in folded:
        theirs = _words(key)
        shared = mine & theirs
        if not shared:
            continue
        ratio = difflib.SequenceMatcher(None, target, key).ratio()
        if (theirs <= mine and _significant(theirs)) or (mine <= theirs and _significant(mine)):
            contained.append((-len(shared), -ratio, key))
        elif any(len(w) > 2 for w in shared - _MINOR):
            similar[key] = ratio
    for key in difflib.get_close_matches(target, list(folded), n=limit, cutoff=0.6):
        similar.setdefault(key, difflib.SequenceMatcher(None, target, key).ratio())
    ranked = [key for *_, key in sorted(contained)]
    ranked += [key for key, ratio in sorted(similar.items(), key=lambda kv: (-kv[1], kv[0]))
               if key not in ranked]
    return [folded[key] for key in ranked[:limit]]


def suggestion(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    hits = did_you_mean(word, candidates)
    if not hits:
        return ""
    return "did you mean " + " or ".join(f"'{h}'" for h in hits) + "?"
