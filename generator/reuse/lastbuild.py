"""What a build takes from the last build's model, kept in `.cache/` (the counterpart,
across processes, of what a live preview keeps in memory: generator/reuse/preview.py): its
cross-links, when this build's articles' records alone differ from it, and the digests
of every value that did not change (generator/reuse/lastmodel.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.link import link_maps, with_maps
from generator.model import Content, Site
from generator.reuse.lastmodel import LastModel, linked_of

if TYPE_CHECKING:
    from generator.reuse import Reuse
from generator.reuse.reads import Digests, PageCache


class LastBuild:
    """One build's use of the last build's model. `caches` must write (a build's)."""

    def __init__(self, caches: Reuse, content: Content, link_args: tuple) -> None:
        self.caches = caches
        self.files = caches.sources.files
        self.link_args = link_args
        self.model = caches.last_model()
        self.linked = linked_of(self.files, content.articles, self.model)
        # the articles whose records alone differ from the last model's, if that is all
        self.since = (self.model.changed_articles(self.files, self.linked, link_args)
                      if self.model is not None else None)
        self.taken_links = False
        self.maps: dict | None = None  # this site's cross-links, as `link_maps` makes them

    def site(self, content: Content) -> Site | None:
        """The site of `content` with the last build's cross-links, if they are its."""
        if self.since is None:
            return None
        maps = self.caches.last_links(self.model.links)
        if maps is None:
            return None
        self.taken_links = True
        return with_maps(content, maps)

    def restore_digests(self, pages: PageCache, site: Site) -> None:
        """Hand the render the digests of the last model that are this one's."""
        if self.model is None or pages.last is not None:  # (a run in this process)
            return
        if self.since is not None:
            pages.last, pages.changed = Digests.restored(self.model.memo), (None, self.since)
            return
        # files added or removed, cross-links changed: what did not change is kept,
        # given the last cross-links
        self.maps = link_maps(site)
        last_maps = self.caches.last_links(self.model.links)
        if last_maps is not None:
            memo = self.model.unchanged_digests(self.files, self.linked, self.maps, last_maps)
            pages.last, pages.changed = Digests.restored(memo), (None, frozenset())

    def save(self, site: Site, digests: Digests) -> None:
        """Keep this build's model (its cross-links first: the model names them)."""
        if self.taken_links:
            links = self.model.links
        else:
            links = self.caches.save_links(self.maps if self.maps is not None
                                           else link_maps(site))
        self.caches.save_last_model(LastModel(dict(self.files), self.link_args, self.linked,
                                              digests.memo, links))
