"""The resolved content model: frozen records, built once, never mutated after `link`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class ActorType:
    """What every part of the site says about one kind of actor."""

    label: str  # shown to readers
    schema_type: str  # schema.org type in JSON-LD
    colour: str  # fill in charts and legends: dark enough for white outlines and text


# The one table of actor types, in the order indexes and legends list them.
ACTOR_TYPES: Mapping[str, ActorType] = MappingProxyType({
    "person": ActorType("Person", "Person", "#3949ab"),
    "country": ActorType("Country", "Country", "#00796b"),
    "organization": ActorType("Organisation", "Organization", "#c62828"),
    "group": ActorType("Group", "Organization", "#6a1b9a"),
})


@dataclass(frozen=True, slots=True)
class Licence:
    """The licence of the open data: named on the Open data page, in its JSON-LD and in
    data/datapackage.json."""

    name: str  # shown to readers
    url: str  # the licence text
    id: str = ""  # SPDX identifier, e.g. CC-BY-4.0; Data Package `licenses[].name`


CC_BY_4 = Licence("Creative Commons Attribution 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0")


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a fact of the registry comes from: an article of this archive (its id), or
    a page elsewhere (its address, with the day it was read and its title if given)."""

    article: str = ""
    url: str = ""
    accessed: dt.date | None = None
    title: str = ""


