"""Stage 3: build the registry of actors and topics and resolve every reference to one id."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from generator.diagnostics import Report, command, suggestion
from generator.model import (
    Actor,
    Article,
    Citation,
    Content,
    Correction,
    Quote,
    Retraction,
    Role,
    Source,
    Topic,
    frozen_map,
)
from generator.source import citing, lint
from generator.source.ids import ascii_id
from generator.source.schema import ACTOR_TYPES, Cited, Loc
from generator.source.validate import Draft

if TYPE_CHECKING:  # (read only when a reference is unknown)
    from generator.source.history import History


class Registry:
    """Ids and every name of one kind of entry (actors or topics), matched case-insensitively."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ids: dict[str, Draft] = {}
        self._names: dict[str, tuple[str, Loc | None, str]] = {}  # folded -> (id, where, path)
        self.former: dict[str, str] = {}  # former id -> current id
        # id and folded names -> an entry whose own file has errors (reported there)
        self.broken: dict[str, Draft] = {}

    def add(self, draft: Draft, report: Report) -> bool:
        if draft.id in self.ids:
            first = self.ids[draft.id].path
            report.add("E401", draft.path, 1, 1,
                       f"{self.kind} id '{draft.id}' is already used by {first}",
                       "rename one of the files; an id must be unique across the registry")
            return False
        self.ids[draft.id] = draft
        return True

    def add_broken(self, draft: Draft) -> None:
        """An entry whose file has errors: not in the registry, but found by its id and
        by whichever of its names checked, so that a reference to it says where to look."""
        self.broken[draft.id] = draft
        for loc in _names_of(draft):
            self.broken.setdefault(loc.value.casefold(), draft)

    def broken_entry(self, text: str) -> Draft | None:
        """By id, by a name that checked, or by the id a name would make (the names of
        a file whose front matter cannot be read are not known)."""
        broken = self.broken
        return broken.get(text) or broken.get(text.casefold()) or broken.get(_slug(text))

    def heir(self, names: Iterable[str]) -> Draft | None:
        """The entry the first of `names` that is known now leads to."""
        for name in names:
            found = self.lookup(name)
            if found is not None:
                return self.ids[found]
        return None

    def claim_names(self, report: Report) -> None:
        """Give each name (case-insensitively) to one entry; a second claim is E402.

        Names are claimed in three passes: every entry's `name`, then `aliases`, then
        `weak_aliases`; within a pass, entries go in order of their file paths. So an
        alias that repeats another entry's name is the claim reported, and of two equal
        names or aliases, the one in the file whose path sorts later.
        """
        drafts = sorted(self.ids.values(), key=lambda d: d.path)
        for names_of in (_own_name, _aliases, _weak_aliases):
            for draft in drafts:
                for loc in names_of(draft):
                    self._claim(draft, loc, report)

    def _claim(self, draft: Draft, loc: Loc, report: Report) -> None:
        folded = loc.value.casefold()
        holder = self._names.get(folded)
        if holder is None:
            self._names[folded] = (draft.id, loc, draft.path)
        elif holder[0] != draft.id:
            owner_id, owner_loc, owner_path = holder
            where = f"{owner_path}:{owner_loc.line}" if owner_loc else owner_path
            report.add("E402", draft.path, loc.line, loc.col,
                       f"the name '{loc.value}' is also claimed by {self.kind} "
                       f"'{owner_id}' ({where})",
                       "a name must lead to one entry: remove it from one of them, "
                       "or make it a weak_alias (shown, never matched)")

    def claim_former_ids(self, report: Report) -> None:
        """Former ids lead to their entry; one that is live or claimed twice is an error."""
        claimed: dict[str, Draft] = {}
        for draft in self.ids.values():
            for loc in (*draft.fields.get("former_ids", ()), *draft.fields.get("merged_ids", ())):
                former_id = loc.value
                if former_id in self.ids:
                    clash = (f"'{former_id}' is the id of {self.ids[former_id].path}",
                             "a live entry keeps its address: remove the id here, or to merge "
                             "that entry into this one, delete its file (see CONTRIBUTING)")
                elif former_id in claimed and claimed[former_id] is not draft:
                    clash = (f"former id '{former_id}' is also listed by "
                             f"{claimed[former_id].path}",
                             "an old address can lead to one entry only: keep it in one file")
                else:
                    claimed[former_id] = draft
                    self.former[former_id] = draft.id
                    continue
                report.add("E405", draft.path, loc.line, loc.col, *clash)

    def add_id_names(self) -> None:
        for entry_id, draft in self.ids.items():
            self._names.setdefault(entry_id.casefold(), (entry_id, None, draft.path))

    def lookup(self, text: str) -> str | None:
        """The entry's id for a name or id, or None. The id returned is the registry's own
        string, so later dict lookups by it compare by identity, not character by character."""
        draft = self.ids.get(text)
        if draft is not None:
            return draft.id
        hit = self._names.get(text.casefold())
        return hit[0] if hit else None

    def find(self, text: str) -> str | None:
        """`lookup`, or the current id of a former id."""
        return self.lookup(text) or self.former.get(text)

    def all_names(self) -> list[str]:
        names = set(self.ids)
        names.update(loc.value for d in self.ids.values() for loc in _names_of(d))
        return sorted(names)


