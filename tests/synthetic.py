"""A deterministic synthetic corpus for scale tests: `write_corpus(content_dir, n)`.

One actor (`hub`) and one topic (`everything`) appear in every article, so their pages
show what happens to an actor or topic with thousands of articles.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

TYPES = ("person", "country", "organization", "group")


def write_corpus(content: Path, articles: int, actors: int = 250, topics: int = 50,
                 years: int = 8, seed: int = 4) -> None:
    rng = random.Random(seed)
    (content / "actors").mkdir(parents=True, exist_ok=True)
    (content / "topics").mkdir(parents=True, exist_ok=True)
    actor_ids = ["hub"] + [f"actor-{i:04d}" for i in range(1, actors)]
    for index, actor_id in enumerate(actor_ids):
        kind = TYPES[index % len(TYPES)]
        name = "Hub Person" if actor_id == "hub" else f"Actor {index:04d}"
        (content / "actors" / f"{actor_id}.md").write_text(
            f"---\nname: {name}\ntype: {kind}\naliases: [Alias {index:04d}]\n"
            "roles:\n  - title: Minister\n    start: 2015-01-01\n    end: 2019-12-31\n"
            f"---\nProfile of {name}.\n", encoding="utf-8")
    topic_ids = ["everything"] + [f"topic-{i:03d}" for i in range(1, topics)]
    for index, topic_id in enumerate(topic_ids):
        (content / "topics" / f"{topic_id}.md").write_text(
            f"---\nname: Topic {index:03d}\n---\nScope of topic {index:03d}.\n",
            encoding="utf-8")
    start = dt.date(2017, 1, 1)
    for n in range(articles):
        day = start + dt.timedelta(days=(n * 365 * years) // max(articles, 1))
        cast = ["hub", *rng.sample(actor_ids[1:], 5)]
        subjects = sorted(rng.sample(topic_ids[1:], 2))
        folder = content / "articles" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        body = " ".join(f"Actor {actor_ids.index(a):04d} said something." for a in cast[1:])
        (folder / f"article-{n:05d}.md").write_text(
            f"---\ntitle: Synthetic article number {n} about {subjects[0]}\n"
            f"date: {day.isoformat()}\nsummary: A summary of article {n}.\n"
            f"actors: [{', '.join(cast[:3])}]\nmentions: [{', '.join(cast[3:])}]\n"
            f"topics: [everything, {', '.join(subjects)}]\n"
            f"quotes:\n  - speaker: hub\n    text: Quote number {n}.\n"
            f"---\n{body}\n\nHub Person spoke.\n", encoding="utf-8")
