"""Stage 5: render the linked site into pages and files. No disk, no MkDocs, and no
cache state: what earlier runs made is handed in as a value (`Reused`), and what this
run made is handed back (`Rendering`) for reuse to keep (generator/reuse/reads.py).

The result maps paths relative to the docs root to text: finished pages (`.md`: front
matter and an HTML body), and the files published as they are (Atom feeds, JSON and CSV
exports, pages at old addresses, and `addresses.json`, the list of them all).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial

from generator import urls
from generator.model import CC_BY_4, Licence, Site
from generator.outputs import addresses
from generator.outputs.export import export_names, iter_export, iter_exports
from generator.outputs.feeds import feed_keys, iter_feed, iter_feeds
from generator.render.actor import render_actor
from generator.render.article import render_article
from generator.render.extras import render_data_page, render_network
from generator.render.finish import Finisher, LinkError, check_links, markdown_options
from generator.render.indexes import (
    render_actor_index,
    render_archive,
    render_home,
    render_topic_index,
)
from generator.render.moved import iter_moved
from generator.render.topic import render_topic
from generator.render.workers import in_parallel
from generator.reuse import (
    Digests,
    EntryKey,
    PageFacts,
    RenderedEntry,
    Rendering,
    Reused,
    Tracked,
    decoded,
    text_digest,
)


class PageCollision(Exception):
    """Two pages would be written at one path."""


@dataclass(frozen=True)
class Options:
    """What pages say about the site as a whole, from site_config.yml."""

    latest: int = 10  # articles on the home page
    base_url: str = ""  # site_url: where a full address is needed (feeds, structured data)
    site_name: str = "Archive"
    description: str = ""  # site_description
    licence: Licence = CC_BY_4  # the open data's (`data_licence`)
    markdown: tuple = ()  # markdown_extensions, as MkDocs reads them
    edit_base: str = ""  # where a source file's path makes its edit address
    workers: int = 1  # processes that render and finish pages
    corrections_policy: str = ""  # its address (`corrections_policy`), or ""

    @classmethod
    def of(cls, settings) -> Options:
        edit = (f"{settings.repo_url.rstrip('/')}/edit/{settings.edit_branch}/"
                if settings.repo_url else "")
        return cls(settings.latest_articles, settings.site_url, settings.site_name,
                   settings.site_description, settings.data_licence,
                   settings.markdown_extensions, edit, settings.worker_count,
                   policy_address(settings.site_url, settings.corrections_policy))


def policy_address(base_url: str, policy: str) -> str:
    """A page of the site (`about.md#corrections`) as its full address; an address as is."""
    if not policy or "://" in policy:
        return policy
    page, _, anchor = policy.partition("#")
    return urls.absolute(base_url, page) + (f"#{anchor}" if anchor else "")


def render(site: Site, options: Options = Options()) -> dict[str, str]:
    """Every page and file of the site: {path relative to the docs root: text}, sorted."""
    return dict(sorted(iter_render(site, options)))


def iter_render(site: Site, options: Options = Options(), reused: Reused | None = None,
                rendering: Rendering | None = None, digests_out: dict[str, str] | None = None,
                undecoded: bool = False, facts_out: dict[str, PageFacts] | None = None):
    """The same pages one at a time, so that a writer need not hold them all at once.
    Each page is finished (`finish`): an HTML body with final links, checked at the end.
    Pages are made by `options.workers` processes, in the same order whatever their number.

    With what earlier runs made (`reused`), an entry whose recorded reads are unchanged
    is taken from it instead of being rendered; `rendering` (required then) gets what
    this run made, and `digests_out` the `text_digest` of each page known. With
    `undecoded`, a text may be its UTF-8 (as the page cache keeps it). `facts_out` gets
    the typed facts (`PageFacts`) of each page this run rendered."""
    seen: set[str] = set()

    def put(path: str, text: str):
        if path in seen:
            raise PageCollision(f"two pages would be written at {path}")
        seen.add(path)
        return path, text

    links = []  # each entry's (entry, targets, anchors, ids); not its pages, which go
    for made in _made(site, options, reused, rendering):
        if not undecoded:
            made = _decoded(made, rendering)
        links.append((made.entry, made.targets, made.anchors, made.ids))
        _note_digests(made, digests_out)
        if facts_out is not None and made.facts:
            facts_out.update((path, facts) for (path, _), facts
                             in zip(made.pages, made.facts, strict=True) if facts is not None)
        for path, text in made.pages:
            yield put(path, text)
    if reused is None:
        for group in FILES:
            for path, text in _make_group(site, options, group):  # one at a time
                # held as UTF-8 until written: a feed with one character past Latin-1
                # (a title's dash) takes two bytes a character as a str
                yield put(path, text.encode("utf-8") if undecoded else text)
    else:
        for entry in _file_entries(site):  # made with the pages (`_made`)
            made = rendering.entries[entry]
            if not undecoded:
                made = _decoded(made, rendering)
            _note_digests(made, digests_out)
            for item in made.pages:
                yield put(*item)
    yield addresses.ADDRESSES, addresses.listing(sorted(seen), site)
    checked = reused.published if reused is not None else None
    fresh = rendering.fresh if rendering is not None else {}
    _check_links(links, seen, checked, fresh)
    if rendering is not None:
        rendering.published = seen


def _check_links(links: list, seen: set[str], checked: set[str] | None,
                 fresh: dict) -> None:
    """Raise LinkError if a page links to a page or anchor the site does not have.
    `links`: each entry's (entry, targets, anchors, ids), in the order published."""
    # The first page linking each target or anchor names it in an error: merged last to
    # first, an entry's links at once. The pages link millions of targets in a large
    # archive: they are merged only if one is not published, checked an entry at a
    # time; a run whose pages are those of the last run (`checked`), which passed,
    # checks only the targets of the entries it rendered (`fresh`): the others' are
    # not even read (`PackedTargets`).
    targets: dict[str, str] = {}
    anchors: dict[tuple[str, str], str] = {}
    ids: dict[str, frozenset[str]] = {}
    for _, _, made_anchors, made_ids in reversed(links):
        anchors.update(made_anchors)
        ids.update(made_ids)  # each page's, from its one entry
    to_check = links
    if checked is not None and checked == seen:
        to_check = [link for link in links if link[0] in fresh]
    addresses_of = set(seen)  # a page's folder is its address too
    addresses_of.update(path[:-len(INDEX)] for path in seen if path.endswith(INDEX))
    if not all(made_targets.keys() <= addresses_of for _, made_targets, _, _ in to_check):
        for _, made_targets, _, _ in reversed(links):
            targets.update(made_targets)
    del to_check
    broken = check_links(targets, seen, anchors, ids)
    if broken:
        raise LinkError("generated pages link to pages or anchors the site does not have: "
                        + "; ".join(broken[:10]), broken)