def _own_name(draft: Draft) -> Iterable[Loc]:
    name = draft.fields.get("name")  # missing only from an entry whose file has errors
    return (name,) if name is not None else ()


def _aliases(draft: Draft) -> Iterable[Loc]:
    return draft.fields.get("aliases", ())


def _weak_aliases(draft: Draft) -> Iterable[Loc]:
    return draft.fields.get("weak_aliases", ())


def _names_of(draft: Draft) -> Iterable[Loc]:
    yield from _own_name(draft)
    yield from _aliases(draft)
    yield from _weak_aliases(draft)


class Resolver:
    def __init__(self, actors: Registry, topics: Registry, report: Report,
                 history: History | None = None) -> None:
        self.registries = {"actor": actors, "topic": topics}
        self.report = report
        self.history = history  # the entries of an earlier revision (check)
        self.unresolved: set[str] = set()  # files with a reference that leads nowhere

    def one(self, kind: str, ref: Loc, path: str) -> str | None:
        registry = self.registries[kind]
        found = registry.lookup(ref.value)
        if found is not None:
            return found
        found = registry.former.get(ref.value)
        if found is not None:
            self.report.add("I702", path, ref.line, ref.col,
                            f"'{ref.value}' now leads to {kind} '{found}' "
                            "(its former_ids or merged_ids)",
                            f"it still works; write {found} when you next edit this line")
            return found
        return self._unresolved(kind, ref, path)

    def _unresolved(self, kind: str, ref: Loc, path: str) -> None:
        """Report a reference that leads to no entry: to one whose file has errors (a
        note: the error is that file's), to one an earlier revision had, or unknown."""
        self.unresolved.add(path)
        registry = self.registries[kind]
        broken = registry.broken_entry(ref.value)
        if broken is not None:
            self.report.add("I703", path, ref.line, ref.col,
                            f"{kind} '{ref.value}' has errors in {broken.path}",
                            f"nothing to change here: once {broken.path} is fixed, this "
                            "reference leads to it")
            return
        code = "E301" if kind == "actor" else "E302"
        gone = self.history.gone(kind, ref.value) if self.history is not None else None
        if gone is not None:
            heir = registry.heir(gone.names)
            message, hint = self.history.told(gone, heir.id if heir else None,
                                              heir.path if heir else None)
            self.report.add(code, path, ref.line, ref.col, message, hint)
            return
        hint = suggestion(ref.value, registry.all_names())
        hint = (hint + " If it is new, create it: " if hint else "create it: ") + _scaffold(
            kind, ref.value)
        self.report.add(code, path, ref.line, ref.col, f"unknown {kind} '{ref.value}'", hint)

    def many(self, kind: str, refs: Iterable[Loc], path: str) -> tuple[str, ...]:
        ids = (self.one(kind, ref, path) for ref in refs)
        return tuple(dict.fromkeys(i for i in ids if i is not None))


def _slug(text: str) -> str:
    return ascii_id(text) or "new-entry"


