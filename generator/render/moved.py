"""Pages at old addresses: a redirect where an entry moved, a notice where it was retracted.

They are plain HTML files, published as they are (no theme, no search entry, not in the
sitemap): a redirect works without JavaScript (`meta refresh` and a link), names the
current page as canonical, and asks search engines not to index it. With JavaScript it
also keeps the address's `#section`, which a refresh drops: an old link to a section
lands on that section of the new page.
"""

from __future__ import annotations

import html
import json

from generator import urls
from generator.model import Site
from generator.outputs import addresses


def _folder(page: str) -> str:
    """The HTML file that answers at a page's address (directory URLs)."""
    return urls.public(page) + "index.html"


def redirect(site_base: str, old_page: str, new_page: str, title: str) -> tuple[str, str]:
    href = urls.href(old_page, new_page)
    target = html.escape(href, quote=True)
    # (in a script, JSON with "<" written as an escape: the text cannot end the element)
    script = json.dumps(href).replace("<", "\\u003c")
    canonical = html.escape(urls.absolute(site_base, new_page), quote=True)
    name = html.escape(title, quote=False)
    return _folder(old_page), (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f"<script>location.replace({script}+location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{target}">{name}</a>.</p>\n'
        "</body>\n</html>\n")


def retraction(page: str, title: str, day: str, reason: str) -> tuple[str, str]:
    name = html.escape(title, quote=False)
    home = html.escape(urls.href(page, urls.HOME), quote=True)
    return _folder(page), (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Retracted: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f"<h1>Retracted: {name}</h1>\n"
        f"<p>This article of {html.escape(day)} was withdrawn from the archive: "
        f"{html.escape(reason, quote=False)}</p>\n"
        f'<p><a href="{home}">Back to the archive</a></p>\n'
        "</body>\n</html>\n")


def iter_moved(site: Site, base_url: str):
    """(path, HTML) of every redirect page and retraction notice (feeds are copied by
    `feeds.iter_feeds`)."""
    titles = {urls.article(a.id, a.date.year): a.title for a in site.articles}
    titles.update((urls.article(r.id, r.year), r.title) for r in site.retracted)
    titles.update((urls.actor(x.id), x.name) for x in site.actors.values())
    titles.update((urls.topic(t.id), t.name) for t in site.topics.values())
    for old, new in addresses.redirects(site).items():
        if old.endswith(".md"):
            yield redirect(base_url, old, new, titles[new])
    for r in site.retracted:
        yield retraction(urls.article(r.id, r.year), r.title, r.date.isoformat(), r.reason)
