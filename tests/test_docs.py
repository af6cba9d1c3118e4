"""The documentation keeps up with the code."""

import re

import pytest

from generator.cli import parser
from generator.source.schema import RECORDS
from tests.conftest import ROOT

pytestmark = pytest.mark.fast


def test_every_content_field_is_documented():
    about = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    for kind, record in RECORDS.items():
        for field in record.fields:
            assert f"`{field.name}`" in about, f"{kind} field {field.name} is not documented"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in parser()._subparsers._group_actions[0].choices:
        assert f"python -m generator {command}" in readme, command
    assert "make site" in readme and "make test" in readme


def test_where_quotes_without_topics_are_filed_is_documented():
    """Contributors read the content model (docs/contributing.md) and CONTRIBUTING.md, not only
    the Open data page: both say where a quote without `topics` goes."""
    for doc in (ROOT / "docs" / "contributing.md", ROOT / "CONTRIBUTING.md"):
        text = " ".join(doc.read_text(encoding="utf-8").split())
        assert "quote without `topics` is filed under every topic of" in text, doc


def test_a_quote_without_topics_is_filed_under_every_topic_of_its_article(real_repo):
    """What the two documents above say."""
    (path,) = (real_repo.root / "content" / "articles").rglob("*.md")
    text = path.read_text(encoding="utf-8")
    assert "\n    topics: [un-charter]\n" in text  # the first quote's own topics
    path.write_text(text.replace("\n    topics: [un-charter]\n", "\n", 1), encoding="utf-8")
    site = real_repo.run(render_pages=False).site
    (article,) = site.articles
    untagged = [q for q in article.quotes if not q.topics]
    assert untagged and article.topics
    for topic in article.topics:
        for quote in untagged:
            assert quote in site.quotes_by_topic[topic], (topic, quote.number)


def test_every_archive_option_is_in_the_readme():
    from dataclasses import fields

    from generator.settings import LICENCE_KEYS, TOP_LEVEL, Limits, Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    options = [f.name for f in fields(Settings) if f.name not in TOP_LEVEL]
    for name in options:
        assert f"| `{name}` |" in section, f"archive option {name} is not in the README"
    for name in (*(f.name for f in fields(Limits)), *LICENCE_KEYS):
        assert f"`{name}`" in section, name


def test_commands_in_the_documents_run_from_a_fresh_shell():
    """A bare `python` has none of the generator's dependencies (they are in .venv/), so
    every generator command a contributor is told to run names the environment's."""
    bare = re.compile(r"(?<![/\w.])python3? -m generator\b(?!\.)")
    documents = [ROOT / "README.md", ROOT / "CONTRIBUTING.md",
                 *sorted((ROOT / "docs").rglob("*.md"))]
    found = {doc.relative_to(ROOT).as_posix(): bare.findall(doc.read_text(encoding="utf-8"))
             for doc in documents}
    assert {doc: hits for doc, hits in found.items() if hits} == {}
    assert bare.search("run python -m generator check") and not bare.search(
        "run .venv/bin/python -m generator check")  # the rule looks


def test_the_about_page_is_for_readers_and_the_reference_for_contributors():
    """The About page says what the archive covers, who curates it and how articles are
    chosen, how it corrects and under which licence; the field reference is on its own
    page, linked from it."""
    about = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    for heading in ("## What it covers", "## Who curates it, and how articles are chosen",
                    "## Corrections", "## Licence"):
        assert heading in about, heading
    assert "](contributing.md)" in about
    assert "| field | required |" not in about  # no field tables for readers
    nav = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    assert "- About: about.md" in nav and "- For contributors: contributing.md" in nav
