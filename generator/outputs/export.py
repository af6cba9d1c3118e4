"""Open data: the archive as JSON and CSV tables, and the page that documents them.

Each table is defined once (TABLES: columns with a description); the same definition
writes the JSON, the CSV and the schema page, so the documentation cannot drift from the
files. In CSV, a list is written as a JSON array in one cell.

The tables carry no metadata of their own: `data/datapackage.json` (a Frictionless Data
Package) names the licence and describes every file, with the CSV columns' types.

The tables that grow with the articles (`BY_YEAR`) are written one file per year of
publication, `data/<table>/<year>.json` and `.csv`, newest first; the relations that no
article makes (the registry's and the computed ones) are `data/relations/registry.*`.
Written whole, at 100,000 articles relations.json would be 177 MiB and articles.json
82 MiB, past GitHub's 50 MB warning, and quotes.json 46 MiB (bench/RESULTS.md); a year's
file is a tenth of that or less, and a year that is over changes no more.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from itertools import groupby, islice
from operator import itemgetter

from generator import urls
from generator.model import CC_BY_4, Licence, Site

TABLES: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "articles": ("One row per article, newest first.", (
        ("id", "string", "permanent article id"),
        ("title", "string", "headline"),
        ("date", "date", "publication date, YYYY-MM-DD"),
        ("language", "string", "language code of the text"),
        ("summary", "string", "one or two sentences"),
        ("source_name", "string|null", "publication"),
        ("source_url", "string|null", "the article's address at the publication"),
        ("actors", "list of actor ids", "the article's main subjects"),
        ("mentions", "list of actor ids", "other actors the article names"),
        ("topics", "list of topic ids", "topics"),
        ("quotes", "integer", "number of quotes (see quotes)"),
        ("url", "string", "the article's page in this archive, relative to the site root"),
    )),
    "actors": ("One row per actor (person, country, organisation or group), by id.", (
        ("id", "string", "permanent actor id"),
        ("name", "string", "display name"),
        ("type", "string", "person, country, organization or group"),
        ("aliases", "list of strings", "other names, matched in article text"),
        ("weak_aliases", "list of strings", "honorifics and descriptions, never matched"),
        ("affiliation", "actor id|null", "the organisation or country it belongs to"),
        ("roles", "list of {title, start, end, org}", "titles held over time; dates may "
                                                       "be null"),
        ("wikidata", "string|null", "Wikidata item, e.g. Q3874799"),
        ("articles", "integer", "number of articles naming the actor"),
        ("url", "string", "the actor's page, relative to the site root"),
    )),
    "topics": ("One row per topic, by id.", (
        ("id", "string", "permanent topic id"),
        ("name", "string", "display name"),
        ("aliases", "list of strings", "other names"),
        ("broader", "topic id|null", "the broader topic"),
        ("related", "list of topic ids", "related topics, both directions"),
        ("articles", "integer", "number of articles on the topic"),
        ("url", "string", "the topic's page, relative to the site root"),
    )),
    "quotes": ("One row per quote, in article order (newest article first).", (
        ("article", "article id", "where the quote appears"),
        ("number", "integer", "1-based position in the article; the page anchor is "
                              "#quote-N"),
        ("date", "date", "the article's date"),
        ("speaker", "actor id", "who said it"),
        ("text", "string", "the words quoted"),
        ("context", "string|null", "where it was said"),
        ("topics", "list of topic ids", "topics of the quote (the article's if none given)"),
        ("url", "string", "the quote on its article page, relative to the site root"),
    )),
    "relations": ("Typed links between records. `about`, `mentions` and `topic` come from "
                  "articles; `affiliation`, `broader` and `related` from the registry; "
                  "`co_occurs_with` is computed (each actor's strongest partners, "
                  "`weight` = shared articles).", (
        ("source_type", "string", "article, actor or topic"),
        ("source", "string", "id of the source record"),
        ("relation", "string", "about, mentions, topic, affiliation, broader, related or "
                               "co_occurs_with"),
        ("target_type", "string", "actor or topic"),
        ("target", "string", "id of the target record"),
        ("weight", "integer", "1, or the number of shared articles for co_occurs_with"),
    )),
    "statements": ("One row per fact of the registry, as its files state it, with the "
                   "sources given for it: actors by id, then topics by id.", (
        ("entity_type", "string", "actor or topic"),
        ("entity", "string", "id of the actor or topic"),
        ("property", "string", "name, type, alias, weak_alias, affiliation, role, wikidata "
                               "(actors); name, alias, broader, related (topics)"),
        ("value", "string", "a name, a type, an actor or topic id, a role's title, or an "
                            "external id"),
        ("org", "actor id|null", "for a role: the organisation or country it was held in"),
        ("start", "date|null", "for a role: its first day"),
        ("end", "date|null", "for a role: its last day"),
        ("sources", "list of {article, url, retracted, accessed, title}",
         "where the fact comes from: an article of this archive (its id and page, and "
         "`retracted: true` if it was withdrawn) or a page elsewhere (its address, the day "
         "it was read, its title); empty where none is recorded"),
    )),
}


def _articles(site: Site) -> Iterator[dict]:
    for a in site.articles:
        yield {"id": a.id, "title": a.title, "date": a.date.isoformat(),
               "language": a.language, "summary": a.summary, "source_name": a.source.name,
               "source_url": a.source.url, "actors": list(a.actors),
               "mentions": list(a.mentions), "topics": list(a.topics),
               "quotes": len(a.quotes), "url": urls.public(urls.article(a.id, a.date.year))}


def _actors(site: Site) -> Iterator[dict]:
    for x in site.actors.values():
        yield {"id": x.id, "name": x.name, "type": x.type, "aliases": list(x.aliases),
               "weak_aliases": list(x.weak_aliases), "affiliation": x.affiliation,
               "roles": [{"title": r.title, "start": r.start and r.start.isoformat(),
                          "end": r.end and r.end.isoformat(), "org": r.org} for r in x.roles],
               "wikidata": dict(x.ids).get("wikidata"),
               "articles": len(site.articles_by_actor.get(x.id, ())),
               "url": urls.public(urls.actor(x.id))}


def _topics(site: Site) -> Iterator[dict]:
    for x in site.topics.values():
        yield {"id": x.id, "name": x.name, "aliases": list(x.aliases), "broader": x.broader,
               "related": list(site.related_topics.get(x.id, ())),
               "articles": len(site.articles_by_topic.get(x.id, ())),
               "url": urls.public(urls.topic(x.id))}


def _quotes(site: Site) -> Iterator[dict]:
    for a in site.articles:
        for q in a.quotes:
            yield {"article": a.id, "number": q.number, "date": a.date.isoformat(),
                   "speaker": q.speaker, "text": q.text, "context": q.context,
                   "topics": list(q.topics or a.topics),
                   "url": f"{urls.public(urls.article(a.id, a.date.year))}#quote-{q.number}"}


def _relations(site: Site) -> Iterator[dict]:
    def row(st, s, rel, tt, t, w=1):
        return {"source_type": st, "source": s, "relation": rel, "target_type": tt,
                "target": t, "weight": w}

    for a in site.articles:
        yield from (row("article", a.id, "about", "actor", x) for x in a.actors)
        yield from (row("article", a.id, "mentions", "actor", x) for x in a.mentions)
        yield from (row("article", a.id, "topic", "topic", x) for x in a.topics)
    for x in site.actors.values():
        if x.affiliation:
            yield row("actor", x.id, "affiliation", "actor", x.affiliation)
    for x in site.topics.values():
        if x.broader:
            yield row("topic", x.id, "broader", "topic", x.broader)
        yield from (row("topic", x.id, "related", "topic", o)
                    for o in site.related_topics.get(x.id, ()) if x.id < o)
    for actor_id, tallies in site.co_actors.items():
        yield from (row("actor", actor_id, "co_occurs_with", "actor", t.id, t.count)
                    for t in tallies)


def _sources(site: Site, citations) -> list[dict]:
    out = []
    for c in citations:
        if c.article in site.article_by_id:
            article = site.article_by_id[c.article]
            out.append({"article": c.article,
                        "url": urls.public(urls.article(c.article, article.date.year))})
        elif c.article:  # retracted: its address holds the notice
            year = next(r.year for r in site.retracted if r.id == c.article)
            out.append({"article": c.article,
                        "url": urls.public(urls.article(c.article, year)), "retracted": True})
        else:
            out.append({k: v for k, v in (("url", c.url), ("accessed", c.accessed and
                                                          c.accessed.isoformat()),
                                          ("title", c.title)) if v})
    return out


def _statements(site: Site) -> Iterator[dict]:
    def row(kind, entity, prop, value, citations=(), org=None, start=None, end=None):
        return {"entity_type": kind, "entity": entity, "property": prop, "value": value,
                "org": org, "start": start and start.isoformat(),
                "end": end and end.isoformat(), "sources": _sources(site, citations)}

    for x in site.actors.values():
        names = dict(x.name_sources)
        yield row("actor", x.id, "name", x.name)
        yield row("actor", x.id, "type", x.type)
        yield from (row("actor", x.id, "alias", n, names.get(n, ())) for n in x.aliases)
        yield from (row("actor", x.id, "weak_alias", n, names.get(n, ()))
                    for n in x.weak_aliases)
        if x.affiliation:
            yield row("actor", x.id, "affiliation", x.affiliation, x.affiliation_sources)
        yield from (row("actor", x.id, "role", r.title, r.sources, r.org, r.start, r.end)
                    for r in x.roles)
        yield from (row("actor", x.id, scheme, value) for scheme, value in x.ids)
    for x in site.topics.values():
        names = dict(x.name_sources)
        yield row("topic", x.id, "name", x.name)
        yield from (row("topic", x.id, "alias", n, names.get(n, ())) for n in x.aliases)
        if x.broader:
            yield row("topic", x.id, "broader", x.broader, x.broader_sources)
        related = dict(x.related_sources)
        yield from (row("topic", x.id, "related", o, related.get(o, ())) for o in x.related)


ROWS = {"articles": _articles, "actors": _actors, "topics": _topics, "quotes": _quotes,
        "relations": _relations, "statements": _statements}


def row_counts(site: Site) -> dict[str, int]:
    """The number of rows of each table, counted without making them (but the
    registry's statements, a few per entry)."""
    articles = site.articles
    return {
        "articles": len(articles), "actors": len(site.actors), "topics": len(site.topics),
        "quotes": sum(len(a.quotes) for a in articles),
        "relations": (sum(len(a.actors) + len(a.mentions) + len(a.topics) for a in articles)
                      + sum(1 for x in site.actors.values() if x.affiliation)
                      + sum(1 for x in site.topics.values() if x.broader)
                      + sum(1 for x, others in site.related_topics.items()
                            for o in others if x < o)
                      + sum(len(t) for t in site.co_actors.values())),
        "statements": sum(1 for _ in _statements(site)),
    }


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_JSON_LIST = json.JSONEncoder(ensure_ascii=False).encode
_JSON_STRING = json.encoder.encode_basestring  # what that encoder writes a string as


def _json_cell(items: list) -> str:
    """A list as one CSV cell: what `_JSON_LIST` writes, made directly for a list of
    strings (an encoder call costs ten times as much, and a table has tens of
    thousands of such cells)."""
    if all(type(item) is str for item in items):
        return "[" + ", ".join(map(_JSON_STRING, items)) + "]"
    return _JSON_LIST(items)
BATCH = 2000  # rows encoded per call: few calls, and never a whole table of objects


DATAPACKAGE = urls.data_file("datapackage.json")
FORMATS = (("json", "application/json"), ("csv", "text/csv"))
PRIMARY_KEYS = {"articles": ["id"], "actors": ["id"], "topics": ["id"],
                "quotes": ["article", "number"]}


BY_YEAR = ("articles", "quotes", "relations")
REGISTRY = "registry"  # the part of the relations that no article makes


def parts(site: Site, name: str) -> list[str]:
    """The files one table is written as: [""] for a table written whole, else the
    years it has rows of, newest first (and the relations' `REGISTRY`)."""
    if name not in BY_YEAR:
        return [""]
    years = dict.fromkeys(str(a.date.year) for a in site.articles
                          if name != "quotes" or a.quotes)
    return [*years, REGISTRY] if name == "relations" else list(years)


def _part_of(site: Site, name: str) -> Callable[[dict], str] | None:
    """Which part (`parts`) a row of the table goes to; None for a table written whole."""
    if name in ("articles", "quotes"):
        return lambda row: row["date"][:4]
    if name == "relations":
        years = {a.id: str(a.date.year) for a in site.articles}
        return lambda row: (years[row["source"]] if row["source_type"] == "article"
                            else REGISTRY)
    return None


def part_path(name: str, part: str, ext: str) -> str:
    return urls.data_file(f"{name}/{part}.{ext}" if part else f"{name}.{ext}")


def files(site: Site) -> list[tuple[str, str, str, str, str]]:
    """(table, part, path, format, media type) of every export file, in the order
    published."""
    return [(name, part, part_path(name, part, ext), ext, media)
            for name in TABLES for part in parts(site, name) for ext, media in FORMATS]


def _field_type(kind: str) -> str:
    """A documented column type as a Table Schema type; ids are strings, and a list is
    a JSON array (in CSV, one cell)."""
    if kind.startswith("list"):
        return "array"
    return {"date": "date", "integer": "integer"}.get(kind, "string")


def _part_about(name: str, part: str) -> str:
    if not part:
        return ""
    if part == REGISTRY:
        return " This file: the relations no article makes."
    return f" This file: the {name} of articles published in {part}."


def datapackage(site: Site, site_name: str, licence: Licence, base_url: str = "") -> str:
    """data/datapackage.json: the package, its licence and one resource per file."""
    name = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "archive"
    package: dict = {
        "profile": "data-package",
        "name": name,
        "title": f"{site_name}: open data",
        "description": "Every article, actor, topic, quote and relation of the archive, "
                       "and every fact of its registry with its sources, as JSON and "
                       "CSV. Article texts are on the article pages; the files hold "
                       "summaries and links.",
        "licenses": [{k: v for k, v in (("name", licence.id), ("path", licence.url),
                                        ("title", licence.name)) if v}],
        "resources": [],
    }
    if base_url:
        package["homepage"] = urls.absolute(base_url, urls.DATA)
    for table, part, path, ext, media in files(site):
        about, columns = TABLES[table]
        resource: dict = {"name": "-".join(filter(None, (table, part, ext))),
                          "path": path.removeprefix(urls.data_file("")),
                          "format": ext, "mediatype": media, "encoding": "utf-8",
                          "description": about + _part_about(table, part)}
        if ext == "csv":
            resource["profile"] = "tabular-data-resource"
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "header": True}
            resource["schema"] = {
                "fields": [{"name": c, "type": _field_type(kind), "description": meaning}
                           for c, kind, meaning in columns],
                "missingValues": [""],
            }
            if table in PRIMARY_KEYS:
                resource["schema"]["primaryKey"] = PRIMARY_KEYS[table]
        package["resources"].append(resource)
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


