"""What a build keeps of its model for the next one, in `.cache/digests.pickle`: the
digest of every read its pages made (generator/render/depends.py `Digests`), with the
key of every source file the model was made from.

Digesting what 18,000 entries read costs seconds at 10,000 articles, and after most
edits nearly all of it is as it was. The model is a function of the source files: when
the next build's files are the same but some articles', and those articles are the same
in everything `link` reads (`link.relink`'s condition, checked here on a digest of those
fields kept per article), its site is the last one with those articles' records
replaced, and every digest but those of reads of those articles (or of all articles) is
the last one. Anything else (a file added, removed, renamed, an actor or topic changed,
an article's date, actors, topics or quotes changed) and the digests are made afresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from generator.link import linked_by
from generator.model import Article

FileKeys = dict[str, tuple[str, bytes]]  # source path -> (kind, key of its bytes)


@dataclass
class LastModel:
    files: FileKeys
    link_args: tuple
    linked: dict[str, bytes]  # article source path -> `linked_digest` of its article
    memo: dict = field(default_factory=dict)  # read -> digest (`Digests`)
    # the token of its cross-links in `.cache/links.pickle` (`link.link_maps`), which
    # are those of a build whose articles' records alone differ from it
    links: str = ""

    def changed_articles(self, files: FileKeys, articles: tuple[Article, ...],
                         link_args: tuple) -> frozenset[str] | None:
        """The ids of the articles whose records alone differ between this model and
        the one made of `files` (whose articles are `articles`, linked with
        `link_args`), if that is all that differs; None otherwise."""
        if link_args != self.link_args or files.keys() != self.files.keys():
            return None
        changed = {rel for rel, found in files.items() if self.files[rel] != found}
        if any(files[rel][0] != "article" for rel in changed):
            return None
        ids = []
        for article in articles:
            if article.source_path in changed:
                if self.linked.get(article.source_path) != linked_digest(article):
                    return None
                ids.append(article.id)
                changed.discard(article.source_path)
        # a changed file with no live article (retracted, say) changed more than a record
        return frozenset(ids) if not changed else None

    @classmethod
    def of(cls, files: FileKeys, articles: tuple[Article, ...], link_args: tuple,
           memo: dict, last: LastModel | None, links: str = "") -> LastModel:
        """This run's model: `linked` is taken from the `last` one for each article
        whose file is the same, if every actor and topic file is too (an article's
        record depends on its file and on them)."""
        same: set[str] = set()
        if last is not None and _registry(files) == _registry(last.files):
            same = {rel for rel, found in files.items() if last.files.get(rel) == found}
        linked = {}
        for article in articles:
            rel = article.source_path
            old = last.linked.get(rel) if rel in same else None
            linked[rel] = old if old is not None else linked_digest(article)
        return cls(dict(files), link_args, linked, memo, links)


def _registry(files: FileKeys) -> FileKeys:
    return {rel: found for rel, found in files.items() if found[0] != "article"}


def linked_digest(article: Article) -> bytes:
    return hashlib.blake2b(repr(linked_by(article)).encode(), digest_size=16).digest()