def _decoded(made: RenderedEntry, rendering: Rendering | None) -> RenderedEntry:
    """`made` decoded; in `rendering`, the decoded one replaces what it holds of `made`
    (the same pages, without the facts), so that the cache keeps it decoded, decoded
    once, and knows it for what its files hold."""
    entries = rendering.entries if rendering is not None else None
    held = entries.get(made.entry) if entries is not None else None
    if held is None or held.pages is not made.pages:
        return decoded(made)
    new = decoded(held)
    if new is held:
        return made
    entries[made.entry] = new
    rendering.decoded[made.entry] = (held, new)
    return new if made is held else replace(made, pages=new.pages)


# The files published as they are, in this order: made a group at a time without a
# cache, and with one an entry at a time (each feed, each export, the moved pages), so
# that an edit makes again only the feeds and tables that read what it changed; the
# workers make those with the stale pages (`_made`)
FILES = ("feeds", "exports", "moved")
INDEX = "/index.md"


def _note_digests(made: RenderedEntry, out: dict[str, str] | None) -> None:
    if out is not None and len(made.digests) == len(made.pages):
        out.update(zip((path for path, _ in made.pages), made.digests, strict=True))


def _make_group(site: Site, options: Options, group: str):
    base_url, site_name = options.base_url, options.site_name
    if group == "feeds":
        return iter_feeds(site, base_url, site_name)
    if group == "exports":
        return iter_exports(site, site_name, options.licence, base_url)
    return iter_moved(site, base_url)


EXPORT = "export/"  # the key of an open-data table's entry starts with it


def _file_entries(site: Site) -> dict[EntryKey, None]:
    """The entries of the files, in the order `_make_group` makes them."""
    return dict.fromkeys([*(("files", f"feed/{key}") for key in feed_keys(site)),
                          *(("files", EXPORT + name) for name in export_names()),
                          ("files", "moved")])


def _make_files(site: Site, options: Options, entry: EntryKey):
    group, _, name = entry[1].partition("/")
    if group == "feed":
        return iter_feed(site, options.base_url, options.site_name, name)
    if group == "export":
        return iter_export(site, name, options.site_name, options.licence, options.base_url)
    return iter_moved(site, options.base_url)


