"""Finish a page: a renderer's `Body` becomes the page that is published.

Renderers write what the generator knows straight to HTML (`markup`), with final
addresses. Python-Markdown runs here only on what contributors wrote (article texts,
actor profiles, topic scope notes), with the extensions of site_config.yml (and the ones
MkDocs always adds), plus the archive's own: first mentions linked in article text
(`mentions`), `rel` on links that leave the site (`extlinks`), and relative links made
final: a path in the generated tree (`../x/y.md`) becomes the address the reader follows
from the built page (`../../x/y/`), the way MkDocs would have rewritten it.

Headings get ids as the toc extension gives them, in page order, whoever wrote them; the
finished page keeps its front matter, with `toc` (the headings for the theme's table of
contents) and `search_sections`, and an HTML body: valid Markdown too, so the same tree
builds with or without the archive plugin. Every page and anchor a page links to is
recorded, and `check_links` reports a link to a page, file or anchor the site does not
have: a defect of the generator.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique
from markdown.treeprocessors import Treeprocessor

from generator import urls
from generator.outputs import search
from generator.render import text as t
from generator.render.extlinks import ExternalLinksExtension
from generator.render.markup import Body, Heading
from generator.render.markup import Markdown as MarkdownText
from generator.render.mentions import MentionExtension
from generator.render.plaintext import PlainTextExtension
from generator.reuse import PageFacts

# MkDocs adds these to every site's extensions (mkdocs.config.defaults, markdown_extensions).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


class LinkError(Exception):
    """A generated page links to something the site does not have."""

    def __init__(self, message: str, broken: list[str] | None = None) -> None:
        super().__init__(message)
        self.broken = broken or []  # 'page -> target[#id]', as check_links lists them


class _FinalLinks(Treeprocessor):
    """Relative links between generated files, made final and recorded for checking."""

    def __init__(self, md: Markdown, base: str) -> None:
        super().__init__(md)
        self.page = ""
        self.base = base  # the path the site is published under, e.g. /news-archive/
        self.targets: dict[str, str] = {}  # every path linked to -> the first page linking it
        self.anchors: dict[tuple[str, str], str] = {}  # (path, id) linked -> first page

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(key) if key else None
            if not value:
                continue
            link = urls.followed(self.page, value)
            if link is None and value.startswith("/"):
                link = urls.from_root(value, self.base)
                if link is None:
                    # from the server's root, outside the site's path: never published,
                    # so the link check reports it (brokenlinks tells the link to write)
                    path = urls.rooted(value)
                    if path is not None:
                        self.targets.setdefault(path, self.page)
                    continue
            if link is None:
                continue
            target, fragment = link
            self.targets.setdefault(target, self.page)
            if fragment:
                self.anchors.setdefault((target, fragment), self.page)
            final = urls.href(self.page, target)
            element.set(key, final + (f"#{fragment}" if fragment else ""))


class _Final(Extension):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def extendMarkdown(self, md: Markdown) -> None:
        self.links = _FinalLinks(md, self.base)
        # after every other tree processor (mentions add links, extlinks reads them)
        md.treeprocessors.register(self.links, "archive_final_links", 0)


def markdown_options(config: dict) -> tuple[list[str], dict[str, dict]]:
    """Extension names and their settings from an MkDocs config's `markdown_extensions`."""
    names: list[str] = list(MKDOCS_BUILTINS)
    settings: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or ():
        if isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                settings[name] = dict(options or {})
        else:
            names.append(str(item))
    return list(dict.fromkeys(names)), settings


