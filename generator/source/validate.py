"""Stage 2: check every front matter against the schema and turn it into a draft record.

A draft holds validated values; actor and topic references are still `Loc` strings,
resolved against the registry in the next stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.diagnostics import Report, line_col
from generator.settings import Settings
from generator.source import bodycheck, strays
from generator.source.load import Loaded, Unreadable
from generator.source.schema import INVALID, RECORDS, Ctx, is_placeholder


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str
    id: str
    path: str
    line: int  # first line of the front matter
    fields: dict
    body_utf8: bytes  # UTF-8, as `Article.body_utf8`
    body_line: int

    @property
    def body(self) -> str:
        return self.body_utf8.decode("utf-8")


def validate(loaded: Iterable[Loaded | Unreadable], settings: Settings, report: Report
             ) -> list[Draft]:
    """The draft of each file. An entry (article, actor or topic) whose file has errors
    (reported) gives a draft marked `_broken` with whatever fields did check, so that
    references to it, and sources citing it, say where its errors are instead of calling
    it unknown."""
    drafts: list[Draft] = []
    limits = {
        "actors_per_article": settings.limits.actors_per_article,
        "quotes_per_article": settings.limits.quotes_per_article,
    }
    for item in loaded:
        if isinstance(item, Unreadable):
            drafts.append(_broken_entry(item.kind, item.id, item.path, {}))
            continue
        source = item.text
        ctx = Ctx(source.path, source.fm_first_line, report)
        record = RECORDS[item.kind]
        if source.front_matter is None:
            report.add("E201", source.path, 1, 1, "the front matter is empty",
                       "add the required fields: " + ", ".join(
                           f.name for f in record.fields if f.required))
            drafts.append(_broken_entry(item.kind, item.id, source.path, {}))
            continue
        keys, date = strays.fields_of(source.front_matter)
        other = strays.looks_like(keys, item.kind)
        if other is not None:  # one error, not one per field this kind does not have
            strays.misfiled(source.path, other, item.kind, keys, date, settings, report)
            continue
        values = record.check(source.front_matter, ctx, limits=limits, partial=True)
        if item.kind == "article" and values is not INVALID and "date" in values:
            _check_year_folder(source.path, values, settings, report)
        body_ok = _check_body(item, settings, report)
        if values is INVALID:
            if item.kind == "article":
                continue
            values = {"_broken": True}
        if not body_ok:
            values["_broken"] = True
        if item.kind != "article" and values.get("_broken"):
            drafts.append(_broken_entry(item.kind, item.id, source.path, values))
            continue
        drafts.append(Draft(item.kind, item.id, source.path, source.fm_first_line, values,
                            source.body.encode("utf-8"), source.body_line))
    return drafts


def _broken_entry(kind: str, entry_id: str, path: str, values: dict) -> Draft:
    """An entry whose own file has errors: its id, path and the fields that checked
    (an actor's or topic's names, its references), without its text."""
    return Draft(kind, entry_id, path, 1, {**values, "_broken": True}, b"", 1)


def _check_year_folder(path: str, values: dict, settings: Settings, report: Report) -> None:
    """An article lives in content/articles/YYYY/, YYYY being the year of its date (E208):
    its page is published under the date's year, whatever the folder says."""
    base = f"{settings.content_dir.strip('/')}/articles/"
    if not path.startswith(base):
        return
    folder, _, name = path[len(base):].rpartition("/")
    year = str(values["date"].year)
    if folder == year:
        return
    line, col = values["_at"]["date"]
    where = f"the folder {base}{folder}/" if folder else f"{base} itself, not a year folder"
    report.add("E208", path, line, col,
               f"the article is dated {values['date'].isoformat()} but is in {where}",
               f"move the file to {base}{year}/{name}, or correct the date if it is wrong "
               f"(the page is published under {year})")


def _check_body(item: Loaded, settings: Settings, report: Report) -> bool:
    body = item.text.body
    path = item.text.path
    if len(body) > settings.limits.article_chars:
        report.add("E107", path, item.text.body_line, 1,
                   f"the text is {len(body)} characters, more than the limit of "
                   f"{settings.limits.article_chars}",
                   "split the article, or raise limits.article_chars in site_config.yml")
        return False
    ok = True
    first_line = body.strip().split("\n", 1)[0]
    if is_placeholder(first_line):
        offset = len(body) - len(body.lstrip())
        line, col = line_col(body, offset, item.text.body_line)
        report.add("E207", path, line, col, "the text still holds the placeholder "
                   f"'{first_line[:60]}'",
                   "replace it with the text (for an actor or topic: a short description)")
        ok = False
    for offset, what in bodycheck.control_characters(body):
        line, col = line_col(body, offset, item.text.body_line)
        report.add("E502", path, line, col, f"the text contains the control character {what}",
                   "delete the invisible character (retyping the line usually removes it)")
        ok = False
    if settings.allow_raw_html:
        return ok
    for offset, what in bodycheck.problems(body):
        line, col = line_col(body, offset, item.text.body_line)
        report.add("E501", path, line, col,
                   f"unsafe HTML or link in the text: {what}",
                   "remove scripts, frames, event handlers (on...=) and javascript:, "
                   "vbscript: or data: links; the text is shown to readers, never run")
        ok = False
    return ok