Cited = tuple[tuple[str, tuple[Citation, ...]], ...]  # value -> its sources, where given


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    org: str | None = None
    sources: tuple[Citation, ...] = ()

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    source: str  # repository-relative path of the registry file
    profile: str = ""
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    never_match: tuple[str, ...] = ()
    affiliation: str | None = None
    roles: tuple[Role, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()
    former_ids: tuple[str, ...] = ()  # its own earlier ids, oldest first
    merged_ids: tuple[str, ...] = ()  # ids of entries merged into it
    affiliation_sources: tuple[Citation, ...] = ()
    name_sources: Cited = ()  # aliases and weak aliases given with sources

    @property
    def identity(self) -> str:
        """The id the actor was first published under: what `@id`s are built from."""
        return self.former_ids[0] if self.former_ids else self.id

    @property
    def matchable_names(self) -> tuple[str, ...]:
        """Names that may be linked in article text: the name and plain aliases."""
        return (self.name, *self.aliases)

    @property
    def other_names(self) -> tuple[str, ...]:
        return (*self.aliases, *self.weak_aliases)

    def roles_on(self, day: dt.date) -> tuple[Role, ...]:
        """Roles held on a day; roles without any dates are not assumed to hold."""
        return tuple(
            r for r in self.roles if (r.start or r.end) and r.held_on(day)
        )


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    source: str
    scope: str = ""
    aliases: tuple[str, ...] = ()
    broader: str | None = None
    related: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()  # its own earlier ids, oldest first
    merged_ids: tuple[str, ...] = ()  # ids of entries merged into it
    broader_sources: tuple[Citation, ...] = ()
    related_sources: Cited = ()  # related topics (ids) declared here with sources
    name_sources: Cited = ()  # aliases given with sources

    @property
    def identity(self) -> str:
        return self.former_ids[0] if self.former_ids else self.id


@dataclass(frozen=True, slots=True)
class Quote:
    article: str
    number: int  # 1-based position in the article, used for anchors
    speaker: str
    text: str
    context: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Correction:
    """A change made to an article after it was published, and when."""

    date: dt.date
    text: str


@dataclass(frozen=True, slots=True)
class Source:
    name: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    date: dt.date
    source_path: str
    summary: str
    body_utf8: bytes  # see `body`
    body_line: int
    language: str = "en"
    source: Source = Source()
    actors: tuple[str, ...] = ()  # main subjects
    mentions: tuple[str, ...] = ()  # named, not the subject
    topics: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    former: tuple[tuple[int, str], ...] = ()  # (year, id) of former addresses, oldest first
    corrections: tuple[Correction, ...] = ()  # newest first

    @property
    def modified(self) -> dt.date:
        """The day of its newest correction, or of the article if it has none."""
        return self.corrections[0].date if self.corrections else self.date

    @property
    def identity(self) -> tuple[int, str]:
        """(year, id) of the address the article was first published at: what its Atom
        entry id and `@id` are built from, so they survive a rename."""
        return self.former[0] if self.former else (self.date.year, self.id)

    @property
    def all_actors(self) -> tuple[str, ...]:
        return (*self.actors, *self.mentions)

    @property
    def body(self) -> str:
        """The Markdown text. Kept as UTF-8, which for text with any character beyond
        Latin-1 (a dash, a curly quote) is half the size of a `str`: the bodies are most
        of the model's memory, and each is read once or twice."""
        return self.body_utf8.decode("utf-8")


@dataclass(frozen=True, slots=True)
class Retraction:
    """An article withdrawn from the archive: only a notice stays at its address."""

    id: str
    year: int
    title: str
    date: dt.date
    reason: str
    source_path: str
    former: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Content:
    """Resolved records, before the cross-links are computed."""

    articles: tuple[Article, ...]
    actors: Mapping[str, Actor]
    topics: Mapping[str, Topic]
    retracted: tuple[Retraction, ...] = ()


class Tally(NamedTuple):
    """Something counted, with the newest few of the articles that gave the count (kept
    only where a page shows them: `link.SHARED_SAMPLE` for co-occurring actors). A
    named tuple, not a frozen record: `link` makes a few hundred thousand, and a warm
    build reads them back from `.cache/links.msgpack` (a tenth of the cost of a record)."""

    id: str
    count: int
    articles: tuple[str, ...] = ()
    # of the counted articles, those where it is a main subject (of a pair of actors:
    # both are), and those where one of a pair is and the other is merely mentioned
    main: int = 0
    one_main: int = 0


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderers need, computed once by `link`."""

    articles: tuple[Article, ...]  # newest first, then by id
    article_by_id: Mapping[str, Article]
    actors: Mapping[str, Actor]  # sorted by id
    topics: Mapping[str, Topic]
    articles_by_actor: Mapping[str, tuple[str, ...]]
    articles_about_actor: Mapping[str, tuple[str, ...]]  # those naming it a main subject
    articles_by_topic: Mapping[str, tuple[str, ...]]
    quotes_by_actor: Mapping[str, tuple[Quote, ...]]
    quotes_by_topic: Mapping[str, tuple[Quote, ...]]
    co_actors: Mapping[str, tuple[Tally, ...]]  # each actor's strongest partners, ranked
    # the partners after those, in the same order (their ids: a page counts them in the
    # actor's own articles)
    co_actors_more: Mapping[str, tuple[str, ...]]
    topics_of_actor: Mapping[str, tuple[Tally, ...]]
    actors_of_topic: Mapping[str, tuple[Tally, ...]]
    narrower: Mapping[str, tuple[str, ...]]
    related_topics: Mapping[str, tuple[str, ...]]
    related_articles: Mapping[str, tuple[str, ...]]
    # articles with corrections -> the day of the newest, newest first
    corrected: Mapping[str, dt.date]
    retracted: tuple[Retraction, ...] = ()


def frozen_map(items) -> Mapping:
    return MappingProxyType(dict(items))


# The records are printed to digest what a page read (generator/reuse/reads.py), a
# few hundred thousand times a warm build. The model holds no cycles, so their printing
# needs no guard against one: dataclasses' guard (a set and a thread id per call) is
# dropped, which prints the same text in two thirds of the time.
for _record in (ActorType, Licence, Citation, Role, Actor, Topic, Quote, Correction, Source,
                Article, Retraction, Content, Site):
    _record.__repr__ = _record.__repr__.__wrapped__
del _record