class Finisher:
    """One Markdown instance, reset between pages (building it costs more than a page)."""

    def __init__(self, extensions: list[str], settings: dict[str, dict], base: str = "/"
                 ) -> None:
        self.mentions = MentionExtension()
        self.final = _Final(base)  # links from the server's root must stay under `base`
        self.md = Markdown(extensions=[*extensions, self.mentions, ExternalLinksExtension(),
                                       self.final, PlainTextExtension()],
                           extension_configs=settings, output_format="html")
        self.toc = self.md.treeprocessors["toc"]  # its slugify, separator and depth
        self.ids: dict[str, frozenset[str]] = {}  # page -> the element ids it has
        self.facts: dict[str, PageFacts] = {}  # page -> its metadata and search record

    @property
    def targets(self) -> dict[str, str]:
        return self.final.links.targets

    @property
    def anchors(self) -> dict[tuple[str, str], str]:  # (path, id) linked -> first page
        return self.final.links.anchors

    def clear(self) -> None:
        self.targets.clear()
        self.anchors.clear()
        self.ids.clear()
        self.facts.clear()

    def page(self, path: str, body: Body) -> str:
        """A generated page, finished: front matter and its HTML body."""
        meta = dict(body.meta)
        self.mentions.linker.links = meta.pop("mention_links", None) or []
        self.final.links.page = path
        used: set[str] = set()
        headings: list[dict] = []
        out = []
        for part in body.parts:
            if isinstance(part, Heading):
                out.append(self._heading(part, used, headings))
            elif isinstance(part, MarkdownText):
                out.append(self._markdown(part.text, used, headings))
            else:
                out.append(part)
        text = "\n".join(out)
        for target, anchors in body.links.targets.items():
            self.targets.setdefault(target, path)
            for anchor in anchors:
                if anchor:
                    self.anchors.setdefault((target, anchor), path)
        self.ids[path] = frozenset(_ID.findall(text))
        toc = _toc(nest_toc_tokens(headings))
        if toc:
            meta["toc"] = toc
        sections = None
        if not (meta.get("search") or {}).get("exclude"):
            meta["search_sections"] = sections = search_sections(text)
        as_read = t.meta_as_read(meta)
        as_read.pop("search_sections", None)
        # as the plugin would make it from the text, where no sections is none written;
        # as the index writer reads it, made here, in the worker (and held as one line)
        record = (search.stored(search.page_record(urls.public(path), as_read, sections))
                  if sections else None)
        self.facts[path] = PageFacts(as_read, record)
        return t.front_matter(meta) + text + "\n"

    def _in_toc(self, level: int) -> bool:
        return self.toc.toc_top <= level <= self.toc.toc_bottom

    def _heading(self, heading: Heading, used: set[str], headings: list[dict]) -> str:
        """A generated heading, with the id the toc extension would give it."""
        name = strip_tags(heading.inner)
        anchor = unique(self.toc.slugify(html.unescape(name), self.toc.sep), used)
        if self._in_toc(heading.level):
            headings.append({"level": heading.level, "id": anchor, "name": name})
        return f'<h{heading.level} id="{anchor}">{heading.inner}</h{heading.level}>'

    def _markdown(self, text: str, used: set[str], headings: list[dict]) -> str:
        """Contributor text through Python-Markdown; an id its headings share with an
        earlier heading of the page gets the next free suffix, as in one Markdown pass."""
        out = self.md.reset().convert(text)
        at = 0
        for token in _flat(getattr(self.md, "toc_tokens", [])):
            anchor = token["id"]
            if anchor in used:
                new = unique(anchor, used)
                tag = f'<h{token["level"]} id="{anchor}"'
                found = out.find(tag, at)
                if found >= 0:  # not found: an id the contributor set, left as written
                    at = found
                    out = f'{out[:at]}<h{token["level"]} id="{new}"{out[at + len(tag):]}'
                    anchor = new
            else:
                used.add(anchor)
            headings.append({"level": token["level"], "id": anchor, "name": token["name"]})
        return out


def _flat(tokens: list[dict]):
    for token in tokens:
        yield token
        yield from _flat(token["children"])


_ID = re.compile(r'\sid="([^"]+)"')
# left out of the search text: scripts, charts (their names and ticks would make a page
# a hit for every actor of its neighbourhood), citation marks, what a page says about
# itself (markup.Body.about) and the folded rest of a ranking
_SKIP = re.compile(r'<(svg|script|style)\b.*?</\1>|<p data-search-exclude>.*?</p>'
                   r'|<details class="archive-more">.*?</details>'
                   r'|<div class="archive-(?:bars|network__plot)"[^>]*>.*?</div>'
                   r'|<sup class="archive-cite">.*?</sup>', re.S)
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    """HTML as one line of text, escaped for the search UI, which shows it as HTML."""
    text = html.unescape(_TAG.sub(" ", fragment))
    return html.escape(" ".join(text.split()), quote=False)


def search_sections(body: str) -> list[dict]:
    """The page's search entries, a section per heading (charts, scripts and what the
    page says about itself left out): made here from the HTML just written, so that no
    one parses the built page for them."""
    parts = _HEADING.split(_SKIP.sub(" ", body))
    first = _plain(parts[0])
    sections = [{"id": "", "title": "", "text": first}] if first else []
    for at in range(1, len(parts), 4):
        level, anchor, title, text = parts[at:at + 4]
        if level == "1" and not sections:
            anchor = ""  # the page itself
        sections.append({"id": anchor, "title": _plain(title), "text": _plain(text)})
    return sections


def _toc(tokens: list[dict]) -> list[dict]:
    """Headings as the theme's table of contents needs them: level, id, name, children."""
    return [{"level": x["level"], "id": x["id"], "name": x["name"],
             "children": _toc(x["children"])} for x in tokens]


def check_links(targets: dict[str, str], published: set[str],
                anchors: dict[tuple[str, str], str] | None = None,
                ids: dict[str, frozenset[str]] | None = None) -> list[str]:
    """'page -> target' for each path linked to that is not published, and
    'page -> target#id' for each anchor linked to that its page does not have."""
    broken = [f"{page} -> {target}" for target, page in targets.items()
              if target not in published and target + "/index.md" not in published]
    for (target, anchor), page in (anchors or {}).items():
        has = (ids or {}).get(target) or (ids or {}).get(target + "/index.md", ())
        if anchor not in has:
            broken.append(f"{page} -> {target}#{anchor}")
    return sorted(broken)