DATAPACKAGE_NAME = "datapackage"


def export_names() -> list[str]:
    """What `iter_export` makes, in the order published: each table, then the package."""
    return [*TABLES, DATAPACKAGE_NAME]


def iter_exports(site: Site, site_name: str = "Archive", licence: Licence = CC_BY_4,
                 base_url: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for the JSON and the CSV file of each table, then datapackage.json."""
    for name in export_names():
        yield from iter_export(site, name, site_name, licence, base_url)


def iter_export(site: Site, name: str, site_name: str = "Archive",
                licence: Licence = CC_BY_4, base_url: str = "") -> Iterator[tuple[str, str]]:
    """The JSON and the CSV file of each part of one table (`parts`), or
    datapackage.json (`export_names`)."""
    if name == DATAPACKAGE_NAME:
        yield DATAPACKAGE, datapackage(site, site_name, licence, base_url)
        return
    part_of = _part_of(site, name)
    if part_of is None:
        yield from _encoded(name, "", ROWS[name](site))
        return
    grouped = groupby(ROWS[name](site), key=part_of)
    pending = next(grouped, None)
    for part in parts(site, name):
        if pending is not None and pending[0] == part:
            yield from _encoded(name, part, pending[1])  # the group used up, then the next
            pending = next(grouped, None)
        else:  # a part without rows (the registry's relations, say) is still published
            yield from _encoded(name, part, iter(()))
    if pending is not None:  # a row out of its part's order: a bug, never a file
        raise RuntimeError(f"{name}: rows of {pending[0]!r} after their part")


def _encoded(name: str, part: str, rows: Iterator[dict]) -> Iterator[tuple[str, str]]:
    """The JSON and the CSV file of `rows`.

    Rows are encoded a batch at a time, so a table is held as text, never as Python
    objects. The JSON is what `json.dumps(rows)` would write; in CSV a list is a JSON
    array in one cell and a null is an empty cell."""
    _, columns = TABLES[name]
    cells = itemgetter(*(c for c, _, _ in columns))
    lists = [i for i, (_, kind, _) in enumerate(columns) if kind.startswith("list")]
    encoded: list[str] = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c for c, _, _ in columns])
    while batch := list(islice(rows, BATCH)):
        encoded.append(_JSON(batch)[1:-1])
        if lists:
            for row in map(cells, batch):
                row = list(row)
                for i in lists:
                    row[i] = _json_cell(row[i])
                writer.writerow(row)
        else:
            writer.writerows(map(cells, batch))
    yield part_path(name, part, "json"), "[" + ",".join(encoded) + "]\n"
    del encoded
    yield part_path(name, part, "csv"), out.getvalue()
