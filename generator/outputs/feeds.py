"""Atom feeds (RFC 4287): one for the site, one per actor and one per topic.

Every value goes through `xml.sax.saxutils` escaping (text and attributes); the markup
around them is fixed. That module is imported when feeds are made (`_Entries`): it
imports urllib.request and ssl (14 ms), which a build that makes no feed (one article's
text changed, say) need not load. A feed's `updated` is the date of its newest article,
never the time of the build, so that two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice

from generator import urls
from generator.model import Article, Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 20
EPOCH = dt.date(1970, 1, 1)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(site: Site, base_url: str, feed_path: str, page: str, title: str,
         article_ids, entries: _Entries, includes=None) -> str:
    """A feed of the FEED_ENTRIES articles among `article_ids` (newest first) last
    published or corrected, newest first. `includes(article)`: whether an article is
    among `article_ids` (for those corrected); None: all are.

    `entries` makes each article's <entry> once: it is the same in every feed it is in."""
    escape, quoteattr = entries.escape, entries.quoteattr
    articles = _latest(site, article_ids, includes)
    feed_url = urls.absolute(base_url, feed_path)
    out = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<feed xmlns="{ATOM}">',
        f"<id>{escape(feed_url)}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{_stamp(articles[0].modified if articles else EPOCH)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)} />',
        '<link rel="alternate" type="text/html" '
        f"href={quoteattr(urls.absolute(base_url, page))} />",
        f"<author><name>{escape(entries.author)}</name></author>",
    ]
    out.extend(entries.entry(article) for article in articles)
    out.append("</feed>\n")
    return "".join(out)


def _latest(site: Site, article_ids, includes) -> list[Article]:
    """The newest FEED_ENTRIES articles, with any older one corrected since: a feed
    reader sees a corrected entry again (its `updated` moved)."""
    articles = [site.article_by_id[a] for a in islice(article_ids, FEED_ENTRIES)]
    if not site.corrected:
        return articles
    listed = {a.id for a in articles}
    newest = articles[-1].date if len(articles) == FEED_ENTRIES else EPOCH
    for article_id, day in site.corrected.items():
        if day <= newest:
            break  # (newest correction first) no later one can make the cut
        article = site.article_by_id[article_id]
        if article_id not in listed and (includes is None or includes(article)):
            articles.append(article)
    articles.sort(key=lambda a: a.modified, reverse=True)  # stable: then as listed
    return articles[:FEED_ENTRIES]


class _Entries:
    """Each article's <entry>, and each actor's and topic's <category>, made once."""

    def __init__(self, site: Site, base_url: str, author: str) -> None:
        from xml.sax.saxutils import escape, quoteattr

        self.escape, self.quoteattr = escape, quoteattr
        self.site = site
        self.author = author  # the site's name: the archive speaks for its pages
        self.base_url = base_url
        self.actors_scheme = quoteattr(urls.absolute(base_url, urls.ACTORS))
        self.topics_scheme = quoteattr(urls.absolute(base_url, urls.TOPICS))
        self.entries: dict[str, str] = {}
        self.categories: dict[tuple[str, str], str] = {}

    def entry(self, article: Article) -> str:
        entry = self.entries.get(article.id)
        if entry is None:
            entry = self.entries[article.id] = self._entry(article)
        return entry

    def _category(self, kind: str, entity_id: str) -> str:
        category = self.categories.get((kind, entity_id))
        if category is None:
            if kind == "actor":
                label, scheme = self.site.actors[entity_id].name, self.actors_scheme
            else:
                label, scheme = self.site.topics[entity_id].name, self.topics_scheme
            category = self.categories[(kind, entity_id)] = (
                f"<category term={self.quoteattr(entity_id)} label={self.quoteattr(label)} "
                f"scheme={scheme} />")
        return category

    def _entry(self, article: Article) -> str:
        escape = self.escape
        url = escape(urls.absolute(self.base_url, urls.article(article.id, article.date.year)))
        # The entry id is the address the article was first published at: a feed reader
        # sees a renamed article as the entry it already has, not as a new one.
        year, identity = article.identity
        entry_id = escape(urls.absolute(self.base_url, urls.article(identity, year)))
        parts = [
            f"<entry><id>{entry_id}</id><title>{escape(article.title)}</title>",
            f'<link rel="alternate" type="text/html" href="{url}" />',
            f"<published>{_stamp(article.date)}</published>"
            f"<updated>{_stamp(article.modified)}</updated>",
            f"<summary>{escape(article.summary)}</summary>",
        ]
        parts.extend(self._category("actor", a) for a in article.actors)
        parts.extend(self._category("topic", t) for t in article.topics)
        parts.append("</entry>")
        return "".join(parts)


ALL = "all"  # the key of the site's feed; an actor's is "actor/ID", a topic's "topic/ID"


def feed_keys(site: Site) -> list[str]:
    """Every feed, in the order published: the site's, each actor's, each topic's."""
    return [ALL, *(f"actor/{key}" for key in site.actors),
            *(f"topic/{key}" for key in site.topics)]


def iter_feeds(site: Site, base_url: str, site_name: str):
    """(path, Atom text) for every feed, one at a time: the feeds of a large archive add
    up to tens of megabytes, and each is written before the next is made."""
    entries = _Entries(site, base_url, site_name)
    for key in feed_keys(site):
        yield from iter_feed(site, base_url, site_name, key, entries)


def iter_feed(site: Site, base_url: str, site_name: str, key: str,
              entries: _Entries | None = None):
    """(path, Atom text) of one feed (`feed_keys`), and of its old addresses. `entries`:
    the <entry> of each article made by other feeds already, if any."""
    if entries is None:
        entries = _Entries(site, base_url, site_name)
    if key == ALL:
        yield urls.FEED_ALL, atom(site, base_url, urls.FEED_ALL, urls.HOME, site_name,
                                  [a.id for a in site.articles[:FEED_ENTRIES]], entries)
        return
    kind, _, entry_id = key.partition("/")
    if kind == "actor":
        registry, feed_path, page, articles_by = (site.actors, urls.actor_feed, urls.actor,
                                                  site.articles_by_actor)
    else:
        registry, feed_path, page, articles_by = (site.topics, urls.topic_feed, urls.topic,
                                                  site.articles_by_topic)
    entry = registry[entry_id]
    path = feed_path(entry_id)
    if kind == "actor":
        def includes(article: Article) -> bool:
            return entry_id in article.all_actors
    else:
        def includes(article: Article) -> bool:
            return entry_id in article.topics
    feed = atom(site, base_url, path, page(entry_id), f"{entry.name} — {site_name}",
                articles_by.get(entry_id, ()), entries, includes)
    yield path, feed
    # A feed reader cannot follow a page redirect: an old feed address serves it.
    yield from ((feed_path(old), feed) for old in (*entry.former_ids, *entry.merged_ids))