def _scaffold(kind: str, name: str) -> str:
    """The command that writes a new entry of this name; an actor's type is the
    contributor's to choose, so the command names the choices."""
    if kind == "topic":
        return command("new", "topic", _slug(name), "--name", name)
    return (command("new", "actor", _slug(name), "--type", "TYPE", "--name", name)
            + f", where TYPE is {', '.join(ACTOR_TYPES[:-1])} or {ACTOR_TYPES[-1]}")


class ResolveMemo:
    """A live preview's resolved records, from one run to the next. Actors and topics
    depend on the registries alone, and an article on its draft and the registries; the
    registries depend on the actor and topic drafts. While those are the same objects as
    in the last run (the source cache hands an unchanged file's draft on), the actors
    and topics are those of the last run, and an article whose draft is the same object
    resolves to the same record, with the same diagnostics: neither is resolved again."""

    def __init__(self) -> None:
        self.registry: tuple[Draft, ...] = ()
        self.same = False  # whether this run's registry drafts are the last run's
        self.entries: tuple[dict, dict, list] | None = None  # actors, topics, diagnostics
        self.done: dict[int, tuple[Draft, Article, list]] = {}  # by id() of the draft

    def start(self, registry: tuple[Draft, ...]) -> None:
        self.same = (len(registry) == len(self.registry)
                     and all(map(operator.is_, registry, self.registry)))
        self.registry = registry
        if not self.same:
            self.entries, self.done = None, {}

    def articles(self, drafts: list[Draft], resolver: Resolver, report: Report
                 ) -> list[Article]:
        done = self.done
        now: dict[int, tuple[Draft, Article, list]] = {}
        articles = []
        for draft in drafts:
            found = done.get(id(draft))
            if found is None or found[0] is not draft:
                own = Report()
                resolver.report = own
                found = (draft, _article(draft, resolver, own), own.items)
                resolver.report = report
            now[id(draft)] = found
            report.extend(found[2])
            articles.append(found[1])
        self.done = now
        return articles


def _entries(actors: Registry, topics: Registry, resolver: Resolver, report: Report
             ) -> tuple[dict, dict]:
    actor_map = {d.id: _actor(d, resolver, report) for d in actors.ids.values()}
    topic_map = {d.id: _topic(d, resolver) for d in topics.ids.values()}
    lint.topic_relations(topics.ids.values(), topic_map, topics.find, report)
    return actor_map, topic_map


def resolve(drafts: list[Draft], report: Report, names_in_text: bool = False,
            memo: ResolveMemo | None = None, history: History | None = None) -> Content:
    """Resolve every reference; with `names_in_text`, also look for unlisted actors (W603).
    With a `memo` (a live preview's), articles resolved by the last run are taken from it.
    With a `history`, a reference to an entry it had that is gone says what keeps it."""
    actors, topics = Registry("actor"), Registry("topic")
    article_drafts, broken_articles, broken_entries = _register(drafts, actors, topics,
                                                                report)
    for registry in (actors, topics):
        registry.claim_names(report)
        registry.add_id_names()
        registry.claim_former_ids(report)
    _article_former_ids(article_drafts, report)
    former = {old: d.id for d in article_drafts for _, old in _former_addresses(d)}
    renamed = citing.check_sources((*actors.ids.values(), *topics.ids.values()),
                                   article_drafts, {d.id: d.path for d in broken_articles},
                                   former, report)
    resolver = Resolver(actors, topics, report, history)
    live = [d for d in article_drafts if "retracted" not in d.fields]
    if memo is None:
        actor_map, topic_map = _entries(actors, topics, resolver, report)
        articles = [_article(d, resolver, report) for d in live]
    else:
        memo.start(tuple(d for d in drafts if d.kind != "article"))
        if memo.entries is None:
            own = Report()
            resolver.report = own
            memo.entries = (*_entries(actors, topics, resolver, own), own.items)
            resolver.report = report
        actor_map, topic_map, diagnostics = memo.entries
        report.extend(diagnostics)
        articles = memo.articles(live, resolver, report)
    if renamed:
        actor_map = {k: recited(v, renamed) for k, v in actor_map.items()}
        topic_map = {k: recited(v, renamed) for k, v in topic_map.items()}
    retracted = tuple(sorted((_retraction(d) for d in article_drafts
                              if "retracted" in d.fields), key=lambda r: r.id))
    for draft in broken_articles:
        _references_only(draft, resolver, report)
    for draft in broken_entries:
        _entry_references(draft, resolver)
    content = Content(
        articles=tuple(sorted(articles, key=lambda a: (-a.date.toordinal(), a.id))),
        actors=frozen_map(sorted(actor_map.items())),
        topics=frozen_map(sorted(topic_map.items())),
        retracted=retracted,
    )
    name_at = {d.path: (d.fields["name"].line, d.fields["name"].col)
               for registry in (actors, topics) for d in registry.ids.values()}
    if not report.has_errors():  # with errors, "unused" is mostly a broken reference
        lint.unused_entries(content, name_at, report)
    if names_in_text:  # not where a reference failed: the name is likely the one meant
        lint.unlisted_actors(content, report, skip=resolver.unresolved)
    return content


