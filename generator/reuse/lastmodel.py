"""What a build keeps of its model for the next one, in `.cache/digests.msgpack`: the
digest of every read its pages made (generator/reuse/reads.py `Digests`), with the
key of every source file the model was made from.

Digesting what every entry read costs seconds in a large archive, and after most edits
nearly all of it is as it was. The model is a function of the source files:
- when the next build's files are the same but some articles', and those articles are
  the same in everything `link` reads (`link.relink`'s condition, checked on a digest of
  those fields kept per article), its site is the last one with those articles' records
  replaced: its cross-links are the last ones, and every digest but those of reads of
  those articles (or of all articles) is the last one (`changed_articles`);
- otherwise (files added, removed or renamed, an actor or topic changed, an article's
  date, actors, topics or quotes changed), a digest is kept if what it read cannot
  have changed: not an article whose file or cross-linked fields changed, not an actor
  or topic if any actor or topic file changed, not a cross-link whose value differs
  from the last one's (`unchanged_digests`, given both models' cross-links).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from generator.link import linked_by
from generator.model import Article
from generator.reuse.reads import ALL

FileKeys = dict[str, tuple[str, bytes]]  # source path -> (kind, key of its bytes)
Linked = dict[str, tuple[str, bytes]]  # article source path -> (id, `linked_digest`)


@dataclass
class LastModel:
    files: FileKeys
    link_args: tuple
    linked: Linked
    memo: dict = field(default_factory=dict)  # read -> digest (`Digests`)
    # the token of its cross-links in `.cache/links.msgpack` (`link.link_maps`), which
    # are those of a build whose articles' records alone differ from it
    links: str = ""

    def changed_articles(self, files: FileKeys, linked: Linked, link_args: tuple
                         ) -> frozenset[str] | None:
        """The ids of the articles whose records alone differ between this model and
        the one made of `files` (whose articles are `linked`, linked with `link_args`),
        if that is all that differs; None otherwise."""
        if link_args != self.link_args or files.keys() != self.files.keys():
            return None
        ids = set()
        for rel, found in files.items():
            if self.files[rel] == found:
                continue
            if found[0] != "article" or rel not in linked or linked[rel] != self.linked.get(rel):
                # (a file with no live article: retracted, say, changed more than a record)
                return None
            ids.add(linked[rel][0])
        return frozenset(ids)

    def unchanged_digests(self, files: FileKeys, linked: Linked, maps: dict,
                          last_maps: dict) -> dict:
        """The digests of this model that are those of the model made of `files`
        (whose articles are `linked`, and cross-links `maps`), given this model's
        cross-links `last_maps` (both as `link.link_maps` makes them)."""
        # read whole, or all of them: digested again
        dropped = {"articles", "retracted"}
        if _registry(files) != _registry(self.files):
            dropped.update(("actors", "topics"))
        changed_ids = set()
        for rel in linked.keys() | self.linked.keys():
            now, then = linked.get(rel), self.linked.get(rel)
            if now != then or files.get(rel) != self.files.get(rel):
                changed_ids.update(found[0] for found in (now, then) if found is not None)
        keys = {("article_by_id", article_id) for article_id in changed_ids}
        some_changed = {"article_by_id"}  # (its keys, read as ALL, with any article)
        for name, (kind, values) in maps.items():
            last_kind, last_values = last_maps.get(name, (None, {}))
            for key in values.keys() | last_values.keys():
                value, last = values.get(key), last_values.get(key)
                # a quote is kept by its article and number: its text may have changed
                if value != last or kind != last_kind or (kind == "quote" and any(
                        q[0] in changed_ids for q in (*(value or ()), *(last or ())))):
                    keys.add((name, key))
                    some_changed.add(name)
        return {read: digest for read, digest in self.memo.items()
                if read[0] not in dropped and read[:2] not in keys
                and not (read[1] == ALL and read[0] in some_changed)}


def linked_of(files: FileKeys, articles: tuple[Article, ...], last: LastModel | None
              ) -> Linked:
    """(id, `linked_digest`) of each article, taken from the `last` model for each
    article whose file is the same, if every actor and topic file is too (an article's
    record depends on its file and on them)."""
    same: set[str] = set()
    if last is not None and _registry(files) == _registry(last.files):
        same = {rel for rel, found in files.items() if last.files.get(rel) == found}
    linked = {}
    for article in articles:
        rel = article.source_path
        old = last.linked.get(rel) if rel in same else None
        linked[rel] = old if old is not None else (article.id, linked_digest(article))
    return linked


def _registry(files: FileKeys) -> FileKeys:
    return {rel: found for rel, found in files.items() if found[0] != "article"}


def linked_digest(article: Article) -> bytes:
    return hashlib.blake2b(repr(linked_by(article)).encode(), digest_size=16).digest()
