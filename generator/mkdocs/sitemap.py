"""The site's sitemap (theme/sitemap.xml): every page's address and date, those carried
over from the last site and those a live preview left as they were included, and
`sitemap.xml.gz` stamped with the content's newest date, not the day of the build."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def as_xml(entries: list[tuple[str, object]]) -> str:
    """theme/sitemap.xml's text for these entries, (address, date or None)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for address, date in entries:
        parts.append(f"\n<url>\n<loc>{escape(address)}</loc>")
        if date:
            parts.append(f"\n<lastmod>{escape(date)}</lastmod>")
        parts.append("\n</url>")
    parts.append("\n</urlset>")
    return "".join(parts)


class Sitemap:
    def __init__(self) -> None:
        self.served: list | None = None  # the entries of a live preview's last sitemap
        self.as_it_was: dict[str, tuple] = {}  # ... of its pages left as they were
        self.newest = ""  # the newest page date (`updated`): the home page's

    def forget(self) -> None:
        """Which pages the last build wrote is unknown: the next one lists them all."""
        self.served, self.as_it_was = None, {}

    def entries(self, files: Files, config: MkDocsConfig, carry, left_as_it_was: set[str],
                serving: bool) -> list[tuple[str, object]]:
        """(address, date or None) of every page of the site, in MkDocs' order: MkDocs'
        own list of pages leaves out those carried over (`carry`) and those a live
        preview left as they were (`left_as_it_was`)."""
        last, self.as_it_was = self.as_it_was, {}
        entries = []
        for file in files:
            src = file.src_uri
            if src in left_as_it_was and src in last:  # a live preview's, as it was
                entry = self.as_it_was[src] = last[src]
                if entry[0]:
                    entries.append(entry)
                continue
            if not file.is_documentation_page():
                continue
            if carry is not None and carry.is_carried(src):
                address, date = carry.sitemap_entry(src)  # as the last build had it
            elif file.page is not None and (file.inclusion.is_included()
                                            or file.src_uri in left_as_it_was):
                page = file.page
                address = page.canonical_url or page.abs_url
                date = sitemap_date(page.meta)
            else:
                continue
            if serving:
                self.as_it_was[src] = (address, date)
            if address:
                entries.append((address, date))
        return entries

    def unchanged(self, entries: list, site_dir: Path) -> bool:
        """Whether a live preview's sitemap in `site_dir` lists `entries` already."""
        same = entries == self.served and (site_dir / "sitemap.xml").is_file()
        self.served = entries
        return same

    def stamp(self, site_dir: Path) -> None:
        # MkDocs stamps sitemap.xml.gz with the newest `update_date` of all pages, which
        # is the day of the build; it is written again here stamped with the newest page
        # date (theme/sitemap.xml), so that the file depends only on the content.
        sitemap = site_dir / "sitemap.xml"
        if sitemap.is_file():
            stamp = 0
            if self.newest:
                day = dt.date.fromisoformat(self.newest)
                stamp = int(dt.datetime(day.year, day.month, day.day,
                                        tzinfo=dt.UTC).timestamp())
            zipped = sitemap.with_name("sitemap.xml.gz")
            text = sitemap.read_bytes()
            made = _made_by_mkdocs(zipped, text)
            if made is not None:  # the same bytes but the stamp (RFC 1952's MTIME)
                made[_MTIME] = stamp.to_bytes(4, "little")
                zipped.write_bytes(made)
                return
            with open(zipped, "wb") as raw, gzip.GzipFile(
                    fileobj=raw, filename=str(zipped), mode="wb", mtime=stamp) as out:
                out.write(text)


_MTIME = slice(4, 8)  # where a gzip member's header holds its time


def _made_by_mkdocs(zipped: Path, text: bytes) -> bytearray | None:
    """MkDocs' sitemap.xml.gz, if it is `text` compressed as the stamp above would
    compress it (Python's gzip, level 9, named sitemap.xml): its time alone is then
    set, and `text` is not compressed a second time (a tenth of a second at 10,000
    articles)."""
    try:
        made = bytearray(zipped.read_bytes())
    except OSError:
        return None
    named = b"sitemap.xml\0"
    # gzip's magic, deflate, a name and no other field, the time, XFL 2 (level 9): the
    # header Python's gzip writes for the stamp's file
    if (made[:4] != b"\x1f\x8b\x08\x08" or made[8] != 2
            or made[10:10 + len(named)] != named):
        return None
    try:
        if gzip.decompress(bytes(made)) != text:
            return None
    except (OSError, EOFError):
        return None
    return made


def sitemap_date(meta: dict):
    """A page's <lastmod> (theme/sitemap.xml): a generated page's `updated`."""
    return meta.get("updated") if meta.get("kind") and meta.get("updated") else None


def page_url(file: File) -> str:
    """The address of a file's page, as MkDocs' Page gives it (`url`) when it makes one."""
    return "" if file.url in (".", "./") else file.url
