"""Atom feeds (RFC 4287): one for the site, one per actor and one per topic.

Written with ElementTree, so every value is escaped by the XML writer. A feed's `updated`
is the date of its newest article, never the time of the build, so that two builds of the
same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from generator import urls
from generator.model import Article, Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 20
EPOCH = dt.date(1970, 1, 1)

ET.register_namespace("", ATOM)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom(site: Site, base_url: str, feed_path: str, page: str, title: str,
         article_ids) -> str:
    """A feed of the newest FEED_ENTRIES articles among `article_ids` (newest first)."""
    articles = [site.article_by_id[a] for a in list(article_ids)[:FEED_ENTRIES]]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", urls.absolute(base_url, feed_path))
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(articles[0].date if articles else EPOCH))
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=urls.absolute(base_url, feed_path))
    _sub(feed, "link", rel="alternate", type="text/html", href=urls.absolute(base_url, page))
    author = _sub(feed, "author")
    _sub(author, "name", "News and foreign-policy archive")
    for article in articles:
        _entry(feed, site, base_url, article)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(feed: ET.Element, site: Site, base_url: str, article: Article) -> None:
    url = urls.absolute(base_url, urls.article(article.id, article.date.year))
    entry = _sub(feed, "entry")
    _sub(entry, "id", url)
    _sub(entry, "title", article.title)
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "published", _stamp(article.date))
    _sub(entry, "updated", _stamp(article.date))
    _sub(entry, "summary", article.summary)
    for actor_id in article.actors:
        _sub(entry, "category", term=actor_id, label=site.actors[actor_id].name,
             scheme=urls.absolute(base_url, urls.ACTORS))
    for topic_id in article.topics:
        _sub(entry, "category", term=topic_id, label=site.topics[topic_id].name,
             scheme=urls.absolute(base_url, urls.TOPICS))


def render_feeds(site: Site, base_url: str, site_name: str) -> dict[str, str]:
    files = {urls.FEED_ALL: atom(site, base_url, urls.FEED_ALL, urls.HOME, site_name,
                                 [a.id for a in site.articles])}
    for actor_id, actor in site.actors.items():
        path = urls.actor_feed(actor_id)
        files[path] = atom(site, base_url, path, urls.actor(actor_id),
                           f"{actor.name} — {site_name}",
                           site.articles_by_actor.get(actor_id, ()))
    for topic_id, topic in site.topics.items():
        path = urls.topic_feed(topic_id)
        files[path] = atom(site, base_url, path, urls.topic(topic_id),
                           f"{topic.name} — {site_name}",
                           site.articles_by_topic.get(topic_id, ()))
    return files
