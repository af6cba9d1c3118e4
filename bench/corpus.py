"""A synthetic corpus for benchmarks: N articles, ~N/4 actors, ~N/20 topics.

SYNTHETIC DATA. Every name, article and quote here is made up from a seed; nothing refers
to a real person, country or publication. The same (n, seed) always gives the same bytes.

    python -m bench.corpus --n 1000 --seed 1 --out /dev/shm/corpus-1000

writes a repository layout (site_config.yml, theme/, docs/ copied from this repository, and
content/ with the synthetic files) that `python -m generator check` accepts without errors.

Shape, chosen to look like the real archive:
- articles: ~600-word bodies in paragraphs, 2-4 main actors and 2-7 mentions, each named in
  the text by its name or a plain alias; 1-4 topics; 0-3 quotes that appear verbatim in the
  text; dates spread over the years at about three articles a day.
- actors: persons (with roles over time, an affiliation, aliases, weak aliases and
  never-match fragments), countries, organisations and groups. Popularity is Zipf-like
  (weight 1/rank), so a few actors appear in a large share of the articles.
- topics: names, some aliases, broader and related topics; popularity also Zipf-like.

With `hub=True`, one more actor (`hub`, "Hub Person") and one more topic (`everything`)
are listed by every article, so that their pages show what happens to an entry with
thousands of articles (tests/test_scale.py). The other files are the same as without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import shutil
from bisect import bisect
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "SYNTHETIC-CORPUS.md"

# Syllables for made-up names; none of them spells an English word used in the filler text.
_ONSETS = ("b", "d", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "tr",
           "gl", "sk", "th", "zh")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ei")
_CODAS = ("", "n", "r", "s", "th", "k", "l", "x")

_FILLER_TEXT = (
    "the government said on Monday that talks would continue next week in the capital "
    "officials described the meeting as constructive and frank while analysts urged caution "
    "a joint statement called for dialogue restraint and respect for international law "
    "trade ministers discussed tariffs investment and supply chains during the visit "
    "the delegation signed agreements on energy infrastructure and education exchanges "
    "observers noted that the region faces pressure from rising prices and slower growth "
    "diplomats said a further round of consultations was planned before the summit "
    "the ministry reaffirmed its commitment to regional stability and peaceful settlement "
    "humanitarian agencies reported progress on demining and reconstruction in border areas "
    "critics argued that the policy lacked detail and would take years to implement "
    "the parliament is expected to debate the proposal when it returns from recess "
    "both sides agreed to expand cooperation on maritime security and disaster relief "
    "economists warned that sanctions could hurt exporters and small businesses alike "
    "the announcement followed weeks of negotiations between senior officials and envoys "
    "local media reported that the agreement includes provisions on labour and environment"
)
_FILLER = tuple(_FILLER_TEXT.split())

_VERBS = ("meets", "calls", "warns", "signs deal with", "hosts", "criticises", "praises",
          "holds talks with", "urges", "backs")
_TOPIC_WORDS_A = ("Maritime", "Regional", "Border", "Energy", "Trade", "Climate", "Cyber",
                  "Nuclear", "Food", "Water", "Health", "Digital", "Arms", "Refugee", "Labour",
                  "Election", "Debt", "Mekong", "Arctic", "Space")
_TOPIC_WORDS_B = ("security", "cooperation", "disputes", "policy", "sanctions", "reform",
                  "agreements", "talks", "governance", "aid", "crisis", "treaties", "rights",
                  "partnership", "investment")
_ORG_KINDS = ("Institute of Strategic Studies", "Ministry of Foreign Affairs", "Development Bank",
              "Council", "Forum", "Press Agency", "University", "Commission")
_GROUP_KINDS = ("Alliance", "Movement", "Front", "Coalition")
_ROLE_TITLES = ("Foreign Minister", "Prime Minister", "Ambassador", "Trade Minister",
                "Spokesperson", "Defence Minister", "President", "Senator")
_OUTLETS = ("Synthetic Wire", "The Synthetic Herald", "Synthetic Times", "Synthetic Daily",
            "Synthetic Post", "Synthetic Review")
_CONTEXTS = ("press statement", "press conference", "interview", "speech", "tweet")


@dataclass
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    never_match: list[str] = field(default_factory=list)
    affiliation: str | None = None
    roles: list[dict] = field(default_factory=list)


@dataclass
class Topic:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    broader: str | None = None
    related: list[str] = field(default_factory=list)


def _q(value: str) -> str:
    """A YAML scalar written as a JSON string: valid YAML, never re-typed."""
    return json.dumps(value, ensure_ascii=False)


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(p for p in out.split("-") if p)


class _Names:
    """Unique made-up words, drawn deterministically."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int, unique: bool = True) -> str:
        while True:
            parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS)
                     for _ in range(syllables)]
            word = ("".join(parts) + self.rng.choice(_CODAS)).capitalize()
            if word.lower() in _FILLER or (unique and word in self.used):
                continue
            if unique:
                self.used.add(word)
            return word