def _register(drafts: list[Draft], actors: Registry, topics: Registry, report: Report
              ) -> tuple[list[Draft], list[Draft], list[Draft]]:
    """Actors and topics into their registries; the articles to resolve, the articles
    with errors of their own and the entries with errors of their own, apart."""
    articles_seen: dict[str, str] = {}
    article_drafts: list[Draft] = []
    broken_articles: list[Draft] = []
    broken_entries: list[Draft] = []
    for draft in drafts:
        if draft.kind != "article" and draft.fields.get("_broken"):
            broken_entries.append(draft)
            (actors if draft.kind == "actor" else topics).add_broken(draft)
        elif draft.kind == "actor":
            actors.add(draft, report)
        elif draft.kind == "topic":
            topics.add(draft, report)
        elif draft.fields.get("_broken"):
            broken_articles.append(draft)
        elif draft.id in articles_seen:
            report.add("E401", draft.path, 1, 1,
                       f"article id '{draft.id}' is already used by {articles_seen[draft.id]}",
                       "rename one of the files; article ids are unique across all years")
        else:
            articles_seen[draft.id] = draft.path
            article_drafts.append(draft)
    return article_drafts, broken_articles, broken_entries


def _actor(draft: Draft, resolver: Resolver, report: Report) -> Actor:
    f = draft.fields
    matchable = {loc.value.casefold() for loc in (f["name"], *f.get("aliases", ()))}
    for loc in f.get("never_match", ()):
        if loc.value.casefold() in matchable:
            report.add("E404", draft.path, loc.line, loc.col,
                       f"'{loc.value}' is both a name and a never_match fragment",
                       "remove it from never_match, or move the name to weak_aliases")
    affiliation = None
    if "affiliation" in f:
        affiliation = resolver.one("actor", f["affiliation"], draft.path)
    roles = []
    for raw in f.get("roles", ()):
        org = resolver.one("actor", raw["org"], draft.path) if "org" in raw else None
        start, end = raw.get("start"), raw.get("end")
        if start and end and end < start:
            report.add("E204", draft.path, raw["_line"], 1,
                       f"role '{raw['title']}' ends ({end}) before it starts ({start})",
                       "swap or correct the dates")
        roles.append(Role(raw["title"], start, end, org, citations(raw.get("sources", ()))))
    roles.sort(key=_role_order)
    names = (*f.get("aliases", ()), *f.get("weak_aliases", ()))
    return Actor(
        id=draft.id,
        name=f["name"].value,
        type=f["type"],
        source=draft.path,
        profile=draft.body.strip(),
        aliases=tuple(loc.value for loc in f.get("aliases", ())),
        weak_aliases=tuple(loc.value for loc in f.get("weak_aliases", ())),
        never_match=tuple(loc.value for loc in f.get("never_match", ())),
        affiliation=affiliation,
        roles=tuple(roles),
        ids=f.get("ids", ()),
        former_ids=tuple(loc.value for loc in f.get("former_ids", ())),
        merged_ids=tuple(loc.value for loc in f.get("merged_ids", ())),
        affiliation_sources=citations(f["affiliation"].sources) if affiliation else (),
        name_sources=tuple((loc.value, citations(loc.sources)) for loc in names
                           if loc.sources),
    )


