"""Finish a page: the Markdown a renderer wrote becomes the HTML body that is published.

Python-Markdown runs here, once, with the extensions of site_config.yml (and the ones
MkDocs always adds), plus the archive's own: first mentions linked in article text
(`mentions`), `rel` on links that leave the site (`extlinks`), and links between pages
made final. A renderer links pages by their paths in the generated tree (`../x/y.md`);
here each becomes the address the reader follows from the built page
(`../../x/y/`), the way MkDocs would have rewritten it, and is checked: a link to a page
or file the site does not have is a defect of the generator, reported by `check_links`.

The finished page keeps its front matter (with `toc`, the headings for the theme's table
of contents) and an HTML body: valid Markdown too, so the same tree builds with or
without the archive plugin.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from generator import urls
from generator.render import text as t
from generator.render.extlinks import ExternalLinksExtension
from generator.render.mentions import MentionExtension

# MkDocs adds these to every site's extensions (mkdocs.config.defaults, markdown_extensions).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


class LinkError(Exception):
    """A generated page links to something the site does not have."""


class _FinalLinks(Treeprocessor):
    """Relative links between generated files, made final and recorded for checking."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.page = ""
        self.targets: dict[str, str] = {}  # every path linked to -> the first page linking it

    def run(self, root: etree.Element) -> None:
        folder = self.page.rpartition("/")[0]
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(key) if key else None
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("/", "#")) or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(folder, parts.path))
            self.targets.setdefault(target, self.page)
            final = urls.href(self.page, target)
            element.set(key, final + (f"#{parts.fragment}" if parts.fragment else ""))


class _Final(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        self.links = _FinalLinks(md)
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

    def __init__(self, extensions: list[str], settings: dict[str, dict]) -> None:
        self.mentions = MentionExtension()
        self.final = _Final()
        self.md = Markdown(extensions=[*extensions, self.mentions, ExternalLinksExtension(),
                                       self.final],
                           extension_configs=settings, output_format="html")

    @property
    def targets(self) -> dict[str, str]:
        return self.final.links.targets

    def page(self, path: str, text: str) -> str:
        """A generated Markdown page, finished; other files are returned as they are."""
        if not path.endswith(".md"):
            return text
        split = t.read_front_matter(text)
        if split is None:
            raise ValueError(f"{path}: generated page without JSON front matter")
        meta, body = split
        self.mentions.linker.links = meta.pop("mention_links", None) or []
        self.final.links.page = path
        html = self.md.reset().convert(body)
        toc = _toc(getattr(self.md, "toc_tokens", []))
        if toc:
            meta["toc"] = toc
        if not (meta.get("search") or {}).get("exclude"):
            meta["search_sections"] = search_sections(html)
        return t.front_matter(meta) + html + "\n"


_SKIP = re.compile(r"<(svg|script|style)\b.*?</\1>", re.S)
_HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    """HTML as one line of text, escaped for the search UI, which shows it as HTML."""
    text = html.unescape(_TAG.sub(" ", fragment))
    return html.escape(" ".join(text.split()), quote=False)


def search_sections(body: str) -> list[dict]:
    """The page's search entries, a section per heading (charts and scripts left out):
    made here from the HTML just written, so that no one parses the built page for them."""
    parts = _HEADING.split(_SKIP.sub(" ", body))
    sections = [{"id": "", "title": "", "text": _plain(parts[0])}] if _plain(parts[0]) else []
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


def check_links(targets: dict[str, str], published: set[str]) -> list[str]:
    """'page -> target' for each path linked to that is not published."""
    return sorted(f"{page} -> {target}" for target, page in targets.items()
                  if target not in published and target + "/index.md" not in published)