class _Zipf:
    """Draws indexes 0..n-1 with weight 1/(rank+1)."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.rng = rng
        self.cum = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(n)))

    def draw(self, k: int) -> list[int]:
        chosen: dict[int, None] = {}
        total = self.cum[-1]
        while len(chosen) < min(k, len(self.cum)):
            chosen[bisect(self.cum, self.rng.random() * total)] = None
        return list(chosen)


def make_registry(n: int, rng: random.Random) -> tuple[list[Actor], list[Topic]]:
    names = _Names(rng)
    n_actors = max(12, n // 4)
    n_countries = max(3, min(200, n_actors // 10))
    n_orgs = n_actors // 4
    n_groups = max(1, n_actors // 20)
    claimed: set[str] = set()

    def claim(text: str) -> bool:
        folded = text.casefold()
        if folded in claimed:
            return False
        claimed.add(folded)
        return True

    actors: list[Actor] = []
    countries: list[Actor] = []
    for _ in range(n_countries):
        short = names.word(2)
        actor = Actor(_slug(short), f"Republic of {short}", "country", aliases=[short])
        claim(actor.name)
        claim(short)
        countries.append(actor)
    orgs: list[Actor] = []
    for _ in range(n_orgs):
        kind = rng.choice(_ORG_KINDS)
        name = f"{names.word(2)} {kind}"
        actor = Actor(_slug(name), name, "organization",
                      affiliation=rng.choice(countries).id)
        claim(name)
        acronym = "".join(w[0] for w in name.split() if w[0].isupper()) + str(len(orgs))
        if claim(acronym):
            actor.aliases.append(acronym)
        orgs.append(actor)
    groups: list[Actor] = []
    for _ in range(n_groups):
        name = f"{names.word(2)} {rng.choice(_GROUP_KINDS)}"
        claim(name)
        groups.append(Actor(_slug(name), name, "group"))
    persons: list[Actor] = []
    for _ in range(n_actors - n_countries - n_orgs - n_groups):
        first, last = names.word(1, unique=False), names.word(2)
        name = f"{first} {last}"
        country = rng.choice(countries)
        actor = Actor(_slug(name), name, "person", affiliation=country.id)
        claim(name)
        initial = f"{first[0]}. {last}"
        if rng.random() < 0.5 and claim(initial):
            actor.aliases.append(initial)
        title = rng.choice(_ROLE_TITLES)
        if claim(f"{title} {last}"):
            actor.weak_aliases.append(f"{title} {last}")
        actor.never_match.append(last)
        start = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 6000))
        end = start + dt.timedelta(days=rng.randrange(300, 3000))
        actor.roles.append({"title": f"{title} of {country.aliases[0]}", "start": start,
                            "end": end, "org": country.id})
        if rng.random() < 0.4:
            actor.roles.append({"title": f"Adviser at {rng.choice(orgs).name}"
                                if orgs else "Adviser", "start": end + dt.timedelta(days=1)})
        persons.append(actor)
    actors = persons + countries + orgs + groups
    # Popularity follows this order: shuffle so that every type has popular members.
    rng.shuffle(actors)

    topics: list[Topic] = []
    pairs = [f"{a} {b}" for a in _TOPIC_WORDS_A for b in _TOPIC_WORDS_B]
    rng.shuffle(pairs)
    topic_claims: set[str] = set()
    for index in range(max(5, n // 20)):
        base = pairs[index % len(pairs)]
        name = base if index < len(pairs) else f"{base} {names.word(2)}"
        topic = Topic(_slug(name), name)
        topic_claims.add(name.casefold())
        if rng.random() < 0.3:
            alias = f"{name} issues"
            if alias.casefold() not in topic_claims:
                topic_claims.add(alias.casefold())
                topic.aliases.append(alias)
        if index >= 5 and rng.random() < 0.3:
            topic.broader = topics[rng.randrange(0, min(index, 20))].id
        if index >= 2 and rng.random() < 0.3:
            topic.related.append(topics[rng.randrange(0, index)].id)
        topics.append(topic)
    return actors, topics


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(_FILLER, k=words))
    return text[0].upper() + text[1:]


def make_article(index: int, n: int, rng: random.Random, actors: list[Actor],
                 topics: list[Topic], actor_zipf: _Zipf, topic_zipf: _Zipf,
                 hub: tuple[Actor, Topic] | None = None) -> tuple[str, str]:
    """(repository-relative path, file text) of one synthetic article; with `hub`, it
    also lists that actor (first, and named in the text) and that topic (first)."""
    picked = actor_zipf.draw(rng.randint(4, 10))
    cover = index % len(actors)  # every actor appears at least once
    if cover not in picked:
        picked.append(cover)
    chosen = [actors[i] for i in picked]
    main_count = min(len(chosen) - 1, rng.randint(2, 4))
    main, mentions = chosen[:main_count], chosen[main_count:]
    article_topics = [topics[i] for i in topic_zipf.draw(rng.randint(1, 4))]
    day = dt.date(2012, 1, 1) + dt.timedelta(days=(index * 3653) // max(n, 1) + index % 3)
    lead = main[0]
    title = (f"{lead.name} {rng.choice(_VERBS)} {main[1].name} on "
             f"{article_topics[0].name.lower()}")
    article_id = f"{_slug(lead.name)[:24].strip('-')}-{index:05d}"

    # Paragraphs of filler with each actor named once or more, by name or a plain alias.
    speakers = [a for a in chosen if a.type == "person"] or chosen
    quotes = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        speaker = rng.choice(speakers)
        quote_topics = [t.id for t in article_topics if rng.random() < 0.5]
        quotes.append((speaker, _sentence(rng, rng.randint(12, 25)), quote_topics))
    paragraphs: list[str] = []
    named = list(chosen)
    rng.shuffle(named)
    words = 0
    while words < 600 or named:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            sentence = _sentence(rng, rng.randint(10, 22))
            if named:
                actor = named.pop()
                label = rng.choice([actor.name, *actor.aliases])
                sentence = f"{label} {sentence[0].lower()}{sentence[1:]}"
            sentences.append(sentence + ".")
        paragraph = " ".join(sentences)
        words += paragraph.count(" ") + 1
        paragraphs.append(paragraph)
    for speaker, text, _ in quotes:  # each quote appears verbatim in the text
        at = rng.randrange(len(paragraphs))
        paragraphs[at] += f" “{text},” said {speaker.name}."
    if rng.random() < 0.3:
        paragraphs.insert(len(paragraphs) // 2, "## Background")
    if hub is not None:  # after every draw, so the rest of the corpus stays the same
        main = [hub[0], *main]
        article_topics = [hub[1], *article_topics]
        paragraphs[-1] += f" {hub[0].name} spoke."
    body = "\n\n".join(paragraphs)

    fm = [
        "# SYNTHETIC benchmark article (bench/corpus.py); not a real event",
        f"title: {_q(title)}",
        f"date: {day.isoformat()}",
        "language: en",
        "source:",
        f"  name: {_q(rng.choice(_OUTLETS))}",
        f"  url: https://example.com/synthetic/{article_id}",
        "summary: >-",
        f"  {_sentence(rng, 25)}.",
        f"  {_sentence(rng, 20)}.",
        f"actors: [{', '.join(a.id for a in main)}]",
    ]
    if mentions:
        fm.append(f"mentions: [{', '.join(a.id for a in mentions)}]")
    fm.append(f"topics: [{', '.join(t.id for t in article_topics)}]")
    if quotes:
        fm.append("quotes:")
        for number, (speaker, text, quote_topics) in enumerate(quotes):
            fm.append(f"  - speaker: {speaker.id}")
            fm.append(f"    text: {_q(text)}")
            if number % 2 == 0:
                fm.append(f"    context: {rng.choice(_CONTEXTS)}")
            if quote_topics:
                fm.append(f"    topics: [{', '.join(quote_topics)}]")
    path = f"content/articles/{day.year}/{article_id}.md"
    return path, "---\n" + "\n".join(fm) + "\n---\n" + body + "\n"


def actor_file(actor: Actor) -> str:
    fm = ["# SYNTHETIC benchmark actor (bench/corpus.py); not a real entity",
          f"name: {_q(actor.name)}", f"type: {actor.type}"]
    for key in ("aliases", "weak_aliases", "never_match"):
        values = getattr(actor, key)
        if values:
            fm.append(f"{key}: [{', '.join(_q(v) for v in values)}]")
    if actor.affiliation:
        fm.append(f"affiliation: {actor.affiliation}")
    if actor.roles:
        fm.append("roles:")
        for role in actor.roles:
            fm.append(f"  - title: {_q(role['title'])}")
            for key in ("start", "end"):
                if role.get(key):
                    fm.append(f"    {key}: {role[key].isoformat()}")
            if role.get("org"):
                fm.append(f"    org: {role['org']}")
    fm.append("ids:")
    fm.append(f"  synthetic: {_q('S-' + actor.id)}")
    profile = (f"{actor.name} is a synthetic {actor.type} made up for benchmarks. "
               "It does not exist.")
    return "---\n" + "\n".join(fm) + "\n---\n" + profile + "\n"


def topic_file(topic: Topic) -> str:
    fm = ["# SYNTHETIC benchmark topic (bench/corpus.py)", f"name: {_q(topic.name)}"]
    if topic.aliases:
        fm.append(f"aliases: [{', '.join(_q(a) for a in topic.aliases)}]")
    if topic.broader:
        fm.append(f"broader: {topic.broader}")
    if topic.related:
        fm.append(f"related: [{', '.join(topic.related)}]")
    scope = f"Synthetic articles on {topic.name.lower()}, made up for benchmarks."
    return "---\n" + "\n".join(fm) + "\n---\n" + scope + "\n"


HUB = (Actor("hub", "Hub Person", "person"), Topic("everything", "Everything"))


def corpus_files(n: int, seed: int = 1, hub: bool = False):
    """Yield (repository-relative path, text) for every synthetic content file."""
    rng = random.Random(f"news-archive-bench:{n}:{seed}")
    actors, topics = make_registry(n, rng)
    extra_actors, extra_topics = ([HUB[0]], [HUB[1]]) if hub else ([], [])
    for actor in sorted(actors + extra_actors, key=lambda a: a.id):
        yield f"content/actors/{actor.id}.md", actor_file(actor)
    for topic in sorted(topics + extra_topics, key=lambda x: x.id):
        yield f"content/topics/{topic.id}.md", topic_file(topic)
    actor_zipf, topic_zipf = _Zipf(len(actors), rng), _Zipf(len(topics), rng)
    for index in range(n):
        yield make_article(index, n, rng, actors, topics, actor_zipf, topic_zipf,
                           HUB if hub else None)


def write_corpus(out: Path, n: int, seed: int = 1, hub: bool = False) -> int:
    """Write a repository with `n` synthetic articles into `out` (replaced if it exists);
    `hub` adds the actor and topic listed by every article (see the module docstring)."""
    if out.exists():
        if not (out / MARK).is_file():
            raise SystemExit(f"{out} exists and is not a synthetic corpus; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARK).write_text(
        f"# Synthetic corpus\n\nMade by `python -m bench.corpus --n {n} --seed {seed}`. "
        "Every article, actor, topic and quote here is made up; none is real.\n",
        encoding="utf-8")
    shutil.copy(ROOT / "site_config.yml", out / "site_config.yml")
    for folder in ("theme", "docs"):
        shutil.copytree(ROOT / folder, out / folder)
    count = 0
    made: set[Path] = set()
    for rel, text in corpus_files(n, seed, hub):
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", type=Path, required=True, help="folder to create")
    args = p.parse_args(argv)
    count = write_corpus(args.out, args.n, args.seed)
    print(f"wrote {count} synthetic files into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