def recited(entry: Actor | Topic, renamed: dict[str, str]) -> Actor | Topic:
    """`entry` with its sources citing each article by its id, not a former one."""
    def fix(sources: tuple[Citation, ...]) -> tuple[Citation, ...]:
        return tuple(replace(c, article=renamed.get(c.article, c.article)) for c in sources)

    def fix_all(cited: tuple) -> tuple:
        return tuple((value, fix(sources)) for value, sources in cited)

    if isinstance(entry, Actor):
        return replace(entry, roles=tuple(replace(r, sources=fix(r.sources)) for r in entry.roles),
                       affiliation_sources=fix(entry.affiliation_sources),
                       name_sources=fix_all(entry.name_sources))
    return replace(entry, broader_sources=fix(entry.broader_sources),
                   related_sources=fix_all(entry.related_sources),
                   name_sources=fix_all(entry.name_sources))


def citations(cited: Iterable[Cited]) -> tuple[Citation, ...]:
    """The sources of a fact as the model holds them (the places they were written at
    are for diagnostics only: moving a line changes no page)."""
    return tuple(Citation(c.article, c.url,
                          dt.date.fromisoformat(c.accessed) if c.accessed else None, c.title)
                 for c in cited)


def _role_order(role: Role) -> tuple[int, str]:
    """Oldest first; undated roles last, in the order written (sort is stable)."""
    day = role.start or role.end
    return (day.toordinal() if day else 10**7, "")


def _topic(draft: Draft, resolver: Resolver) -> Topic:
    f = draft.fields
    broader = resolver.one("topic", f["broader"], draft.path) if "broader" in f else None
    topics = resolver.registries["topic"]
    related_sources = []
    for ref in f.get("related", ()):
        found = topics.find(ref.value)
        if ref.sources and found:
            related_sources.append((found, citations(ref.sources)))
    return Topic(
        id=draft.id,
        name=f["name"].value,
        source=draft.path,
        scope=draft.body.strip(),
        aliases=tuple(loc.value for loc in f.get("aliases", ())),
        broader=broader,
        related=resolver.many("topic", f.get("related", ()), draft.path),
        former_ids=tuple(loc.value for loc in f.get("former_ids", ())),
        merged_ids=tuple(loc.value for loc in f.get("merged_ids", ())),
        broader_sources=citations(f["broader"].sources) if broader else (),
        related_sources=tuple(related_sources),
        name_sources=tuple((loc.value, citations(loc.sources))
                           for loc in f.get("aliases", ()) if loc.sources),
    )


def _references_only(draft: Draft, resolver: Resolver, report: Report) -> None:
    """An article with errors in its own fields: still report its unknown references and
    quotes, so one run lists every problem."""
    f = draft.fields
    for key, kind in (("actors", "actor"), ("mentions", "actor"), ("topics", "topic")):
        resolver.many(kind, f.get(key, ()), draft.path)
    body = draft.body
    for raw in f.get("quotes", ()):
        lint.check_quote(draft.path, raw["_at"]["text"], raw["text"], body,
                         draft.body_line, report)
        resolver.one("actor", raw["speaker"], draft.path)
        resolver.many("topic", raw.get("topics", ()), draft.path)


def _entry_references(draft: Draft, resolver: Resolver) -> None:
    """An actor or topic whose file has errors: still report its unknown references."""
    f = draft.fields
    if draft.kind == "actor":
        refs = [f["affiliation"]] if "affiliation" in f else []
        refs += [raw["org"] for raw in f.get("roles", ()) if "org" in raw]
        resolver.many("actor", refs, draft.path)
    else:
        refs = [f["broader"]] if "broader" in f else []
        resolver.many("topic", [*refs, *f.get("related", ())], draft.path)


