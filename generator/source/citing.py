"""The sources given for facts of the registry (roles, affiliations, aliases, broader and
related topics): an article id must name an article of this archive (E304): a live one,
one of its former ids (note I702: it leads to the article, as its old address does) or a
retracted one (note I705: it leads to the retraction notice); `check
--verbose` lists each role and affiliation given no source (I704), so that maintainers
can fill them in.

These depend on the set of articles, which the resolved actors and topics do not: they
are checked on every run, apart from the entries (which a live preview keeps)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.diagnostics import Report, suggestion
from generator.source.schema import Cited
from generator.source.validate import Draft

FORM = "sources: [ARTICLE-ID or https://...]"


def check_sources(entries: Iterable[Draft], articles: Iterable[Draft],
                  broken: dict[str, str], former: dict[str, str], report: Report
                  ) -> dict[str, str]:
    """E304 for every source naming no live article; I704 for unsourced facts.
    `articles`: every article draft with its own id (retracted ones too); `broken`: the
    id -> the file of each article whose own file has errors (reported there); `former`:
    an article's former id -> its id. Returns the former ids cited -> the article's id."""
    live, retracted = set(), set()
    for draft in articles:
        (retracted if "retracted" in draft.fields else live).add(draft.id)
    renamed: dict[str, str] = {}
    for draft in entries:
        for cited in _cited(draft.fields):
            name = cited.article
            if not name or name in live:
                continue
            if name in broken:  # one mistake, one error: at the article's own file
                report.add("I703", draft.path, cited.line, cited.col,
                           f"article '{name}' has errors in {broken[name]}",
                           f"nothing to change here: once {broken[name]} is fixed, this "
                           "source leads to it")
                continue
            if former.get(name) in live:
                renamed[name] = former[name]
                report.add("I702", draft.path, cited.line, cited.col,
                           f"source '{name}' now leads to article '{former[name]}' "
                           "(its former_ids)",
                           f"it still works; write {former[name]} when you next edit this line")
            elif name in retracted:
                report.add("I705", draft.path, cited.line, cited.col,
                           f"source '{name}' is a retracted article",
                           "its citation leads to the retraction notice: cite another "
                           "article or a web page for this fact")
            else:
                _unknown(draft.path, cited, sorted(live), report)
        _unsourced(draft, report)
    return renamed


def _cited(fields: dict) -> Iterator[Cited]:
    for raw in fields.get("roles", ()):
        yield from raw.get("sources", ())
    for key in ("affiliation", "broader"):
        if key in fields:
            yield from fields[key].sources
    for key in ("aliases", "weak_aliases", "related"):
        for loc in fields.get(key, ()):
            yield from loc.sources


def _unknown(path: str, cited: Cited, live: list[str], report: Report) -> None:
    name = cited.article
    hint = suggestion(name, live) or (
        "write the id of an article (its file name without .md) or a full https:// address")
    report.add("E304", path, cited.line, cited.col,
               f"source '{name}' is not an article of this archive", hint)


def _unsourced(draft: Draft, report: Report) -> None:
    fields = draft.fields
    for raw in fields.get("roles", ()):
        if not raw.get("sources"):
            line, col = raw["_at"]["title"]
            report.add("I704", draft.path, line, col,
                       f"role '{raw['title']}' has no source",
                       f"add {FORM} to the role, if one supports it")
    affiliation = fields.get("affiliation")
    if affiliation is not None and not affiliation.sources:
        report.add("I704", draft.path, affiliation.line, affiliation.col,
                   f"affiliation '{affiliation.value}' has no source",
                   f"write affiliation: {{id: {affiliation.value}, {FORM}}}, if one "
                   "supports it")
