"""Checks that need the resolved content: verbatim quotes, unlisted actors, unused entries,
topics related and narrower at once.

W603 (an actor named in the text but not listed) uses the same matcher as the links in
article pages (`generator.render.mentions.Matcher`): names and plain aliases, case-sensitive,
longest first, whole words only, `never_match` fragments guarded, weak aliases ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set

from generator.diagnostics import Report, line_col
from generator.model import Actor, Article, Content, Topic
from generator.names import NO_SPACE_SCRIPTS, Matcher
from generator.source import verbatim

_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]+`")


def check_quote(path: str, where: tuple[int, int], quote_text: str, body: str,
                body_line: int, report: Report) -> None:
    """W602: a quote must appear, word for word, in the article's text (whose first line
    is `body_line` of the file)."""
    if not verbatim.not_verbatim(quote_text, body):
        return
    advice = ("copy the words exactly from the text (quotation marks and spacing may "
              "differ), or correct the text")
    part = verbatim.parting(quote_text, body, body_line)
    if part is None:
        short = " ".join(quote_text.split())
        short = short if len(short) <= 60 else short[:57] + "..."
        report.add("W602", path, where[0], where[1],
                   f"the quote \"{short}\" does not appear word for word in the article "
                   "text", advice + ", or add the passage to the text")
        return
    quote, text = part.quote, part.text
    report.add("W602", path, where[0], where[1],
               "the quote is not word for word in the article text: where the text "
               f"(line {part.line}) has \"{text.word}\", the quote has \"{quote.word}\"",
               f"quote: \"{quote.context}\"; text: \"{text.context}\"; {advice}")


def unused_entries(content: Content, lines: Mapping[str, tuple[int, int]],
                   report: Report) -> None:
    """I701: registry entries that no article lists, quotes or tags."""
    actors: set[str] = set()
    topics: set[str] = set()
    for article in content.articles:
        actors.update(article.all_actors)
        topics.update(article.topics)
        for quote in article.quotes:
            actors.add(quote.speaker)
            topics.update(quote.topics)
    for kind, entries, used in (("actor", content.actors, actors),
                                ("topic", content.topics, topics)):
        for entry_id, entry in entries.items():
            if entry_id not in used:
                line, col = lines.get(entry.source, (1, 1))
                report.add("I701", entry.source, line, col,
                           f"{kind} '{entry_id}' is not used by any article",
                           f"list it in an article's front matter, or delete {entry.source} "
                           "if it is not needed")


class NameFinder:
    """Every registered actor's matchable names, compiled once for all articles.

    `Matcher` decides which names count and where they lead; its search (one `str.find`
    per name, repeated) suits one article's few actors, not every registered name at
    once, so the same names are compiled here as a trie regex, which finds the same
    matches: leftmost, then longest, with the same boundaries.
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.matcher = Matcher([
            {"url": a.id, "names": list(a.matchable_names), "never": list(a.never_match)}
            for a in actors
        ])
        self.pattern = trie_pattern(self.matcher.target)

    def first_mentions(self, body: str) -> dict[str, int]:
        """{actor id: offset of its first mention} outside code."""
        pattern = self.pattern
        if pattern is None:
            return {}
        text = _blank(_INLINE_CODE, _blank(_FENCE, body))
        found: dict[str, int] = {}
        for match in pattern.finditer(text):
            target = self.matcher.target[match.group(0)]
            if target is not None and target not in found:
                found[target] = match.start()
        return found


_END = ""  # trie key marking the end of a name


def trie_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One regex for many names, factored by common prefixes.

    Same rules as `mentions.Matcher`: a name must not touch a word character on either
    side, except at an end written in a script without spaces between words.
    """
    trie: dict = {}
    for name in names:
        if not name:
            continue
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[_END] = name
    if not trie:
        return None
    branches = []
    for char in sorted(trie):
        tail = _trie_regex(trie[char])
        if NO_SPACE_SCRIPTS.match(char):
            branches.append(re.escape(char) + tail)
        else:  # the character before the first one must not be a word character
            branches.append(re.escape(char) + r"(?<!\w.)" + tail)
    return re.compile("(?:" + "|".join(branches) + ")")


def _trie_regex(node: dict) -> str:
    options = [re.escape(char) + _trie_regex(child)
               for char, child in sorted(node.items()) if char != _END]
    if _END in node:  # shorter name last, so that the longest match wins
        name = node[_END]
        options.append("" if NO_SPACE_SCRIPTS.match(name[-1]) else r"(?!\w)")
    if len(options) == 1:
        return options[0]
    return "(?:" + "|".join(options) + ")"


def _blank(pattern: re.Pattern, text: str) -> str:
    """Replace matches with spaces, keeping every offset and line break in place."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def unlisted_actors(content: Content, report: Report, skip: Set[str] = frozenset()
                    ) -> None:
    """W603: a registered actor named in an article's text but not in its front matter;
    not for the articles whose files are in `skip`."""
    finder = NameFinder(content.actors.values())
    for article in content.articles:
        if article.source_path not in skip:
            _unlisted_in(article, finder, content.actors, report)


def _unlisted_in(article: Article, finder: NameFinder, actors: Mapping[str, Actor],
                 report: Report) -> None:
    listed = set(article.all_actors)
    body = article.body
    for actor_id, offset in sorted(finder.first_mentions(body).items(), key=lambda kv: kv[1]):
        if actor_id in listed:
            continue
        line, col = line_col(body, offset, article.body_line)
        name = actors[actor_id].name
        report.add("W603", article.source_path, line, col,
                   f"{name} ({actor_id}) is named in the text but not listed in the front matter",
                   f"add {actor_id} to 'mentions' (or to 'actors' if the article is about it)")


def topic_relations(drafts: Iterable, topics: Mapping[str, Topic], lookup, report: Report
                    ) -> None:
    """W604: a topic lists as related one that is narrower or broader than it. The pages
    show it as narrower (or broader) only; the hint says which line to remove. `lookup`
    gives the id a reference leads to (None for an unknown one, reported elsewhere)."""
    for draft in drafts:
        topic = topics.get(draft.id)
        if topic is None:
            continue
        for ref in draft.fields.get("related", ()):
            other = lookup(ref.value)
            if other is None or other not in topics:
                continue
            if topics[other].broader == topic.id:
                how = (f"a narrower topic of this one ({topics[other].source} names "
                       f"'{topic.id}' as its broader topic)", "Narrower")
            elif topic.broader == other:
                how = "this topic's broader topic (its `broader`)", "Broader"
            else:
                continue
            report.add("W604", draft.path, ref.line, ref.col,
                       f"'{ref.value}' is listed as related, but it is {how[0]}",
                       f"remove '{ref.value}' from related: the topic page lists it under "
                       f"{how[1]}, and a topic is narrower, broader or related, never two "
                       "of these")