def _article(draft: Draft, resolver: Resolver, report: Report) -> Article:
    f = draft.fields
    main = resolver.many("actor", f["actors"], draft.path)
    mentions = resolver.many("actor", f.get("mentions", ()), draft.path)
    for ref in f.get("mentions", ()):
        found = resolver.registries["actor"].lookup(ref.value)
        if found in main:
            report.add("E303", draft.path, ref.line, ref.col,
                       f"'{ref.value}' is listed under both actors and mentions",
                       "keep it under actors if the article is about it, otherwise under mentions")
    mentions = tuple(m for m in mentions if m not in main)
    listed = set(main) | set(mentions)
    # a speaker missing from lists that hold a reference that failed is likely that one
    complete = draft.path not in resolver.unresolved
    quotes = []
    body = draft.body
    for number, raw in enumerate(f.get("quotes", ()), start=1):
        lint.check_quote(draft.path, raw["_at"]["text"], raw["text"], body,
                         draft.body_line, report)
        speaker = resolver.one("actor", raw["speaker"], draft.path)
        if speaker is None:
            continue
        if speaker not in listed and complete:
            ref = raw["speaker"]
            report.add("W601", draft.path, ref.line, ref.col,
                       f"speaker '{ref.value}' is not among the article's actors or mentions",
                       f"add {speaker} to actors or mentions")
        quotes.append(Quote(
            article=draft.id, number=number, speaker=speaker, text=raw["text"],
            context=raw.get("context"),
            topics=resolver.many("topic", raw.get("topics", ()), draft.path),
        ))
    source = f.get("source") or {}
    return Article(
        id=draft.id,
        title=f["title"],
        date=f["date"],
        source_path=draft.path,
        summary=f["summary"],
        body_utf8=draft.body_utf8,
        body_line=draft.body_line,
        language=f.get("language", "en"),
        source=Source(source.get("name"), source.get("url")),
        actors=main,
        mentions=mentions,
        topics=resolver.many("topic", f.get("topics", ()), draft.path),
        quotes=tuple(quotes),
        former=_former_addresses(draft),
        corrections=_corrections(draft, report),
    )


def _corrections(draft: Draft, report: Report) -> tuple[Correction, ...]:
    """The article's corrections, newest first (those of one day in the order written)."""
    published = draft.fields["date"]
    out = []
    for raw in draft.fields.get("corrections", ()):
        if raw["date"] < published:
            line, col = raw["_at"]["date"]
            report.add("E209", draft.path, line, col,
                       f"correction dated {raw['date']}, before the article's date "
                       f"({published})", "a correction comes after publication: check "
                       "both dates")
        out.append(Correction(raw["date"], " ".join(raw["text"].split())))
    out.sort(key=lambda c: c.date, reverse=True)
    return tuple(out)


def _former_addresses(draft: Draft) -> tuple[tuple[int, str], ...]:
    """(year, id) of each former id; a plain id kept the article's year."""
    year = draft.fields["date"].year
    out = []
    for loc in draft.fields.get("former_ids", ()):
        old_year, _, old_id = loc.value.rpartition("/")
        out.append((int(old_year) if old_year else year, old_id))
    return tuple(out)


def _article_former_ids(drafts: list[Draft], report: Report) -> None:
    """An article's former address may not be a live article's or another's former one."""
    live = {(d.fields["date"].year, d.id): d for d in drafts}
    claimed: dict[tuple[int, str], Draft] = {}
    for draft in drafts:
        addresses = zip(_former_addresses(draft), draft.fields.get("former_ids", ()),
                        strict=True)
        for address, loc in addresses:
            other = live.get(address) or claimed.setdefault(address, draft)
            if other is draft:
                if live.get(address) is draft:
                    report.add("E405", draft.path, loc.line, loc.col,
                               f"'{loc.value}' is this article's own address",
                               "remove it from former_ids")
                continue
            report.add("E405", draft.path, loc.line, loc.col,
                       f"the address {address[0]}/{address[1]} is already "
                       f"{'the article' if address in live else 'a former id of'} "
                       f"{other.path}",
                       "an address can lead to one article only: remove it from one file")


def _retraction(draft: Draft) -> Retraction:
    f = draft.fields
    return Retraction(id=draft.id, year=f["date"].year, title=f["title"], date=f["date"],
                      reason=" ".join(f["retracted"].split()), source_path=draft.path,
                      former=_former_addresses(draft))
