"""The fields of articles, actors and topics, defined once.

The same definitions drive validation (`check`) and the published JSON Schema
(`json_schema`), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, cached_property

import yaml

from generator import model
from generator.diagnostics import Report, suggestion
from generator.source.frontmatter import mapping_items

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
ACTOR_TYPES = tuple(model.ACTOR_TYPES)

PLACEHOLDER = "TODO"  # what `python -m generator new` leaves for a contributor to fill in
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# C0 controls other than tab and newline, DEL, C1 controls, and the bidirectional
# overrides and isolates that can make text read differently from what it is.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Loc:
    """A value with the place in the file it came from."""

    value: str
    line: int
    col: int
    sources = ()  # what a `SourcedLoc` cites; a plain value cites nothing


@dataclass(frozen=True)
class Cited:
    """A source given for a fact, as written: an article of this archive (its id) or a
    web page (its address, with the day it was read and its title, if given)."""

    article: str  # "" for a web page
    url: str  # "" for an article
    accessed: str  # YYYY-MM-DD, or ""
    title: str
    line: int
    col: int


@dataclass(frozen=True)
class SourcedLoc(Loc):
    """A value written with its sources (`{id: cambodia, sources: [...]}`)."""

    sources: tuple[Cited, ...]


class Invalid:
    """Marker for a value that failed validation (already reported)."""


INVALID = Invalid()


@dataclass(frozen=True)
class Ctx:
    path: str
    first_line: int
    report: Report

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def error(self, code: str, node: yaml.Node, message: str, hint: str = "") -> Invalid:
        line, col = self.at(node)
        self.report.add(code, self.path, line, col, message, hint)
        return INVALID


# --- value types -------------------------------------------------------------------------


@dataclass(frozen=True)
class Str:
    max_len: int = 300
    pattern: str | None = None
    pattern_hint: str = ""
    multiline: bool = False

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        if not isinstance(node, yaml.ScalarNode):
            return ctx.error("E203", node, f"'{name}' must be text, not a {_kind(node)}",
                             f"write {name}: some text")
        text = node.value.strip() if self.multiline else node.value
        bad = CONTROL_RE.search(text)
        if bad:
            return ctx.error("E206", node, f"'{name}' contains the invisible character "
                             f"U+{ord(bad.group(0)):04X}",
                             "delete it (retyping the value usually removes it)")
        if not text.strip():
            return ctx.error("E204", node, f"'{name}' is empty", f"give {name} a value")
        if is_placeholder(text):
            return ctx.error("E207", node, f"'{name}' still holds the placeholder "
                             f"'{' '.join(text.split())[:60]}'",
                             "replace it with the real value (an optional field may "
                             "instead be deleted)")
        if len(text) > self.max_len:
            return ctx.error("E204", node, f"'{name}' is {len(text)} characters long, "
                             f"more than {self.max_len}", "shorten it")
        if not self.multiline and "\n" in text:
            return ctx.error("E204", node, f"'{name}' must be a single line",
                             "remove the line break")
        if self.pattern and not _compiled(self.pattern).match(text):
            return ctx.error("E204", node, f"'{text}' is not a valid {name}", self.pattern_hint)
        return text

    def json(self) -> dict:
        schema: dict = {"type": "string", "minLength": 1, "maxLength": self.max_len}
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema


_TEXT_80, _TEXT_200, _TEXT_2000 = Str(max_len=80), Str(max_len=200), Str(max_len=2000)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass(frozen=True)
class Id(Str):
    max_len: int = 80
    pattern: str | None = ID_PATTERN
    pattern_hint: str = "ids use lowercase letters, digits and single hyphens, e.g. hun-sen"


@dataclass(frozen=True)
class Ref:
    """A reference to an actor or topic by id or by any of its names; resolved later."""

    kind: str

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        value = _TEXT_200.check(node, ctx, name)
        if value is INVALID:
            return INVALID
        line, col = ctx.at(node)
        return Loc(value.strip(), line, col)

    def json(self) -> dict:
        return {"type": "string", "minLength": 1, "maxLength": 200,
                "description": f"{self.kind} id or any of its names"}


@dataclass(frozen=True)
class Name(Str):
    """A display name or alias; keeps its place so that collisions can point at it."""

    max_len: int = 200

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        value = super().check(node, ctx, name)
        if value is INVALID:
            return INVALID
        line, col = ctx.at(node)
        return Loc(value.strip(), line, col)


@dataclass(frozen=True)
class FormerId(Name):
    """An id an entry was published under; keeps its place for collision reports."""

    max_len: int = 85
    pattern: str | None = ID_PATTERN
    pattern_hint: str = "write the old id exactly as it was, e.g. zelenskiy"


# An article's address also holds its year: a former id may name the old year too.
ARTICLE_FORMER_PATTERN = r"^(?:[0-9]{4}/)?[a-z0-9]+(?:-[a-z0-9]+)*$"
FORMER_HELP = ("ids this entry was published under before, oldest first (the first is its "
               "permanent identity in feeds and structured data): their addresses lead here")
MERGED_HELP = ("ids of entries merged into this one (their files removed): their addresses "
               "and feeds lead here, and references to them still resolve")


@dataclass(frozen=True)
class Date:
    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        if not isinstance(node, yaml.ScalarNode):
            return ctx.error("E203", node, f"'{name}' must be a date, not a {_kind(node)}",
                             f"write {name}: YYYY-MM-DD")
        text = node.value.strip()
        if not _DATE.fullmatch(text):
            return ctx.error("E203", node, f"'{text}' is not a date in the form YYYY-MM-DD",
                             f"write {name}: 2023-05-29")
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            return ctx.error("E204", node, f"'{text}' is not a real date ({exc})",
                             "check the day and month")

    def json(self) -> dict:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Url:
    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        value = _TEXT_2000.check(node, ctx, name)
        if value is INVALID:
            return INVALID
        if not _HTTP_URL.match(value):
            return ctx.error("E204", node, f"'{value}' is not an http or https address",
                             "give the full address, starting with https://")
        return value

    def json(self) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}


@dataclass(frozen=True)
class Enum:
    choices: tuple[str, ...]

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        value = _TEXT_80.check(node, ctx, name)
        if value is INVALID:
            return INVALID
        if value not in self.choices:
            hint = suggestion(value, self.choices) or ("use one of: " + ", ".join(self.choices))
            return ctx.error("E204", node, f"'{value}' is not a valid {name}", hint)
        return value

    def json(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True)
class List:
    item: object
    max_items: int = 200
    limit_setting: str = ""

    def check(self, node: yaml.Node, ctx: Ctx, name: str, max_items: int | None = None):
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            example = node.value if isinstance(node, yaml.ScalarNode) else "..."
            return ctx.error("E203", node, f"'{name}' must be a list, not a {_kind(node)}",
                             f"write {name}: [{example}] or one '- item' per line")
        limit = max_items if max_items is not None else self.max_items
        if len(node.value) > limit:
            setting = self.limit_setting
            where = f" (limits.{setting} in site_config.yml)" if setting else ""
            return ctx.error("E205", node, f"'{name}' has {len(node.value)} items, more than "
                             f"the limit of {limit}{where}", "split the content or raise the limit")
        values = [self.item.check(child, ctx, f"{name} item") for child in node.value]
        return tuple(v for v in values if v is not INVALID)

    def json(self) -> dict:
        return {"type": "array", "items": self.item.json(), "maxItems": self.max_items}


@dataclass(frozen=True)
class Map:
    """A mapping of short keys to text values, e.g. external ids."""

    key_pattern: str = r"^[a-z][a-z0-9_]*$"

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        if not isinstance(node, yaml.MappingNode):
            return ctx.error("E203", node, f"'{name}' must be a mapping, not a {_kind(node)}",
                             f"write {name}: then one 'key: value' per indented line")
        result: dict[str, str] = {}
        for key, key_node, value_node in mapping_items(node):
            if key is None or not _compiled(self.key_pattern).match(key):
                ctx.error("E204", key_node, f"'{key}' is not a valid key in '{name}'",
                          "use lowercase letters, digits and underscores, e.g. wikidata")
                continue
            if key in result:
                ctx.error("E105", key_node, f"'{key}' appears twice in '{name}'",
                          "keep one of them")
                continue
            value = _TEXT_200.check(value_node, ctx, f"{name}.{key}")
            if value is not INVALID:
                result[key] = value
        return tuple(sorted(result.items()))

    def json(self) -> dict:
        return {"type": "object", "propertyNames": {"pattern": self.key_pattern},
                "additionalProperties": {"type": "string", "minLength": 1}}


@dataclass(frozen=True)
class SourceRef:
    """One source of a fact: an article id of this archive or an http(s) address, or a
    mapping `{url: ..., accessed: YYYY-MM-DD, title: ...}`."""

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        line, col = ctx.at(node)
        if isinstance(node, yaml.MappingNode):
            page = WEB_PAGE.check(node, ctx, name)
            if page is INVALID:
                return INVALID
            accessed = page.get("accessed")
            return Cited("", page["url"], accessed.isoformat() if accessed else "",
                         page.get("title", ""), line, col)
        value = _TEXT_2000.check(node, ctx, name)
        if value is INVALID:
            return INVALID
        value = value.strip()
        if ":" in value or "/" in value or "." in value:
            if not _HTTP_URL.match(value):
                return ctx.error("E204", node, f"source '{value}' is not an http or https "
                                 "address", "give the full address, starting with https://, "
                                 "or the id of an article of this archive")
            return Cited("", value, "", "", line, col)
        if not ID_RE.match(value):
            return ctx.error("E204", node, f"source '{value}' is neither an article id nor "
                             "a web address", "write an article id (its file name without "
                             ".md, e.g. hun-sen-zelenskyy-second-call) or a full https:// "
                             "address")
        return Cited(value, "", "", "", line, col)

    def json(self) -> dict:
        return {"description": SOURCE_HELP, "anyOf": [
            {"type": "string", "pattern": ID_PATTERN, "description": "an article id"},
            Url().json(),
            WEB_PAGE.json(),
        ]}


SOURCE_HELP = ("an article id of this archive, a web address, or {url, accessed, title}")


@dataclass(frozen=True)
class Sourced:
    """A value that may name its sources: written plainly (`cambodia`) or as a mapping
    of the value and its sources (`{id: cambodia, sources: [...]}`)."""

    inner: object  # a type whose check gives a Loc: Ref or Name
    key: str  # the value's key in the mapping form: id or name
    about: str  # what the value is, for the mapping's description

    @cached_property
    def mapping(self) -> MappingSchema:
        return MappingSchema(f"Sourced {self.key}", (
            Field(self.key, self.inner, True, self.about),
            Field("sources", SOURCES, False, "where this comes from: " + SOURCE_HELP),
        ))

    def check(self, node: yaml.Node, ctx: Ctx, name: str):
        if not isinstance(node, yaml.MappingNode):
            return self.inner.check(node, ctx, name)
        fields = self.mapping.check(node, ctx, name)
        if fields is INVALID:
            return INVALID
        loc = fields[self.key]
        return SourcedLoc(loc.value, loc.line, loc.col, fields.get("sources", ()))

    def json(self) -> dict:
        return {"anyOf": [self.inner.json(), self.mapping.json()]}


@dataclass(frozen=True)
class Field:
    name: str
    type: object
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class MappingSchema:
    """A mapping with known fields; unknown or duplicate fields are errors."""

    title: str
    fields: tuple[Field, ...]

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def check(self, node: yaml.Node, ctx: Ctx, name: str = "", limits: dict | None = None,
              partial: bool = False):
        """The checked values, or INVALID. With `partial`, a record with a missing or bad
        required field comes back marked `_broken` instead, so that its other fields
        (references, quotes) can still be checked in the same run."""
        if not isinstance(node, yaml.MappingNode):
            return ctx.error("E203", node, f"{name or 'this entry'} must be a mapping of fields, "
                             f"not a {_kind(node)}", "write one 'field: value' per line")
        known = self.by_name
        seen: dict[str, yaml.Node] = {}
        result: dict[str, object] = {}
        for key, key_node, value_node in mapping_items(node):
            if key is None or key not in known:
                hint = suggestion(str(key), list(known)) or "known fields: " + ", ".join(known)
                prefix = f"in {name}: " if name else ""
                ctx.error("E202", key_node, f"{prefix}unknown field '{key}'", hint)
                continue
            if key in seen:
                first = ctx.at(seen[key])[0]
                ctx.error("E105", key_node, f"field '{key}' appears twice (first on line {first})",
                          "keep only one of them")
                continue
            seen[key] = key_node
            spec = known[key]
            if isinstance(spec.type, List) and limits and spec.type.limit_setting in limits:
                value = spec.type.check(value_node, ctx, key, limits[spec.type.limit_setting])
            elif _is_null(value_node) and not spec.required:
                continue
            else:
                value = spec.type.check(value_node, ctx, key)
            if value is not INVALID:
                result[key] = value
        broken = False
        for spec in self.fields:
            if spec.required and spec.name in seen and spec.name not in result:
                broken = True  # reported where the value is; the record cannot be used
            if spec.required and spec.name not in seen:
                line, col = ctx.at(node)
                where = f" in {name}" if name else ""
                ctx.report.add("E201", ctx.path, line, col,
                               f"missing required field '{spec.name}'{where}",
                               f"add '{spec.name}:' ({spec.description})")
                broken = True
        if broken and not partial:
            return INVALID
        if broken:
            result["_broken"] = True
        result["_line"] = ctx.at(node)[0]
        result["_at"] = {key: ctx.at(key_node) for key, key_node in seen.items()}
        return result

    def json(self) -> dict:
        return {
            "type": "object",
            "title": self.title,
            "properties": {
                f.name: {**_nullable(f.type.json(), not f.required),
                         "description": f.description}
                for f in self.fields
            },
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }


def _nullable(schema: dict, optional: bool) -> dict:
    """An optional field may be left empty (`mentions:`), which YAML reads as null."""
    if optional and isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    if optional and "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    return schema


def is_placeholder(text: str) -> bool:
    """'TODO' alone or 'TODO: ...', as left by `python -m generator new`."""
    text = text.strip()
    return text == PLACEHOLDER or text.startswith(PLACEHOLDER + ":")


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "single value"


# --- the content model -------------------------------------------------------------------

NAME = Name()

WEB_PAGE = MappingSchema("Web source", (
    Field("url", Url(), True, "the page's address, starting with https://"),
    Field("accessed", Date(), False, "the day it was read, YYYY-MM-DD"),
    Field("title", Str(max_len=300), False, "the page's title, shown instead of its address"),
))
SOURCES = List(SourceRef(), 20)
SOURCES_FIELD = Field("sources", SOURCES, False, "where this comes from: " + SOURCE_HELP)
SOURCED_NAME = Sourced(NAME, "name", "the name")
SOURCED_ACTOR = Sourced(Ref("actor"), "id", "the actor (id or name)")
SOURCED_TOPIC = Sourced(Ref("topic"), "id", "the topic (id or name)")

ROLE = MappingSchema("Role", (
    Field("title", Str(max_len=200), True, "the title held, e.g. Prime Minister of Cambodia"),
    Field("start", Date(), False, "first day in the role, YYYY-MM-DD"),
    Field("end", Date(), False, "last day in the role, YYYY-MM-DD; leave out if current"),
    Field("org", Ref("actor"), False, "the organisation or country of the role (actor id)"),
    SOURCES_FIELD,
))

CORRECTION = MappingSchema("Correction", (
    Field("date", Date(), True, "the day of the correction, YYYY-MM-DD"),
    Field("text", Str(max_len=1000, multiline=True), True, "what was corrected"),
))

QUOTE = MappingSchema("Quote", (
    Field("speaker", Ref("actor"), True, "who said it: an actor id or name"),
    Field("text", Str(max_len=3000, multiline=True), True,
          "the exact words, as they appear in the article"),
    Field("context", Str(max_len=200), False, "where it was said, e.g. press statement, tweet"),
    Field("topics", List(Ref("topic"), 20), False, "topics the quote is about"),
))

SOURCE = MappingSchema("Source", (
    Field("name", Str(max_len=200), False, "the publication's name"),
    Field("url", Url(), False, "the article's address at the publication"),
))

ARTICLE = MappingSchema("Article", (
    Field("title", Str(max_len=300), True, "the headline"),
    Field("date", Date(), True, "publication date, YYYY-MM-DD (the event date if unknown)"),
    Field("language", Str(max_len=20, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                          pattern_hint="use a language code such as en or km"),
          False, "language code of the text, e.g. en (default en)"),
    Field("source", SOURCE, False, "where the article was published"),
    Field("summary", Str(max_len=2000, multiline=True), True, "one or two sentences"),
    Field("actors", List(Ref("actor"), 100, "actors_per_article"), True,
          "the article's main subjects (actor ids or names)"),
    Field("mentions", List(Ref("actor"), 100, "actors_per_article"), False,
          "other actors the article names (actor ids or names)"),
    Field("topics", List(Ref("topic"), 50), False, "topic ids or names"),
    Field("quotes", List(QUOTE, 200, "quotes_per_article"), False,
          "direct quotes: speaker, text and optional context"),
    Field("former_ids", List(FormerId(pattern=ARTICLE_FORMER_PATTERN, pattern_hint=(
        "write the old id, or YEAR/id if the article was filed under another year")), 20),
          False, FORMER_HELP + " (YEAR/id where the year differed)"),
    Field("retracted", Str(max_len=1000, multiline=True), False,
          "why the article was withdrawn: its address then says so, and it is left out "
          "of every other page, feed and export"),
    Field("corrections", List(CORRECTION, 50), False,
          "changes made after publication, each {date, text}: shown under the text"),
))

ACTOR = MappingSchema("Actor", (
    Field("name", NAME, True, "display name"),
    Field("type", Enum(ACTOR_TYPES), True, "person, country, organization or group"),
    Field("aliases", List(SOURCED_NAME, 100), False, "other names, matched in article text"),
    Field("weak_aliases", List(SOURCED_NAME, 100), False,
          "honorifics and descriptions: shown, never matched"),
    Field("never_match", List(NAME, 100), False, "fragments that must never be linked"),
    Field("affiliation", SOURCED_ACTOR, False,
          "the organisation or country it belongs to (actor id)"),
    Field("roles", List(ROLE, 100), False, "titles held over time"),
    Field("ids", Map(), False, "external identifiers, e.g. wikidata: Q424"),
    Field("former_ids", List(FormerId(), 20), False, FORMER_HELP),
    Field("merged_ids", List(FormerId(), 50), False, MERGED_HELP),
))

TOPIC = MappingSchema("Topic", (
    Field("name", NAME, True, "display name"),
    Field("aliases", List(SOURCED_NAME, 100), False, "other names"),
    Field("broader", SOURCED_TOPIC, False, "the broader topic (topic id)"),
    Field("related", List(SOURCED_TOPIC, 50), False, "related topics (topic ids)"),
    Field("former_ids", List(FormerId(), 20), False, FORMER_HELP),
    Field("merged_ids", List(FormerId(), 50), False, MERGED_HELP),
))

RECORDS = {"article": ARTICLE, "actor": ACTOR, "topic": TOPIC}


def json_schema(kind: str) -> dict:
    """The front matter of one kind of file as JSON Schema (draft-07: the version most
    editor integrations and linters understand)."""
    schema = RECORDS[kind].json()
    return {"$schema": "http://json-schema.org/draft-07/schema#",
            "$id": f"{kind}.schema.json", **schema}


def json_schema_text(kind: str) -> str:
    """The file kept in schemas/<kind>.schema.json, byte for byte."""
    import json

    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