def _made(site: Site, options: Options, reused: Reused | None,
          rendering: Rendering | None) -> Iterator[RenderedEntry]:
    """Every entry's finished pages, in the order they are published. With what earlier
    runs made, the files' entries are made (or taken) too, and left in
    `rendering.entries` for `iter_render` to publish after the pages."""
    entries = list(_entries(site))
    if reused is None:
        for made in in_parallel(_finished, site, options, list(_tasks(entries, False)),
                                options.workers):
            yield from made
        return
    # The files (feeds, exports, the moved pages) are entries too, made with the pages
    # and kept in the cache beside them, but published after them (`iter_render`).
    files = list(_file_entries(site))
    # After a save that changed only some articles' records, the entries that read none
    # of what changed are as they were (a live preview's; their reads are not checked)
    digests, suspects, last = reused.digests, reused.suspects, reused.entries
    unchanged = {}
    for entry in (*entries, *files):
        old = last.get(entry)
        if old is not None and ((suspects is not None
                                 and reused.readers.unchanged(entry, suspects))
                                or digests.still(old.deps)):
            unchanged[entry] = old
    stale = [entry for entry in entries if entry not in unchanged]
    # The stale files first, each table alone and the largest last time first (the
    # relations table takes as long as the other tables together): a new actor or
    # article changes four tables, and the workers share them out with the pages.
    stale_files = sorted((entry for entry in files if entry not in unchanged),
                         key=lambda entry: -_size(last.get(entry)))
    tasks = [*_tasks(stale_files, True, alone=EXPORT), *_tasks(stale, True)]
    # The digests worked out above are handed on (to forked workers as they are): the
    # stale entries' reads are mostly among them (the index pages read every article).
    # Each entry's digests are learnt as it comes: the next run compares with these
    # (workers kept theirs), and its reads are held once for every entry (`learn`).
    fresh = {made.entry: replace(made, deps=digests.learn(made.deps))
             for done in in_parallel(partial(_finished, digests=digests), site, options,
                                     tasks, options.workers)
             for made in done}
    # what is kept for later runs holds no facts: those are this run's pages' alone
    stored = {entry: replace(made, facts=()) for entry, made in fresh.items()}
    rendering.entries = {entry: unchanged.get(entry) or stored[entry]
                         for entry in (*entries, *files)}
    rendering.fresh = stored
    yield from (fresh.get(entry) or unchanged[entry] for entry in entries)


TASK_SIZE = 40  # entries per task: small enough to share out, large enough to be cheap


# The site-wide pages, one entry each: an edit re-renders only those that read what it
# changed (an article's text is read by none of them).
INDEXES = ("home", "archive", "actors", "topics", "network", "data")


def _entries(site: Site) -> Iterator[EntryKey]:
    """What pages are made of, in the order they are published: the index pages, then
    each article, actor and topic."""
    for page in INDEXES:
        yield ("indexes", page)
    for article in site.articles:
        yield ("articles", article.id)
    for kind, entries in (("actors", site.actors), ("topics", site.topics)):
        for key in entries:
            yield (kind, key)


def _size(made: RenderedEntry | None) -> int:
    """How long the texts of an entry were, as a guess of how long it takes to make."""
    return 0 if made is None else sum(len(text) for _, text in made.pages)


def _tasks(entries: list[EntryKey], track: bool, alone: str | None = None):
    """The entries to make, TASK_SIZE at a time: (entries, track their reads); an entry
    whose key starts with `alone`, a task of its own."""
    batch: list[EntryKey] = []
    for entry in entries:
        if alone is not None and entry[1].startswith(alone):
            yield ((entry,), track)
            continue
        batch.append(entry)
        if len(batch) == TASK_SIZE:
            yield (tuple(batch), track)
            batch = []
    if batch:
        yield (tuple(batch), track)


def _pages(site: Site, options: Options, entry: EntryKey):
    """The pages of one entry, as the renderers make them (`markup.Body`)."""
    kind, key = entry
    base_url, site_name = options.base_url, options.site_name
    if kind == "indexes":
        if key == "home":
            yield render_home(site, options.latest, site_name, base_url, options.description,
                              options.corrections_policy)
        elif key == "archive":
            yield from render_archive(site, base_url)
        elif key == "actors":
            yield render_actor_index(site, base_url)
        elif key == "topics":
            yield render_topic_index(site, base_url)
        elif key == "network":
            yield from render_network(site, base_url)
        else:
            yield render_data_page(site, base_url, site_name, options.licence)
    elif kind == "articles":
        yield render_article(site, site.article_by_id[key], base_url, site_name,
                             options.edit_base)
    elif kind == "actors":
        yield from render_actor(site, site.actors[key], base_url, options.edit_base)
    else:
        yield from render_topic(site, site.topics[key], base_url, options.edit_base)


_FINISHERS: dict[str, Finisher] = {}  # one per process and set of extensions


def _finished(site: Site, options: Options, task, digests: Digests | None = None
              ) -> list[RenderedEntry]:
    """The finished pages of each entry of one task, what they link to and, if asked,
    what they read (with the digests of `digests`, those of this model, if given)."""
    entries, track = task
    base = urls.base_path(options.base_url)
    key = repr((options.markdown, base))
    finisher = _FINISHERS.get(key)
    if finisher is None:
        finisher = _FINISHERS[key] = Finisher(
            *markdown_options({"markdown_extensions": list(options.markdown)}), base)
    if track and digests is None:
        digests = Digests(site)
    made = []
    for entry in entries:
        finisher.clear()
        view = Tracked(site) if track else site
        if entry[0] == "files":  # published as they are
            pages = list(_make_files(view, options, entry))
        else:
            pages = [(path, finisher.page(path, body))
                     for path, body in _pages(view, options, entry)]
        deps: tuple = ()
        if digests is not None:
            deps = digests.deps(view.reads)
        made.append(RenderedEntry(
            entry, tuple(pages), dict(finisher.targets), dict(finisher.anchors),
            dict(finisher.ids), deps,
            tuple(text_digest(text) for _, text in pages) if track else (),
            tuple(finisher.facts.get(path) for path, _ in pages)))
    return made
