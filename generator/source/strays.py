"""Files under content/ that are not read as entries where they are: where they belong.

Every file under content/ is read or reported. Entries are read from
`articles/YYYY/<id>.md`, `actors/<id>.md` and `topics/<id>.md`. Anything else a
contributor keeps beside them goes in `content/notes/`, which is never read or
published; hidden files (`.gitkeep`, `.DS_Store`) and editors' backups (`name~`,
`#name#`) are left alone too. `check --verbose` lists all of these. Any other file is an error: one
whose front matter makes it an article, actor or topic is told the path to move it to
(E110); the rest, where they may be kept instead (E111). A file read from the wrong
registry folder is told the same, once, instead of an error per field it does not have.
"""

from __future__ import annotations

import re

import yaml

from generator.diagnostics import Report
from generator.settings import Settings
from generator.source.frontmatter import decode, mapping_items, split
from generator.source.schema import ID_RE, RECORDS

NOTES = "notes"
FOLDERS = {"article": "articles", "actor": "actors", "topic": "topics"}
# What a Markdown file's name may end in instead of `.md`, longest first.
_SUFFIXES = (".markdown.txt", ".md.txt", ".markdown", ".mdown", ".mkd", ".txt", ".md")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def kept(rel: str, content: str) -> str | None:
    """Why the file at `rel` (under the folder `content`) is left unread without an
    error, or None if it is not."""
    parts = rel[len(content) + 1:].split("/")
    if parts[0] == NOTES and len(parts) > 1:
        return f"kept in {content}/{NOTES}/, which is never read"
    if any(part.startswith(".") for part in parts):
        return "hidden"
    name = parts[-1]
    if name.endswith("~") or (name.startswith("#") and name.endswith("#")):
        return "an editor's backup"
    return None


def looks_like(keys: set[str], here: str | None = None) -> str | None:
    """The kind of entry these front matter fields are, when they tell: more of its
    fields than of any other kind's, at least two. With `here` (the kind the file's
    folder holds), only another kind, and only if some field is unknown to `here`."""
    score = {kind: len(keys & record.by_name.keys()) for kind, record in RECORDS.items()}
    best = max(score.values())
    kinds = [kind for kind, count in score.items() if count == best]
    if best < 2 or len(kinds) != 1:  # actors and topics share name and aliases
        return None
    kind = kinds[0]
    if here is not None and (kind == here or keys <= RECORDS[here].by_name.keys()):
        return None
    return kind


def misfiled(rel: str, kind: str, here: str, keys: set[str], date: str | None,
             settings: Settings, report: Report) -> None:
    """E110 for an entry of `kind` read from the folder of `here`'s."""
    fields = ", ".join(f for f in RECORDS[kind].field_names() if f in keys)
    # (no word on whether the destination exists: what validate reports is kept with
    # the file's bytes by the source cache, and must depend on them alone)
    report.add("E110", rel, 1, 1, f"this looks like {_a(kind)} (it has {fields}), not "
               f"{_a(here)}: it is not read as one", _move(rel, kind, date, settings, False))


def report_stray(rel: str, path: str, settings: Settings, report: Report) -> None:
    """E110 or E111 for a file that is not read where it is, unless it is `kept`."""
    content = settings.content_dir.strip("/")
    if kept(rel, content) is not None:
        return
    name = rel.rpartition("/")[2]
    keys, date = _front_matter(rel, path, settings)
    kind = looks_like(keys)
    if kind is not None:
        where = (f"only files named <id>.md are read: '{name}' is skipped"
                 if not name.endswith(".md") else
                 f"{kind}s are read only from {_folder(kind, content)}: this file is skipped")
        report.add("E110", rel, 1, 1, f"this looks like {_a(kind)}, but {where}",
                   _move(rel, kind, date, settings))
    elif "name" in keys:
        report.add("E110", rel, 1, 1, "this looks like an actor or a topic, but they are "
                   f"read only from {_folder('actor', content)} and "
                   f"{_folder('topic', content)}: this file is skipped",
                   f"{_move(rel, 'actor', None, settings)}; or, for a topic, git mv {rel} "
                   f"{_destination(rel, 'topic', None, content)}")
    else:
        report.add("E111", rel, 1, 1, f"'{name}' is not content: {content}/ holds articles, "
                   f"actors and topics, and anything else only in {content}/{NOTES}/",
                   f"keep it in {content}/{NOTES}/, which is never read or published: git "
                   f"mv {rel} {content}/{NOTES}/{name}; or delete it")


def _folder(kind: str, content: str) -> str:
    return f"{content}/{FOLDERS[kind]}/" + ("YYYY/" if kind == "article" else "")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _move(rel: str, kind: str, date: str | None, settings: Settings, look: bool = True
          ) -> str:
    """The hint: the path the file belongs at and the command that moves it there (and,
    if `look`, whether a file is there already)."""
    dest = _destination(rel, kind, date, settings.content_dir.strip("/"))
    hint = f"move it to {dest}: git mv {rel} {dest}"
    if "/YYYY/" in dest:
        hint += " (YYYY: the year of its date)"
    if look and (settings.root / dest).exists():
        hint += f"; {dest} exists already: compare the two and keep one"
    return hint


def _destination(rel: str, kind: str, date: str | None, content: str) -> str:
    name = rel.rpartition("/")[2]
    lower = name.lower()
    stem = next((name[:-len(s)] for s in _SUFFIXES if lower.endswith(s)), name)
    entry_id = stem.lower()
    if not ID_RE.match(entry_id):
        entry_id = re.sub(r"[^a-z0-9]+", "-", entry_id).strip("-") or "new-entry"
    if kind == "article":
        year = date[:4] if date and _DATE.fullmatch(date) else "YYYY"
        return f"{content}/articles/{year}/{entry_id}.md"
    return f"{content}/{FOLDERS[kind]}/{entry_id}.md"


def _front_matter(rel: str, path: str, settings: Settings) -> tuple[set[str], str | None]:
    """The field names of a file's front matter and its `date` as written, as far as
    they can be read (nothing for a file that is not text with front matter)."""
    limit = settings.limits.article_chars + settings.limits.front_matter_chars
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError:
        return set(), None
    if len(data) > limit or b"---" not in data[:8]:
        return set(), None
    quiet = Report()  # its problems are not reported: the file is not read as an entry
    text = decode(rel, data, quiet)
    source = split(rel, text, quiet, limit) if text else None
    if source is None or source.front_matter is None:
        return set(), None
    return fields_of(source.front_matter)


def fields_of(front_matter: yaml.MappingNode) -> tuple[set[str], str | None]:
    """The field names of a front matter and its `date` as written."""
    keys: set[str] = set()
    date = None
    for key, _, value in mapping_items(front_matter):
        if key is not None:
            keys.add(key)
            if key == "date" and isinstance(value, yaml.ScalarNode):
                date = value.value.strip()
    return keys, date
