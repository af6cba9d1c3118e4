"""`python -m generator new article|actor|topic`: write a skeleton file to fill in.

Every place still to be filled holds text starting with `TODO`; `check` reports each one
(E207) with its line until it is replaced. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.source.load import RESERVED
from generator.source.schema import ACTOR_TYPES, ID_RE, PLACEHOLDER


class ScaffoldError(Exception):
    """The skeleton cannot be written (bad id, file exists)."""


def _q(value: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _todo(what: str) -> str:
    return _q(f"{PLACEHOLDER}: {what}")


def article(title: str | None, day: dt.date) -> str:
    return f"""---
title: {_q(title) if title else _todo("the headline")}
date: {day.isoformat()}
source:
  name: {_todo("the publication, e.g. Khmer Times")}
  url: {_todo("the address of the article, starting with https://")}
summary: >-
  {PLACEHOLDER}: one or two sentences saying what happened.
# The article's main subjects, as actor ids or names, e.g. [hun-sen, cambodia]:
actors: [{PLACEHOLDER}]
# Other actors the text names (move them here from actors if the article is not about them):
mentions: []
# Topic ids or names, e.g. [sanctions, un-charter]:
topics: []
# Direct quotes, copied word for word from the text below:
quotes: []
#  - speaker: zelenskyy
#    text: "the exact words"
#    context: tweet
---
{PLACEHOLDER}: paste the text of the article here, as plain paragraphs.
"""


def actor(name: str | None, kind: str | None) -> str:
    return f"""---
name: {_q(name) if name else _todo("the name readers know, e.g. Hun Sen")}
type: {kind}  # one of: {", ".join(ACTOR_TYPES)}
# Other names, linked where they appear in article text, e.g. [Zelensky, Zelenskiy]:
aliases: []
# Honorifics and descriptions shown on the page but never linked:
# weak_aliases: [Samdech Techo]
# Fragments of names that must never be linked on their own:
# never_match: [Hun, Sen]
# affiliation: cambodia
# roles:
#   - title: Prime Minister of Cambodia
#     start: 1985-01-14
#     end: 2023-08-22
# ids:
#   wikidata: Q123
---
{PLACEHOLDER}: two or three sentences on who this is.
"""


def topic(name: str | None) -> str:
    return f"""---
name: {_q(name) if name else _todo("the topic's name, e.g. Sanctions")}
# Other names, e.g. [economic sanctions]:
aliases: []
# broader: russia-ukraine-war
related: []
---
{PLACEHOLDER}: one or two sentences on what articles this topic collects.
"""


def target(content: Path, kind: str, slug: str, day: dt.date) -> Path:
    if not ID_RE.match(slug) or slug in RESERVED:
        raise ScaffoldError(
            f"'{slug}' cannot be an id: use lowercase letters, digits and single hyphens, "
            "e.g. hun-sen (and not a reserved name such as index)")
    if kind == "article":
        existing = sorted((content / "articles").glob(f"**/{slug}.md"))
        if existing:
            raise ScaffoldError(f"an article with the id '{slug}' already exists: "
                                f"{existing[0]}; choose another id")
        return content / "articles" / str(day.year) / f"{slug}.md"
    folder = content / f"{kind}s"
    if folder.is_dir():
        for path in folder.iterdir():
            if path.stem.casefold() == slug and path.suffix == ".md":
                raise ScaffoldError(f"{path} already exists; edit it instead "
                                    "(nothing was written)")
    return folder / f"{slug}.md"


def write_new(content: Path, kind: str, slug: str, *, name: str | None = None,
              actor_type: str | None = None, day: dt.date | None = None) -> Path:
    """Write the skeleton and return its path; never replaces a file. An actor's type
    is never assumed: a person, a country and a ministry are all actors."""
    day = day or dt.date.today()
    if kind == "actor" and actor_type not in ACTOR_TYPES:
        raise ScaffoldError(f"--type must be one of {', '.join(ACTOR_TYPES)}"
                            + (f", not '{actor_type}'" if actor_type else ""))
    if kind != "actor" and actor_type is not None:
        raise ScaffoldError(f"--type is for actors only; a {kind} has no type")
    path = target(content, kind, slug, day)
    text = {"article": lambda: article(name, day), "actor": lambda: actor(name, actor_type),
            "topic": lambda: topic(name)}[kind]()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError as exc:
        raise ScaffoldError(f"{path} already exists; nothing was written") from exc
    return path
